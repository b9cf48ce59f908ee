"""Letters by post: the case's facilitators print and post them, and scan the replies."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.world import Actor, World
from tests.test_relay import (
    LETTER,
    REPLY_NOTE,
    establishment,
    in_prison,
    pdf_text,
    relay_staff,
    reply_sheet_png,
    set_channel,
)

REPLY = (
    "Thank you for the letter. I read it at the kitchen table with my sister there. I do want "
    "to keep writing, but I need a few weeks before I answer your question about the court."
)


@pytest.fixture
async def by_post(world: World) -> None:
    """The person responsible receives letters by post."""
    changed = await set_channel(world, {"channel": "post"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["channel"] == "post"


async def post_queue(world: World, who: Actor, *states: str) -> list[dict[str, Any]]:
    query = "&".join(f"state={s}" for s in states)
    listed = await world.call(who, "GET", "/post/queue" + (f"?{query}" if query else ""))
    assert listed.status_code == 200, listed.text
    jobs: list[dict[str, Any]] = listed.json()
    return jobs


async def upload(world: World, who: Actor, content: bytes, ref: str | None = None) -> Any:
    url = "/post/scans" + (f"?ref={ref}" if ref else "")
    return await world.client.post(url, headers=who.headers, content=content)


@pytest.mark.usefixtures("by_post")
async def test_a_letter_by_post_is_printed_posted_and_answered(world: World) -> None:
    case = world.case
    letter_id = await world.released_letter(case.harmed, LETTER, envelope_note=REPLY_NOTE)
    # The case's facilitators find it in their post queue, with the name for the envelope
    (job,) = await post_queue(world, world.fac1)
    assert job["state"] == "ready" and job["case_id"] == case.case_id
    assert job["recipient"].startswith("Jordan Responsible")
    assert [j["id"] for j in await post_queue(world, world.fac2)] == [job["id"]]
    # No one else: not a facilitator of another case, not relay staff, not the participants
    prison = await establishment(world, "HMP Northmoor")
    officer = await relay_staff(world, "officer.north", prison)
    assert await post_queue(world, world.outsider) == []
    for other in (officer, case.harmed, case.responsible):
        assert (await world.call(other, "GET", "/post/queue")).status_code == 404
    for other in (world.outsider, officer):
        denied = await world.call(other, "POST", "/post/print", {"job_ids": [job["id"]]})
        assert denied.status_code == 404
    # Not posted before it is printed
    early = await world.call(world.fac1, "POST", f"/post/jobs/{job['id']}/posted")
    assert early.status_code == 409
    # Printed: the letter, the note, the name, the reference, and a reply sheet for the post
    printed = await world.call(world.fac1, "POST", "/post/print", {"job_ids": [job["id"]]})
    assert printed.status_code == 200 and printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.content)
    for expected in ("By post", "Jordan Responsible", job["reference"], "forgive", "quiet moment"):
        assert expected in text, expected
    assert "in the envelope that came with this letter" in " ".join(text.split())
    assert "Prison number" not in text and "Avery" not in text
    # Posted: the custody shows who and when, with no prison
    posted = await world.call(world.fac1, "POST", f"/post/jobs/{job['id']}/posted")
    assert posted.status_code == 200 and posted.json()["posted_at"]
    assert await post_queue(world, world.fac1) == []
    custody = await world.call(world.fac1, "GET", f"/cases/{case.case_id}/custody")
    (step,) = custody.json()
    assert step["letter_id"] == letter_id and step["state"] == "handed_over"
    assert step["establishment_id"] is None and step["establishment_name"] is None
    assert step["handed_over_by"] == str(world.fac1.id)
    # The reply comes back by post: scanned, matched by the reply sheet's QR code, transcribed
    scan = reply_sheet_png(printed.content)
    assert (await upload(world, officer, scan)).status_code == 404  # not a prison's letter
    received = await upload(world, world.fac2, scan)
    assert received.status_code == 201, received.text
    assert received.json()["reference"] == job["reference"]
    scan_id = received.json()["id"]
    stranger = await world.call(
        world.outsider, "POST", f"/post/scans/{scan_id}/reply", {"transcription": REPLY}
    )
    assert stranger.status_code == 404
    sent = await world.call(
        world.fac2, "POST", f"/post/scans/{scan_id}/reply", {"transcription": REPLY}
    )
    assert sent.status_code == 201 and sent.json()["state"] == "queued"
    # It is the person responsible's letter, in review with the scan attached
    (reply,) = (await world.call(case.responsible, "GET", f"/cases/{case.case_id}/sent")).json()
    shown = await world.call(world.fac1, "GET", f"/review/letters/{reply['id']}/scan")
    assert shown.status_code == 200 and shown.json()["kind"] == "png"


@pytest.mark.usefixtures("by_post")
async def test_a_posted_letter_can_come_back(world: World) -> None:
    await world.released_letter(world.case.harmed, LETTER)
    (job,) = await post_queue(world, world.fac1)
    url = f"/post/jobs/{job['id']}"
    assert (
        await world.call(world.fac1, "POST", "/post/print", {"job_ids": [job["id"]]})
    ).is_success
    assert (await world.call(world.fac1, "POST", f"{url}/posted")).is_success
    # Prison reasons are not post reasons
    wrong = await world.call(world.fac1, "POST", f"{url}/undeliverable", {"reason": "transferred"})
    assert wrong.status_code == 422 and "returned" in wrong.json()["detail"]
    back = await world.call(world.fac1, "POST", f"{url}/undeliverable", {"reason": "returned"})
    assert back.status_code == 200 and back.json()["undeliverable_reason"] == "returned"
    (step,) = (await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}/custody")).json()
    assert step["state"] == "undeliverable" and step["undeliverable_by"] == str(world.fac1.id)
    # A prison's relay staff cannot use the post reason either
    prison = await establishment(world, "HMP Northmoor")
    officer = await relay_staff(world, "officer.north", prison)
    odd = await world.call(officer, "POST", f"/relay/jobs/{job['id']}/undeliverable",
                           {"reason": "returned"})  # fmt: skip
    assert odd.status_code == 422


@pytest.mark.usefixtures("by_post")
async def test_letters_follow_the_person_between_post_and_prison(world: World) -> None:
    await world.released_letter(world.case.harmed, LETTER)
    (job,) = await post_queue(world, world.fac1)
    # Into prison: the letter not yet posted goes to the prison's queue, under a new reference
    prison = await establishment(world, "HMP Northmoor")
    officer = await relay_staff(world, "officer.north", prison)
    assert (await set_channel(world, in_prison(prison))).status_code == 200
    assert await post_queue(world, world.fac1) == []
    (moved,) = (await world.call(officer, "GET", "/relay/queue")).json()
    assert moved["id"] == job["id"] and moved["reference"] != job["reference"]
    # Released to an address: back to the post queue; the case waits for re-assessment
    assert (await set_channel(world, {"channel": "post"})).status_code == 200
    assert (await world.call(officer, "GET", "/relay/queue")).json() == []
    case = await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}")
    assert case.json()["status"] == "paused"
    assert await post_queue(world, world.fac1) == []  # hidden while paused
    assert (await world.call(world.fac1, "POST", f"/cases/{world.case.case_id}/resume")).is_success
    (back,) = await post_queue(world, world.fac1)
    assert back["id"] == job["id"] and back["reference"] not in (
        job["reference"],
        moved["reference"],
    )
    # To the portal: letters not yet posted are cancelled
    assert (await set_channel(world, {"channel": "portal"})).status_code == 200
    assert await post_queue(world, world.fac1) == []
    (step,) = (await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}/custody")).json()
    assert step["state"] == "cancelled"

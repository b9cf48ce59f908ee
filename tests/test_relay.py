"""Prison relay: establishments, channels, the print queue, the security check and custody."""

from __future__ import annotations

import io
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image
from sqlalchemy import select
from sqlmodel import SQLModel

from shuttle.relay import scans
from tests.fixtures.world import Actor, World, run_sql

LETTER = (
    "I have read your letter four times now. I am not ready to say I forgive you, but I "
    "wanted you to know I read every word, and that it mattered that you wrote it yourself."
)
REPLY_NOTE = "Read this when you have a quiet moment; your key worker knows it is coming."
EVENTS = SQLModel.metadata.tables["event"]
RECIPIENTS = SQLModel.metadata.tables["event_recipient"]


@dataclass
class Prisons:
    """Two prisons and their staff; the responsible party is in the first."""

    northmoor: str
    eastfield: str
    north_staff: Actor
    east_staff: Actor
    east_security: Actor


async def establishment(world: World, name: str, security_check: bool = False) -> str:
    created = await world.call(
        world.coordinator,
        "POST",
        "/establishments",
        {"name": name, "security_check": security_check},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def relay_staff(world: World, login: str, where: str, security: bool = False) -> Actor:
    passphrase = f"{login} passphrase long"
    created = await world.call(
        world.coordinator,
        "POST",
        "/accounts",
        {
            "login": login,
            "display_name": f"Officer {login}",
            "role": "relay",
            "passphrase": passphrase,
            "establishment_id": where,
            "security_staff": security,
        },
    )
    assert created.status_code == 201, created.text
    return await world.login(login, passphrase)


async def set_channel(world: World, body: dict[str, Any]) -> Any:
    case = world.case
    url = f"/cases/{case.case_id}/parties/{case.responsible_party_id}/channel"
    return await world.call(world.fac1, "PUT", url, body)


def in_prison(establishment_id: str) -> dict[str, Any]:
    return {
        "channel": "relay",
        "establishment_id": establishment_id,
        "prison_number": "a1234bc",
        "prison_name": "Jordan Ashdown",
    }


@pytest.fixture
async def prisons(world: World) -> Prisons:
    northmoor = await establishment(world, "HMP Northmoor")
    eastfield = await establishment(world, "HMP Eastfield", security_check=True)
    prisons = Prisons(
        northmoor,
        eastfield,
        await relay_staff(world, "officer.north", northmoor),
        await relay_staff(world, "officer.east", eastfield),
        await relay_staff(world, "security.east", eastfield, security=True),
    )
    assert (await set_channel(world, in_prison(northmoor))).status_code == 200
    return prisons


async def queue(world: World, staff: Actor, *states: str) -> list[dict[str, Any]]:
    query = "&".join(f"state={s}" for s in states)
    listed = await world.call(staff, "GET", f"/relay/queue?{query}" if query else "/relay/queue")
    assert listed.status_code == 200, listed.text
    jobs: list[dict[str, Any]] = listed.json()
    return jobs


def pdf_text(content: bytes) -> str:
    document = pdfium.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


async def custody(world: World) -> list[dict[str, Any]]:
    listed = await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}/custody")
    assert listed.status_code == 200, listed.text
    rows: list[dict[str, Any]] = listed.json()
    return rows


# ---- channels -----------------------------------------------------------------------------


async def test_channel_details_are_for_the_cases_facilitators_only(
    world: World, prisons: Prisons
) -> None:
    case = world.case
    url = f"/cases/{case.case_id}/parties/{case.responsible_party_id}/channel"
    shown = await world.call(world.fac1, "GET", url)
    assert shown.status_code == 200
    assert shown.json() == {
        "channel": "relay",
        "establishment_id": prisons.northmoor,
        "establishment_name": "HMP Northmoor",
        "prison_number": "A1234BC",
        "prison_name": "Jordan Ashdown",
    }
    for outsider in (case.harmed, case.responsible, world.outsider, prisons.north_staff):
        assert (await world.call(outsider, "GET", url)).status_code == 404
    # Nothing about the prison reaches the other side's view of the case
    seen = await world.call(case.harmed, "GET", f"/cases/{case.case_id}")
    assert "A1234BC" not in seen.text and "Northmoor" not in seen.text


@pytest.mark.parametrize(
    "body",
    [
        {"channel": "relay"},
        {"channel": "relay", "prison_number": "A1234BC", "prison_name": "J"},
        {"channel": "portal", "prison_number": "A1234BC"},
        {
            "channel": "relay",
            "establishment_id": str(uuid.uuid4()),
            "prison_number": "12345",
            "prison_name": "J",
        },
        {"channel": "carrier pigeon"},
    ],
)
async def test_bad_channels_are_refused(world: World, body: dict[str, Any]) -> None:
    refused = await set_channel(world, body)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"


async def test_unknown_establishment_is_refused(world: World) -> None:
    refused = await set_channel(world, in_prison(str(uuid.uuid4())))
    assert refused.status_code == 422 and "establishment" in refused.json()["detail"]


async def test_someone_reached_in_prison_or_by_post_has_no_working_invitation(
    world: World,
) -> None:
    case = world.case
    added = await world.call(
        world.fac1,
        "POST",
        f"/cases/{case.case_id}/parties",
        {"side": "responsible", "supporter": True, "label": "a friend", "display_name": "Bo"},
    )
    party, token = added.json()["party"]["id"], added.json()["invitation_url"].rsplit("=", 1)[-1]
    assert (await world.call(world.fac1, "GET", f"/invitations/{token}")).status_code == 200
    url = f"/cases/{case.case_id}/parties/{party}/channel"
    assert (await world.call(world.fac1, "PUT", url, {"channel": "post"})).status_code == 200
    # The link sent earlier stops working, and no new one is made while they are by post
    assert (await world.call(world.fac1, "GET", f"/invitations/{token}")).status_code == 404
    again = f"/cases/{case.case_id}/parties/{party}/invitation"
    refused = await world.call(world.fac1, "POST", again)
    assert refused.status_code == 409 and "by post" in refused.json()["detail"]
    assert (await world.call(world.fac1, "PUT", url, {"channel": "portal"})).status_code == 200
    assert (await world.call(world.fac1, "POST", again)).status_code == 201


async def test_relay_staff_must_belong_to_a_prison(world: World) -> None:
    unbound = await world.call(
        world.coordinator,
        "POST",
        "/accounts",
        {"login": "floating", "display_name": "F", "role": "relay", "passphrase": "x" * 14},
    )
    assert unbound.status_code == 422


# ---- letters going in ---------------------------------------------------------------------


async def test_print_queue_print_and_hand_over(world: World, prisons: Prisons) -> None:
    case = world.case
    letter_id = await world.released_letter(case.harmed, LETTER, envelope_note=REPLY_NOTE)
    # The letter is in Northmoor's print queue, with nothing about the other side
    (job,) = await queue(world, prisons.north_staff)
    assert job["state"] == "ready" and job["prison_number"] == "A1234BC"
    assert job["prison_name"] == "Jordan Ashdown" and job["reference"].startswith("RL-")
    assert set(job) == {
        "id", "reference", "prison_number", "prison_name", "state", "released_at",
        "printed_at", "print_count", "handed_over_at", "undeliverable_reason",
    }  # fmt: skip
    # Another prison sees nothing, and cannot print or mark it
    assert await queue(world, prisons.east_staff) == []
    for path in ("print", "handed-over"):
        denied = await world.call(prisons.east_staff, "POST", f"/relay/jobs/{job['id']}/{path}")
        assert denied.status_code == 404
    # Nor can facilitators or participants use the relay routes
    for other in (world.fac1, case.responsible):
        assert (await world.call(other, "GET", "/relay/queue")).status_code == 404
    # Handing over before printing is refused
    early = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/handed-over")
    assert early.status_code == 409
    # Printing gives a PDF with the letter, the note, the prisoner and the reference
    printed = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/print")
    assert printed.status_code == 200
    assert printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.content)
    for expected in ("A1234BC", "Jordan Ashdown", job["reference"], "forgive", "quiet moment"):
        assert expected in text, expected
    assert "Avery" not in text and "Harmed" not in text  # never the other side's name
    (after,) = await queue(world, prisons.north_staff)
    assert after["state"] == "printed" and after["print_count"] == 1
    handed = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/handed-over")
    assert handed.status_code == 200 and handed.json()["state"] == "handed_over"
    assert await queue(world, prisons.north_staff) == []
    # The facilitator sees every step: who and when
    (step,) = await custody(world)
    assert step["letter_id"] == letter_id and step["state"] == "handed_over"
    assert step["printed_by"] == str(prisons.north_staff.id) and step["printed_at"]
    assert step["handed_over_by"] == str(prisons.north_staff.id) and step["handed_over_at"]
    for outsider in (case.harmed, world.outsider, prisons.north_staff):
        denied = await world.call(outsider, "GET", f"/cases/{case.case_id}/custody")
        assert denied.status_code == 404


async def test_batch_print_and_undeliverable(world: World, prisons: Prisons) -> None:
    for n in range(2):
        await world.released_letter(world.case.harmed, f"{LETTER} ({n})")
    jobs = await queue(world, prisons.north_staff)
    assert len(jobs) == 2
    ids = [job["id"] for job in jobs]
    batch = await world.call(prisons.north_staff, "POST", "/relay/print", {"job_ids": ids})
    assert batch.status_code == 200
    text = pdf_text(batch.content)
    assert all(job["reference"] in text for job in jobs)
    twice = await world.call(prisons.north_staff, "POST", "/relay/print", {"job_ids": ids[:1] * 2})
    assert twice.status_code == 422
    bad = await world.call(
        prisons.north_staff, "POST", f"/relay/jobs/{ids[0]}/undeliverable", {"reason": "lost"}
    )
    assert bad.status_code == 422
    marked = await world.call(
        prisons.north_staff, "POST", f"/relay/jobs/{ids[0]}/undeliverable", {"reason": "refused"}
    )
    assert marked.status_code == 200 and marked.json()["undeliverable_reason"] == "refused"
    steps = {step["id"]: step for step in await custody(world)}
    assert steps[ids[0]]["state"] == "undeliverable"
    assert steps[ids[0]]["undeliverable_by"] == str(prisons.north_staff.id)


async def queue_events(world: World, staff: Actor) -> list[Any]:
    """The `print.queue_changed` events this account may receive, oldest first."""
    return await run_sql(
        world.settings,
        select(EVENTS.c.seq, EVENTS.c.letter_id)
        .join(RECIPIENTS, RECIPIENTS.c.seq == EVENTS.c.seq)
        .where(RECIPIENTS.c.account_id == staff.id, EVENTS.c.type == "print.queue_changed")
        .order_by(EVENTS.c.seq),
    )


async def test_a_prisons_staff_hear_when_its_queue_changes(world: World, prisons: Prisons) -> None:
    # A letter released to a prisoner at Northmoor: Northmoor's staff are told, no one else
    await world.released_letter(world.case.harmed, LETTER)
    (told,) = await queue_events(world, prisons.north_staff)
    assert told.letter_id is None  # they reload their queue; the event names no letter
    assert await queue_events(world, prisons.east_staff) == []
    # Printing and pausing change the queue too
    (job,) = await queue(world, prisons.north_staff)
    await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/print")
    assert len(await queue_events(world, prisons.north_staff)) == 2
    await world.call(world.fac1, "POST", f"/cases/{world.case.case_id}/pause")
    assert len(await queue_events(world, prisons.north_staff)) == 3
    # A transfer tells the prison the letter leaves and the one it goes to
    assert (await set_channel(world, in_prison(prisons.eastfield))).status_code == 200
    assert len(await queue_events(world, prisons.north_staff)) == 4
    assert len(await queue_events(world, prisons.east_security)) == 1


# ---- the establishment's security check ----------------------------------------------------


async def test_security_check_passes_or_withholds(world: World, prisons: Prisons) -> None:
    # The prisoner moves to Eastfield; once re-assessed, the case resumes
    assert (await set_channel(world, in_prison(prisons.eastfield))).status_code == 200
    assert (await world.call(world.fac1, "POST", f"/cases/{world.case.case_id}/resume")).is_success
    for n in range(2):
        await world.released_letter(world.case.harmed, f"{LETTER} ({n})")
    # Nothing reaches the print queue before the check; only security staff see the check
    assert await queue(world, prisons.east_staff) == []
    assert (await world.call(prisons.east_staff, "GET", "/relay/security")).status_code == 404
    waiting = await world.call(prisons.east_security, "GET", "/relay/security")
    assert waiting.status_code == 200
    first, second = waiting.json()
    read = await world.call(prisons.east_security, "GET", f"/relay/security/{first['id']}/letter")
    assert read.status_code == 200 and "forgive" in pdf_text(read.content)
    assert (
        await world.call(prisons.north_staff, "GET", f"/relay/security/{first['id']}/letter")
    ).status_code == 404
    # Passed: into the print queue
    passed = await world.call(prisons.east_security, "POST", f"/relay/security/{first['id']}/pass")
    assert passed.status_code == 200 and passed.json()["state"] == "ready"
    assert [job["id"] for job in await queue(world, prisons.east_staff)] == [first["id"]]
    # Withheld: the reason goes to the facilitators, with a live event
    reason = {"reason": "Mentions a member of staff by name; please ask for it to be removed."}
    held = await world.call(
        prisons.east_security, "POST", f"/relay/security/{second['id']}/withhold", reason
    )
    assert held.status_code == 200 and held.json()["state"] == "withheld"
    steps = {step["id"]: step for step in await custody(world)}
    assert steps[second["id"]]["withheld_reason"] == reason["reason"]
    assert steps[second["id"]]["checked_by"] == str(prisons.east_security.id)
    events = await run_sql(world.settings, select(EVENTS.c.type))
    assert "letter.withheld" in [row.type for row in events]
    again = await world.call(prisons.east_security, "POST", f"/relay/security/{second['id']}/pass")
    assert again.status_code == 409


# ---- transfers, release, withdrawal, pauses -----------------------------------------------


async def test_a_transfer_moves_letters_and_ends_the_old_prisons_access(
    world: World, prisons: Prisons
) -> None:
    await world.released_letter(world.case.harmed, LETTER)
    (job,) = await queue(world, prisons.north_staff)
    moved = await set_channel(world, in_prison(prisons.eastfield))
    assert moved.status_code == 200
    # The old prison sees nothing at once and cannot act on the letter
    assert await queue(world, prisons.north_staff) == []
    denied = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/print")
    assert denied.status_code == 404
    # The case goes back for re-assessment: paused until a facilitator resumes it
    case = await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}")
    assert case.json()["status"] == "paused"
    assert (await world.call(prisons.east_security, "GET", "/relay/security")).json() == []
    resumed = await world.call(world.fac1, "POST", f"/cases/{world.case.case_id}/resume")
    assert resumed.status_code == 200
    # The new prison checks it first, under a new reference (the old reply sheet is void)
    (waiting,) = (await world.call(prisons.east_security, "GET", "/relay/security")).json()
    assert waiting["id"] == job["id"] and waiting["reference"] != job["reference"]


async def test_release_cancels_what_was_not_handed_over(world: World, prisons: Prisons) -> None:
    await world.released_letter(world.case.harmed, LETTER)
    released = await set_channel(world, {"channel": "portal"})
    assert released.status_code == 200 and released.json()["channel"] == "portal"
    assert await queue(world, prisons.north_staff) == []
    (step,) = await custody(world)
    assert step["state"] == "cancelled" and step["cancelled_at"]
    case = await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}")
    assert case.json()["status"] == "paused"


async def test_withdrawal_and_pause_stop_letters_going_in(world: World, prisons: Prisons) -> None:
    case = world.case
    await world.released_letter(case.harmed, LETTER)
    (job,) = await queue(world, prisons.north_staff)
    # A paused case hides the queue and refuses printing
    assert (await world.call(world.fac1, "POST", f"/cases/{case.case_id}/pause")).is_success
    assert await queue(world, prisons.north_staff) == []
    held = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/print")
    assert held.status_code == 409
    assert (await world.call(world.fac1, "POST", f"/cases/{case.case_id}/resume")).is_success
    # Closing is refused while a letter is on its way in
    closing = await world.call(
        world.fac1, "POST", f"/cases/{case.case_id}/close", {"reason": "completed"}
    )
    assert closing.status_code == 409 and "handed over" in closing.json()["detail"]
    # The author withdrawing stops their letter going in, for good
    withdrawn = await world.call(world.case.harmed, "POST", f"/cases/{case.case_id}/me/withdraw")
    assert withdrawn.status_code == 200, withdrawn.text
    assert await queue(world, prisons.north_staff) == []
    (step,) = await custody(world)
    assert step["state"] == "cancelled"


# ---- replies coming out -------------------------------------------------------------------

REPLY = (
    "Thank you for writing back. I did not expect you to. I read it on my own in my cell and "
    "then again the next morning. I am doing the victim awareness course now."
)


def reply_sheet_png(printed: bytes) -> bytes:
    """The last page of a one-letter print (its reply sheet), as a scanner would give it."""
    document = pdfium.PdfDocument(printed)
    try:
        image = document[len(document) - 1].render(scale=200 / 72).to_pil().convert("L")
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def handed_over_letter(world: World, prisons: Prisons) -> tuple[dict[str, Any], bytes]:
    await world.released_letter(world.case.harmed, LETTER)
    (job,) = await queue(world, prisons.north_staff)
    printed = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/print")
    assert printed.status_code == 200
    handed = await world.call(prisons.north_staff, "POST", f"/relay/jobs/{job['id']}/handed-over")
    assert handed.status_code == 200
    return job, printed.content


async def upload(world: World, staff: Actor, content: bytes, ref: str | None = None) -> Any:
    url = "/relay/scans" + (f"?ref={ref}" if ref else "")
    return await world.client.post(url, headers=staff.headers, content=content)


async def test_full_loop_from_release_to_reply_in_the_portal(
    world: World, prisons: Prisons
) -> None:
    """Release, print, hand over, scan the reply (code read from the QR), type it, review,
    release: the person harmed reads the prisoner's reply in the portal."""
    job, printed = await handed_over_letter(world, prisons)
    scan = reply_sheet_png(printed)
    received = await upload(world, prisons.north_staff, scan)
    assert received.status_code == 201, received.text
    body = received.json()
    assert body["reference"] == job["reference"] and body["kind"] == "png"
    assert body["pages"] == 1 and body["size"] == len(scan)
    if shutil.which("tesseract"):
        assert body["ocr_draft"] is not None and "Reply sheet" in body["ocr_draft"]
    # The same reference again is refused: one reply per letter handed over
    again = await upload(world, prisons.north_staff, scan)
    assert again.status_code == 409
    # Until its transcription is sent, it is listed to be typed (at this prison only)
    waiting = await world.call(prisons.north_staff, "GET", "/relay/scans")
    assert [(w["id"], w["reference"]) for w in waiting.json()] == [(body["id"], job["reference"])]
    assert (await world.call(prisons.east_staff, "GET", "/relay/scans")).json() == []
    assert (await world.call(world.fac1, "GET", "/post/scans")).json() == []
    sent = await world.call(
        prisons.north_staff, "POST", f"/relay/scans/{body['id']}/reply", {"transcription": REPLY}
    )
    assert sent.status_code == 201 and sent.json()["state"] == "queued"
    twice = await world.call(
        prisons.north_staff, "POST", f"/relay/scans/{body['id']}/reply", {"transcription": REPLY}
    )
    assert twice.status_code == 409
    assert (await world.call(prisons.north_staff, "GET", "/relay/scans")).json() == []
    # It is the prisoner's letter in the review queue, screened, with the scan attached
    sent_letters = await world.call(
        world.case.responsible, "GET", f"/cases/{world.case.case_id}/sent"
    )
    (reply,) = sent_letters.json()  # the only letter from the person responsible
    letter_id = reply["id"]
    shown = await world.call(world.fac1, "GET", f"/review/letters/{letter_id}/scan")
    assert shown.status_code == 200 and shown.json()["pages"] == 1
    record = await world.call(world.fac1, "GET", f"/review/letters/{letter_id}")
    assert record.json()["scanned"] is True
    file = await world.call(world.fac1, "GET", f"/review/letters/{letter_id}/scan/file")
    assert file.status_code == 200 and file.content == scan
    assert file.headers["content-type"] == "image/png"
    for outsider in (world.outsider, world.case.harmed, prisons.north_staff):
        denied = await world.call(outsider, "GET", f"/review/letters/{letter_id}/scan/file")
        assert denied.status_code == 404
    # Reviewed and released like any letter: the person harmed reads it
    assert (await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")).is_success
    released = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    assert released.status_code == 200, released.text
    opened = await world.call(world.case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == REPLY


async def test_typed_codes_and_refusals(world: World, prisons: Prisons) -> None:
    job, _ = await handed_over_letter(world, prisons)
    blank = io.BytesIO()
    Image.new("L", (400, 300), 255).save(blank, format="PNG")
    # No QR code on the page and none typed
    unread = await upload(world, prisons.north_staff, blank.getvalue())
    assert unread.status_code == 422 and "type the code" in unread.json()["detail"]
    # Not a reference at all, an unknown one, and another prison's
    assert (await upload(world, prisons.north_staff, blank.getvalue(), "hello")).status_code == 422
    unknown = await upload(world, prisons.north_staff, blank.getvalue(), "RL-AAAA-BBBB")
    assert unknown.status_code == 422
    other = await upload(world, prisons.east_staff, blank.getvalue(), job["reference"])
    assert other.status_code == 422 and job["reference"] in other.json()["detail"]
    # Anything but PDF, JPEG or PNG, whatever it claims to be
    gif = await world.client.post(
        f"/relay/scans?ref={job['reference']}",
        headers={**prisons.north_staff.headers, "Content-Type": "image/png"},
        content=b"GIF89a" + b"\0" * 100,
    )
    assert gif.status_code == 422 and "PDF, JPEG or PNG" in gif.json()["detail"]
    assert (await upload(world, prisons.north_staff, b"")).status_code == 422
    # Too many pages
    pdf = FPDF()
    for _ in range(world.settings.scan_max_pages + 1):
        pdf.add_page()
    long = await upload(world, prisons.north_staff, bytes(pdf.output()), job["reference"])
    assert long.status_code == 422 and "pages" in long.json()["detail"]
    # Typed in a relaxed way, the code works with a page that has no QR code
    typed = job["reference"].replace("-", " ").lower()
    accepted = await upload(world, prisons.north_staff, blank.getvalue(), typed)
    assert accepted.status_code == 201, accepted.text
    # Participants and facilitators cannot upload
    for other_actor in (world.case.responsible, world.fac1):
        assert (await upload(world, other_actor, blank.getvalue(), typed)).status_code == 404
    # Nothing was left behind in the upload directory
    assert not any((world.settings.var_dir / "uploads").iterdir())


async def test_an_oversized_scan_is_refused_before_it_is_stored(
    world: World, prisons: Prisons
) -> None:
    declared = await world.client.post(
        "/relay/scans",
        headers={**prisons.north_staff.headers, "Content-Length": "20000001"},
        content=b"%PDF-" + b"\0" * 10,
    )
    assert declared.status_code == 413

    async def chunks() -> Any:
        for _ in range(3):
            yield b"\0" * 1000

    with pytest.raises(scans.ScanTooLarge):
        await scans.receive(chunks(), limit=2500, directory=world.settings.var_dir / "uploads")
    assert not any((world.settings.var_dir / "uploads").iterdir())


async def test_a_transfer_voids_the_old_prisons_reply_sheet(world: World, prisons: Prisons) -> None:
    _, printed = await handed_over_letter(world, prisons)
    assert (await set_channel(world, in_prison(prisons.eastfield))).status_code == 200
    assert (await world.call(world.fac1, "POST", f"/cases/{world.case.case_id}/resume")).is_success
    for staff in (prisons.north_staff, prisons.east_staff):
        refused = await upload(world, staff, reply_sheet_png(printed))
        assert refused.status_code == 422


def test_uploads_left_by_a_crash_are_swept(tmp_path: Path) -> None:
    old, fresh = tmp_path / "scan-old", tmp_path / "scan-fresh"
    old.write_bytes(b"%PDF-left behind")
    fresh.write_bytes(b"%PDF-in progress")
    an_hour_ago = time.time() - scans.STALE_UPLOAD_SECONDS - 5
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert scans.sweep_stale(tmp_path) == 1
    assert not old.exists() and fresh.exists()

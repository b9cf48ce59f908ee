"""Screening in the review queue: findings with spans, urgent letters first, alerts,
redaction and returns that point at spans."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlmodel import SQLModel

from tests.fixtures.world import World, run_sql

PLAIN = "Thank you for reading my last letter. I have started the victim awareness course."
WITH_ADDRESS = (
    "I would like to pay for the window. I live at 14 Alder Road now, so you could "
    "send the bill there. My number is 07700 900461."
)
WORRYING = "I have not been sleeping. Some nights I think everyone would be better off without me."
MENACING = "I know where you live and I will not forget what you said in court."


async def _claim(world: World, letter_id: str) -> None:
    claimed = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    assert claimed.status_code == 200, claimed.text


async def test_every_queued_letter_carries_its_findings(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, WITH_ADDRESS)
    queue = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert queue[0]["screened"] is True
    counts = queue[0]["finding_counts"]
    assert counts["location"] == 1 and counts["contact"] == 1
    version = (
        await world.call(world.fac1, "GET", f"/review/letters/{letter_id}/versions/1")
    ).json()
    by_category = {f["category"]: f for f in version["findings"]}
    address = by_category["location"]
    assert WITH_ADDRESS[address["start"] : address["end"]] == address["text"] == "14 Alder Road"
    assert by_category["contact"]["text"] == "07700 900461"
    assert address["reason"] and address["severity"] == "medium"


async def test_findings_are_stored_without_their_text(world: World) -> None:
    await world.submitted_letter(world.case.responsible, WITH_ADDRESS)
    table = SQLModel.metadata.tables["screening_finding"]
    rows = await run_sql(world.settings, select(table))
    assert rows and "text" not in table.c
    stored = " ".join(str(value) for row in rows for value in row)
    assert "Alder" not in stored and "07700" not in stored


async def test_threats_and_self_harm_come_first_then_oldest(world: World) -> None:
    plain = await world.submitted_letter(world.case.responsible, PLAIN)
    address = await world.submitted_letter(world.case.responsible, WITH_ADDRESS)
    menacing = await world.submitted_letter(world.case.responsible, MENACING)
    queue = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert [item["letter_id"] for item in queue] == [menacing, plain, address]
    assert queue[0]["urgent"] is True and queue[1]["urgent"] is False


async def test_a_full_first_page_keeps_that_order_across_claims_and_cases(world: World) -> None:
    # Given more letters waiting than a page holds: some claimed, one in a case fac1 does not
    # facilitate, and a threat written last
    other = await world.new_case([world.outsider])
    elsewhere = await world.submitted_letter(other.responsible, PLAIN, other)
    plain = [await world.submitted_letter(world.case.responsible, PLAIN) for _ in range(52)]
    for letter_id in (plain[2], plain[9]):
        await _claim(world, letter_id)
    menacing = await world.submitted_letter(world.case.responsible, MENACING)
    # Then the page is the threat, then the 49 oldest, claimed or not, and only fac1's
    queue = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert [item["letter_id"] for item in queue] == [menacing, *plain[:49]]
    assert {queue[3]["state"], queue[10]["state"]} == {"in_review"}
    assert elsewhere not in {item["letter_id"] for item in queue}
    outsiders = (await world.call(world.outsider, "GET", "/review/queue")).json()
    assert [item["letter_id"] for item in outsiders] == [elsewhere]


async def test_self_harm_raises_an_alert_before_anyone_claims(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, WORRYING)
    alerts = (await world.call(world.fac2, "GET", "/review/alerts")).json()
    assert [a["letter_id"] for a in alerts] == [letter_id]
    queue = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert queue[0]["safeguarding_alert"] is True and queue[0]["state"] == "queued"
    # Another case's facilitator sees nothing, and cannot acknowledge it
    assert (await world.call(world.outsider, "GET", "/review/alerts")).json() == []
    alert_id = alerts[0]["id"]
    refused = await world.call(world.outsider, "POST", f"/review/alerts/{alert_id}/acknowledge")
    assert refused.status_code == 404
    done = await world.call(world.fac2, "POST", f"/review/alerts/{alert_id}/acknowledge")
    assert done.status_code == 200 and done.json()["acknowledged_by"] == str(world.fac2.id)
    assert (await world.call(world.fac1, "GET", "/review/alerts")).json() == []
    # Participants and coordinators have no alerts route
    for actor in (world.case.responsible, world.coordinator):
        assert (await world.call(actor, "GET", "/review/alerts")).status_code == 404


async def test_redaction_makes_a_marked_version_that_is_released(world: World) -> None:
    case = world.case
    letter_id = await world.submitted_letter(case.responsible, WITH_ADDRESS)
    await _claim(world, letter_id)
    start = WITH_ADDRESS.index("14 Alder Road")
    phone = WITH_ADDRESS.index("07700 900461")
    redacted = await world.call(
        world.fac1,
        "POST",
        f"/review/letters/{letter_id}/redact",
        {"spans": [{"start": phone, "end": phone + 12}, {"start": start, "end": start + 13}]},
    )
    assert redacted.status_code == 200, redacted.text
    assert redacted.json()["version"] == 2 and redacted.json()["state"] == "in_review"
    version = (
        await world.call(world.fac1, "GET", f"/review/letters/{letter_id}/versions/2")
    ).json()
    assert "Alder" not in version["body"] and "07700" not in version["body"]
    assert version["body"].count("[removed by your facilitator]") == 2
    assert version["redacted_by"] == str(world.fac1.id)
    assert {f["category"] for f in version["findings"]} <= {"contact_request"}
    # The author is told: their letter now shows the facilitator's version, marked
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert mine["redacted_by_facilitator"] is True and "Alder" not in mine["body"]
    # Release sends the redacted version
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    opened = await world.call(case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert "Alder" not in opened.json()["body"] and "07700" not in opened.json()["body"]


async def test_redaction_refuses_spans_outside_or_overlapping(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, WITH_ADDRESS)
    await _claim(world, letter_id)
    url = f"/review/letters/{letter_id}/redact"
    outside = await world.call(
        world.fac1, "POST", url, {"spans": [{"start": 5, "end": len(WITH_ADDRESS) + 1}]}
    )
    assert outside.status_code == 422
    assert outside.json()["type"] == "urn:shuttle:problem:span-invalid"
    overlapping = await world.call(
        world.fac1, "POST", url, {"spans": [{"start": 0, "end": 10}, {"start": 5, "end": 12}]}
    )
    assert overlapping.status_code == 422
    record = (await world.call(world.fac1, "GET", f"/review/letters/{letter_id}")).json()
    assert record["version"] == 1  # nothing half-written


async def test_redaction_needs_your_own_claim(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, WITH_ADDRESS)
    response = await world.call(
        world.fac1,
        "POST",
        f"/review/letters/{letter_id}/redact",
        {"spans": [{"start": 0, "end": 5}]},
    )
    assert response.status_code == 409 and response.json()["allowed_states"] == ["in_review"]


async def test_return_notes_point_at_spans_the_author_sees_quoted(world: World) -> None:
    case = world.case
    letter_id = await world.submitted_letter(case.responsible, WITH_ADDRESS)
    await _claim(world, letter_id)
    start = WITH_ADDRESS.index("14 Alder Road")
    returned = await world.call(
        world.fac1,
        "POST",
        f"/review/letters/{letter_id}/return",
        {
            "notes": "Please take out where you live; the letter must not say it.",
            "spans": [{"start": start, "end": start + 13}],
        },
    )
    assert returned.status_code == 200, returned.text
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    note = mine["returned_notes"][0]
    assert note["spans"] == [{"start": start, "end": start + 13, "text": "14 Alder Road"}]


async def test_resubmission_is_screened_again(world: World) -> None:
    case = world.case
    letter_id = await world.submitted_letter(case.responsible, PLAIN)
    await _claim(world, letter_id)
    await world.call(
        world.fac1,
        "POST",
        f"/review/letters/{letter_id}/return",
        {"notes": "Could you say a little more about the course?"},
    )
    await world.call(
        case.responsible,
        "POST",
        f"/letters/{letter_id}/revise",
        {"body": PLAIN + " You can text me on 07700 900461 if you like."},
    )
    queue = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert queue[0]["version"] == 2 and queue[0]["finding_counts"].get("contact") == 1
    table = SQLModel.metadata.tables["screening_result"]
    results = await run_sql(
        world.settings, select(table.c.version).where(table.c.letter_id == uuid.UUID(letter_id))
    )
    assert sorted(v for (v,) in results) == [1, 2]


async def test_a_submitted_draft_is_screened(world: World) -> None:
    case = world.case
    created = await world.call(
        case.responsible, "POST", f"/cases/{case.case_id}/letters", {"body": MENACING}
    )
    await world.call(case.responsible, "POST", f"/letters/{created.json()['id']}/submit")
    queue = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert queue[0]["urgent"] is True and queue[0]["finding_counts"]["threat"] == 1

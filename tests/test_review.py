"""Claim leases that expire, and second approval in high-risk cases."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy import update

from moderation.queue import service as review_service
from shuttle.db import transaction
from shuttle.letters.models import Letter
from shuttle.timeutil import utcnow
from shuttle.worker import expire_claims
from tests.fixtures.world import World

LETTER = "Thank you for agreeing to read this. I know you did not have to."


async def _expire_lease(world: World, letter_id: str) -> None:
    sessions = world.client.app.state.sessions  # type: ignore[attr-defined]
    async with transaction(sessions) as session:
        await session.exec(
            update(Letter)
            .where(Letter.id == uuid.UUID(letter_id))  # type: ignore[arg-type]
            .values(claim_expires_at=utcnow() - timedelta(seconds=1))
        )


async def test_an_expired_claim_puts_the_letter_back_in_the_queue(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    # Given the lease has run out
    await _expire_lease(world, letter_id)
    # Then the queue shows it unclaimed, the old claimant cannot release it,
    queue = (await world.call(world.fac2, "GET", "/review/queue")).json()
    assert queue[0]["state"] == "queued" and queue[0]["claimed_by"] is None
    late = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    assert late.status_code == 409
    # and another facilitator can claim it
    claimed = await world.call(world.fac2, "POST", f"/review/letters/{letter_id}/claim")
    assert claimed.status_code == 200 and claimed.json()["claimed_by"] == str(world.fac2.id)


async def test_the_worker_job_returns_expired_claims_once(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    await _expire_lease(world, letter_id)
    ctx = {"sessions": world.client.app.state.sessions}  # type: ignore[attr-defined]
    assert await expire_claims(ctx) == 1
    assert await expire_claims(ctx) == 0  # a second run is harmless
    record = (await world.call(world.fac1, "GET", f"/review/letters/{letter_id}")).json()
    assert record["state"] == "queued" and record["claimed_by"] is None


async def test_a_live_claim_is_not_expired(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    async with transaction(world.client.app.state.sessions) as session:  # type: ignore[attr-defined]
        assert await review_service.expire_claims(session) == 0


async def test_high_risk_release_needs_a_second_facilitator(world: World) -> None:
    risky = await world.new_case([world.fac1, world.fac2], risk_flags=["domestic_abuse"])
    letter_id = await world.submitted_letter(risky.responsible, LETTER, risky)
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    # When the first facilitator releases
    first = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    assert first.status_code == 200 and first.json()["state"] == "awaiting_second"
    assert (await world.call(risky.harmed, "GET", f"/cases/{risky.case_id}/inbox")).json() == []
    # Then they cannot approve their own release
    own = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/approve")
    assert own.status_code == 409
    # And a second facilitator's approval delivers it
    second = await world.call(world.fac2, "POST", f"/review/letters/{letter_id}/approve")
    assert second.status_code == 200 and second.json()["released_by"] == str(world.fac2.id)
    inbox = (await world.call(risky.harmed, "GET", f"/cases/{risky.case_id}/inbox")).json()
    assert [i["id"] for i in inbox] == [letter_id]


async def test_the_second_facilitator_may_return_instead(world: World) -> None:
    risky = await world.new_case([world.fac1, world.fac2], risk_flags=["hate_crime"])
    letter_id = await world.submitted_letter(risky.responsible, LETTER, risky)
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    returned = await world.call(
        world.fac2,
        "POST",
        f"/review/letters/{letter_id}/return",
        {"notes": "The third paragraph could be read as blaming."},
    )
    assert returned.status_code == 200 and returned.json()["state"] == "returned"


async def test_high_risk_cases_need_a_specialist(world: World) -> None:
    response = await world.call(
        world.coordinator,
        "POST",
        "/accounts",
        {
            "login": "generalist",
            "display_name": "Gen Eralist",
            "role": "facilitator",
            "passphrase": "generalist passphrase",
            "specialist": False,
        },
    )
    generalist = response.json()["id"]
    opened = await world.call(
        world.coordinator,
        "POST",
        "/cases",
        {
            "area": "Northshire",
            "offence_category": "sexual",
            "risk_flags": ["sexual_offence"],
        },
    )
    refused = await world.call(
        world.coordinator,
        "POST",
        f"/cases/{opened.json()['id']}/facilitators",
        {"account_id": generalist},
    )
    assert refused.status_code == 409
    assert refused.json()["type"] == "urn:shuttle:problem:specialist-required"


async def test_two_facilitators_claiming_at_once_one_wins(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    url = f"/review/letters/{letter_id}/claim"
    first, second = await asyncio.gather(
        world.call(world.fac1, "POST", url), world.call(world.fac2, "POST", url)
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    winner = world.fac1 if first.status_code == 200 else world.fac2
    record = (await world.call(winner, "GET", f"/review/letters/{letter_id}")).json()
    assert record["claimed_by"] == str(winner.id)

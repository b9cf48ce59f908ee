"""Review reminders: facilitators first, then the area's coordinators; once per queueing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from moderation.queue import reminders
from shuttle.config import Settings
from shuttle.db import create_engine, session_factory, transaction
from shuttle.timeutil import utcnow
from tests.fixtures.world import World, run_sql

OUTBOX = SQLModel.metadata.tables["outbox"]
LETTER = "I have been meaning to write for weeks. I want you to know I am sorry."


@pytest.fixture
async def sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(settings)
    yield session_factory(engine)
    await engine.dispose()


async def remind(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, hours: float
) -> int:
    async with transaction(sessions) as session:
        return await reminders.send_due(session, settings, now=utcnow() + timedelta(hours=hours))


async def reminder_emails(world: World) -> list[tuple[str, str]]:
    rows = await run_sql(world.settings, select(OUTBOX).where(OUTBOX.c.kind == "notify.email"))
    return sorted(
        (row.payload["template"], row.payload["account_id"])
        for row in rows
        if row.payload["template"].startswith("review_")
    )


async def test_a_waiting_letter_reminds_then_escalates_once_each(
    world: World, settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> None:
    # Given a letter submitted and left in the queue
    await world.submitted_letter(world.case.responsible, LETTER)
    # When the job runs before the reminder time, nothing happens
    assert await remind(sessions, settings, settings.review_reminder_hours - 1) == 0
    # When it runs after it, the case's facilitators are reminded, once however often it runs
    assert await remind(sessions, settings, settings.review_reminder_hours + 1) == 1
    assert await remind(sessions, settings, settings.review_reminder_hours + 2) == 0
    facilitators = sorted(str(f.id) for f in (world.fac1, world.fac2))
    assert await reminder_emails(world) == [("review_reminder", f) for f in facilitators]
    # And later still, the area's coordinator is told, once
    assert await remind(sessions, settings, settings.review_escalation_hours + 1) == 1
    assert await remind(sessions, settings, settings.review_escalation_hours + 2) == 0
    assert ("review_escalation", str(world.coordinator.id)) in await reminder_emails(world)


async def test_a_letter_someone_is_reviewing_is_not_reminded_about(
    world: World, settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    claimed = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    assert claimed.status_code == 200
    # Within the claim's lease (the job's clock is moved on less than the lease)
    within_lease = settings.claim_lease_minutes / 60 / 2
    lenient = settings.model_copy(update={"review_reminder_hours": within_lease / 2})
    assert await remind(sessions, lenient, within_lease) == 0


async def test_a_resubmitted_letter_is_a_new_wait(
    world: World, settings: Settings, sessions: async_sessionmaker[AsyncSession]
) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    assert await remind(sessions, settings, settings.review_reminder_hours + 1) == 1
    fac = world.fac1
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/claim")).status_code == 200
    returned = await world.call(
        fac, "POST", f"/review/letters/{letter_id}/return", {"notes": "A word about the ending."}
    )
    assert returned.status_code == 200
    revised = await world.call(
        world.case.responsible,
        "POST",
        f"/letters/{letter_id}/revise",
        {"body": LETTER + " Thanks."},
    )
    assert revised.status_code == 200, revised.text
    assert await remind(sessions, settings, settings.review_reminder_hours + 1) == 1

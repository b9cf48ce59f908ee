"""Review reminders: a letter left in the queue too long reminds its facilitators, then the
coordinators of the case's area.

Each reminder is recorded against the letter's time of queueing, so a letter is reminded about
once per level each time it enters the queue, however often the job runs.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel, col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts.models import Account, Role
from shuttle.audit import service as audit
from shuttle.cases.models import Case
from shuttle.config import Settings
from shuttle.db import UTCDateTime, enum_type, new_id
from shuttle.letters.models import IN_QUEUE, Letter, LetterState
from shuttle.outbox import service as outbox
from shuttle.outbox.models import OutboxKind
from shuttle.realtime import service as realtime
from shuttle.timeutil import utcnow


class ReminderLevel(StrEnum):
    """Who is told: the case's facilitators first, then the area's coordinators."""

    reminder = "reminder"
    escalation = "escalation"


class ReviewReminder(SQLModel, table=True):
    """That a letter queued at `queued_at` has been reminded about at this level."""

    __tablename__ = "review_reminder"
    __table_args__ = (UniqueConstraint("letter_id", "queued_at", "level"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    queued_at: datetime = Field(sa_type=UTCDateTime)
    level: ReminderLevel = Field(sa_type=enum_type(ReminderLevel))
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


TEMPLATES = {
    ReminderLevel.reminder: "review_reminder",
    ReminderLevel.escalation: "review_escalation",
}


async def _coordinators(session: AsyncSession, case: Case) -> set[uuid.UUID]:
    rows = await session.exec(
        select(Account.id).where(
            Account.role == Role.coordinator,
            col(Account.disabled_at).is_(None),
            or_(col(Account.area).is_(None), Account.area == case.area),
        )
    )
    return set(rows.all())


async def send_due(
    session: AsyncSession, settings: Settings, *, now: datetime | None = None
) -> int:
    """Remind about every letter waiting too long that has not been reminded at that level."""
    now = now or utcnow()
    sent = 0
    for level, hours in (
        (ReminderLevel.reminder, settings.review_reminder_hours),
        (ReminderLevel.escalation, settings.review_escalation_hours),
    ):
        done = select(ReviewReminder.letter_id).where(
            ReviewReminder.level == level,
            ReviewReminder.letter_id == Letter.id,
            ReviewReminder.queued_at == Letter.queued_at,
        )
        letters = (
            await session.exec(
                select(Letter)
                .where(
                    col(Letter.state).in_(IN_QUEUE),
                    # Someone holding a live claim is on it already.
                    or_(
                        Letter.state != LetterState.in_review,
                        col(Letter.claim_expires_at) <= now,
                    ),
                    col(Letter.queued_at) <= now - timedelta(hours=hours),
                    ~done.exists(),
                )
                .with_for_update(skip_locked=True)
            )
        ).all()
        for letter in letters:
            assert letter.queued_at is not None
            case = await session.get(Case, letter.case_id)
            assert case is not None
            if level is ReminderLevel.reminder:
                accounts = await realtime.facilitators(session, case.id)
            else:
                accounts = await _coordinators(session, case)
            session.add(
                ReviewReminder(letter_id=letter.id, queued_at=letter.queued_at, level=level)
            )
            for account_id in sorted(accounts):
                outbox.add(
                    session,
                    OutboxKind.email,
                    {"account_id": str(account_id), "template": TEMPLATES[level]},
                )
            await audit.record(
                session,
                actor_id=None,
                action=f"letter.review_{level.value}",
                case_id=case.id,
                letter_id=letter.id,
                detail={"waiting_hours": hours, "told": len(accounts)},
            )
            sent += 1
        await session.flush()
    return sent

"""Record events in the changing transaction, number them in commit order, and read them back.

`emit` notes an event and who may hear of it. Just before the transaction commits, the noted
events get their numbers under a lock on the one counter row, so a higher number is always
committed after every lower one: a client that has seen event n and asks for what came after
cannot miss an event that commits late. The same step writes an outbox row asking for the
events to be announced on Redis, and an e-mail row per recipient for the kinds that notify.
After the commit, the process's announcer (if any) announces at once; the outbox is the
guarantee, the announcer the speed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.cases import service as cases_service
from shuttle.cases.models import Party
from shuttle.db import after_commit, before_commit, table_of
from shuttle.outbox import service as outbox
from shuttle.outbox.models import OutboxKind
from shuttle.realtime.models import Event, EventCounter, EventFrame, EventRecipient, EventType
from shuttle.timeutil import utcnow

# Called after the commit with the events' numbers and every account they were written for.
Announcer = Callable[[list[int], frozenset[uuid.UUID]], Awaitable[None]]
ANNOUNCER = "shuttle.announcer"  # session.info key: set by the app and the worker
CHANNEL = "shuttle:events"  # Redis pub/sub channel; messages are event numbers only
_PENDING = "shuttle.events"

# Which events also send a content-free e-mail, and which wording (notifications/templates).
EMAILED: dict[EventType, str] = {
    EventType.letter_waiting: "new_message",
    EventType.letter_returned: "new_message",
    EventType.safeguarding_alert: "needs_attention",
}


@dataclass(frozen=True)
class _Noted:
    type: EventType
    case_id: uuid.UUID
    letter_id: uuid.UUID | None
    accounts: frozenset[uuid.UUID]


# ---- who hears of what: the same rules as the HTTP API -------------------------------------


async def facilitators(session: AsyncSession, case_id: uuid.UUID) -> set[uuid.UUID]:
    """The case's assigned facilitators (those who may open its review queue entries)."""
    return set(await cases_service.facilitator_ids(session, case_id))


async def party_accounts(session: AsyncSession, party_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The accounts behind these parties (a party not yet signed up has none)."""
    ids = list(party_ids)
    if not ids:
        return set()
    rows = await session.exec(select(Party.account_id).where(col(Party.id).in_(ids)))
    return {account_id for account_id in rows.all() if account_id is not None}


async def everyone(session: AsyncSession, case_id: uuid.UUID) -> set[uuid.UUID]:
    """Facilitators and every participant of the case."""
    rows = await session.exec(select(Party.account_id).where(Party.case_id == case_id))
    participants = {account_id for account_id in rows.all() if account_id is not None}
    return participants | await facilitators(session, case_id)


# ---- recording --------------------------------------------------------------------------------


def emit(
    session: AsyncSession,
    type: EventType,
    *,
    case_id: uuid.UUID,
    accounts: Iterable[uuid.UUID],
    letter_id: uuid.UUID | None = None,
) -> None:
    """Note an event for these accounts; it is written and numbered when the caller commits."""
    audience = frozenset(accounts)
    if not audience:
        return
    pending: list[_Noted] = session.info.setdefault(_PENDING, [])
    if not pending:
        before_commit(session, _write_pending)
    noted = _Noted(type, case_id, letter_id, audience)
    if noted not in pending:  # one change can reach the same rule twice; one event is enough
        pending.append(noted)


_COUNTER = table_of(EventCounter)
# Built once: constructing statements costs more than SQLAlchemy's cached compilation.
_TAKE_NUMBERS = (
    update(_COUNTER)
    .where(_COUNTER.c.id == 1)
    .values(last_seq=_COUNTER.c.last_seq + bindparam("count", type_=_COUNTER.c.last_seq.type))
    .returning(_COUNTER.c.last_seq)
)
_INSERT_EVENTS = insert(table_of(Event))
_INSERT_RECIPIENTS = insert(table_of(EventRecipient))


async def _write_pending(session: AsyncSession) -> None:
    pending: list[_Noted] = session.info.pop(_PENDING, [])
    if not pending:
        return
    # Core statements: no ORM work, and the caller (`db.commit`) has flushed the rows these
    # refer to. One UPDATE locks the counter and takes the numbers.
    last = (await session.exec(_TAKE_NUMBERS, params={"count": len(pending)})).scalar_one_or_none()
    if last is None:  # the migration creates it; a database made from metadata may not
        last = len(pending)
        await session.exec(insert(_COUNTER).values(id=1, last_seq=last))
    numbers = list(range(last - len(pending) + 1, last + 1))
    now = utcnow()
    await session.exec(
        _INSERT_EVENTS,
        params=[
            {
                "seq": seq,
                "type": noted.type,
                "case_id": noted.case_id,
                "letter_id": noted.letter_id,
                "created_at": now,
            }
            for seq, noted in zip(numbers, pending, strict=True)
        ],
    )
    await session.exec(
        _INSERT_RECIPIENTS,
        params=[
            {"seq": seq, "account_id": account_id}
            for seq, noted in zip(numbers, pending, strict=True)
            for account_id in sorted(noted.accounts)
        ],
    )
    work: list[tuple[OutboxKind, dict[str, Any]]] = []
    for seq, noted in zip(numbers, pending, strict=True):
        template = EMAILED.get(noted.type)
        if template:
            work.extend(
                (
                    OutboxKind.email,
                    {"account_id": str(account_id), "template": template, "event": seq},
                )
                for account_id in sorted(noted.accounts)
            )
    work.append((OutboxKind.announce, {"events": numbers}))
    await outbox.add_many(session, work)
    announcer: Announcer | None = session.info.get(ANNOUNCER)
    if announcer is not None:
        audience = frozenset().union(*(noted.accounts for noted in pending))

        async def announce() -> None:
            await announcer(numbers, audience)

        after_commit(session, announce)


# ---- reading ----------------------------------------------------------------------------------


def frame(event: Event) -> EventFrame:
    """The websocket frame for an event."""
    return EventFrame(
        id=event.seq,
        type=event.type,
        case_id=event.case_id,
        letter_id=event.letter_id,
        at=event.created_at,
    )


async def head(session: AsyncSession) -> int:
    """The number of the last event committed (0 before any)."""
    counter = await session.get(EventCounter, 1)
    return counter.last_seq if counter else 0


async def oldest(session: AsyncSession) -> int | None:
    """The number of the oldest event still kept."""
    first = (await session.exec(select(Event.seq).order_by(col(Event.seq)).limit(1))).first()
    return first


async def events_for(
    session: AsyncSession, account_id: uuid.UUID, *, after: int, limit: int = 500
) -> list[Event]:
    """Events this account may receive, numbered above `after`, oldest first."""
    rows = await session.exec(
        select(Event)
        .join(EventRecipient, EventRecipient.seq == Event.seq)  # type: ignore[arg-type]
        .where(EventRecipient.account_id == account_id, Event.seq > after)
        .order_by(col(Event.seq))
        .limit(limit)
    )
    return list(rows.all())


async def accounts_after(session: AsyncSession, after: int) -> tuple[set[uuid.UUID], int]:
    """Accounts with events numbered above `after`, and the highest such number."""
    rows = (
        await session.exec(
            select(EventRecipient.seq, EventRecipient.account_id).where(EventRecipient.seq > after)
        )
    ).all()
    if not rows:
        return set(), after
    return {account_id for _, account_id in rows}, max(seq for seq, _ in rows)


async def prune(session: AsyncSession, *, before: datetime) -> int:
    """Forget events older than `before` (a client further behind is told to resync)."""
    old = (await session.exec(select(Event.seq).where(Event.created_at < before))).all()
    if not old:
        return 0
    await session.exec(delete(EventRecipient).where(col(EventRecipient.seq).in_(old)))
    await session.exec(delete(Event).where(col(Event.seq).in_(old)))
    return len(old)

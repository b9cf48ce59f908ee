"""Write follow-up work in the caller's transaction; hand it on once it has committed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, delete, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.db import table_of
from shuttle.outbox.models import OutboxItem, OutboxKind
from shuttle.timeutil import utcnow


def add(
    session: AsyncSession,
    kind: OutboxKind,
    payload: dict[str, Any],
    *,
    available_at: datetime | None = None,
) -> OutboxItem:
    """Add a row to the outbox in the caller's transaction (ids and fixed words only)."""
    item = OutboxItem(kind=kind, payload=payload, available_at=available_at or utcnow())
    session.add(item)
    return item


_INSERT = insert(table_of(OutboxItem))


async def add_many(session: AsyncSession, items: list[tuple[OutboxKind, dict[str, Any]]]) -> None:
    """Add rows as `add` does, with one Core INSERT (the caller has flushed what they need)."""
    if not items:
        return
    now = utcnow()
    await session.exec(
        _INSERT,
        params=[
            {
                "kind": kind,
                "payload": payload,
                "created_at": now,
                "available_at": now,
                "dispatched_at": None,
                "completed_at": None,
                "outcome": None,
                "attempts": 0,
            }
            for kind, payload in items
        ],
    )


async def due(session: AsyncSession, *, stale: timedelta, limit: int = 100) -> list[OutboxItem]:
    """Rows to hand on, oldest first, locked for this dispatcher.

    That is rows not yet completed whose time has come and that were never handed on, or
    were handed on longer than `stale` ago without completing (their job failed every try or
    its queue was lost).
    """
    now = utcnow()
    rows = await session.exec(
        select(OutboxItem)
        .where(
            col(OutboxItem.completed_at).is_(None),
            OutboxItem.available_at <= now,
            or_(
                col(OutboxItem.dispatched_at).is_(None),
                col(OutboxItem.dispatched_at) < now - stale,
            ),
        )
        .order_by(col(OutboxItem.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows.all())


async def prune(session: AsyncSession, *, before: datetime) -> int:
    """Forget rows completed before `before` (their work is done and audited elsewhere)."""
    result = await session.exec(
        delete(OutboxItem).where(
            col(OutboxItem.completed_at).is_not(None), col(OutboxItem.completed_at) < before
        )
    )
    return int(result.rowcount or 0)

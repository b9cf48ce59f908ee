"""Write follow-up work in the caller's transaction; hand it on once it has committed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

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


async def due(session: AsyncSession, *, limit: int = 100) -> list[OutboxItem]:
    """Rows not yet handed on whose time has come, oldest first, locked for this dispatcher."""
    rows = await session.exec(
        select(OutboxItem)
        .where(col(OutboxItem.dispatched_at).is_(None), OutboxItem.available_at <= utcnow())
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

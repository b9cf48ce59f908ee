"""Hand outbox rows on: announcements to Redis pub/sub, work to arq jobs.

A row is marked dispatched only in the same transaction that found it, after the hand-off
succeeded; if Redis is down the transaction rolls back and the rows are tried again. A job's
id is derived from its row (`outbox:<id>`), so handing a row on twice enqueues it once. A job
row that was handed on but never completed (its job failed every try, or its queue was lost
with Redis) is handed on again after `STALE`: nothing in the outbox is ever dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from arq.connections import ArqRedis
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.db import transaction
from shuttle.outbox import service as outbox
from shuttle.outbox.models import OutboxItem, OutboxKind
from shuttle.realtime.service import CHANNEL
from shuttle.timeutil import utcnow

log = logging.getLogger("shuttle.outbox")

# Longer than arq keeps a job's result (an hour), so a re-enqueue is not mistaken for a repeat.
STALE = timedelta(hours=2)
_BATCH = 100


def job_id(item: OutboxItem) -> str:
    """The arq job id of an outbox row."""
    return f"outbox:{item.id}"


async def dispatch_once(sessions: async_sessionmaker[AsyncSession], redis: ArqRedis) -> int:
    """Hand on one batch of due rows; returns how many."""
    now = utcnow()
    async with transaction(sessions) as session:
        items = await outbox.due(session, stale=STALE, limit=_BATCH)
        for item in items:
            if item.kind is OutboxKind.announce:
                await redis.publish(CHANNEL, str(max(item.payload["events"])))
                item.completed_at = now
                item.outcome = "announced"
            else:
                await redis.enqueue_job(item.kind.value, item.id, _job_id=job_id(item))
            item.dispatched_at = now
            item.attempts += 1
            session.add(item)
    return len(items)


async def run(
    sessions: async_sessionmaker[AsyncSession], redis: ArqRedis, *, poll_seconds: float
) -> None:
    """Dispatch forever: at once while there is a backlog, else every `poll_seconds`."""
    delay = poll_seconds
    while True:
        try:
            handed = await dispatch_once(sessions, redis)
            delay = poll_seconds
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("outbox dispatch failed (%s); retrying in %.1fs", exc, delay)
            handed = 0
            delay = min(delay * 2, 10.0)
        if handed < _BATCH:
            await asyncio.sleep(delay)


async def stop(task: asyncio.Task[None]) -> None:
    """Stop a running dispatcher."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task

"""The arq worker: background jobs that keep letters moving, and the outbox dispatcher."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings

from moderation.queue import reminders
from moderation.queue import service as review_service
from shuttle.cases import keys as case_keys
from shuttle.cases.models import Case
from shuttle.config import get_settings
from shuttle.crypto.keyring import keyring_from_settings
from shuttle.db import create_engine, forget_overwritten_pages, session_factory, transaction
from shuttle.delivery import service as delivery_service
from shuttle.notifications.tasks import notify_email
from shuttle.outbox import dispatcher
from shuttle.outbox import service as outbox
from shuttle.realtime import service as realtime
from shuttle.realtime.service import ANNOUNCER, CHANNEL
from shuttle.timeutil import utcnow

log = logging.getLogger("shuttle.worker")


async def startup(ctx: dict[str, Any]) -> None:
    """Open the database for the worker's lifetime and start handing on the outbox."""
    settings = get_settings()
    ctx["settings"] = settings
    ctx["engine"] = create_engine(settings)
    redis = ctx["redis"]

    async def announce(numbers: list[int], audience: frozenset[uuid.UUID]) -> None:
        await redis.publish(CHANNEL, str(max(numbers)))

    ctx["sessions"] = session_factory(ctx["engine"], info={ANNOUNCER: announce})
    ctx["keyring"] = keyring_from_settings(settings)
    ctx["dispatcher"] = asyncio.create_task(
        dispatcher.run(ctx["sessions"], redis, poll_seconds=settings.outbox_poll_seconds),
        name="outbox.dispatch",
    )


async def shutdown(ctx: dict[str, Any]) -> None:
    """Stop the dispatcher and close the database."""
    if "dispatcher" in ctx:
        await dispatcher.stop(ctx["dispatcher"])
    await ctx["engine"].dispose()


async def expire_claims(ctx: dict[str, Any]) -> int:
    """letters.expire_claims: put letters whose review lease ran out back in the queue.

    Safe to run twice: it only touches letters still in review with a lease in the past, and
    a second run finds none of the ones the first run already moved.
    """
    async with transaction(ctx["sessions"]) as session:
        moved = await review_service.expire_claims(session)
    if moved:
        log.info("returned %d letters with expired claims to the queue", moved)
    return moved


async def remind_reviews(ctx: dict[str, Any]) -> int:
    """letters.remind_reviews: remind about letters waiting too long in review, then escalate.

    Safe to run twice: each reminder is recorded against the letter's time of queueing, in the
    same transaction as its e-mails, and a letter already reminded at a level is skipped.
    """
    async with transaction(ctx["sessions"]) as session:
        sent = await reminders.send_due(session, ctx["settings"])
    if sent:
        log.info("sent %d review reminders", sent)
    return sent


async def deliver_due(ctx: dict[str, Any]) -> int:
    """letters.deliver_due: deliver released letters whose recipient's window has opened.

    Safe to run twice: it delivers only what is still undelivered and not held, each case in
    one transaction under the same rules as delivery at release.
    """
    delivered = 0
    async with transaction(ctx["sessions"]) as session:
        case_ids = await delivery_service.cases_with_held_deliveries(session)
    for case_id in case_ids:
        async with transaction(ctx["sessions"]) as session:
            delivered += await delivery_service.deliver_due(session, case_id=case_id)
    return delivered


async def prune_events(ctx: dict[str, Any]) -> int:
    """events.prune: forget events and finished outbox rows older than the retention period.

    Safe to run twice: it only deletes what is older than a cut-off, and the second run finds
    nothing left to delete.
    """
    settings = ctx["settings"]
    before = utcnow() - timedelta(days=settings.event_retention_days)
    async with transaction(ctx["sessions"]) as session:
        pruned = await realtime.prune(session, before=before)
        pruned += await outbox.prune(session, before=before)
    return pruned


async def expire_retention(ctx: dict[str, Any]) -> int:
    """cases.expire_retention: destroy the key and content of closed cases past retention.

    Safe to run twice: each case is destroyed in its own transaction under a lock on its key
    row, and a case whose key is already gone is neither found nor destroyed again. A run
    stops after half the job timeout; the next one carries on.
    """
    settings, sessions = ctx["settings"], ctx["sessions"]
    closed_before = utcnow() - timedelta(days=settings.case_retention_days)
    deadline = time.monotonic() + settings.job_timeout_seconds / 2
    async with transaction(sessions) as session:
        due = await case_keys.past_retention(session, closed_before=closed_before)
    destroyed = 0
    for case_id in due:
        if time.monotonic() >= deadline:
            break
        async with transaction(sessions) as session:
            case = await session.get(Case, case_id)
            if case is not None and await case_keys.destroy_case_key(
                session, case=case, reason="retention"
            ):
                destroyed += 1
    if destroyed:
        await forget_overwritten_pages(sessions)
        log.info("destroyed the content of %d cases past their retention period", destroyed)
    return destroyed


async def rewrap_keys(ctx: dict[str, Any]) -> int:
    """keys.rewrap: re-wrap case keys still under an older master version, in batches.

    Safe to run twice, and resumable: each batch commits on its own and a run stops after half
    the job timeout; the next run (a minute later, or after a crash) picks up the keys still
    under an older version, and a key already re-wrapped is not selected again.
    """
    settings = ctx["settings"]
    count = await case_keys.rewrap_case_keys(
        ctx["sessions"],
        ctx["keyring"],
        batch=settings.rewrap_batch,
        budget_seconds=settings.job_timeout_seconds / 2,
    )
    if count:
        log.info("re-wrapped %d case keys under the active master version", count)
    return count


def redis_settings() -> RedisSettings:
    """Where the worker finds Redis."""
    url = get_settings().redis_url
    if url is None:
        raise RuntimeError("SHUTTLE_REDIS_URL is not set (`shuttle serve` sets it for its worker)")
    return RedisSettings.from_dsn(url)


_TIMEOUT = get_settings().job_timeout_seconds


class WorkerSettings:
    """arq's configuration for `shuttle worker`.

    Every job's timeout is short: after a worker is killed, arq retries a job only once its
    in-progress mark (the longest job timeout plus 10 s) has expired.
    """

    functions: list[Any] = [func(notify_email, name="notify.email", timeout=_TIMEOUT)]
    cron_jobs = [
        cron(
            expire_claims,
            name="letters.expire_claims",
            second={0, 30},
            run_at_startup=True,
            timeout=_TIMEOUT,
            unique=True,
        ),
        cron(
            remind_reviews,
            name="letters.remind_reviews",
            minute=set(range(0, 60, 5)),
            second=15,
            run_at_startup=True,
            timeout=_TIMEOUT,
            unique=True,
        ),
        cron(
            deliver_due,
            name="letters.deliver_due",
            second=45,
            run_at_startup=True,
            timeout=_TIMEOUT,
            unique=True,
        ),
        cron(
            rewrap_keys,
            name="keys.rewrap",
            second=5,
            run_at_startup=True,
            timeout=_TIMEOUT,
            unique=True,
        ),
        cron(
            expire_retention,
            name="cases.expire_retention",
            minute=41,
            second=0,
            run_at_startup=True,
            timeout=_TIMEOUT,
            unique=True,
        ),
        cron(
            prune_events,
            name="events.prune",
            hour=3,
            minute=17,
            second=0,
            timeout=_TIMEOUT,
            unique=True,
        ),
    ]
    on_startup = startup
    on_shutdown = shutdown
    job_timeout = _TIMEOUT
    max_tries = 5
    health_check_interval = 30

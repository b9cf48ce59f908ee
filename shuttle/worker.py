"""The arq worker: background jobs that keep letters moving."""

from __future__ import annotations

import logging
from typing import Any

from arq import cron
from arq.connections import RedisSettings

from moderation.queue import service as review_service
from shuttle.config import get_settings
from shuttle.db import create_engine, session_factory, transaction

log = logging.getLogger("shuttle.worker")


async def startup(ctx: dict[str, Any]) -> None:
    """Open the database for the worker's lifetime."""
    settings = get_settings()
    ctx["engine"] = create_engine(settings)
    ctx["sessions"] = session_factory(ctx["engine"])


async def shutdown(ctx: dict[str, Any]) -> None:
    """Close the database."""
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


def redis_settings() -> RedisSettings:
    """Where the worker finds Redis."""
    url = get_settings().redis_url
    if url is None:
        raise RuntimeError("SHUTTLE_REDIS_URL is not set (`shuttle serve` sets it for its worker)")
    return RedisSettings.from_dsn(url)


class WorkerSettings:
    """arq's configuration for `shuttle worker`."""

    functions: list[Any] = []
    cron_jobs = [
        cron(
            expire_claims,
            name="letters.expire_claims",
            second={0, 30},
            run_at_startup=True,
            timeout=60,
            unique=True,
        ),
    ]
    on_startup = startup
    on_shutdown = shutdown
    job_timeout = 60
    max_tries = 5
    health_check_interval = 30

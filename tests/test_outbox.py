"""The outbox: rows written with the change that needs them, handed on once, nothing lost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import select, update
from sqlmodel import SQLModel

from shuttle.config import Settings
from shuttle.db import create_engine, session_factory
from shuttle.outbox import dispatcher
from shuttle.realtime.service import CHANNEL
from tests.fixtures.processes import free_port
from tests.fixtures.world import World, run_sql

OUTBOX = SQLModel.metadata.tables["outbox"]
LETTER = "I wanted to write to say I am sorry, and that I think about that night often."


@pytest.fixture
async def arq_redis(settings: Settings, redis: Redis) -> AsyncIterator[ArqRedis]:
    """arq's pool on the test's (flushed) Redis database."""
    assert settings.redis_url is not None
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    yield pool
    await pool.aclose()


async def outbox_rows(world: World) -> list[dict[str, object]]:
    rows = await run_sql(world.settings, select(OUTBOX).order_by(OUTBOX.c.id))
    return [dict(row._mapping) for row in rows]


async def test_a_release_writes_its_announcement_and_email_rows_in_its_transaction(
    world: World,
) -> None:
    # Given the recipient has asked for e-mail notifications
    recipient = world.case.harmed
    chosen = await world.call(recipient, "PUT", "/me/notifications", {"email": "a@example.org"})
    assert chosen.status_code == 200
    # When a letter to them is released
    await world.released_letter(world.case.responsible, LETTER)
    rows = await outbox_rows(world)
    # Then every change announced its events, and the delivery asked for one e-mail to them
    emails = [r for r in rows if r["kind"] == "notify.email"]
    assert [e["payload"]["account_id"] for e in emails] == [str(recipient.id)]  # type: ignore[index]
    assert emails[0]["payload"]["template"] == "new_message"  # type: ignore[index]
    assert any(r["kind"] == "events.announce" for r in rows)
    # And no row carries anything but ids and fixed words
    assert LETTER[:20] not in str(rows) and "Harmed" not in str(rows)


async def test_a_refused_change_leaves_no_outbox_row(world: World) -> None:
    before = await outbox_rows(world)
    letter_id = await world.submitted_letter(world.case.responsible, LETTER)
    after_submit = await outbox_rows(world)
    # A second facilitator cannot release a letter the first has not claimed: 409, nothing kept
    refused = await world.call(world.fac2, "POST", f"/review/letters/{letter_id}/release", {})
    assert refused.status_code == 409
    assert await outbox_rows(world) == after_submit and len(after_submit) > len(before)


async def test_dispatch_hands_each_row_on_once(
    world: World, settings: Settings, arq_redis: ArqRedis, redis: Redis
) -> None:
    # Given a released letter whose recipient wants e-mail, and a listener on the channel
    await world.call(world.case.harmed, "PUT", "/me/notifications", {"email": "a@example.org"})
    await world.released_letter(world.case.responsible, LETTER)
    pubsub = redis.pubsub()
    await pubsub.subscribe(CHANNEL)
    engine = create_engine(settings)
    sessions = session_factory(engine)
    try:
        # When the dispatcher runs
        handed = await dispatcher.dispatch_once(sessions, arq_redis)
        # Then every row is marked, the e-mail is a job named by its row, announcements went out
        rows = await outbox_rows(world)
        assert handed == len(rows) and all(r["dispatched_at"] is not None for r in rows)
        email = next(r for r in rows if r["kind"] == "notify.email")
        assert await redis.exists(f"arq:job:outbox:{email['id']}")
        assert await redis.zcard("arq:queue") == 1
        message = await _next_message(pubsub)
        assert message is not None and int(message["data"]) >= 1
        # And running again hands on nothing
        assert await dispatcher.dispatch_once(sessions, arq_redis) == 0
        # And a row handed on but not marked (a crash in between) is not enqueued twice
        await run_sql(
            settings, update(OUTBOX).where(OUTBOX.c.id == email["id"]).values(dispatched_at=None)
        )
        assert await dispatcher.dispatch_once(sessions, arq_redis) == 1
        assert await redis.zcard("arq:queue") == 1
    finally:
        await pubsub.aclose()
        await engine.dispose()


async def test_with_redis_down_nothing_is_marked_and_it_all_goes_later(
    world: World, settings: Settings, arq_redis: ArqRedis
) -> None:
    await world.released_letter(world.case.responsible, LETTER)
    engine = create_engine(settings)
    sessions = session_factory(engine)
    dead = ArqRedis(host="127.0.0.1", port=free_port(), socket_connect_timeout=1)
    try:
        with pytest.raises(RedisConnectionError):
            await dispatcher.dispatch_once(sessions, dead)
        assert all(r["dispatched_at"] is None for r in await outbox_rows(world))
        # Redis is back: everything is handed on
        assert await dispatcher.dispatch_once(sessions, arq_redis) == len(await outbox_rows(world))
    finally:
        await dead.aclose()
        await engine.dispose()


async def _next_message(pubsub: object) -> dict[str, object] | None:
    for _ in range(50):
        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)  # type: ignore[attr-defined]
        if message is not None:
            return message  # type: ignore[no-any-return]
        await asyncio.sleep(0)
    return None

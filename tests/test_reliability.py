"""Reliability, proven against real processes (issue 4): a worker killed in the middle of a
job, Redis going away and coming back, an API process restarting under its clients, and
events crossing from one API process to another through Redis.

Every test starts `shuttle serve` / `shuttle worker` as processes of their own, on one SQLite
file and a private redis-server, with a recording SMTP server in this process.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import sqlalchemy as sa
from sqlalchemy import Row
from sqlmodel import col, select

from clients.python import Subscription
from shuttle.outbox.models import OutboxItem, OutboxKind
from shuttle.realtime.models import EventRecipient
from shuttle.realtime.service import CHANNEL
from tests.fixtures.live import Listener
from tests.fixtures.stack import Stack, running_stack
from tests.fixtures.world import Actor, World, run_sql

pytestmark = pytest.mark.slow

LETTER = (
    "I have carried the memory of that evening with me every day since. I wish I could take "
    "back the fear I brought into your home, and I will answer anything you want to ask."
)
# Fragments of the letter that must never appear in an e-mail.
LETTER_WORDS = ["carried the memory", "that evening", "fear I brought", "answer anything"]
READER_ADDRESS = "reader.notify@example.net"


@pytest.fixture
def stack(tmp_path: Path, sqlite_template: Path) -> Iterator[Stack]:
    """This test's processes, all stopped at the end whatever happened."""
    with running_stack(tmp_path, sqlite_template) as stack:
        yield stack


async def email_rows(stack: Stack) -> list[Row[Any]]:
    """The outbox's e-mail rows, oldest first."""
    return await run_sql(
        stack.settings,
        sa.select(
            col(OutboxItem.id),
            col(OutboxItem.payload),
            col(OutboxItem.dispatched_at),
            col(OutboxItem.completed_at),
            col(OutboxItem.outcome),
        )
        .where(col(OutboxItem.kind) == OutboxKind.email)
        .order_by(col(OutboxItem.id)),
    )


async def all_outbox_done(stack: Stack) -> bool:
    """Every outbox row (e-mails and announcements) is completed."""
    rows = await run_sql(stack.settings, select(OutboxItem.completed_at))
    return all(completed is not None for (completed,) in rows)


async def event_ids_for(stack: Stack, account: Actor, after: int) -> list[int]:
    """The numbers of the events the database holds for an account, above `after`, in order."""
    rows = await run_sql(
        stack.settings,
        select(EventRecipient.seq)
        .where(EventRecipient.account_id == account.id, EventRecipient.seq > after)
        .order_by(col(EventRecipient.seq)),
    )
    return [seq for (seq,) in rows]


async def notify_me(world: World, actor: Actor, address: str) -> None:
    """The participant asks to hear by e-mail when something is waiting."""
    response = await world.call(actor, "PUT", "/me/notifications", {"email": address})
    assert response.status_code == 200, response.text


async def ok(world: World, actor: Actor, method: str, url: str, json: Any = None) -> Any:
    """A call that must succeed (2xx); its JSON body."""
    response = await world.call(actor, method, url, json)
    assert 200 <= response.status_code < 300, f"{method} {url}: {response.text}"
    return response.json() if response.content else None


async def test_a_worker_killed_mid_job_sends_exactly_one_email_after_restart(stack: Stack) -> None:
    # Given an API process, a worker, Redis, and a mail server that will hold the first
    # sending open at MAIL FROM, so that the worker is caught in the middle of its job
    stack.start_redis()
    smtp = stack.start_smtp()
    api = await stack.start_api()
    worker = stack.start_worker()
    await stack.worker_polling()
    async with stack.world(api) as world:
        reader = world.case.responsible
        # And the person responsible wants to hear by e-mail when something is waiting
        await notify_me(world, reader, READER_ADDRESS)
        smtp.hold_next()
        # When a letter to them is released
        letter_id = await world.released_letter(world.case.harmed, LETTER)
        # And the worker is killed (SIGKILL) while it is talking to the mail server
        await stack.eventually(
            smtp.holding.is_set, within=20, what="the worker began sending the e-mail"
        )
        worker.kill()
        smtp.let_go()
        # Then nothing was delivered, and the outbox row is still to do
        [row] = await email_rows(stack)
        assert row.completed_at is None
        assert row.payload["account_id"] == str(reader.id)
        assert smtp.mails == []
        # When a worker is started again (arq retries once the dead worker's mark expires)
        worker.start()

        async def completed() -> bool:
            return (await email_rows(stack))[0].completed_at is not None

        await stack.eventually(completed, within=45, what="the e-mail's outbox row completed")
        # Then exactly one e-mail was delivered, to the reader's address
        await asyncio.sleep(0.5)  # a second copy would be accepted by now
        [row] = await email_rows(stack)
        assert row.outcome == "sent"
        assert len(smtp.mails) == 1, smtp.mails
        assert smtp.transactions == 2  # the one cut short by the kill, and the one that went
        [mail] = smtp.mails
        assert mail.rcpt_tos == (READER_ADDRESS,)
        assert mail.message["To"] == READER_ADDRESS
        assert mail.message["Subject"] == "You have a new message"
        # And it says nothing of the letter, the people or the case
        forbidden = [
            *LETTER_WORDS,
            "Avery",
            "Harmed",
            "Jordan",
            "Responsible",
            world.case.reference,
            world.case.case_id,
            letter_id,
        ]
        for text in forbidden:
            assert text.lower() not in mail.text.lower(), text


async def test_with_redis_down_letters_still_move_and_everything_arrives_once_when_it_returns(
    stack: Stack,
) -> None:
    # Given an API process, Redis, a mail server, and a worker that is started again
    # whenever it exits (arq stops when its Redis connection drops), as compose does
    redis = stack.start_redis()
    smtp = stack.start_smtp()
    api = await stack.start_api()
    worker = stack.start_worker()
    worker.supervise()
    await stack.worker_polling()
    async with stack.world(api) as world:
        reader, author = world.case.responsible, world.case.harmed
        facilitator = world.case.facilitators[0]
        await notify_me(world, reader, READER_ADDRESS)
        # And the reader is connected, through the typed client and through a plain socket
        # (which does not drop repeats, so a frame sent twice would show twice)
        listener = await Listener(Subscription(api.ws_url, reader.token)).ready()
        try:
            async with stack.frames(api, reader) as frames:
                # When Redis goes away
                redis.stop()
                # Then a letter is still submitted, claimed and released: every call succeeds
                letter = await ok(
                    world,
                    author,
                    "POST",
                    f"/cases/{world.case.case_id}/letters",
                    {"body": LETTER, "submit": True},
                )
                letter_id = letter["id"]
                await ok(world, facilitator, "POST", f"/review/letters/{letter_id}/claim")
                await ok(
                    world,
                    facilitator,
                    "POST",
                    f"/review/letters/{letter_id}/release",
                    {"envelope_note": None},
                )
                # And the reader hears at once that it is waiting: the API process that
                # committed the release wakes its own connections without Redis
                await listener.until(lambda e: "letter.waiting" in [x.type for x in e])
                # And the worker finds Redis gone: its dispatcher cannot hand rows on (or arq
                # stops and is started again, into the same outage)
                await stack.eventually(
                    lambda: "outbox dispatch failed" in worker.output or worker.starts > 1,
                    within=20,
                    what="the worker noticed that Redis is down",
                )
                # And the e-mail waits in the outbox, not handed on while Redis is away
                [row] = await email_rows(stack)
                assert row.dispatched_at is None and smtp.mails == []
                # When Redis comes back (same data directory, AOF on)
                redis.start()
                # Then the reader's e-mail is sent, and every outbox row is done
                await stack.eventually(
                    lambda: len(smtp.mails) >= 1, within=45, what="the reader's e-mail arrived"
                )
                await stack.eventually(
                    lambda: all_outbox_done(stack), within=20, what="every outbox row completed"
                )
                # (the late announcements have now gone out on Redis: give them time to echo)
                await asyncio.sleep(1.5)
                # And the e-mail arrived exactly once, to the reader
                assert [m.rcpt_tos for m in smtp.mails] == [(READER_ADDRESS,)]
                # And the reader heard of the letter exactly once, with no event repeated
                waiting = [e for e in listener.events if e.type == "letter.waiting"]
                assert [str(e.letter_id) for e in waiting] == [letter_id]
                ids = [e.id for e in listener.events]
                assert len(ids) == len(set(ids)), ids
                assert [f["letter_id"] for f in frames.of_type("letter.waiting")] == [letter_id]
                raw_ids = [f["id"] for f in frames.events]
                assert len(raw_ids) == len(set(raw_ids)), frames.events
        finally:
            await listener.close()


async def test_websocket_clients_catch_up_after_the_api_restarts(stack: Stack) -> None:
    # Given two API processes, A and B, on one database and one Redis
    stack.start_redis()
    a = await stack.start_api("api-a")
    b = await stack.start_api("api-b")
    async with stack.world(b) as world:
        facilitator, case = world.fac1, world.case
        # And a facilitator's client subscribed through A, which has heard one event
        subscription = Subscription(a.ws_url, facilitator.token, max_backoff=0.5)
        listener = await Listener(subscription).ready()
        try:
            start = subscription.last_event_id
            assert start is not None
            await world.submitted_letter(case.harmed, LETTER)
            heard = await event_ids_for(stack, facilitator, after=start)
            await listener.until(lambda e: [x.id for x in e] == heard)
            # When A dies (SIGKILL: its sockets are cut, nothing is said to the client)
            a.kill()
            # And, while it is down, letters move and the case pauses, all through B
            released = await world.released_letter(case.harmed, LETTER)
            returned = await world.submitted_letter(case.responsible, LETTER)
            await ok(world, facilitator, "POST", f"/review/letters/{returned}/claim")
            await ok(
                world,
                facilitator,
                "POST",
                f"/review/letters/{returned}/return",
                {"notes": "Shall we talk it over first?"},
            )
            await ok(world, facilitator, "POST", f"/cases/{case.case_id}/pause")
            await ok(world, facilitator, "POST", f"/cases/{case.case_id}/resume")
            expected = await event_ids_for(stack, facilitator, after=start)
            assert len(expected) >= 6, expected
            assert [e.id for e in listener.events] == heard  # nothing while A is down
            # And A is started again on the same port
            a.start()
            await a.ready()
            # Then the client, reconnecting by itself, ends up with every event exactly once,
            # in order: just what the database holds for the facilitator
            await stack.eventually(
                lambda: [e.id for e in listener.events] == expected,
                within=15,
                what=f"the client caught up to {expected}, has {[e.id for e in listener.events]}",
            )
            assert subscription.connections >= 2
            # And a fresh client reading everything from the start through B agrees
            replay = Listener(Subscription(b.ws_url, facilitator.token, last_event_id=0))
            try:
                await replay.until(lambda e: bool(e) and e[-1].id >= expected[-1])
                from_start = [e for e in replay.events if e.id > start]
            finally:
                await replay.close()
            assert [(e.id, e.type) for e in from_start] == [(e.id, e.type) for e in listener.events]
            assert listener.types[-2:] == ["case.paused", "case.resumed"]
            assert {released, returned} <= {str(e.letter_id) for e in listener.events}
            # And nothing more arrives afterwards (no repeats)
            await asyncio.sleep(0.5)
            assert [e.id for e in listener.events] == expected
        finally:
            await listener.close()


async def test_a_release_on_one_api_reaches_a_client_of_the_other(stack: Stack) -> None:
    # Given two API processes, A and B, that look in the database for new events only once a
    # minute: within this test, only a Redis announcement can wake them
    stack.start_redis()
    slow_poll = {"SHUTTLE_EVENTS_POLL_SECONDS": "60"}
    a = await stack.start_api("api-a", env=slow_poll)
    b = await stack.start_api("api-b", env=slow_poll)
    redis = stack.redis_client()

    def subscribers() -> int:
        [(_, count)] = cast(list[tuple[bytes, int]], redis.pubsub_numsub(CHANNEL))
        return count

    await stack.eventually(
        lambda: subscribers() == 2, within=10, what=f"both API processes listen on {CHANNEL}"
    )
    redis.close()
    async with stack.world(b) as world:
        facilitator = world.case.facilitators[0]
        # And the person responsible is connected to A (first, so that A's catch-up on
        # connecting is long over when the letter is released)
        async with stack.frames(a, world.case.responsible) as frames:
            # And a letter to them was submitted and claimed through B
            letter_id = await world.submitted_letter(world.case.harmed, LETTER)
            await ok(world, facilitator, "POST", f"/review/letters/{letter_id}/claim")
            assert frames.events == []
            # When B releases the letter
            started = time.monotonic()
            await ok(
                world,
                facilitator,
                "POST",
                f"/review/letters/{letter_id}/release",
                {"envelope_note": None},
            )
            # Then the "letter waiting" frame arrives on A within seconds, not a minute
            await stack.eventually(
                lambda: bool(frames.of_type("letter.waiting")),
                within=5,
                what="the letter.waiting frame reached the client of A",
            )
            elapsed = time.monotonic() - started
        [frame] = frames.of_type("letter.waiting")
        assert frame["letter_id"] == letter_id
        assert uuid.UUID(frame["case_id"]) == uuid.UUID(world.case.case_id)
        assert set(frame) == {"id", "type", "case_id", "letter_id", "at"}
        assert elapsed < 5, elapsed

"""How many SQL statements the submit path takes, pinned so that a regression shows.

Timings are never asserted (docs/performance.md); statement counts are exact and each one is a
round trip (on SQLite, a hop to aiosqlite's thread while the one connection is held).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from shuttle.audit import service as audit
from shuttle.commands import verify_audit
from shuttle.db import create_engine, insert_new, session_factory, transaction
from shuttle.realtime import service as realtime
from shuttle.realtime.hub import Connection, Hub
from shuttle.relay.models import Establishment
from tests.fixtures.world import World

LETTER = (
    "I have thought about that night every day since. I am sorry for the fear I caused you and "
    "your family, and I want to answer any question you have about why it happened."
)
# The hub's read of new events: it also runs on its timer and on other processes'
# announcements (Redis pub/sub channels are shared by everything on the server), so it is
# left out of the request's count and tested on its own below.
HUB_READ = "FROM event_recipient WHERE event_recipient.seq >"

# auth session + account; case, party, consent, facilitators and case key; letter; version;
# screening result; audit head (locked, moved on); audit entries (one executemany); event
# counter (locked, moved on); event; event recipients; outbox.
SUBMIT_STATEMENTS = 11


async def statements_of(world: World, request: Any) -> list[str]:
    """The SQL statements the app's engine runs while `request` is awaited."""
    engine: AsyncEngine = world.client.app.state.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        await request
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
    return [s for s in seen if HUB_READ not in s]


async def test_a_submit_takes_at_most_eleven_statements_and_reads_twice(world: World) -> None:
    author = world.case.responsible
    # Given one submit already made (this process knows the audit head it wrote)
    await world.submitted_letter(author, LETTER)
    # When the next letter is written and submitted at once
    statements = await statements_of(world, world.submitted_letter(author, LETTER))
    # Then it took at most the pinned number of statements, two of them reads
    listing = "\n".join(statements)
    assert len(statements) <= SUBMIT_STATEMENTS, listing
    assert [s.split()[0] for s in statements].count("SELECT") == 2, listing
    # and the audit head and event counter were each moved on by one UPDATE, without a read
    assert sum(s.startswith("UPDATE audit_head") for s in statements) == 1, listing
    assert sum(s.startswith("UPDATE event_counter") for s in statements) == 1, listing


async def test_after_another_process_appended_a_submit_takes_one_statement_more(
    world: World,
) -> None:
    author = world.case.responsible
    await world.submitted_letter(author, LETTER)
    # Given another process (another engine) appended to the audit chain since
    engine = create_engine(world.settings)
    try:
        async with transaction(session_factory(engine)) as session:
            await audit.record(session, actor_id=None, action="test.elsewhere")
    finally:
        await engine.dispose()
    # When the next letter is submitted here
    statements = await statements_of(world, world.submitted_letter(author, LETTER))
    # Then the head this process guessed was not the head: one more UPDATE chains onto it
    assert sum(s.startswith("UPDATE audit_head") for s in statements) == 2, statements
    assert len(statements) <= SUBMIT_STATEMENTS + 1
    report = await verify_audit(world.settings)
    assert report.ok, report


# ---- the hub routes its own process's events without reading them again --------------------


class _Poked(Connection):
    def __init__(self, account_id: uuid.UUID) -> None:
        super().__init__(account_id, 0, self._never)
        self.pokes = 0

    async def _never(self, frame: dict[str, Any]) -> None:
        raise AssertionError("not sent in this test")

    def poke(self, sessions: Any) -> None:
        self.pokes += 1


def _hub() -> Hub:
    def no_reads() -> Any:
        raise AssertionError("the hub read the database")

    hub = Hub(no_reads, None, poll_seconds=60)  # type: ignore[arg-type]
    hub.cursor = 10
    return hub


async def test_the_hub_routes_the_next_events_of_its_process_without_a_read() -> None:
    hub, account, other = _hub(), uuid.uuid4(), uuid.uuid4()
    mine, theirs = _Poked(account), _Poked(other)
    hub.add(mine)
    hub.add(theirs)
    # When events 11 and 12, for `account`, commit in this process
    await hub.announce([11, 12], frozenset({account}))
    # Then its connection is poked (it reads its events itself), the other's is not, no read
    assert (mine.pokes, theirs.pokes, hub.cursor) == (1, 0, 12)
    assert not hub._wake.is_set()
    # and their announcement coming back from Redis wakes nothing
    assert hub._routed({"data": b"12"}) and not hub._routed({"data": b"13"})


async def test_the_hub_reads_when_events_of_another_process_may_come_first() -> None:
    hub, account = _hub(), uuid.uuid4()
    mine = _Poked(account)
    hub.add(mine)
    # When this process's event is 12 but 11 (another process's) has not been routed
    await hub.announce([12], frozenset({account}))
    # Then the hub wakes to read from its cursor instead
    assert (mine.pokes, hub.cursor) == (0, 10) and hub._wake.is_set()


async def test_a_read_that_began_before_the_hub_routed_newer_events_keeps_the_cursor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hub, account = _hub(), uuid.uuid4()
    mine = _Poked(account)
    hub.add(mine)

    @contextlib.asynccontextmanager
    async def session() -> AsyncIterator[None]:
        yield None

    async def accounts_after(_: object, after: int) -> tuple[set[uuid.UUID], int]:
        # While the hub reads from 10, event 11 commits here and is routed at once; the read
        # began before that commit and finds nothing new
        await hub.announce([11], frozenset({account}))
        hub._stopping = True
        hub.wake()
        return set(), after

    monkeypatch.setattr(realtime, "accounts_after", accounts_after)
    hub.sessions = session  # type: ignore[assignment]
    hub.wake()
    await asyncio.wait_for(hub._route(), timeout=5)
    # Then the cursor stays at 11: the next event (12) is routed without a read as well
    assert (mine.pokes, hub.cursor) == (1, 11)


async def test_rows_inserted_without_a_flush_stay_in_the_session_as_persistent(
    world: World,
) -> None:
    """`insert_new`: one INSERT per table, pending rows flushed first, and a later change to an
    inserted object is an UPDATE of its row, not a second INSERT."""
    engine: AsyncEngine = world.client.app.state.engine  # type: ignore[attr-defined]
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        words = statement.split()
        seen.append(f"{words[0]} {words[2] if words[0] == 'INSERT' else words[1]}")

    first, second = Establishment(name="HMP Example One"), Establishment(name="HMP Example Two")
    pending = Establishment(name="HMP Example Three")
    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        async with transaction(session_factory(engine)) as session:
            session.add(pending)
            await insert_new(session, first, second)
            first.security_check = True
            await session.flush()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
    assert [s for s in seen if "establishment" in s] == [
        "INSERT establishment",  # the pending row, flushed first
        "INSERT establishment",  # both new rows, one executemany
        "UPDATE establishment",
    ]
    async with transaction(session_factory(engine)) as session:
        rows = {e.name: e.security_check for e in await session.exec(select(Establishment))}
    assert rows == {"HMP Example One": True, "HMP Example Two": False, "HMP Example Three": False}

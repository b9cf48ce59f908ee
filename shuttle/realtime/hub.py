"""One hub per API process: the websocket connections it holds, and getting events to them.

The database is the only source of events. Redis pub/sub carries event numbers, as a
wake-up call, and a timer wakes the hub as well in case a message was lost (pub/sub is
at-most-once, and Redis may be down). On each wake-up the hub asks the database which accounts
have events above the last number it routed, and each connection of those accounts catches up
from its own cursor. Because event numbers are given out in commit order, a connection that
sends events in number order and remembers the last one it sent never misses or repeats one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Collection, Iterable
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.realtime import service as realtime

log = logging.getLogger("shuttle.realtime")

Send = Callable[[dict[str, Any]], Awaitable[None]]
_BATCH = 500


class Connection:
    """One websocket: whose it is, the last event number sent to it, and how to send."""

    def __init__(self, account_id: uuid.UUID, cursor: int, send: Send) -> None:
        self.account_id = account_id
        self.cursor = cursor
        self._send = send
        self._lock = asyncio.Lock()
        self._again = False
        self._task: asyncio.Task[None] | None = None
        self.closed = asyncio.Event()

    async def catch_up(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Send every event for this account above the cursor, in order."""
        async with self._lock:
            while True:
                async with sessions() as session:
                    events = await realtime.events_for(
                        session, self.account_id, after=self.cursor, limit=_BATCH
                    )
                for event in events:
                    await self._send(realtime.frame(event).model_dump(mode="json"))
                    self.cursor = event.seq
                if len(events) < _BATCH:
                    return

    def poke(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        """Catch up soon; one catch-up at a time, repeated if poked meanwhile."""
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.create_task(self._run(sessions))

    async def _run(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        while True:
            self._again = False
            try:
                await self.catch_up(sessions)
            except Exception:
                # A client that cannot be written to is dropped; it reconnects and resumes.
                log.info("closing a websocket that could not be sent to", exc_info=True)
                self.closed.set()
                return
            if not self._again:
                return


class Hub:
    """The process's websocket connections and its subscription to event announcements."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        redis_url: str | None,
        *,
        poll_seconds: float,
    ) -> None:
        self.sessions = sessions
        self.redis_url = redis_url
        self.poll_seconds = poll_seconds
        self.cursor = 0
        self._by_account: dict[uuid.UUID, set[Connection]] = {}
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._publisher: Redis | None = None
        self._publishing: set[asyncio.Task[None]] = set()
        self._stopping = False

    async def start(self) -> None:
        """Begin routing from the current head, and listen for announcements."""
        async with self.sessions() as session:
            self.cursor = await realtime.head(session)
        if self.redis_url:
            self._publisher = Redis.from_url(
                self.redis_url, socket_timeout=2, socket_connect_timeout=2
            )
            self._tasks.append(asyncio.create_task(self._listen(), name="realtime.listen"))
        self._tasks.append(asyncio.create_task(self._route(), name="realtime.route"))

    async def stop(self) -> None:
        """Stop routing and listening.

        The router is asked to stop between database reads rather than cancelled in the middle
        of one, which could leave its pooled connection neither returned nor closed.
        """
        self._stopping = True
        self._wake.set()
        for task in self._tasks:
            if task.get_name() != "realtime.route":
                task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=10)
        self._tasks.clear()
        if self._publisher is not None:
            await self._publisher.aclose()

    def add(self, connection: Connection) -> None:
        """Hold a connection; it receives events from its cursor on."""
        self._by_account.setdefault(connection.account_id, set()).add(connection)

    def remove(self, connection: Connection) -> None:
        """Forget a connection."""
        held = self._by_account.get(connection.account_id)
        if held is not None:
            held.discard(connection)
            if not held:
                del self._by_account[connection.account_id]

    def wake(self) -> None:
        """Look for new events now."""
        self._wake.set()

    async def announce(
        self, numbers: list[int], audience: Collection[uuid.UUID] | None = None
    ) -> None:
        """After a commit: route the events in this process, and wake the others through Redis.

        When the events committed in this process are the next ones after the last this hub
        routed (`numbers` runs on from the cursor), the accounts their transaction wrote as
        recipients (`audience`) are the accounts a read would find, so their connections are
        poked without one; each connection still reads its events from the database.
        Otherwise (a gap: another process's events not yet routed) the hub wakes and reads.
        A read under way meanwhile may have started before this commit: it then finds less,
        and leaves the cursor where it is (`_route` never moves it back).

        The publish runs in the background so that a slow or absent Redis never holds up the
        answer to the request; the outbox announces the same events again in any case.
        """
        if audience is not None and numbers[0] == self.cursor + 1:
            self.cursor = numbers[-1]
            self._poke(audience)
        else:
            self.wake()
        if self._publisher is not None:
            task = asyncio.create_task(self._publish(max(numbers)))
            self._publishing.add(task)
            task.add_done_callback(self._publishing.discard)

    async def _publish(self, number: int) -> None:
        assert self._publisher is not None
        try:
            await self._publisher.publish(realtime.CHANNEL, str(number))
        except Exception as exc:
            log.info("could not announce event %d on Redis (%s); the outbox will", number, exc)

    async def _route(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            self._wake.clear()
            if self._stopping:
                return
            try:
                async with self.sessions() as session:
                    accounts, top = await realtime.accounts_after(session, self.cursor)
            except Exception:
                log.warning("could not read new events; trying again", exc_info=True)
                continue
            # Never back: `announce` may have routed newer events while this read was under way
            # (it routes only the events right after the cursor, so none in between are lost).
            self.cursor = max(self.cursor, top)
            self._poke(accounts)

    def _poke(self, accounts: Iterable[uuid.UUID]) -> None:
        for account_id in accounts:
            for connection in list(self._by_account.get(account_id, ())):
                connection.poke(self.sessions)

    def _routed(self, message: dict[str, Any]) -> bool:
        """True if an announcement names events this hub has routed already (its own, back
        from Redis, or the outbox's repeat): events up to the cursor have all been routed."""
        try:
            return int(message["data"]) <= self.cursor
        except (KeyError, TypeError, ValueError):
            return False

    async def _listen(self) -> None:
        assert self.redis_url is not None
        delay = 0.5
        while True:
            redis = Redis.from_url(self.redis_url, socket_timeout=None, socket_connect_timeout=2)
            try:
                async with redis.pubsub() as pubsub:
                    await pubsub.subscribe(realtime.CHANNEL)
                    # Anything announced while we were away: look now.
                    self.wake()
                    delay = 0.5
                    while True:
                        message = await pubsub.get_message(
                            ignore_subscribe_messages=True, timeout=30.0
                        )
                        if message is not None and not self._routed(message):
                            self.wake()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("event subscription lost (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
            finally:
                await redis.aclose()

"""Live events from Shuttle's `/ws`, with reconnection that never misses or repeats an event."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

log = logging.getLogger("shuttle.client.events")

# Close codes after which reconnecting cannot help: the sign-in was refused or has ended.
_REFUSED = {1008}


class SignInRefused(Exception):
    """The server closed the socket because the token is not (or no longer) valid."""


@dataclass(frozen=True)
class Event:
    """One event: its number, type and ids. Events never carry content."""

    id: int
    type: str
    case_id: uuid.UUID
    letter_id: uuid.UUID | None
    at: datetime

    @classmethod
    def from_frame(cls, frame: dict[str, Any]) -> Event:
        """Parse an event frame."""
        return cls(
            id=int(frame["id"]),
            type=str(frame["type"]),
            case_id=uuid.UUID(frame["case_id"]),
            letter_id=uuid.UUID(frame["letter_id"]) if frame.get("letter_id") else None,
            at=datetime.fromisoformat(frame["at"]),
        )


class Subscription:
    """Events for one signed-in account, as an async iterator.

    `last_event_id` is the number of the last event received; pass it to a later
    subscription (for instance after a restart) to receive what happened in between.
    `resynced` is set when the server no longer had every missed event: reload what you show.
    """

    def __init__(
        self,
        ws_url: str,
        token: str,
        *,
        last_event_id: int | None = None,
        reconnect: bool = True,
        max_backoff: float = 5.0,
    ) -> None:
        self.ws_url = ws_url
        self.token = token
        self.last_event_id = last_event_id
        self.reconnect = reconnect
        self.max_backoff = max_backoff
        self.resynced = asyncio.Event()
        self.ready = asyncio.Event()
        self.connections = 0
        self._socket: ClientConnection | None = None
        self._closing = False

    async def close(self) -> None:
        """Stop: the iterator ends."""
        self._closing = True
        if self._socket is not None:
            await self._socket.close()

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._events()

    async def _events(self) -> AsyncIterator[Event]:
        backoff = 0.1
        while not self._closing:
            try:
                async with connect(self.ws_url, open_timeout=10, compression=None) as socket:
                    self._socket = socket
                    self.connections += 1
                    await socket.send(
                        json.dumps(
                            {
                                "type": "hello",
                                "token": self.token,
                                "last_event_id": self.last_event_id,
                            }
                        )
                    )
                    async for raw in socket:
                        frame = json.loads(raw)
                        if frame.get("type") in ("ready", "resync"):
                            if frame["type"] == "resync":
                                self.resynced.set()
                            self.last_event_id = int(frame["last_event_id"])
                            self.ready.set()
                            backoff = 0.1
                            continue
                        event = Event.from_frame(frame)
                        if self.last_event_id is not None and event.id <= self.last_event_id:
                            continue  # already seen before a reconnect
                        self.last_event_id = event.id
                        yield event
                    if socket.close_code in _REFUSED:
                        raise SignInRefused(socket.close_reason or "sign-in refused")
            except ConnectionClosed as exc:
                if exc.rcvd is not None and exc.rcvd.code in _REFUSED:
                    raise SignInRefused(exc.rcvd.reason or "sign-in refused") from None
            except (OSError, InvalidHandshake, InvalidStatus, TimeoutError) as exc:
                log.info("events: cannot connect to %s (%s)", self.ws_url, exc)
            finally:
                self._socket = None
                self.ready.clear()
            if self._closing or not self.reconnect:
                return
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.max_backoff)

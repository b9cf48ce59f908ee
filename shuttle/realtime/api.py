"""`/ws`: live events for the signed-in account. Frames carry an event's type and ids only.

The client's first frame is `{"type": "hello", "token": "...", "last_event_id": n}`; the token
may be left out when the session cookie came with the handshake (then the page's origin must
be Shuttle's own). Tokens never go in the URL, where logs and proxies keep them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field, ValidationError

from shuttle.accounts import service as accounts_service
from shuttle.accounts.deps import SESSION_COOKIE
from shuttle.config import Settings
from shuttle.db import transaction
from shuttle.errors import Unauthenticated
from shuttle.realtime import service as realtime
from shuttle.realtime.hub import Connection, Hub

router = APIRouter(tags=["realtime"])
log = logging.getLogger("shuttle.realtime")

POLICY_VIOLATION = 1008  # RFC 6455: the close code for a refused or ended sign-in
_SEND_TIMEOUT = 10.0


class Hello(BaseModel):
    """The first frame a client sends."""

    type: Literal["hello"]
    token: str | None = Field(default=None, max_length=200)
    last_event_id: int | None = Field(default=None, ge=0)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _cookie_allowed(websocket: WebSocket, settings: Settings) -> bool:
    """A cookie rides along on any page's handshake: accept it only from Shuttle's own pages."""
    origin = websocket.headers.get("origin")
    return origin is None or origin.lower() == _origin(settings.public_base_url)


@router.websocket("/ws")
async def events_socket(websocket: WebSocket) -> None:
    """Live events: replay after `last_event_id`, then each new event as it commits."""
    settings: Settings = websocket.app.state.settings
    hub: Hub = websocket.app.state.hub
    sessions = websocket.app.state.sessions
    await websocket.accept()
    try:
        hello = Hello.model_validate(
            await asyncio.wait_for(websocket.receive_json(), timeout=settings.ws_hello_seconds)
        )
    except (TimeoutError, ValueError, ValidationError, KeyError):
        await _refuse(websocket, 'send {"type": "hello", "token": ...} first')
        return
    except WebSocketDisconnect:
        return
    token = hello.token
    if token is None:
        token = websocket.cookies.get(SESSION_COOKIE)
        if token is not None and not _cookie_allowed(websocket, settings):
            await _refuse(websocket, "this page may not use your Shuttle session")
            return
    if token is None:
        await _refuse(websocket, "sign in to continue")
        return
    try:
        async with transaction(sessions) as session:
            account = await accounts_service.authenticate(session, settings, token, touch=False)
            head = await realtime.head(session)
            oldest = await realtime.oldest(session)
    except Unauthenticated as exc:
        await _refuse(websocket, exc.detail)
        return

    resync = False
    cursor = head
    if hello.last_event_id is not None:
        cursor = min(hello.last_event_id, head)
        # Some of what it missed is no longer kept: the client must reload what it shows.
        first_kept = oldest if oldest is not None else head + 1
        if cursor < head and cursor < first_kept - 1:
            cursor, resync = head, True

    async def send(frame: dict[str, Any]) -> None:
        await asyncio.wait_for(websocket.send_json(frame), timeout=_SEND_TIMEOUT)

    connection = Connection(account.id, cursor, send)
    await send({"type": "resync" if resync else "ready", "last_event_id": cursor})
    hub.add(connection)
    try:
        connection.poke(sessions)
        await _hold(websocket, connection, settings, token)
    finally:
        hub.remove(connection)


async def _hold(
    websocket: WebSocket, connection: Connection, settings: Settings, token: str
) -> None:
    """Keep the socket until the client leaves, sending fails, or the session ends."""
    sessions = websocket.app.state.sessions
    receiving = asyncio.ensure_future(_drain(websocket))
    closed = asyncio.ensure_future(connection.closed.wait())
    try:
        while True:
            done, _ = await asyncio.wait(
                {receiving, closed},
                timeout=settings.ws_recheck_seconds,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if receiving in done:
                return
            if closed in done:
                with contextlib.suppress(Exception):
                    await websocket.close(code=1011, reason="could not keep up; reconnect")
                return
            try:
                async with transaction(sessions) as session:
                    await accounts_service.authenticate(session, settings, token, touch=False)
            except Unauthenticated as exc:
                await _refuse(websocket, exc.detail)
                return
    finally:
        receiving.cancel()
        closed.cancel()


async def _drain(websocket: WebSocket) -> None:
    """Read and ignore what the client sends, until it goes."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return


async def _refuse(websocket: WebSocket, reason: str) -> None:
    with contextlib.suppress(Exception):
        await websocket.close(code=POLICY_VIOLATION, reason=reason[:120])

"""What every HTTP request passes through before and after its route, as plain ASGI.

Plain ASGI rather than `@app.middleware("http")`: Starlette runs each of those in a task group
with a stream between it and the app, about 0.2 ms of CPU per request each, and Shuttle had
three (a third of what a small GET cost).
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shuttle.config import Settings
from shuttle.errors import problem

access_log = logging.getLogger("shuttle.http")

# Routes that stream their body to disk under their own, larger limit (scanned replies).
STREAMED = {"/relay/scans": "scan_max_bytes", "/post/scans": "scan_max_bytes"}
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})

# Only Shuttle's own scripts, styles and connections; never framed; no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=63072000; includeSubDomains"
# The interactive API docs load FastAPI's Swagger UI and ReDoc pages, which use inline script.
_API_DOCS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


class RequestGuard:
    """Refuse, before any route parses it, a body over the size limit (413) and the NUL
    character in the path or anywhere in a JSON body (422).

    PostgreSQL can neither store nor compare text holding a NUL (the statement fails: a 500),
    SQLite can, and no text Shuttle takes in needs one; refusing it here keeps the backends
    alike everywhere. (Query parameters are left to each route's own validation: FastAPI reads
    only those a route declares.) A body of a non-streamed route is read here, counted, and
    handed on as read; a streamed route (scans) counts its own and only a declared length is
    checked here.
    """

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        streamed = STREAMED.get(path)
        limit: int = getattr(self.settings, streamed or "max_request_bytes")
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(limit)(scope, receive, send)
            return
        places: list[list[str | int]] = [["path"]] if "\x00" in path else []
        if streamed is None and scope["method"] in _WITH_BODY:
            body = await _read_body(receive, limit)
            if body is None:  # the client went away before sending it all
                return
            if len(body) > limit:
                await _too_large(limit)(scope, receive, send)
                return
            receive = _replay(body, receive)
            # JSON can only carry a NUL escaped, so most bodies are passed without parsing.
            if _is_json(headers) and b"\\u0000" in body.lower():
                try:
                    parsed = json.loads(body)
                except (ValueError, RecursionError):
                    parsed = None  # FastAPI answers what does not parse
                places += _nul_places(parsed, ["body"])
        if places:
            await _nul_refused(places)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _read_body(receive: Receive, limit: int) -> bytes | None:
    """The request's whole body, or as much as shows it is over `limit`; None on disconnect."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size > limit or not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body already read, then whatever the client sends next (a
    disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


def _is_json(headers: Headers) -> bool:
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _too_large(limit: int) -> ASGIApp:
    return problem(
        413,
        "Content too large",
        f"request bodies are limited to {limit:,} bytes",
        "content-too-large",
    )


def _nul_refused(places: list[list[str | int]]) -> ASGIApp:
    errors = [
        {"loc": place, "msg": "may not contain the NUL character", "type": "nul_character"}
        for place in places
    ]
    detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
    return problem(422, "Invalid request", detail, "invalid-request", errors=errors)


def _nul_places(value: Any, where: list[str | int]) -> list[list[str | int]]:
    """Where a parsed JSON value has a NUL character, in a string or a key (walked without
    recursion: the body may nest as deep as the parser allows)."""
    found: list[list[str | int]] = []
    pending: list[tuple[Any, list[str | int]]] = [(value, where)]
    while pending:
        item, place = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                found.append(place)
        elif isinstance(item, dict):
            for key, child in item.items():
                if "\x00" in key:
                    found.append(place)  # where, without repeating the key
                pending.append((child, [*place, key]))
        elif isinstance(item, list):
            pending.extend((child, [*place, index]) for index, child in enumerate(item))
    return sorted(found, key=str)


class SecurityHeaders:
    """Nothing Shuttle answers should sit in a cache, and every answer carries the security
    headers (a route's own value wins); each request is logged by its route template."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.always_hsts = settings.cookie_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers.setdefault("Cache-Control", "no-store")
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if scope["path"] not in _API_DOCS:
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                if self.always_hsts or scope.get("scheme") == "https":
                    headers.setdefault("Strict-Transport-Security", HSTS)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            # The template, never the raw path: paths carry invitation tokens.
            route = scope.get("route")
            access_log.info(
                "%s %s %d %.1fms",
                scope["method"],
                getattr(route, "path", "(no route)"),
                status,
                (time.perf_counter() - started) * 1000,
            )

"""The app factory: settings, database, key ring, routers and the one error handler."""

from __future__ import annotations

import gc
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Literal

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.asyncio import Redis
from sqlalchemy import text

from clients import web
from moderation.queue import api as review_api
from moderation.screening import service as screening_service
from shuttle import openapi as openapi_docs
from shuttle import redis as redis_support
from shuttle.accounts import api as accounts_api
from shuttle.accounts.limits import SignInLimits
from shuttle.accounts.passwords import Passphrases
from shuttle.cases import api as cases_api
from shuttle.config import Settings, get_settings
from shuttle.crypto.keyring import KeyRing, keyring_from_settings
from shuttle.db import create_engine, require_migrated, session_factory
from shuttle.delivery import api as delivery_api
from shuttle.errors import install_error_handlers, problem
from shuttle.letters import api as letters_api
from shuttle.letters import hooks as letter_hooks
from shuttle.realtime import api as realtime_api
from shuttle.realtime.hub import Hub
from shuttle.realtime.service import ANNOUNCER
from shuttle.relay import api as relay_api

log = logging.getLogger("shuttle")
access_log = logging.getLogger("shuttle.http")


def create_app(settings: Settings | None = None, keyring: KeyRing | None = None) -> FastAPI:
    """Build the ASGI app; nothing connects until the lifespan starts."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings)
        redis: Redis | None = None
        try:
            await require_migrated(engine)
            app.state.engine = engine
            hub = Hub(
                session_factory(engine),
                settings.redis_url,
                poll_seconds=settings.events_poll_seconds,
            )
            # Every request's session announces its events the moment they commit.
            app.state.sessions = session_factory(engine, info={ANNOUNCER: hub.announce})
            app.state.keyring = keyring or keyring_from_settings(settings)
            app.state.passphrases = Passphrases(settings)
            app.state.sign_in_limits = SignInLimits(settings)
            redis = redis_support.client(settings) if settings.redis_url else None
            app.state.redis = redis
            app.state.hub = hub
            await hub.start()
            screening_service.load_model()
            _freeze_startup_objects()
            try:
                yield
            finally:
                gc.unfreeze()
                await hub.stop()
        finally:
            if redis is not None:
                await redis.aclose()
            await engine.dispose()

    app = FastAPI(
        title="Shuttle",
        version="0.1.0",
        summary="Mediated, encrypted letter exchange for restorative justice.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # The one place core and moderation meet: every version entering review is screened.
    letter_hooks.on_version_submitted(screening_service.screen_version)
    install_error_handlers(app)
    _refuse_nul_characters(app)  # innermost: runs once the body limit has been checked
    _limit_body_size(app, settings)
    _no_store(app, settings)
    for router in (
        accounts_api.router,
        cases_api.router,
        delivery_api.router,
        letters_api.router,
        realtime_api.router,
        relay_api.router,
        review_api.router,
    ):
        app.include_router(router)
    _health(app)
    web.mount(app)
    openapi_docs.install(app)
    return app


def _freeze_startup_objects() -> None:
    """Keep the garbage collector off what start-up built and every request shares.

    The modules, routes and the screening model are about 175,000 objects, and each full
    collection walked them all: 50-90 ms with a request waiting, the inbox's p99 at 100 ms
    against a p50 of 7. Frozen, they are never scanned (nor freed: they live as long as the
    process anyway); the lifespan's end unfreezes them.
    """
    gc.collect()
    gc.freeze()


# Routes that stream their body to disk under their own, larger limit (scanned replies).
STREAMED = {"/relay/scans": "scan_max_bytes", "/post/scans": "scan_max_bytes"}


def _limit_body_size(app: FastAPI, settings: Settings) -> None:
    """Refuse oversized bodies before anything parses them."""

    @app.middleware("http")
    async def body_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        limit = settings.max_request_bytes
        streamed = STREAMED.get(request.url.path)
        if streamed is not None:
            # The route counts what it streams; only a declared length is checked here.
            limit = getattr(settings, streamed)
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return problem(
                413,
                "Content too large",
                f"request bodies are limited to {limit:,} bytes",
                "content-too-large",
            )
        if declared is None and streamed is None and request.method in ("POST", "PUT", "PATCH"):
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    return problem(
                        413,
                        "Content too large",
                        f"request bodies are limited to {limit:,} bytes",
                        "content-too-large",
                    )
            request._body = body
        return await call_next(request)


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


def _refuse_nul_characters(app: FastAPI) -> None:
    """Refuse the NUL character in a request's path or anywhere in its JSON body (422).

    PostgreSQL can neither store nor compare text holding one (the statement fails: a 500),
    SQLite can, and no text Shuttle takes in needs one. Refusing it before any route runs keeps
    the backends alike everywhere. (Query parameters are left to each route's own validation:
    FastAPI reads only those a route declares.)
    """

    @app.middleware("http")
    async def refuse_nul(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        places: list[list[str | int]] = []
        if "\x00" in request.scope["path"]:
            places.append(["path"])
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        is_json = media_type == "application/json" or media_type.endswith("+json")
        if is_json and request.method in _WITH_BODY and request.url.path not in STREAMED:
            body = await request.body()
            # JSON can only carry a NUL escaped, so most bodies are passed without parsing.
            if b"\\u0000" in body.lower():
                try:
                    parsed = json.loads(body)
                except (ValueError, RecursionError):
                    parsed = None  # FastAPI answers what does not parse
                places += _nul_places(parsed, ["body"])
        if not places:
            return await call_next(request)
        errors = [
            {"loc": place, "msg": "may not contain the NUL character", "type": "nul_character"}
            for place in places
        ]
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Invalid request", detail, "invalid-request", errors=errors)


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
# The interactive API docs load FastAPI's Swagger UI and ReDoc pages, which use inline script.
_API_DOCS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})


def _no_store(app: FastAPI, settings: Settings) -> None:
    """Nothing Shuttle answers should sit in a cache, and every answer carries the security
    headers; log each request by its route template."""

    @app.middleware("http")
    async def no_store(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        response.headers.setdefault("Cache-Control", "no-store")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path not in _API_DOCS:
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if settings.cookie_secure or request.url.scheme == "https":
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
            )
        # The template, never the raw path: paths carry invitation tokens.
        route = request.scope.get("route")
        template = getattr(route, "path", "(no route)")
        access_log.info(
            "%s %s %d %.1fms",
            request.method,
            template,
            response.status_code,
            (time.perf_counter() - started) * 1000,
        )
        return response


class Readiness(BaseModel):
    """Whether the database and Redis answer, and what each said."""

    status: Literal["ready", "not ready"]
    checks: dict[str, str]


def _health(app: FastAPI) -> None:
    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        responses={
            200: {"model": Readiness},
            503: {"model": Readiness, "description": "The database or Redis does not answer"},
        },
    )
    async def readyz(request: Request) -> Response:
        """The database and Redis answer."""
        checks: dict[str, str] = {}
        try:
            async with request.app.state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unavailable ({type(exc).__name__})"
        redis: Redis | None = request.app.state.redis
        if redis is None:
            checks["redis"] = "not configured"
        else:
            try:
                await redis.ping()
                checks["redis"] = "ok"
            except Exception as exc:
                checks["redis"] = f"unavailable ({type(exc).__name__})"
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status_code=200 if ready else 503,
        )

"""One error base class and the one handler that renders RFC 9457 problem details."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("shuttle.errors")

PROBLEM_JSON = "application/problem+json"


class ShuttleError(Exception):
    """A domain error with an HTTP status; subclasses set `status` and `title`."""

    status: int = 400
    title: str = "Bad request"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra

    @property
    def type_slug(self) -> str:
        """A stable machine-readable name for the error, from the class name."""
        name = type(self).__name__
        return "".join("-" + c.lower() if c.isupper() else c for c in name).lstrip("-")


class NotFound(ShuttleError):
    """Anything the caller may not see or that does not exist: the two are indistinguishable."""

    status = 404
    title = "Not found"


class Conflict(ShuttleError):
    """The action is not allowed in the resource's current state."""

    status = 409
    title = "Conflict"


class Invalid(ShuttleError):
    """The request is well-formed but its content is not acceptable."""

    status = 422
    title = "Unprocessable content"


class Unauthenticated(ShuttleError):
    """No valid session."""

    status = 401
    title = "Sign-in required"


class Forbidden(ShuttleError):
    """Signed in, but this role may never do this (used only where existence is not secret)."""

    status = 403
    title = "Forbidden"


class TooManyRequests(ShuttleError):
    """Too many attempts in a while; `retry_after` (seconds) is also sent as Retry-After."""

    status = 429
    title = "Too many attempts"


class Gone(ShuttleError):
    """The content existed but has been destroyed for good."""

    status = 410
    title = "Gone"


class ContentUnreadable(ShuttleError):
    """Stored ciphertext failed its integrity check (altered, or moved from another row).

    Not a server crash and not the caller's fault: the content exists but cannot be trusted,
    so it is not shown. The status is 409 so clients treat it as the resource's state.
    """

    status = 409
    title = "Content cannot be opened"


def problem(status: int, title: str, detail: str, type_slug: str, **extra: Any) -> JSONResponse:
    """Build a problem-details response."""
    body: dict[str, Any] = {
        "type": f"urn:shuttle:problem:{type_slug}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Echoing the rejected input back could repeat letter text into logs or proxies: omit it.
    return [
        {"loc": list(err.get("loc", ())), "msg": err.get("msg", ""), "type": err.get("type", "")}
        for err in exc.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    """Render every error, expected or not, as problem details."""

    @app.exception_handler(ShuttleError)
    async def _shuttle(_: Request, exc: ShuttleError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, exc.type_slug, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _validation_errors(exc)
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, "Invalid request", detail, "invalid-request", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        title = HTTPStatus(exc.status_code).phrase
        detail = exc.detail if isinstance(exc.detail, str) else title
        return problem(exc.status_code, title, detail, title.lower().replace(" ", "-"))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Log the type only: the message could carry user content.
        log.error("unhandled error %s", type(exc).__name__, exc_info=False)
        return problem(500, "Internal error", "Something went wrong on our side.", "internal")

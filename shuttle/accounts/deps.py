"""The signed-in account, from a bearer token or the session cookie."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shuttle.accounts import service as accounts_service
from shuttle.accounts.models import Account, AuthSession, Role
from shuttle.deps import SessionDep, SettingsDep
from shuttle.errors import Forbidden, NotFound, Unauthenticated

SESSION_COOKIE = "shuttle_session"
# The portal's pages read this cookie and send it back as the header on every change.
CSRF_COOKIE = "shuttle_csrf"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRefused(Forbidden):
    """A change sent with the session cookie but without the page's CSRF token."""

    title = "Request not from a Shuttle page"


def csrf_token_for(session_token: str) -> str:
    """The CSRF token of a session: derived from the session token, so nothing more is stored,
    and unknowable without the HttpOnly session cookie, which other sites' pages cannot read."""
    return hashlib.sha256(b"shuttle csrf\x00" + session_token.encode()).hexdigest()


_bearer = HTTPBearer(auto_error=False, description="session token from POST /auth/login")


def presented_token(request: Request) -> str | None:
    """The session token a request carries (Authorization header, else cookie), unchecked:
    signing in ends it, so a browser never keeps two sessions."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(SESSION_COOKIE)


async def session_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The caller's session token: the Authorization header wins over the cookie. A change
    (anything but GET, HEAD, OPTIONS) made with the cookie must carry the CSRF header.

    `async def` though it never waits: FastAPI runs a plain `def` dependency in its thread
    pool, a thread hop on every request."""
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return credentials.credentials
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        if request.method not in _SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), csrf_token_for(cookie).encode()):
                raise CsrfRefused(
                    f"changes made with the session cookie need the {CSRF_HEADER} header: "
                    "reload the page and try again"
                )
        return cookie
    raise Unauthenticated("sign in to continue")


async def current_account(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str, Depends(session_token)],
) -> Account:
    """The account behind the request's session."""
    return await accounts_service.authenticate(session, settings, token)


CurrentAccount = Annotated[Account, Depends(current_account)]
SessionToken = Annotated[str, Depends(session_token)]


async def any_stage(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str, Depends(session_token)],
) -> tuple[AuthSession, Account]:
    """The caller's live session at whatever stage (for the second step's own routes)."""
    return await accounts_service.live_session(session, settings, token)


AnyStage = Annotated[tuple[AuthSession, Account], Depends(any_stage)]


def require_role(account: Account, *roles: Role) -> None:
    """Refuse roles that have nothing here, with 404 so the route's data stays unconfirmed."""
    if account.role not in roles:
        raise NotFound("no such resource")

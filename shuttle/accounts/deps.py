"""The signed-in account, from a bearer token or the session cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shuttle.accounts import service as accounts_service
from shuttle.accounts.models import Account, Role
from shuttle.deps import SessionDep, SettingsDep
from shuttle.errors import NotFound, Unauthenticated

SESSION_COOKIE = "shuttle_session"

_bearer = HTTPBearer(auto_error=False, description="session token from POST /auth/login")


def session_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The caller's session token: the Authorization header wins over the cookie."""
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return credentials.credentials
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
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


def require_role(account: Account, *roles: Role) -> None:
    """Refuse roles that have nothing here, with 404 so the route's data stays unconfirmed."""
    if account.role not in roles:
        raise NotFound("no such resource")

"""Sign-in, sign-out, the current account, and staff account creation."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from shuttle.accounts import service as accounts_service
from shuttle.accounts.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentAccount,
    SessionToken,
    csrf_token_for,
    require_role,
)
from shuttle.accounts.models import (
    AccountCreate,
    AccountPublic,
    LoginRequest,
    NotificationSettings,
    Role,
    SessionInfo,
    SessionPublic,
)
from shuttle.accounts.passwords import Passphrases
from shuttle.deps import SessionDep, SettingsDep
from shuttle.errors import Invalid
from shuttle.relay.models import Establishment

router = APIRouter(tags=["accounts"])


def _passphrases(request: Request) -> Passphrases:
    passphrases: Passphrases = request.app.state.passphrases
    return passphrases


@router.post("/auth/login", response_model=SessionPublic)
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> SessionPublic:
    """Sign in; returns a session token and also sets it as an HttpOnly cookie."""
    new = await accounts_service.sign_in(
        session, _passphrases(request), settings, login=body.login, passphrase=body.passphrase
    )
    for name, value, httponly in (
        (SESSION_COOKIE, new.token, True),
        (CSRF_COOKIE, csrf_token_for(new.token), False),  # the portal's script reads this one
    ):
        response.set_cookie(
            name,
            value,
            httponly=httponly,
            samesite="strict",
            secure=settings.cookie_secure,
            max_age=settings.session_absolute_hours * 3600,
            path="/",
        )
    return SessionPublic(
        token=new.token, expires_at=new.expires_at, account=accounts_service.public(new.account)
    )


@router.post("/auth/logout", status_code=204)
async def logout(
    session: SessionDep, settings: SettingsDep, token: SessionToken, response: Response
) -> Response:
    """End this session."""
    await accounts_service.sign_out(session, token)
    response.status_code = 204
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            name, path="/", httponly=True, samesite="strict", secure=settings.cookie_secure
        )
    return response


@router.get("/auth/session", response_model=SessionInfo)
async def session_info(
    session: SessionDep, settings: SettingsDep, token: SessionToken
) -> SessionInfo:
    """When this session ends if left alone; asking counts as use (the portal's "Stay signed
    in")."""
    return await accounts_service.keep_alive(session, settings, token)


@router.get("/me", response_model=AccountPublic)
async def me(account: CurrentAccount) -> AccountPublic:
    """The signed-in account."""
    return accounts_service.public(account)


@router.get("/me/notifications", response_model=NotificationSettings)
async def my_notifications(account: CurrentAccount) -> NotificationSettings:
    """Where your notifications go."""
    return NotificationSettings(email=account.email)


@router.put("/me/notifications", response_model=NotificationSettings)
async def set_my_notifications(
    body: NotificationSettings, session: SessionDep, account: CurrentAccount
) -> NotificationSettings:
    """Choose (or, with `null`, stop) the e-mail address that hears a message is waiting.

    The e-mails never carry content or names: "You have a new message in your portal".
    """
    await accounts_service.set_notification_email(session, account=account, email=body.email)
    return NotificationSettings(email=account.email)


@router.post("/accounts", response_model=AccountPublic, status_code=201)
async def create_staff_account(
    body: AccountCreate, request: Request, session: SessionDep, account: CurrentAccount
) -> AccountPublic:
    """A coordinator creates a facilitator, relay or coordinator account."""
    require_role(account, Role.coordinator)
    if body.role is Role.participant:
        raise Invalid("participants join through an invitation from their facilitator")
    if body.establishment_id is not None and not await session.get(
        Establishment, body.establishment_id
    ):
        raise Invalid("there is no establishment with that id")
    created = await accounts_service.create_account(
        session,
        login=body.login,
        display_name=body.display_name,
        role=body.role,
        passphrase_hash=await _passphrases(request).hash(body.passphrase),
        email=body.email,
        area=body.area,
        specialist=body.specialist,
        establishment_id=body.establishment_id,
        security_staff=body.security_staff,
        created_by=account.id,
    )
    return accounts_service.public(created)

"""Sign-in (with its second step), sessions, passphrases, and staff accounts."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from shuttle.accounts import second_factor
from shuttle.accounts import service as accounts_service
from shuttle.accounts.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    AnyStage,
    CurrentAccount,
    SessionToken,
    csrf_token_for,
    presented_token,
    require_role,
)
from shuttle.accounts.limits import SignInLimits
from shuttle.accounts.models import (
    Account,
    AccountCreate,
    AccountPublic,
    CodeRequest,
    LoginRequest,
    NotificationSettings,
    PassphraseChange,
    RecoveryCodes,
    Role,
    SessionInfo,
    SessionPublic,
    SessionView,
    TotpEnabled,
    TotpEnrolment,
)
from shuttle.accounts.passwords import Passphrases, check_strength
from shuttle.config import Settings
from shuttle.deps import KeyRingDep, SessionDep, SettingsDep
from shuttle.errors import Forbidden, Invalid, NotFound
from shuttle.openapi import problem_responses
from shuttle.relay.models import Establishment
from shuttle.timeutil import utcnow

router = APIRouter(tags=["accounts"])


def _passphrases(request: Request) -> Passphrases:
    passphrases: Passphrases = request.app.state.passphrases
    return passphrases


def _limits(request: Request) -> SignInLimits:
    limits: SignInLimits = request.app.state.sign_in_limits
    return limits


_BROWSERS = ("Edg", "OPR", "Firefox", "Chrome", "Safari")
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "Mac"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
_NAMES = {"Edg": "Edge", "OPR": "Opera"}


def describe_device(user_agent: str | None) -> str | None:
    """A few words to tell sessions apart ("Firefox on Windows"), from the User-Agent."""
    if not user_agent:
        return None
    browser = next((b for b in _BROWSERS if f"{b}/" in user_agent), None)
    system = next((name for token, name in _SYSTEMS if token in user_agent), None)
    if browser is None:
        return user_agent.split("/", 1)[0][:60] or None
    label = _NAMES.get(browser, browser)
    return f"{label} on {system}" if system else label


def _cookies(response: Response, settings: Settings, new: accounts_service.NewSession) -> None:
    lifetime = int((new.expires_at - utcnow()).total_seconds())
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
            max_age=max(60, min(lifetime, settings.session_absolute_hours * 3600)),
            path="/",
        )


def _clear_cookies(response: Response, settings: Settings) -> None:
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        response.delete_cookie(
            name, path="/", httponly=True, samesite="strict", secure=settings.cookie_secure
        )


def _public_session(new: accounts_service.NewSession) -> SessionPublic:
    return SessionPublic(
        token=new.token,
        expires_at=new.expires_at,
        account=accounts_service.public(new.account),
        stage=new.stage,
    )


@router.post("/auth/login", response_model=SessionPublic, responses=problem_responses(401, 429))
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> SessionPublic:
    """Sign in with login and passphrase; returns a session token and sets it as an HttpOnly
    cookie. See `stage`: staff always have a second step (a code) before the session may act.

    An unknown login, a wrong passphrase and a locked account get the same 401 in the same
    time. Attempts are limited per login and per address (429 with Retry-After), and
    `SHUTTLE_LOCKOUT_AFTER` failures in a row lock the account until staff lift it. Any session
    the request already carried is ended: signing in always makes a new session id.
    """
    address = request.client.host if request.client else None
    await _limits(request).attempt(login=body.login, address=address)
    new = await accounts_service.sign_in(
        session,
        _passphrases(request),
        settings,
        login=body.login,
        passphrase=body.passphrase,
        device=describe_device(request.headers.get("user-agent")),
    )
    previous = presented_token(request)
    if previous is not None:
        await accounts_service.sign_out(session, previous)
    _cookies(response, settings, new)
    return _public_session(new)


@router.post("/auth/second-factor", response_model=SessionPublic, responses=problem_responses(429))
async def second_step(
    body: CodeRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    keyring: KeyRingDep,
    current: AnyStage,
) -> SessionPublic:
    """The second step of signing in: the 6-digit code from the authenticator app, or a
    recovery code. The waiting session ends and a full one, with a new token, takes its place.
    Wrong codes count towards the lock like wrong passphrases."""
    auth, account = current
    await _limits(request).code_attempt(str(account.id))
    new = await second_factor.complete_sign_in(
        session, keyring, settings, auth=auth, account=account, code=body.code
    )
    _cookies(response, settings, new)
    return _public_session(new)


@router.post("/auth/totp/enrol", response_model=TotpEnrolment)
async def totp_enrol(
    session: SessionDep, settings: SettingsDep, keyring: KeyRingDep, current: AnyStage
) -> TotpEnrolment:
    """Start setting up the second step: a new secret for an authenticator app, as a QR code
    and as text. Staff must do this at their first sign-in; participants may choose to."""
    auth, account = current
    return await second_factor.start_enrolment(
        session, keyring, settings, auth=auth, account=account
    )


@router.post("/auth/totp/confirm", response_model=TotpEnabled, responses=problem_responses(429))
async def totp_confirm(
    body: CodeRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    keyring: KeyRingDep,
    current: AnyStage,
) -> TotpEnabled:
    """Finish setting up: a code from the app proves it holds the secret. Returns the ten
    recovery codes (shown once: print them or write them down) and a new full session."""
    auth, account = current
    await _limits(request).code_attempt(str(account.id))
    codes, new = await second_factor.confirm_enrolment(
        session, keyring, settings, auth=auth, account=account, code=body.code
    )
    _cookies(response, settings, new)
    return TotpEnabled(recovery_codes=codes, session=_public_session(new))


@router.post("/auth/totp/disable", status_code=204, responses=problem_responses(429))
async def totp_disable(
    body: CodeRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> Response:
    """A participant turns the second step off, with a current code (staff cannot)."""
    await _limits(request).code_attempt(str(account.id))
    await second_factor.turn_off(session, keyring, settings, account=account, code=body.code)
    return Response(status_code=204)


@router.post("/me/recovery-codes", response_model=RecoveryCodes, responses=problem_responses(429))
async def new_recovery_codes(
    body: CodeRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> RecoveryCodes:
    """Ten new recovery codes, for a current code; the old ones stop working."""
    if account.totp_enabled_at is None:
        raise NotFound("no second step is set up")
    await _limits(request).code_attempt(str(account.id))
    await second_factor.check_code(session, keyring, settings, account=account, code=body.code)
    return RecoveryCodes(
        recovery_codes=await second_factor.replace_recovery_codes(session, account)
    )


@router.post("/auth/logout", status_code=204)
async def logout(
    session: SessionDep, settings: SettingsDep, token: SessionToken, response: Response
) -> Response:
    """End this session."""
    await accounts_service.sign_out(session, token)
    response.status_code = 204
    _clear_cookies(response, settings)
    return response


@router.get("/auth/session", response_model=SessionInfo)
async def session_info(
    session: SessionDep, settings: SettingsDep, token: SessionToken
) -> SessionInfo:
    """When this session ends if left alone (15 minutes unused for staff, 30 for participants);
    asking counts as use (the portal's "Stay signed in")."""
    return await accounts_service.keep_alive(session, settings, token)


@router.get("/me/sessions", response_model=list[SessionView])
async def my_sessions(
    session: SessionDep, settings: SettingsDep, token: SessionToken, account: CurrentAccount
) -> list[SessionView]:
    """Your sessions that have not ended, newest first, this one marked `current`."""
    mine = accounts_service.hash_token(token)
    return [
        SessionView(
            id=s.id,
            created_at=s.created_at,
            last_seen_at=s.last_seen_at,
            expires_at=s.expires_at,
            device=s.device,
            current=s.token_hash == mine,
        )
        for s in await accounts_service.sessions_of(session, settings, account)
    ]


@router.delete("/me/sessions/{session_id}", status_code=204)
async def end_my_session(
    session_id: uuid.UUID, session: SessionDep, settings: SettingsDep, account: CurrentAccount
) -> Response:
    """End one of your sessions (a browser left signed in somewhere)."""
    await accounts_service.end_session(session, settings, account=account, session_id=session_id)
    return Response(status_code=204)


@router.post("/me/passphrase", status_code=204, responses=problem_responses(429))
async def change_my_passphrase(
    body: PassphraseChange,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> Response:
    """Change your passphrase. Every session of yours ends, this one too: sign in again."""
    await _limits(request).code_attempt(str(account.id))
    await accounts_service.change_passphrase(
        session,
        _passphrases(request),
        account=account,
        current=body.current_passphrase,
        new=body.new_passphrase,
    )
    response.status_code = 204
    _clear_cookies(response, settings)
    return response


@router.get("/me", response_model=AccountPublic)
async def me(current: AnyStage) -> AccountPublic:
    """The signed-in account (also while the second step is still to come)."""
    return accounts_service.public(current[1])


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
    """A coordinator creates a facilitator, relay or coordinator account. The passphrase must
    pass the strength check; the new person sets up their second step at first sign-in."""
    require_role(account, Role.coordinator)
    if body.role is Role.participant:
        raise Invalid("participants join through an invitation from their facilitator")
    if body.establishment_id is not None and not await session.get(
        Establishment, body.establishment_id
    ):
        raise Invalid("there is no establishment with that id")
    if account.area is not None and body.area not in (None, account.area):
        raise Forbidden(f"you can add staff only for your own area ({account.area})")
    if account.area is not None and body.role is Role.coordinator and body.area is None:
        raise Forbidden(
            f"you can add coordinators only for your own area ({account.area}); a coordinator "
            "for every area is made with `shuttle user create`"
        )
    check_strength(body.passphrase, about=(body.login, body.display_name))
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


@router.get("/accounts", response_model=list[AccountPublic])
async def list_staff_accounts(session: SessionDep, account: CurrentAccount) -> list[AccountPublic]:
    """Every staff account, for a coordinator (locked ones marked)."""
    require_role(account, Role.coordinator)
    return [accounts_service.public(a) for a in await accounts_service.staff_accounts(session)]


async def _staff_account(session: SessionDep, account_id: uuid.UUID) -> Account:
    found = await session.get(Account, account_id)
    if found is None or not accounts_service.is_staff(found):
        raise NotFound("no such account")
    return found


@router.post("/accounts/{account_id}/unlock", response_model=AccountPublic)
async def unlock_staff_account(
    account_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> AccountPublic:
    """A coordinator lifts the lock on a staff account (participants: the case's unlock)."""
    require_role(account, Role.coordinator)
    target = await _staff_account(session, account_id)
    return accounts_service.public(
        await accounts_service.unlock(session, account=target, actor=account)
    )


@router.post("/accounts/{account_id}/second-factor/reset", response_model=AccountPublic)
async def reset_second_factor(
    account_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> AccountPublic:
    """A coordinator clears a staff member's second step (a lost phone): their sessions end and
    they set up a new one at their next sign-in."""
    require_role(account, Role.coordinator)
    target = await _staff_account(session, account_id)
    if target.id == account.id:
        raise Invalid("ask another coordinator to reset your own second step")
    await second_factor.reset(session, account=target, actor=account)
    return accounts_service.public(target)

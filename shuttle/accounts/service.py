"""Accounts, passphrases and sessions: rules only, no HTTP."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle import db
from shuttle.accounts.errors import (
    EnrolmentRequired,
    LoginTaken,
    SecondFactorRequired,
    SignInFailed,
)
from shuttle.accounts.models import (
    Account,
    AccountPublic,
    AuthSession,
    Role,
    SessionInfo,
    SessionStage,
)
from shuttle.accounts.passwords import Passphrases, check_strength
from shuttle.audit import service as audit
from shuttle.config import Settings
from shuttle.errors import Invalid, NotFound, Unauthenticated
from shuttle.timeutil import utcnow

# last_seen_at is written at most this often, so reading pages does not write on every request.
_TOUCH_EVERY = timedelta(seconds=60)


def hash_token(token: str) -> str:
    """The stored form of a bearer token or invitation token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh unguessable token."""
    return secrets.token_urlsafe(32)


def public(account: Account) -> AccountPublic:
    """An account as it may be shown to itself or to staff."""
    return AccountPublic(
        id=account.id,
        login=account.login,
        display_name=account.display_name,
        role=account.role,
        area=account.area,
        specialist=account.specialist,
        establishment_id=account.establishment_id,
        security_staff=account.security_staff,
        second_factor=account.totp_enabled_at is not None,
        locked=account.locked_at is not None,
    )


async def set_notification_email(
    session: AsyncSession, *, account: Account, email: str | None
) -> Account:
    """Set or clear where the account's notifications go (audited without the address)."""
    if account.email != email:
        account.email = email
        session.add(account)
        await audit.record(
            session,
            actor_id=account.id,
            action="account.notifications_set" if email else "account.notifications_cleared",
        )
        await session.flush()
    return account


def normalise_login(login: str) -> str:
    """Logins compare case-insensitively."""
    return login.strip().lower()


async def create_account(
    session: AsyncSession,
    *,
    login: str,
    display_name: str,
    role: Role,
    passphrase_hash: str,
    email: str | None = None,
    area: str | None = None,
    specialist: bool = False,
    establishment_id: uuid.UUID | None = None,
    security_staff: bool = False,
    created_by: uuid.UUID | None = None,
) -> Account:
    """Create an account; the passphrase is already hashed.

    Relay staff must be bound to a prison (the caller checks it exists); no one else may be.
    """
    if (role is Role.relay) != (establishment_id is not None):
        raise Invalid("relay staff need an establishment_id, and only relay staff may have one")
    if security_staff and role is not Role.relay:
        raise Invalid("only relay staff can be a prison's security staff")
    account = Account(
        login=normalise_login(login),
        display_name=display_name,
        role=role,
        passphrase_hash=passphrase_hash,
        email=email,
        area=area,
        specialist=specialist,
        establishment_id=establishment_id,
        security_staff=security_staff,
    )
    session.add(account)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise LoginTaken(f"the login {account.login!r} is already in use") from exc
    await audit.record(
        session,
        actor_id=created_by,
        action="account.created",
        detail={"account": str(account.id), "role": role.value},
    )
    return account


async def find_by_login(session: AsyncSession, login: str) -> Account | None:
    """The account with this login, if any."""
    result = await session.exec(select(Account).where(Account.login == normalise_login(login)))
    return result.one_or_none()


@dataclass(frozen=True)
class NewSession:
    """A session just created, with its token (shown once)."""

    token: str
    expires_at: datetime
    account: Account
    stage: SessionStage


SIGN_IN_FAILED = (
    "The login or passphrase is not right. After several failed tries an account is locked "
    "to keep it safe; if you think that has happened, ask your facilitator or coordinator."
)
# A session waiting for its second step lasts this long.
_PARTIAL_SESSION = timedelta(minutes=10)


def is_staff(account: Account) -> bool:
    """Facilitators, relay staff and coordinators."""
    return account.role is not Role.participant


async def open_session(
    session: AsyncSession,
    settings: Settings,
    account: Account,
    *,
    stage: SessionStage = SessionStage.full,
    device: str | None = None,
) -> NewSession:
    """A fresh session with a fresh token; short-lived until it is `full`."""
    now = utcnow()
    token = new_token()
    lifetime = (
        timedelta(hours=settings.session_absolute_hours)
        if stage is SessionStage.full
        else _PARTIAL_SESSION
    )
    auth = AuthSession(
        token_hash=hash_token(token),
        account_id=account.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        stage=stage,
        device=device,
    )
    session.add(auth)
    action = "session.started" if stage is SessionStage.full else f"session.{stage.value}"
    await audit.record(session, actor_id=account.id, action=action)
    return NewSession(token, auth.expires_at, account, stage)


async def sign_in(
    session: AsyncSession,
    passphrases: Passphrases,
    settings: Settings,
    *,
    login: str,
    passphrase: str,
    device: str | None = None,
) -> NewSession:
    """Check credentials and open a session.

    An unknown login, a wrong passphrase and a locked or disabled account get the same answer
    after the same work: one argon2 verification (against a decoy hash when there is no
    account) and one UPDATE counting the failure (matching no row when there is no account).
    A right passphrase opens a `full` session, or one waiting for the second step (`second_
    factor`, or `enrol` for staff who have not set one up yet).
    """
    account = await find_by_login(session, login)
    # End the read-only transaction before the slow hash so the connection is free meanwhile.
    await db.commit(session)
    matched = await passphrases.verify(account.passphrase_hash if account else None, passphrase)
    usable = account is not None and account.disabled_at is None and account.locked_at is None
    if not (matched and usable):
        await count_failure(session, settings, login=login)
        await db.commit(session)
        raise SignInFailed(SIGN_IN_FAILED)
    assert account is not None
    if account.totp_enabled_at is not None:
        stage = SessionStage.second_factor
    elif is_staff(account):
        stage = SessionStage.enrol
    else:
        stage = SessionStage.full
        clear_failures(session, account)
    return await open_session(session, settings, account, stage=stage, device=device)


async def count_failure(session: AsyncSession, settings: Settings, *, login: str) -> None:
    """One more failed sign-in in a row for this login; the `lockout_after`th locks it.

    The same statement runs whether or not the login exists, so timing tells nothing.
    """
    now = utcnow()
    failures = col(Account.failed_sign_ins) + 1
    result = await session.exec(
        update(Account)
        .where(col(Account.login) == normalise_login(login))
        .values(
            failed_sign_ins=failures,
            locked_at=case(
                (
                    and_(failures >= settings.lockout_after, col(Account.locked_at).is_(None)),
                    now,
                ),
                else_=col(Account.locked_at),
            ),
        )
        .returning(col(Account.id), col(Account.failed_sign_ins))
        .execution_options(synchronize_session=False)
    )
    row = result.one_or_none()
    if row is not None and row.failed_sign_ins == settings.lockout_after:
        await audit.record(
            session,
            actor_id=None,
            action="account.locked",
            detail={"account": str(row.id), "failed_sign_ins": row.failed_sign_ins},
        )


def clear_failures(session: AsyncSession, account: Account) -> None:
    """A successful sign-in starts the count of failures again."""
    if account.failed_sign_ins:
        account.failed_sign_ins = 0
        session.add(account)


async def unlock(session: AsyncSession, *, account: Account, actor: Account) -> Account:
    """Lift a lock (and the count of failures); audited."""
    if account.locked_at is not None or account.failed_sign_ins:
        was_locked = account.locked_at is not None
        account.locked_at = None
        account.failed_sign_ins = 0
        session.add(account)
        if was_locked:
            await audit.record(
                session,
                actor_id=actor.id,
                action="account.unlocked",
                detail={"account": str(account.id)},
            )
    return account


async def live_session(
    session: AsyncSession, settings: Settings, token: str
) -> tuple[AuthSession, Account]:
    """The session behind a token, whatever its stage, if it has not ended, or Unauthenticated."""
    now = utcnow()
    row = (
        await session.exec(
            select(AuthSession, Account)
            .join(Account, Account.id == AuthSession.account_id)  # type: ignore[arg-type]
            .where(AuthSession.token_hash == hash_token(token))
        )
    ).one_or_none()
    if row is None:
        raise Unauthenticated("sign in to continue")
    auth, account = row
    idle = timedelta(minutes=settings.idle_minutes(is_staff(account)))
    if auth.ended_at is not None or now >= auth.expires_at or now >= auth.last_seen_at + idle:
        raise Unauthenticated("your session has ended; sign in again")
    if account.disabled_at is not None:
        raise Unauthenticated("this account is disabled")
    return auth, account


async def authenticate(
    session: AsyncSession, settings: Settings, token: str, *, touch: bool = True
) -> Account:
    """The account behind a live, `full` session token, or Unauthenticated (or, for staff who
    have not set up their second step, EnrolmentRequired).

    `touch=False` checks without counting as activity: an open websocket must not keep a
    session alive on a computer left unattended.
    """
    auth, account = await live_session(session, settings, token)
    if auth.stage is SessionStage.second_factor:
        raise SecondFactorRequired(
            "enter the code from your authenticator app (POST /auth/second-factor)"
        )
    if auth.stage is SessionStage.enrol:
        raise EnrolmentRequired(
            "staff set up a second sign-in step before anything else: "
            "POST /auth/totp/enrol, then POST /auth/totp/confirm"
        )
    if touch and utcnow() - auth.last_seen_at >= _TOUCH_EVERY:
        auth.last_seen_at = utcnow()
        session.add(auth)
    return account


async def keep_alive(session: AsyncSession, settings: Settings, token: str) -> SessionInfo:
    """Count a request as use of the session now, and say when it will end."""
    auth, account = await live_session(session, settings, token)
    auth.last_seen_at = utcnow()
    session.add(auth)
    idle = settings.idle_minutes(is_staff(account))
    return SessionInfo(
        idle_minutes=idle,
        idle_expires_at=auth.last_seen_at + timedelta(minutes=idle),
        expires_at=auth.expires_at,
        stage=auth.stage,
    )


async def sign_out(session: AsyncSession, token: str) -> None:
    """End the session behind this token (no error if it already ended)."""
    auth = (
        await session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token)))
    ).one_or_none()
    if auth is not None and auth.ended_at is None:
        auth.ended_at = utcnow()
        session.add(auth)
        await audit.record(session, actor_id=auth.account_id, action="session.ended")


def retire(session: AsyncSession, auth: AuthSession) -> None:
    """End a session that another, newer one replaces."""
    auth.ended_at = utcnow()
    session.add(auth)


async def sessions_of(
    session: AsyncSession, settings: Settings, account: Account
) -> list[AuthSession]:
    """The account's sessions that have not ended, newest first."""
    now = utcnow()
    idle = timedelta(minutes=settings.idle_minutes(is_staff(account)))
    rows = await session.exec(
        select(AuthSession)
        .where(
            AuthSession.account_id == account.id,
            col(AuthSession.ended_at).is_(None),
            col(AuthSession.expires_at) > now,
            col(AuthSession.last_seen_at) > now - idle,
        )
        .order_by(col(AuthSession.created_at).desc())
    )
    return list(rows.all())


async def end_session(
    session: AsyncSession, settings: Settings, *, account: Account, session_id: uuid.UUID
) -> None:
    """End one of the account's own sessions; someone else's is a 404 like no session."""
    auth = await session.get(AuthSession, session_id)
    if auth is None or auth.account_id != account.id or auth.ended_at is not None:
        raise NotFound("no such session")
    auth.ended_at = utcnow()
    session.add(auth)
    await audit.record(session, actor_id=account.id, action="session.ended_by_owner")


async def end_all_sessions(session: AsyncSession, account_id: uuid.UUID, *, reason: str) -> int:
    """End every session of an account (passphrase changed, second step reset)."""
    result = await session.exec(
        update(AuthSession)
        .where(col(AuthSession.account_id) == account_id, col(AuthSession.ended_at).is_(None))
        .values(ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    ended = int(getattr(result, "rowcount", 0) or 0)
    await audit.record(
        session,
        actor_id=None,
        action="sessions.ended",
        detail={"account": str(account_id), "reason": reason, "count": ended},
    )
    return ended


async def change_passphrase(
    session: AsyncSession,
    passphrases: Passphrases,
    *,
    account: Account,
    current: str,
    new: str,
) -> None:
    """Check the current passphrase, check the new one's strength, store it, and end every
    session of the account (the caller signs in again)."""
    await db.commit(session)
    if not await passphrases.verify(account.passphrase_hash, current):
        raise Invalid("the current passphrase is not right")
    check_strength(new, about=(account.login, account.display_name))
    account.passphrase_hash = await passphrases.hash(new)
    session.add(account)
    await audit.record(session, actor_id=account.id, action="account.passphrase_changed")
    await end_all_sessions(session, account.id, reason="passphrase changed")


async def locked_among(
    session: AsyncSession, account_ids: list[uuid.UUID | None]
) -> set[uuid.UUID | None]:
    """Which of these accounts are locked."""
    ids = [i for i in account_ids if i is not None]
    if not ids:
        return set()
    rows = await session.exec(
        select(Account.id).where(col(Account.id).in_(ids), col(Account.locked_at).is_not(None))
    )
    return set(rows.all())


async def staff_accounts(session: AsyncSession) -> list[Account]:
    """Every staff account, by name."""
    result = await session.exec(
        select(Account).where(Account.role != Role.participant).order_by(col(Account.display_name))
    )
    return list(result.all())


async def accounts_with_role(session: AsyncSession, role: Role) -> list[Account]:
    """Active accounts of one role, by name."""
    result = await session.exec(
        select(Account)
        .where(Account.role == role, col(Account.disabled_at).is_(None))
        .order_by(col(Account.display_name))
    )
    return list(result.all())

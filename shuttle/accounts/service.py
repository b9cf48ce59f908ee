"""Accounts, passphrases and sessions: rules only, no HTTP."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle import db
from shuttle.accounts.errors import LoginTaken, SignInFailed
from shuttle.accounts.models import Account, AccountPublic, AuthSession, Role, SessionInfo
from shuttle.accounts.passwords import Passphrases
from shuttle.audit import service as audit
from shuttle.config import Settings
from shuttle.errors import Invalid, Unauthenticated
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


async def sign_in(
    session: AsyncSession,
    passphrases: Passphrases,
    settings: Settings,
    *,
    login: str,
    passphrase: str,
) -> NewSession:
    """Check credentials and open a session; same answer for every kind of failure."""
    account = await find_by_login(session, login)
    # End the read-only transaction before the slow hash so the connection is free meanwhile.
    await db.commit(session)
    stored = account.passphrase_hash if account and account.disabled_at is None else None
    if not await passphrases.verify(stored, passphrase) or account is None:
        raise SignInFailed("the login or passphrase is not right")
    now = utcnow()
    token = new_token()
    auth = AuthSession(
        token_hash=hash_token(token),
        account_id=account.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=settings.session_absolute_hours),
    )
    session.add(auth)
    await audit.record(session, actor_id=account.id, action="session.started")
    return NewSession(token, auth.expires_at, account)


async def authenticate(
    session: AsyncSession, settings: Settings, token: str, *, touch: bool = True
) -> Account:
    """The account behind a live session token, or Unauthenticated.

    `touch=False` checks without counting as activity: an open websocket must not keep a
    session alive on a computer left unattended.
    """
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
    idle_limit = auth.last_seen_at + timedelta(minutes=settings.session_idle_minutes)
    if auth.ended_at is not None or now >= auth.expires_at or now >= idle_limit:
        raise Unauthenticated("your session has ended; sign in again")
    if account.disabled_at is not None:
        raise Unauthenticated("this account is disabled")
    if touch and now - auth.last_seen_at >= _TOUCH_EVERY:
        auth.last_seen_at = now
        session.add(auth)
    return account


async def keep_alive(session: AsyncSession, settings: Settings, token: str) -> SessionInfo:
    """Count a request as use of the session now, and say when it will end."""
    await authenticate(session, settings, token, touch=False)
    auth = (
        await session.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token)))
    ).one()
    auth.last_seen_at = utcnow()
    session.add(auth)
    return SessionInfo(
        idle_minutes=settings.session_idle_minutes,
        idle_expires_at=auth.last_seen_at + timedelta(minutes=settings.session_idle_minutes),
        expires_at=auth.expires_at,
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


async def accounts_with_role(session: AsyncSession, role: Role) -> list[Account]:
    """Active accounts of one role, by name."""
    result = await session.exec(
        select(Account)
        .where(Account.role == role, col(Account.disabled_at).is_(None))
        .order_by(col(Account.display_name))
    )
    return list(result.all())

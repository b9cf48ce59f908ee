"""The second sign-in step: TOTP codes from an authenticator app, and recovery codes.

The TOTP secret is sealed with the master key ring (never stored in the clear); a code is
accepted once (its time step is remembered, so a code seen over a shoulder cannot be replayed)
and within one step either side of now for clocks that drift. Recovery codes are 10 random
codes of 50 bits, shown once, stored as SHA-256 hashes (random codes need no slow hash), each
good once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid

import pyotp
from sqlalchemy import delete
from sqlmodel import and_, col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle import db
from shuttle.accounts import service as accounts_service
from shuttle.accounts.errors import CodeNotRight
from shuttle.accounts.models import (
    Account,
    AuthSession,
    RecoveryCode,
    SessionStage,
    TotpEnrolment,
)
from shuttle.audit import service as audit
from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing, WrappedKey
from shuttle.errors import Conflict, NotFound
from shuttle.timeutil import utcnow

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper without doubt
_STEP_SECONDS = 30


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash_recovery(code: str) -> str:
    return hashlib.sha256(b"shuttle recovery code\x00" + _normalise(code).encode()).hexdigest()


def new_recovery_code() -> str:
    """Ten characters from a 31-letter alphabet (about 50 bits), written xxxxx-xxxxx."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _secret(keyring: KeyRing, account: Account, *, pending: bool = False) -> str:
    sealed = account.totp_pending_sealed if pending else account.totp_sealed
    version = account.totp_pending_version if pending else account.totp_master_version
    assert sealed is not None and version is not None
    return keyring.open_totp(account.id, WrappedKey(version, sealed)).decode()


def _matching_step(secret: str, code: str, *, after: int | None) -> int | None:
    """The time step (now, or one either side) whose code this is, if not used before."""
    digits = _normalise(code)
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // _STEP_SECONDS
    for step in (now - 1, now, now + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def _may_enrol(auth: AuthSession) -> None:
    """Set-up is for a session past the passphrase: not one still waiting for its code."""
    if auth.stage is SessionStage.second_factor:
        raise NotFound("no such resource")


async def start_enrolment(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    auth: AuthSession,
    account: Account,
) -> TotpEnrolment:
    """Offer a fresh secret (replacing any earlier offer); it counts once a code proves it."""
    _may_enrol(auth)
    if account.totp_enabled_at is not None:
        raise Conflict(
            "a second step is already set up; to move it to a new phone, use a recovery code "
            "to sign in and ask your coordinator to reset it (staff), or turn it off first"
        )
    secret = pyotp.random_base32()
    sealed = keyring.seal_totp(account.id, secret.encode())
    account.totp_pending_sealed, account.totp_pending_version = sealed.sealed, sealed.master_version
    session.add(account)
    uri = pyotp.TOTP(secret).provisioning_uri(name=account.login, issuer_name=settings.totp_issuer)
    # Imported here, not at start-up: only setting up the second step draws a QR code.
    import segno

    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=2)
    return TotpEnrolment(secret=secret, otpauth_uri=uri, qr_image=qr, issuer=settings.totp_issuer)


async def confirm_enrolment(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    auth: AuthSession,
    account: Account,
    code: str,
) -> tuple[list[str], accounts_service.NewSession]:
    """Turn the offered secret on once a code from it matches. Returns new recovery codes and
    a full session with a new token, which replaces the caller's."""
    _may_enrol(auth)
    if account.totp_enabled_at is not None:
        raise Conflict("a second step is already set up")
    if account.totp_pending_sealed is None:
        raise Conflict("start with POST /auth/totp/enrol to get a secret for your app")
    step = _matching_step(_secret(keyring, account, pending=True), code, after=None)
    if step is None:
        raise CodeNotRight(
            "that code does not match: check the app shows Shuttle's entry, that the phone's "
            "clock is right, and type the 6 digits it shows now"
        )
    account.totp_sealed, account.totp_master_version = (
        account.totp_pending_sealed,
        account.totp_pending_version,
    )
    account.totp_pending_sealed = account.totp_pending_version = None
    account.totp_enabled_at = utcnow()
    account.totp_last_step = step
    session.add(account)
    await audit.record(session, actor_id=account.id, action="account.second_factor_enabled")
    codes = await replace_recovery_codes(session, account)
    accounts_service.retire(session, auth)
    new = await accounts_service.open_session(session, settings, account, device=auth.device)
    return codes, new


async def replace_recovery_codes(session: AsyncSession, account: Account) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    await session.exec(delete(RecoveryCode).where(col(RecoveryCode.account_id) == account.id))
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(account_id=account.id, code_hash=_hash_recovery(c)) for c in codes)
    await audit.record(session, actor_id=account.id, action="account.recovery_codes_issued")
    return codes


async def check_code(
    session: AsyncSession, keyring: KeyRing, settings: Settings, *, account: Account, code: str
) -> None:
    """Accept a current TOTP code or an unused recovery code, or count a failure and refuse."""
    if account.totp_enabled_at is None or account.locked_at is not None:
        await _refuse(session, settings, account)
    step = _matching_step(_secret(keyring, account), code, after=account.totp_last_step)
    if step is not None:
        account.totp_last_step = step
        session.add(account)
        return
    recovery = (
        await session.exec(
            select(RecoveryCode).where(
                RecoveryCode.account_id == account.id,
                RecoveryCode.code_hash == _hash_recovery(code),
                col(RecoveryCode.used_at).is_(None),
            )
        )
    ).one_or_none()
    if recovery is None:
        await _refuse(session, settings, account)
    assert recovery is not None
    recovery.used_at = utcnow()
    session.add(recovery)
    left = await recovery_codes_left(session, account.id)
    await audit.record(
        session, actor_id=account.id, action="account.recovery_code_used", detail={"left": left}
    )


async def _refuse(session: AsyncSession, settings: Settings, account: Account) -> None:
    await accounts_service.count_failure(session, settings, login=account.login)
    await db.commit(session)
    raise CodeNotRight("that code is not right; type the 6 digits your app shows now")


async def recovery_codes_left(session: AsyncSession, account_id: uuid.UUID) -> int:
    """How many unused recovery codes the account has."""
    rows = await session.exec(
        select(RecoveryCode.id).where(
            RecoveryCode.account_id == account_id, col(RecoveryCode.used_at).is_(None)
        )
    )
    return len(rows.all())


async def complete_sign_in(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    auth: AuthSession,
    account: Account,
    code: str,
) -> accounts_service.NewSession:
    """Second step of signing in: the code is right, so the waiting session is swapped for a
    full one with a new token."""
    if auth.stage is not SessionStage.second_factor:
        raise Conflict("this session is not waiting for a code")
    await check_code(session, keyring, settings, account=account, code=code)
    accounts_service.clear_failures(session, account)
    accounts_service.retire(session, auth)
    return await accounts_service.open_session(session, settings, account, device=auth.device)


async def turn_off(
    session: AsyncSession, keyring: KeyRing, settings: Settings, *, account: Account, code: str
) -> None:
    """A participant turns their second step off (staff cannot)."""
    if accounts_service.is_staff(account):
        raise Conflict("staff accounts always sign in with a second step")
    if account.totp_enabled_at is None:
        raise Conflict("there is no second step to turn off")
    await check_code(session, keyring, settings, account=account, code=code)
    _clear(account)
    session.add(account)
    await session.exec(delete(RecoveryCode).where(col(RecoveryCode.account_id) == account.id))
    await audit.record(session, actor_id=account.id, action="account.second_factor_disabled")


async def reset(session: AsyncSession, *, account: Account, actor: Account) -> None:
    """A coordinator clears a staff member's second step (a lost phone); every session of theirs
    ends and they set up a new one at their next sign-in."""
    _clear(account)
    session.add(account)
    await session.exec(delete(RecoveryCode).where(col(RecoveryCode.account_id) == account.id))
    await accounts_service.end_all_sessions(session, account.id, reason="second step reset")
    await audit.record(
        session,
        actor_id=actor.id,
        action="account.second_factor_reset",
        detail={"account": str(account.id)},
    )


async def rewrap_secrets(session: AsyncSession, keyring: KeyRing) -> int:
    """Re-seal TOTP secrets still under an older master version (with case keys, after
    `shuttle keys rotate`); returns how many accounts changed."""
    active = keyring.active_version
    rows = await session.exec(
        select(Account).where(
            or_(
                and_(col(Account.totp_sealed).is_not(None), Account.totp_master_version != active),
                and_(
                    col(Account.totp_pending_sealed).is_not(None),
                    Account.totp_pending_version != active,
                ),
            )
        )
    )
    changed = 0
    for account in rows.all():
        for sealed_field, version_field in (
            ("totp_sealed", "totp_master_version"),
            ("totp_pending_sealed", "totp_pending_version"),
        ):
            sealed, version = getattr(account, sealed_field), getattr(account, version_field)
            if sealed is None or version == active:
                continue
            secret = keyring.open_totp(account.id, WrappedKey(version, sealed))
            fresh = keyring.seal_totp(account.id, secret)
            setattr(account, sealed_field, fresh.sealed)
            setattr(account, version_field, fresh.master_version)
        session.add(account)
        changed += 1
    if changed:
        await audit.record(
            session,
            actor_id=None,
            action="keys.totp_rewrapped",
            detail={"master_version": active, "accounts": changed},
        )
    return changed


def _clear(account: Account) -> None:
    account.totp_sealed = account.totp_master_version = account.totp_enabled_at = None
    account.totp_pending_sealed = account.totp_pending_version = account.totp_last_step = None

"""What the command line does, as plain async functions (tests call them directly)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import shuttle.models  # noqa: F401 - every table registered, so foreign keys resolve
from shuttle.accounts import service as accounts_service
from shuttle.accounts.models import Account, Role
from shuttle.audit import service as audit
from shuttle.audit.service import ChainReport
from shuttle.cases import keys as case_keys
from shuttle.config import Settings
from shuttle.crypto.keyring import (
    KeyRing,
    KeyRingError,
    keyring_from_settings,
    with_new_version,
    write_key_file,
)
from shuttle.db import (
    create_engine,
    forget_overwritten_pages,
    require_migrated,
    session_factory,
    transaction,
)
from shuttle.errors import ShuttleError


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a migrated database, for one command."""
    engine = create_engine(settings)
    try:
        await require_migrated(engine)
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def check_ready_to_serve(settings: Settings) -> None:
    """Refuse to serve without a key ring or a migrated database; in production, also with
    a development key ring, demo accounts or a missing setting, naming every one."""
    keyring = keyring_from_settings(settings)
    async with database(settings) as sessions:
        if settings.env != "production":
            return
        async with sessions() as session:
            problems = production_problems(settings, keyring) + await _demo_accounts(session)
    if problems:
        raise ShuttleError(
            "refusing to start in production (SHUTTLE_ENV=production):\n  - "
            + "\n  - ".join(problems)
        )


def production_problems(settings: Settings, keyring: KeyRing) -> list[str]:
    """What stops this configuration from being run for real, in words an operator can act on."""
    problems = []
    if settings.master_keys is None and settings.master_key_file is None:
        problems.append(
            "no master key ring is set: set SHUTTLE_MASTER_KEY_FILE (create one with "
            "`shuttle keys init FILE`) or SHUTTLE_MASTER_KEYS"
        )
    elif keyring.generated_for_development:
        problems.append(
            f"the master key file {keyring.source} was generated for development (or the "
            "demo): create a production one with `shuttle keys init FILE`"
        )
    if not settings.smtp_host:
        problems.append(
            "SHUTTLE_SMTP_HOST is not set: people must hear that a letter is waiting for them"
        )
    if settings.mail_from.rstrip(">").endswith(".invalid"):
        problems.append("SHUTTLE_MAIL_FROM is the example address: set the service's own")
    if not settings.redis_url:
        problems.append(
            "SHUTTLE_REDIS_URL is not set: sign-in rate limits, live events and background "
            "work need Redis"
        )
    if not settings.public_base_url.startswith("https://"):
        problems.append(
            f"SHUTTLE_PUBLIC_BASE_URL is {settings.public_base_url!r}: invitation links and the "
            "portal must be https://"
        )
    if not settings.cookie_secure:
        problems.append("SHUTTLE_COOKIE_SECURE is off: session cookies must only travel over TLS")
    return problems


async def _demo_accounts(session: AsyncSession) -> list[str]:
    from shuttle.demo import DEMO_LOGINS  # the demo builds on these commands

    found = (
        await session.exec(select(Account.login).where(col(Account.login).in_(DEMO_LOGINS)))
    ).all()
    if not found:
        return []
    return [
        f"demo accounts exist ({', '.join(sorted(found))}): their passphrases are published; "
        "use a database the demo never touched"
    ]


async def create_user(
    settings: Settings,
    *,
    login: str,
    name: str,
    role: Role,
    area: str | None,
    specialist: bool,
    email: str | None,
    passphrase_hash: str,
) -> Account:
    """Create an account from the command line."""
    async with database(settings) as sessions, transaction(sessions) as session:
        return await accounts_service.create_account(
            session,
            login=login,
            display_name=name,
            role=role,
            passphrase_hash=passphrase_hash,
            email=email,
            area=area,
            specialist=specialist,
        )


async def rotate_master_key(settings: Settings) -> tuple[int, int]:
    """Add a master key version to the key file; returns it and how many case keys wait.

    The worker's keys.rewrap job re-wraps them in batches (`shuttle keys rewrap` does it now).
    """
    ring = keyring_from_settings(settings)
    if ring.source is None:
        raise KeyRingError(
            "the master keys come from SHUTTLE_MASTER_KEYS: add a new '<version>:<key>' entry "
            "there, restart, and run `shuttle keys rewrap`"
        )
    async with database(settings) as sessions:
        rotated = with_new_version(ring)
        # The file is written first: running servers reload it when they meet the new version.
        write_key_file(ring.source, rotated)
        async with transaction(sessions) as session:
            await audit.record(
                session,
                actor_id=None,
                action="keys.rotated",
                detail={"master_version": rotated.active_version},
            )
            waiting = await case_keys.keys_by_version(session)
    return rotated.active_version, sum(waiting.values())


async def rewrap(settings: Settings) -> int:
    """Re-wrap case keys still under an older master version, now."""
    ring = keyring_from_settings(settings)
    async with database(settings) as sessions:
        return await case_keys.rewrap_case_keys(sessions, ring, batch=settings.rewrap_batch)


async def key_status(settings: Settings) -> tuple[int, dict[int, int]]:
    """The active master version, and how many live case keys each version wraps."""
    ring = keyring_from_settings(settings)
    async with database(settings) as sessions, transaction(sessions) as session:
        return ring.active_version, await case_keys.keys_by_version(session)


async def destroy_case(settings: Settings, id_or_reference: str) -> bool:
    """Destroy one case's key and content, and flush SQLite's log so no old page keeps them."""
    async with database(settings) as sessions:
        async with transaction(sessions) as session:
            case = await case_keys.find_case(session, id_or_reference)
            destroyed = await case_keys.destroy_case_key(session, case=case)
        await forget_overwritten_pages(sessions)
    return destroyed


async def verify_audit(settings: Settings) -> ChainReport:
    """Verify the audit chain."""
    async with database(settings) as sessions, transaction(sessions) as session:
        return await audit.verify_chain(session)

"""Case key maintenance: re-wrap under a new master key, and destroy for erasure."""

from __future__ import annotations

import time
import uuid
from datetime import datetime

from sqlalchemy import delete, func, update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts import second_factor
from shuttle.audit import service as audit
from shuttle.cases import service as cases_service
from shuttle.cases.errors import CaseNotFound
from shuttle.cases.models import Case, CaseKey, CaseStatus, Feedback
from shuttle.crypto.keyring import KeyRing, WrappedKey
from shuttle.db import transaction
from shuttle.letters.models import Letter, LetterNote, LetterVersion
from shuttle.relay.models import Scan, ScanChunk
from shuttle.timeutil import utcnow


async def rewrap_case_keys(
    sessions: async_sessionmaker[AsyncSession],
    keyring: KeyRing,
    *,
    batch: int = 200,
    budget_seconds: float | None = None,
) -> int:
    """Re-wrap live case keys under the active master version, a batch per transaction.

    Online and resumable: each batch commits on its own, and a re-run picks up the keys still
    wrapped by an older version (the worker's keys.rewrap job stops after `budget_seconds`
    and carries on at its next run). Letters are never re-encrypted.
    """
    keyring.reload()
    async with transaction(sessions) as session:
        await second_factor.rewrap_secrets(session, keyring)
    target, done = keyring.active_version, 0
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    while True:
        async with transaction(sessions) as session:
            rows = (
                await session.exec(
                    select(CaseKey)
                    .where(CaseKey.master_version != target, col(CaseKey.wrapped_key).is_not(None))
                    .limit(batch)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for row in rows:
                assert row.wrapped_key is not None
                case_key = keyring.unwrap(
                    row.case_id, WrappedKey(row.master_version, row.wrapped_key)
                )
                fresh = keyring.wrap(row.case_id, case_key)
                row.master_version, row.wrapped_key = fresh.master_version, fresh.sealed
                session.add(row)
            if rows:
                await audit.record(
                    session,
                    actor_id=None,
                    action="keys.rewrapped",
                    detail={"master_version": target, "case_keys": len(rows)},
                )
        done += len(rows)
        if len(rows) < batch or (deadline is not None and time.monotonic() >= deadline):
            return done


async def keys_by_version(session: AsyncSession) -> dict[int, int]:
    """How many live case keys each master version wraps (rotation progress)."""
    rows = await session.exec(
        select(CaseKey.master_version, func.count())
        .where(col(CaseKey.wrapped_key).is_not(None))
        .group_by(col(CaseKey.master_version))
    )
    return {version: count for version, count in rows.all()}


async def past_retention(session: AsyncSession, *, closed_before: datetime) -> list[uuid.UUID]:
    """Closed cases whose retention period has ended and whose key still exists."""
    rows = await session.exec(
        select(Case.id)
        .join(CaseKey, col(CaseKey.case_id) == Case.id)
        .where(
            Case.status == CaseStatus.closed,
            col(Case.closed_at) < closed_before,
            col(CaseKey.wrapped_key).is_not(None),
        )
    )
    return list(rows.all())


async def find_case(session: AsyncSession, id_or_reference: str) -> Case:
    """A case by id or by reference (SH-XXXXXX)."""
    try:
        case_id = uuid.UUID(id_or_reference)
    except ValueError:
        case_id = None
    case = (
        await session.exec(
            select(Case).where(or_(Case.id == case_id, Case.reference == id_or_reference.upper()))
        )
    ).first()
    if case is None:
        raise CaseNotFound(f"no case {id_or_reference!r}")
    return case


async def destroy_case_key(session: AsyncSession, *, case: Case, reason: str = "erasure") -> bool:
    """Destroy a case's key and blank its ciphertexts; False if it was already destroyed."""
    row = await session.get(CaseKey, case.id, with_for_update=True)
    if row is None or row.wrapped_key is None:
        return False
    row.wrapped_key = None
    row.destroyed_at = utcnow()
    cases_service.forget_case_key(session, case.id)
    session.add(row)
    letter_ids = select(Letter.id).where(Letter.case_id == case.id)
    await session.exec(
        update(LetterVersion).where(col(LetterVersion.letter_id).in_(letter_ids)).values(body=b"")
    )
    await session.exec(
        update(LetterNote).where(col(LetterNote.letter_id).in_(letter_ids)).values(body=b"")
    )
    await session.exec(
        update(Letter).where(col(Letter.case_id) == case.id).values(envelope_note=None)
    )
    await session.exec(
        update(Feedback).where(col(Feedback.case_id) == case.id).values(comments=None)
    )
    scan_ids = select(Scan.id).where(Scan.case_id == case.id)
    await session.exec(delete(ScanChunk).where(col(ScanChunk.scan_id).in_(scan_ids)))
    await audit.record(
        session,
        actor_id=None,
        action="case.key_destroyed",
        case_id=case.id,
        detail={"reason": reason},
    )
    await session.flush()
    return True

"""Append to the audit chain, and verify it."""

from __future__ import annotations

import hashlib
import json
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, and_, bindparam, case, insert, update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.audit.models import GENESIS_HASH, AuditEntry, AuditHead
from shuttle.db import before_commit, table_of
from shuttle.timeutil import utcnow

_PENDING = "shuttle.audit.pending"


def entry_hash(
    *,
    prev_hash: str,
    seq: int,
    at_iso: str,
    actor_id: uuid.UUID | None,
    action: str,
    case_id: uuid.UUID | None,
    letter_id: uuid.UUID | None,
    detail: dict[str, Any],
) -> str:
    """The hash that chains an entry to the one before it."""
    canonical = json.dumps(
        {
            "seq": seq,
            "at": at_iso,
            "actor": str(actor_id) if actor_id else None,
            "action": action,
            "case": str(case_id) if case_id else None,
            "letter": str(letter_id) if letter_id else None,
            "detail": detail,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


async def record(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    case_id: uuid.UUID | None = None,
    letter_id: uuid.UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Note an entry for the caller's transaction (ids and decisions only, never content).

    Entries are chained just before the transaction commits (see `append_pending`), so the
    lock on the chain head is the last lock a transaction takes and is held only briefly.
    """
    pending: list[dict[str, Any]] = session.info.setdefault(_PENDING, [])
    if not pending:
        before_commit(session, append_pending)
    pending.append(
        {
            "at": utcnow(),
            "actor_id": actor_id,
            "action": action,
            "case_id": case_id,
            "letter_id": letter_id,
            "detail": detail or {},
        }
    )


async def append_pending(session: AsyncSession) -> None:
    """Chain the transaction's noted entries onto the log, under a lock on the head row.

    Two statements when this process appended the last entry: one UPDATE that locks the head
    and moves it on only if it still is the head this process last wrote (returning the head
    as it then is), and one INSERT of the entries. Otherwise (another process appended since,
    or this is the first append), that UPDATE leaves the head as it is and returns it, locked,
    and the entries are chained onto it with one more UPDATE. Either way the entries are
    hashed onto the head as it is under the lock, which is held until the commit.
    """
    pending: list[dict[str, Any]] = session.info.pop(_PENDING, [])
    if not pending:
        return
    bind = session.bind
    engine = bind.sync_engine if isinstance(bind, AsyncEngine) else None
    guess = _last_head.get(engine) if engine is not None else None
    seq, hash_ = guess if guess is not None else (-1, "")
    entries, new_head = _chain(seq, hash_, pending)
    # Core statements, built once (below): no ORM work, and the caller (`db.commit`) flushed.
    row = (
        await session.exec(
            _MOVE_HEAD_IF_GUESSED,
            params={
                "guess_seq": seq,
                "guess_hash": hash_,
                "new_seq": new_head[0],
                "new_hash": new_head[1],
            },
        )
    ).one()
    if (row[0], row[1]) != new_head:
        # Not the head guessed: chain onto the head as it is, locked by that UPDATE. (Were it
        # equal to the new head by coincidence, entry seq's primary key would refuse the
        # insert: nothing is ever chained twice.)
        entries, new_head = _chain(row[0], row[1], pending)
        await session.exec(_MOVE_HEAD, params={"new_seq": new_head[0], "new_hash": new_head[1]})
    await session.exec(_INSERT_ENTRIES, params=entries)
    if engine is not None:
        # A guess only: if this transaction rolls back, the next append finds out and re-reads.
        _last_head[engine] = new_head


_HEAD = table_of(AuditHead)
_NEW_SEQ = bindparam("new_seq", type_=_HEAD.c.seq.type)
_NEW_HASH = bindparam("new_hash", type_=_HEAD.c.hash.type)
_GUESSED = and_(_HEAD.c.seq == bindparam("guess_seq"), _HEAD.c.hash == bindparam("guess_hash"))
# Moves the head on if it is (seq, hash), else leaves it; either way locks and returns it.
_MOVE_HEAD_IF_GUESSED = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(
        seq=case((_GUESSED, _NEW_SEQ), else_=_HEAD.c.seq),
        hash=case((_GUESSED, _NEW_HASH), else_=_HEAD.c.hash),
    )
    .returning(_HEAD.c.seq, _HEAD.c.hash)
)
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1).values(seq=_NEW_SEQ, hash=_NEW_HASH)
_INSERT_ENTRIES = insert(table_of(AuditEntry))
# The head each engine (database) of this process last wrote: the next append's guess.
_last_head: weakref.WeakKeyDictionary[Engine, tuple[int, str]] = weakref.WeakKeyDictionary()


def _chain(
    seq: int, prev_hash: str, pending: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], tuple[int, str]]:
    """The pending entries chained after (seq, prev_hash), and the head after them."""
    entries = []
    for item in pending:
        seq += 1
        digest = entry_hash(
            prev_hash=prev_hash,
            seq=seq,
            at_iso=item["at"].isoformat(),
            actor_id=item["actor_id"],
            action=item["action"],
            case_id=item["case_id"],
            letter_id=item["letter_id"],
            detail=item["detail"],
        )
        entries.append({"seq": seq, "prev_hash": prev_hash, "hash": digest, **item})
        prev_hash = digest
    return entries, (seq, prev_hash)


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verifying the chain."""

    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None


async def verify_chain(session: AsyncSession, *, batch: int = 5_000) -> ChainReport:
    """Walk the chain from the start; report the first entry that was changed, removed or added."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    last_seq = 0
    while True:
        rows = (
            await session.exec(
                select(AuditEntry)
                .where(col(AuditEntry.seq) > last_seq)
                .order_by(col(AuditEntry.seq))
                .limit(batch)
            )
        ).all()
        for entry in rows:
            if entry.seq != expected_seq:
                return ChainReport(
                    False,
                    checked,
                    expected_seq,
                    f"entry {expected_seq} is missing (next present is {entry.seq})",
                )
            if entry.prev_hash != prev_hash:
                return ChainReport(
                    False,
                    checked,
                    entry.seq,
                    f"entry {entry.seq} does not follow entry {entry.seq - 1}",
                )
            digest = entry_hash(
                prev_hash=entry.prev_hash,
                seq=entry.seq,
                at_iso=entry.at.isoformat(),
                actor_id=entry.actor_id,
                action=entry.action,
                case_id=entry.case_id,
                letter_id=entry.letter_id,
                detail=entry.detail,
            )
            if digest != entry.hash:
                return ChainReport(
                    False, checked, entry.seq, f"entry {entry.seq} was changed after it was written"
                )
            prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
        if len(rows) < batch:
            break
        last_seq = rows[-1].seq
    head = (await session.exec(select(AuditHead).where(AuditHead.id == 1))).one_or_none()
    if head is None:
        return ChainReport(False, checked, 1, "the chain head is missing")
    if head.seq != checked or head.hash != prev_hash:
        bad = min(head.seq, checked) + 1
        return ChainReport(
            False, checked, bad, f"the chain ends at entry {checked} but its head says {head.seq}"
        )
    return ChainReport(True, checked)

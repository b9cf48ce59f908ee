"""Scanned replies from prison: streamed in, checked, encrypted in chunks, and turned into letters.

An upload is streamed to a private temporary file (never held whole in memory), its type is
decided from its bytes, its pages are counted, and its reference code is read from the reply
sheet's QR code (or taken as typed). The code must belong to a letter handed over at the
uploader's prison, to a prisoner still there. The scan is then encrypted with the case key in
fixed-size chunks, each bound to its scan, position and whether it is the last, so chunks
cannot be reordered, dropped or swapped between scans. The temporary file is removed before the
request ends. Relay staff then type the transcription, which enters the review queue as the
prisoner's letter with the scan attached.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts.models import Account
from shuttle.audit import service as audit
from shuttle.cases import service as cases_service
from shuttle.cases.models import Case, CaseStatus, Party
from shuttle.config import Settings
from shuttle.crypto import aead
from shuttle.crypto.keyring import KeyRing
from shuttle.errors import Conflict, ContentUnreadable, Invalid, ShuttleError
from shuttle.letters import service as letters_service
from shuttle.letters.models import Letter
from shuttle.relay import documents
from shuttle.relay.models import (
    Channel,
    PrintJob,
    PrintState,
    Scan,
    ScanChunk,
    ScanReceived,
    ScanWaiting,
)
from shuttle.relay.service import Desk, PrintJobNotFound

CHUNK_BYTES = 256 * 1024
MEDIA_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


class ScanTooLarge(ShuttleError):
    """The upload is over the size limit."""

    status = 413
    title = "Content too large"


class ScanRefused(Invalid):
    """The upload is not a scan Shuttle accepts (type, pages, or unreadable)."""

    title = "Scan refused"


class ReferenceRefused(Invalid):
    """The reference code does not match a letter this prison may reply to."""

    title = "Reference not accepted"


class ReplyExists(Conflict):
    """A reply with this reference has already been received."""

    title = "Reply already received"


@dataclass(frozen=True)
class Received:
    """An upload saved to a private temporary file."""

    path: Path
    size: int
    kind: documents.ScanKind


def chunk_context(case_id: uuid.UUID, scan_id: uuid.UUID, seq: int, last: bool) -> bytes:
    """Associated data binding a chunk to its case, scan, place and end."""
    return f"shuttle/scan-chunk/v1|{case_id}|{scan_id}|{seq}|{int(last)}".encode()


# An upload older than this was left by a process that died mid-request: remove it.
STALE_UPLOAD_SECONDS = 3600


def sweep_stale(directory: Path, *, older_than: float = STALE_UPLOAD_SECONDS) -> int:
    """Remove temporary scan files a crashed process left behind; returns how many."""
    cutoff, removed = time.time() - older_than, 0
    for leftover in directory.glob("scan-*"):
        with contextlib.suppress(FileNotFoundError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed += 1
    return removed


async def receive(stream: AsyncIterable[bytes], *, limit: int, directory: Path) -> Received:
    """Write the request body to a private temporary file, refusing it past `limit` bytes."""
    await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
    await asyncio.to_thread(sweep_stale, directory)
    fd, name = tempfile.mkstemp(dir=directory, prefix="scan-")
    path, size, head = Path(name), 0, b""
    try:
        with os.fdopen(fd, "wb") as handle:
            async for chunk in stream:
                size += len(chunk)
                if size > limit:
                    raise ScanTooLarge(f"scans are limited to {limit // 1_000_000} MB")
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                await asyncio.to_thread(handle.write, chunk)
        if size == 0:
            raise ScanRefused("the upload is empty: send the scanned file as the request body")
        try:
            kind = documents.sniff_kind(head)
        except documents.ScanRejected as exc:
            raise ScanRefused(str(exc)) from None
        return Received(path, size, kind)
    except BaseException:
        await asyncio.to_thread(path.unlink, missing_ok=True)
        raise


@contextlib.asynccontextmanager
async def received(
    stream: AsyncIterable[bytes], *, limit: int, directory: Path
) -> AsyncIterator[Received]:
    """`receive`, with the temporary file removed when the block ends."""
    upload = await receive(stream, limit=limit, directory=directory)
    try:
        yield upload
    finally:
        await asyncio.to_thread(upload.path.unlink, missing_ok=True)


async def check_pages(upload: Received, max_pages: int) -> int:
    """How many pages the scan has; refused when unreadable or over the limit."""
    try:
        pages = await asyncio.to_thread(documents.count_pages, upload.path, upload.kind)
    except documents.ScanRejected as exc:
        raise ScanRefused(str(exc)) from None
    if pages > max_pages:
        raise ScanRefused(f"scans are limited to {max_pages} pages; this one has {pages}")
    return pages


async def find_reference(upload: Received, typed: str | None) -> str:
    """The reference as typed, or read from the reply sheet's QR code."""
    if typed is not None:
        code = documents.normalise_code(typed)
        if code is None:
            raise ReferenceRefused(
                "that is not a reference code: it looks like RL-XXXX-XXXX, on the reply sheet"
            )
        return code
    try:
        code = await asyncio.to_thread(documents.read_reference, upload.path, upload.kind)
    except documents.ScanRejected as exc:
        raise ScanRefused(str(exc)) from None
    if code is None:
        raise ReferenceRefused(
            "no reference code could be read from the reply sheet: put the reply sheet first, "
            "or type the code printed on it"
        )
    return code


async def job_for_reply(session: AsyncSession, desk: Desk, code: str) -> PrintJob:
    """The letter this reply answers: handed over at the caller's prison to a prisoner still
    there (or posted by the caller to someone still receiving letters by post), in an open
    case; anything else is refused without saying whose it is."""
    job = (
        await session.exec(
            select(PrintJob).where(PrintJob.reference == code, desk.owns()).with_for_update()
        )
    ).first()
    where = "sent by post in your cases" if desk.by_post else "handed over at your establishment"
    refused = ReferenceRefused(
        f"{code} is not a reference for a letter {where}: check the code on the reply sheet"
    )
    if job is None or job.state is not PrintState.handed_over:
        raise refused
    party = await session.get(Party, job.party_id)
    channel = Channel.post if desk.by_post else Channel.relay
    if party is None or party.channel != channel or party.establishment_id != job.establishment_id:
        raise refused
    case = await session.get(Case, job.case_id)
    if case is None or case.status is not CaseStatus.open:
        raise Conflict("this exchange is on hold: keep the reply until the facilitator resumes it")
    existing = (await session.exec(select(Scan.id).where(Scan.print_job_id == job.id))).first()
    if existing is not None:
        raise ReplyExists(
            "a reply with this reference has already been received: if its transcription was "
            "not sent, it is listed among the replies still to type"
        )
    return job


async def store(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    actor: Account,
    job: PrintJob,
    upload: Received,
    pages: int,
) -> Scan:
    """Encrypt the scan into chunks with the case key, reading the file a chunk at a time."""
    key = await cases_service.case_key(session, keyring, job.case_id)
    scan = Scan(
        case_id=job.case_id,
        print_job_id=job.id,
        kind=upload.kind,
        pages=pages,
        size=upload.size,
        chunks=-(-upload.size // CHUNK_BYTES),  # never 0: an empty upload is refused
        uploaded_by=actor.id,
    )
    session.add(scan)
    await session.flush()
    # Core inserts: the session keeps no chunk, so memory stays at one chunk whatever the size.
    chunks = ScanChunk.__table__  # type: ignore[attr-defined]
    with upload.path.open("rb") as handle:
        for seq in range(scan.chunks):
            plain = await asyncio.to_thread(handle.read, CHUNK_BYTES)
            last = seq == scan.chunks - 1
            sealed = aead.encrypt(key, plain, chunk_context(scan.case_id, scan.id, seq, last))
            await session.exec(insert(chunks).values(scan_id=scan.id, seq=seq, body=sealed))
    await audit.record(
        session,
        actor_id=actor.id,
        action="scan.received",
        case_id=job.case_id,
        letter_id=job.letter_id,
        detail={"scan": str(scan.id), "pages": pages, "bytes": upload.size},
    )
    return scan


async def accept(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    desk: Desk,
    stream: AsyncIterable[bytes],
    typed_reference: str | None,
) -> ScanReceived:
    """Receive a scanned reply, match it to its letter, store it encrypted, and offer an OCR
    draft; the temporary file is gone before this returns."""
    async with received(
        stream, limit=settings.scan_max_bytes, directory=settings.var_dir / "uploads"
    ) as upload:
        pages = await check_pages(upload, settings.scan_max_pages)
        code = await find_reference(upload, typed_reference)
        job = await job_for_reply(session, desk, code)
        scan = await store(session, keyring, actor=desk.actor, job=job, upload=upload, pages=pages)
        draft = await asyncio.to_thread(
            documents.ocr_draft,
            upload.path,
            upload.kind,
            max_pages=settings.scan_max_pages,
            timeout=settings.ocr_timeout_seconds,
        )
    return ScanReceived(
        id=scan.id, reference=code, kind=scan.kind, pages=pages, size=scan.size, ocr_draft=draft
    )


async def scan_at_desk(session: AsyncSession, desk: Desk, scan_id: uuid.UUID) -> Scan:
    """A scan uploaded for one of this desk's letters; else 404."""
    row = (
        await session.exec(
            select(Scan)
            .join(PrintJob, col(PrintJob.id) == Scan.print_job_id)
            .where(Scan.id == scan_id, desk.owns())
            .with_for_update()
        )
    ).first()
    if row is None:
        where = "in your cases" if desk.by_post else "at your establishment"
        raise PrintJobNotFound(f"no such scan {where}")
    return row


async def waiting(session: AsyncSession, *, desk: Desk) -> list[ScanWaiting]:
    """Scans this desk stored whose transcription was never sent (a closed tab, a crash),
    oldest first: they can be typed and sent at any time."""
    rows = await session.exec(
        select(Scan, PrintJob)
        .join(PrintJob, col(PrintJob.id) == col(Scan.print_job_id))
        .where(desk.owns(), col(Scan.letter_id).is_(None))
        .order_by(col(Scan.uploaded_at))
    )
    return [
        ScanWaiting(
            id=scan.id,
            reference=job.reference,
            kind=scan.kind,
            pages=scan.pages,
            uploaded_at=scan.uploaded_at,
        )
        for scan, job in rows.all()
    ]


async def submit_reply(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    desk: Desk,
    scan_id: uuid.UUID,
    transcription: str,
) -> Letter:
    """The typed transcription enters the review queue as the writer's letter, scan attached."""
    scan = await scan_at_desk(session, desk, scan_id)
    if scan.letter_id is not None:
        raise ReplyExists("this scan has already been sent with its transcription")
    job = await session.get(PrintJob, scan.print_job_id)
    assert job is not None
    party = await session.get(Party, job.party_id)
    case = await session.get(Case, job.case_id)
    assert party is not None and case is not None
    letter = await letters_service.write_relayed(
        session, keyring, settings, actor=desk.actor, case=case, party=party, body=transcription
    )
    scan.letter_id = letter.id
    session.add(scan)
    await session.flush()
    return letter


async def read_chunks(
    sessions: async_sessionmaker[AsyncSession], key: bytes, scan: Scan
) -> AsyncIterator[bytes]:
    """The scan's bytes, one chunk at a time, each read in its own short transaction."""
    for seq in range(scan.chunks):
        async with sessions() as session:
            row = await session.get(ScanChunk, (scan.id, seq))
        if row is None:
            raise ContentUnreadable("a part of this scan is missing")
        context = chunk_context(scan.case_id, scan.id, seq, seq == scan.chunks - 1)
        try:
            yield aead.decrypt(key, row.body, context)
        except aead.DecryptionFailed:
            raise ContentUnreadable(
                "a part of this scan did not pass its integrity check"
            ) from None

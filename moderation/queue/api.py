"""Review routes for facilitators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import StreamingResponse

from moderation.queue import service as review_service
from moderation.queue.models import AlertView, QueueItem, RedactRequest, ReviewLetter, VersionText
from shuttle.accounts.deps import CurrentAccount
from shuttle.deps import KeyRingDep, SessionDep, SettingsDep
from shuttle.letters.models import ReleaseRequest, ReturnRequest
from shuttle.relay import scans
from shuttle.relay.models import ScanView

router = APIRouter(prefix="/review", tags=["review"])


@router.get("/queue", response_model=list[QueueItem])
async def review_queue(session: SessionDep, account: CurrentAccount) -> list[QueueItem]:
    """Letters waiting in your cases, oldest first."""
    return await review_service.queue(session, actor=account)


@router.get("/letters/{letter_id}", response_model=ReviewLetter)
async def review_letter(
    letter_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> ReviewLetter:
    """A letter's review record: versions, notes and deliveries."""
    return await review_service.review_view(session, keyring, actor=account, letter_id=letter_id)


# Version numbers count from 1 and are stored as 32-bit integers: a larger one names nothing,
# and must not reach the database (PostgreSQL refuses to compare it, SQLite overflows).
VersionNumber = Annotated[int, Path(ge=1, le=2**31 - 1, description="the version, from 1")]


@router.get("/letters/{letter_id}/versions/{number}", response_model=VersionText)
async def read_version(
    letter_id: uuid.UUID,
    number: VersionNumber,
    session: SessionDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> VersionText:
    """One version's text (audited)."""
    return await review_service.read_version(
        session, keyring, actor=account, letter_id=letter_id, number=number
    )


@router.get("/letters/{letter_id}/scan", response_model=ScanView)
async def scan_of_letter(
    letter_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> ScanView:
    """The scan a relayed letter came with."""
    scan = await review_service.scan_of(session, actor=account, letter_id=letter_id)
    return ScanView.model_validate(scan, from_attributes=True)


@router.get(
    "/letters/{letter_id}/scan/file",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}},
)
async def scan_file(
    letter_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> StreamingResponse:
    """The scanned pages, streamed and decrypted a chunk at a time (the read is audited)."""
    scan, key = await review_service.open_scan(session, keyring, actor=account, letter_id=letter_id)
    return StreamingResponse(
        scans.read_chunks(request.app.state.sessions, key, scan),
        media_type=scans.MEDIA_TYPES[scan.kind],
        headers={"Content-Length": str(scan.size)},
    )


async def _record(
    session: SessionDep, keyring: KeyRingDep, account: CurrentAccount, letter_id: uuid.UUID
) -> ReviewLetter:
    return await review_service.review_view(session, keyring, actor=account, letter_id=letter_id)


@router.post("/letters/{letter_id}/claim", response_model=ReviewLetter)
async def claim(
    letter_id: uuid.UUID,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> ReviewLetter:
    """Claim a letter for review (a lease that expires)."""
    await review_service.claim(session, settings, actor=account, letter_id=letter_id)
    return await _record(session, keyring, account, letter_id)


@router.post("/letters/{letter_id}/unclaim", response_model=ReviewLetter)
async def unclaim(
    letter_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> ReviewLetter:
    """Give a letter back to the queue."""
    await review_service.unclaim(session, actor=account, letter_id=letter_id)
    return await _record(session, keyring, account, letter_id)


@router.post("/letters/{letter_id}/return", response_model=ReviewLetter)
async def return_letter(
    letter_id: uuid.UUID,
    body: ReturnRequest,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> ReviewLetter:
    """Return a letter to its author with notes."""
    await review_service.return_letter(
        session,
        keyring,
        settings,
        actor=account,
        letter_id=letter_id,
        notes=body.notes,
        spans=body.spans,
    )
    return await _record(session, keyring, account, letter_id)


@router.post("/letters/{letter_id}/release", response_model=ReviewLetter)
async def release(
    letter_id: uuid.UUID,
    body: ReleaseRequest,
    session: SessionDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> ReviewLetter:
    """Release the current version to the other side (or for second approval)."""
    await review_service.release(
        session, keyring, actor=account, letter_id=letter_id, envelope_note=body.envelope_note
    )
    return await _record(session, keyring, account, letter_id)


@router.post("/letters/{letter_id}/approve", response_model=ReviewLetter)
async def approve(
    letter_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> ReviewLetter:
    """Give the second approval a high-risk case needs."""
    await review_service.approve(session, actor=account, letter_id=letter_id)
    return await _record(session, keyring, account, letter_id)


@router.post("/letters/{letter_id}/redact", response_model=ReviewLetter)
async def redact(
    letter_id: uuid.UUID,
    body: RedactRequest,
    session: SessionDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> ReviewLetter:
    """Remove spans from the current version (a new version, marked, screened again)."""
    await review_service.redact(
        session, keyring, actor=account, letter_id=letter_id, spans=body.spans
    )
    return await _record(session, keyring, account, letter_id)


@router.get("/alerts", response_model=list[AlertView])
async def alerts(session: SessionDep, account: CurrentAccount) -> list[AlertView]:
    """Open safeguarding alerts in your cases, oldest first."""
    return await review_service.alerts(session, actor=account)


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertView)
async def acknowledge(
    alert_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> AlertView:
    """Record that you have acted on a safeguarding alert."""
    return await review_service.acknowledge(session, actor=account, alert_id=alert_id)

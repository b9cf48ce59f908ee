"""Facilitators' review of letters: rules only, no HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, true, union_all
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from moderation.queue.models import (
    AlertView,
    DeliveryInfo,
    FindingView,
    NoteInfo,
    QueueItem,
    ReviewLetter,
    VersionInfo,
    VersionText,
)
from moderation.screening import service as screening_service
from moderation.screening.models import SafeguardingAlert, ScreeningResult
from shuttle.accounts.models import Account, Role
from shuttle.audit import service as audit
from shuttle.cases import service as cases_service
from shuttle.cases.models import Case, CaseFacilitator, Party, is_high_risk
from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing
from shuttle.delivery import service as delivery_service
from shuttle.letters import service as letters_service
from shuttle.letters.errors import ClaimHeld, LetterNotFound, SecondApprovalBySameFacilitator
from shuttle.letters.models import (
    IN_QUEUE,
    Delivery,
    Letter,
    LetterNote,
    LetterState,
    LetterVersion,
    SpanRef,
)
from shuttle.relay.models import Scan
from shuttle.timeutil import utcnow

SYSTEM = None  # actor id recorded for the system's own decisions


async def _reviewable(
    session: AsyncSession, actor: Account, letter_id: uuid.UUID, *, lock: bool = False
) -> tuple[Letter, Case]:
    """A letter in a case the facilitator is assigned to; drafts stay private to the author."""
    # A decision locks the letter's row so two facilitators cannot both claim or release it.
    letter = await session.get(Letter, letter_id, with_for_update=lock)
    if letter is None or letter.state is LetterState.draft or actor.role is not Role.facilitator:
        raise LetterNotFound("no such letter")
    if not await cases_service.is_assigned(session, letter.case_id, actor.id):
        raise LetterNotFound("no such letter")
    case = await session.get(Case, letter.case_id)
    assert case is not None
    return letter, case


def _live_claim(
    claimed_by: uuid.UUID | None, claim_expires_at: datetime | None, state: LetterState
) -> tuple[uuid.UUID | None, datetime | None]:
    """Who holds the claim and until when, shown only while the lease runs."""
    if state is LetterState.in_review:
        return claimed_by, claim_expires_at
    return None, None


async def _page_candidates(session: AsyncSession, actor: Account, limit: int) -> list[uuid.UUID]:
    """Letters that may be on the first page of the facilitator's queue: at most `limit`
    urgent ones, and the `limit` oldest in each queue state. The page (urgent first, then
    oldest) is always among them, and each part is read along an index, stopping at `limit`,
    however many letters wait: no sort of the whole queue.
    """
    mine = select(CaseFacilitator.case_id).where(CaseFacilitator.account_id == actor.id)
    urgent = (
        select(Letter.id)
        .join(
            ScreeningResult,
            and_(
                col(ScreeningResult.letter_id) == Letter.id,
                col(ScreeningResult.version) == Letter.version,
            ),
        )
        .where(
            # "= true", not "IS true": PostgreSQL uses an index only for the former.
            col(ScreeningResult.urgent) == true(),
            col(Letter.state).in_(IN_QUEUE),
            col(Letter.case_id).in_(mine),
        )
        .order_by(col(Letter.queued_at), col(Letter.id))
        .limit(limit)
    )
    # One ordered, limited read per state along ix_letter_state_queued (an IN over the states
    # would have to sort every waiting letter to find the oldest).
    oldest = [
        select(Letter.id)
        .where(col(Letter.state) == state, col(Letter.case_id).in_(mine))
        .order_by(col(Letter.queued_at), col(Letter.id))
        .limit(limit)
        .subquery()
        for state in IN_QUEUE
    ]
    parts = [urgent.subquery(), *oldest]
    every = union_all(*(sa_select(part.c.id) for part in parts))
    return list((await session.exec(every)).scalars().all())  # type: ignore[call-overload]


async def queue(session: AsyncSession, *, actor: Account, limit: int = 50) -> list[QueueItem]:
    """Letters waiting in the facilitator's cases: threats and self-harm first, then oldest."""
    if actor.role is not Role.facilitator:
        raise LetterNotFound("no such resource")
    candidates = await _page_candidates(session, actor, limit)
    if not candidates:
        return []
    urgent = func.coalesce(ScreeningResult.urgent, False)
    open_alert = (
        select(SafeguardingAlert.id)
        .where(
            col(SafeguardingAlert.letter_id) == Letter.id,
            col(SafeguardingAlert.acknowledged_at).is_(None),
        )
        .exists()
    )
    # Columns, not entities: the page shows 16 fields of four tables, and loading the four
    # objects per letter (every column, identity map, instance state) was most of its cost.
    rows: Sequence[Any] = (  # Rows, read by column name
        await session.exec(  # type: ignore[call-overload]
            sa_select(
                col(Letter.id),
                col(Letter.case_id),
                col(Letter.state),
                col(Letter.version),
                col(Letter.from_side),
                col(Letter.queued_at),
                col(Letter.claimed_by),
                col(Letter.claim_expires_at),
                col(Letter.first_release_by),
                col(Case.reference),
                col(Case.risk_flags),
                col(Party.label),
                col(ScreeningResult.letter_id).is_not(None).label("screened"),
                urgent.label("urgent"),
                col(ScreeningResult.counts),
                open_alert.label("alert"),
            )
            .join(Case, Case.id == Letter.case_id)  # type: ignore[arg-type]
            .join(Party, Party.id == Letter.author_party_id)  # type: ignore[arg-type]
            .outerjoin(
                ScreeningResult,
                and_(
                    col(ScreeningResult.letter_id) == Letter.id,
                    col(ScreeningResult.version) == Letter.version,
                ),
            )
            # The candidates are in the facilitator's cases. By id only: a filter on state or
            # facilitator here would let SQLite walk the whole queue instead.
            .where(col(Letter.id).in_(candidates))
            .order_by(urgent.desc(), col(Letter.queued_at), col(Letter.id))
            .limit(limit)
        )
    ).all()
    now = utcnow()
    items = []
    for row in rows:
        if row.state not in IN_QUEUE:  # moved on between the two reads
            continue
        state = letters_service.state_with_lease(row.state, row.claim_expires_at, now)
        claimed_by, claim_expires_at = _live_claim(row.claimed_by, row.claim_expires_at, state)
        items.append(
            QueueItem(
                letter_id=row.id,
                case_id=row.case_id,
                case_reference=row.reference,
                state=state,
                version=row.version,
                from_side=row.from_side,
                from_label=row.label,
                queued_at=row.queued_at,
                claimed_by=claimed_by,
                claim_expires_at=claim_expires_at,
                needs_second_approval=is_high_risk(row.risk_flags),
                first_release_by=row.first_release_by,
                screened=bool(row.screened),
                urgent=bool(row.urgent),
                finding_counts=dict(row.counts or {}),
                safeguarding_alert=bool(row.alert),
            )
        )
    return items


async def review_view(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, letter_id: uuid.UUID
) -> ReviewLetter:
    """A letter's review record: versions, notes, deliveries (the text is a separate read)."""
    letter, case = await _reviewable(session, actor, letter_id)
    author = await session.get(Party, letter.author_party_id)
    assert author is not None
    versions = (
        await session.exec(
            select(LetterVersion)
            .where(LetterVersion.letter_id == letter.id)
            .order_by(col(LetterVersion.number))
        )
    ).all()
    notes = await letters_service.decrypt_notes(session, keyring, letter)
    deliveries = (
        await session.exec(
            select(Delivery, Party)
            .join(Party, Party.id == Delivery.party_id)  # type: ignore[arg-type]
            .where(Delivery.letter_id == letter.id)
        )
    ).all()
    envelope = await letters_service.open_envelope(session, keyring, letter)
    scanned = (await session.exec(select(Scan.id).where(Scan.letter_id == letter.id))).first()
    state = letters_service.effective_state(letter)
    claimed_by, claim_expires_at = _live_claim(letter.claimed_by, letter.claim_expires_at, state)
    return ReviewLetter(
        id=letter.id,
        case_id=case.id,
        state=state,
        version=letter.version,
        from_side=letter.from_side,
        from_label=author.label,
        author_party_id=author.id,
        queued_at=letter.queued_at,
        claimed_by=claimed_by,
        claim_expires_at=claim_expires_at,
        needs_second_approval=case.high_risk,
        first_release_by=letter.first_release_by,
        released_version=letter.released_version,
        released_by=letter.released_by,
        released_at=letter.released_at,
        envelope_note=envelope,
        scanned=scanned is not None,
        versions=[
            VersionInfo(number=v.number, created_at=v.created_at, submitted_at=v.submitted_at)
            for v in versions
        ],
        notes=[
            NoteInfo(
                version=n.version, notes=text, written_by=n.written_by, created_at=n.created_at
            )
            for n, text in notes
        ],
        deliveries=[
            DeliveryInfo(
                party_id=p.id,
                label=p.label,
                delivered_at=d.delivered_at,
                opened_at=d.opened_at,
                cancelled_at=d.cancelled_at,
            )
            for d, p in deliveries
        ],
    )


async def read_version(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, letter_id: uuid.UUID, number: int
) -> VersionText:
    """One version's text for a facilitator of the case (an audited read)."""
    letter, _ = await _reviewable(session, actor, letter_id)
    version = await letters_service.get_version(session, letter.id, number)
    body = await letters_service.decrypt_version(session, keyring, letter, version)
    await audit.record(
        session,
        actor_id=actor.id,
        action="letter.read",
        case_id=letter.case_id,
        letter_id=letter.id,
        detail={"version": number, "as": "facilitator"},
    )
    result = await session.get(ScreeningResult, version.id)
    findings = await screening_service.stored_findings(session, version.id)
    return VersionText(
        letter_id=letter.id,
        number=number,
        body=body,
        created_at=version.created_at,
        submitted_at=version.submitted_at,
        redacted_by=version.redacted_by,
        screened=result is not None,
        findings=[
            FindingView(
                category=f.category,
                start=f.start,
                end=f.end,
                text=body[f.start : f.end],
                reason=f.reason,
                severity=f.severity,
            )
            for f in findings
        ],
    )


REDACTION_MARK = "[removed by your facilitator]"


async def redact(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    actor: Account,
    letter_id: uuid.UUID,
    spans: list[SpanRef],
) -> Letter:
    """Remove spans before release: a new version, marked as the facilitator's, screened again.

    The author sees the new version as their letter's current text, marked as redacted.
    """
    letter, _ = await _reviewable(session, actor, letter_id, lock=True)
    _require_own_claim(letter, actor, "redact")
    current = await letters_service.get_version(session, letter.id, letter.version)
    text = await letters_service.decrypt_version(session, keyring, letter, current)
    ordered = letters_service.check_spans(spans, len(text), overlapping=False)
    for span in reversed(ordered):
        text = text[: span.start] + REDACTION_MARK + text[span.end :]
    letter.version += 1
    version = LetterVersion(
        letter_id=letter.id,
        number=letter.version,
        written_by=actor.id,
        redacted_by=actor.id,
        submitted_at=utcnow(),
        body=await letters_service.encrypt_version(session, keyring, letter, letter.version, text),
    )
    session.add(version)
    await session.flush()
    await letters_service.move(
        session,
        letter,
        LetterState.in_review,
        actor_id=actor.id,
        action="letter.redacted",
        detail={"version": letter.version, "from_version": current.number, "spans": len(ordered)},
    )
    await screening_service.screen_version(session, letter, version, text)
    return letter


async def scan_of(session: AsyncSession, *, actor: Account, letter_id: uuid.UUID) -> Scan:
    """The scan a relayed letter came with, for the case's facilitators."""
    await _reviewable(session, actor, letter_id)
    scan = (await session.exec(select(Scan).where(Scan.letter_id == letter_id))).first()
    if scan is None:
        raise LetterNotFound("this letter did not come with a scan")
    return scan


async def open_scan(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, letter_id: uuid.UUID
) -> tuple[Scan, bytes]:
    """The scan and the case key that opens it; the read is audited."""
    scan = await scan_of(session, actor=actor, letter_id=letter_id)
    key = await cases_service.case_key(session, keyring, scan.case_id)
    await audit.record(
        session,
        actor_id=actor.id,
        action="scan.read",
        case_id=scan.case_id,
        letter_id=letter_id,
        detail={"scan": str(scan.id)},
    )
    return scan, key


async def alerts(session: AsyncSession, *, actor: Account) -> list[AlertView]:
    """Open safeguarding alerts in the facilitator's cases."""
    if actor.role is not Role.facilitator:
        raise LetterNotFound("no such resource")
    return [_alert_view(a) for a in await screening_service.open_alerts(session, actor=actor)]


async def acknowledge(session: AsyncSession, *, actor: Account, alert_id: uuid.UUID) -> AlertView:
    """Record that a facilitator has acted on an alert."""
    alert = await screening_service.acknowledge_alert(session, actor=actor, alert_id=alert_id)
    return _alert_view(alert)


def _alert_view(alert: SafeguardingAlert) -> AlertView:
    return AlertView(
        id=alert.id,
        case_id=alert.case_id,
        letter_id=alert.letter_id,
        version=alert.version,
        raised_at=alert.raised_at,
        acknowledged_by=alert.acknowledged_by,
        acknowledged_at=alert.acknowledged_at,
    )


def _require_own_claim(letter: Letter, actor: Account, action: str) -> None:
    letters_service.require_state(letter, action, [LetterState.in_review])
    if letter.claimed_by != actor.id:
        raise ClaimHeld(f"claim this letter before you {action} it; another facilitator holds it")


async def claim(
    session: AsyncSession, settings: Settings, *, actor: Account, letter_id: uuid.UUID
) -> Letter:
    """Take a lease on a queued letter (or renew your own)."""
    letter, _ = await _reviewable(session, actor, letter_id, lock=True)
    state = letters_service.require_state(
        letter, "claim", [LetterState.queued, LetterState.in_review]
    )
    if state is LetterState.in_review and letter.claimed_by != actor.id:
        raise ClaimHeld(
            "another facilitator is reviewing this letter",
            claim_expires_at=letter.claim_expires_at.isoformat()
            if letter.claim_expires_at
            else None,
        )
    letter.claimed_by = actor.id
    letter.claim_expires_at = utcnow() + timedelta(minutes=settings.claim_lease_minutes)
    return await letters_service.move(
        session,
        letter,
        LetterState.in_review,
        actor_id=actor.id,
        action="letter.claimed",
        detail={"version": letter.version},
    )


async def unclaim(session: AsyncSession, *, actor: Account, letter_id: uuid.UUID) -> Letter:
    """Give a claimed letter back to the queue."""
    letter, _ = await _reviewable(session, actor, letter_id, lock=True)
    _require_own_claim(letter, actor, "unclaim")
    letter.claimed_by = letter.claim_expires_at = None
    return await letters_service.move(
        session, letter, LetterState.queued, actor_id=actor.id, action="letter.unclaimed"
    )


async def return_letter(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    actor: Account,
    letter_id: uuid.UUID,
    notes: str,
    spans: list[SpanRef] | None = None,
) -> Letter:
    """Return a letter to its author with notes (from review, or at second approval).

    The notes may point at spans of the current version; the author sees the words quoted.
    """
    letter, _ = await _reviewable(session, actor, letter_id, lock=True)
    state = letters_service.require_state(
        letter, "return", [LetterState.in_review, LetterState.awaiting_second]
    )
    if state is LetterState.in_review:
        _require_own_claim(letter, actor, "return")
    elif letter.first_release_by == actor.id:
        raise SecondApprovalBySameFacilitator(
            "you released this letter; a second facilitator decides at this stage"
        )
    letters_service.check_text(notes, settings.max_note_chars, what="note")
    pointed: list[SpanRef] = []
    if spans:
        current = await letters_service.get_version(session, letter.id, letter.version)
        text = await letters_service.decrypt_version(session, keyring, letter, current)
        pointed = letters_service.check_spans(spans, len(text))
    note = LetterNote(
        letter_id=letter.id,
        version=letter.version,
        written_by=actor.id,
        body=b"",
        spans=[{"start": sp.start, "end": sp.end} for sp in pointed],
    )
    note.body = await letters_service.seal_note(session, keyring, letter, note.id, notes)
    session.add(note)
    letter.claimed_by = letter.claim_expires_at = letter.first_release_by = None
    return await letters_service.move(
        session,
        letter,
        LetterState.returned,
        actor_id=actor.id,
        action="letter.returned",
        detail={"version": letter.version, "spans": len(pointed)},
    )


async def release(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    actor: Account,
    letter_id: uuid.UUID,
    envelope_note: str | None,
) -> Letter:
    """Release the current version; a high-risk case waits for a second facilitator."""
    letter, case = await _reviewable(session, actor, letter_id, lock=True)
    _require_own_claim(letter, actor, "release")
    author = await session.get(Party, letter.author_party_id)
    assert author is not None
    await letters_service.sides_consent(session, case, author)
    if envelope_note and envelope_note.strip():
        letter.envelope_note = await letters_service.seal_envelope(
            session, keyring, letter, envelope_note.strip()
        )
    letter.claimed_by = letter.claim_expires_at = None
    if case.high_risk:
        letter.first_release_by = actor.id
        return await letters_service.move(
            session,
            letter,
            LetterState.awaiting_second,
            actor_id=actor.id,
            action="letter.release_proposed",
            detail={"version": letter.version},
        )
    return await _release(session, actor=actor, letter=letter)


async def approve(session: AsyncSession, *, actor: Account, letter_id: uuid.UUID) -> Letter:
    """A second facilitator approves a release in a high-risk case."""
    letter, case = await _reviewable(session, actor, letter_id, lock=True)
    letters_service.require_state(letter, "approve", [LetterState.awaiting_second])
    if letter.first_release_by == actor.id:
        raise SecondApprovalBySameFacilitator(
            "a different facilitator of this case must give the second approval"
        )
    author = await session.get(Party, letter.author_party_id)
    assert author is not None
    await letters_service.sides_consent(session, case, author)
    return await _release(session, actor=actor, letter=letter)


async def _release(session: AsyncSession, *, actor: Account, letter: Letter) -> Letter:
    letter.released_by = actor.id
    letter.released_version = letter.version
    letter.released_at = utcnow()
    first = str(letter.first_release_by) if letter.first_release_by else None
    await letters_service.move(
        session,
        letter,
        LetterState.released,
        actor_id=actor.id,
        action="letter.released",
        detail={"version": letter.version, "first_release_by": first},
    )
    await delivery_service.create_deliveries(session, letter=letter)
    return letter


async def expire_claims(session: AsyncSession) -> int:
    """Put letters whose claim lease ran out back in the queue; returns how many."""
    now = utcnow()
    expired = (
        await session.exec(
            select(Letter)
            .where(
                Letter.state == LetterState.in_review,
                col(Letter.claim_expires_at) <= now,
            )
            .with_for_update(skip_locked=True)
        )
    ).all()
    for letter in expired:
        claimed_by = str(letter.claimed_by)
        letter.claimed_by = letter.claim_expires_at = None
        await letters_service.move(
            session,
            letter,
            LetterState.queued,
            actor_id=SYSTEM,
            action="letter.claim_expired",
            detail={"claimed_by": claimed_by},
        )
    return len(expired)

"""Letters as their authors and recipients use them: rules only, no HTTP.

The review side (claim, return, release, approve) lives in moderation/queue and uses the
state checks and encryption helpers here.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts.models import Account
from shuttle.audit import service as audit
from shuttle.cases import service as cases_service
from shuttle.cases.errors import CaseClosed
from shuttle.cases.models import Case, CaseStatus, Consent, Party
from shuttle.config import Settings
from shuttle.crypto import aead
from shuttle.crypto.keyring import KeyRing
from shuttle.db import insert_new
from shuttle.errors import ContentUnreadable
from shuttle.letters import hooks
from shuttle.letters.errors import (
    ConsentMissing,
    InvalidTransition,
    LetterNotFound,
    LetterTextInvalid,
    SpanInvalid,
)
from shuttle.letters.models import (
    IN_QUEUE,
    WITHDRAWABLE,
    AuthorLetterSummary,
    AuthorLetterView,
    Delivery,
    Letter,
    LetterNote,
    LetterState,
    LetterVersion,
    NoteView,
    OpenedLetter,
    QuotedSpan,
    SealedLetter,
    SpanRef,
)
from shuttle.realtime import service as realtime
from shuttle.realtime.models import EventType
from shuttle.timeutil import utcnow

log = logging.getLogger("shuttle.letters")

# ---- shared helpers (also used by the review queue) -----------------------------------------


def effective_state(letter: Letter, now: datetime | None = None) -> LetterState:
    """The state, counting an expired claim lease as back in the queue."""
    return state_with_lease(letter.state, letter.claim_expires_at, now)


def state_with_lease(
    state: LetterState, claim_expires_at: datetime | None, now: datetime | None = None
) -> LetterState:
    """`effective_state` from the two columns it needs (for reads that load no Letter)."""
    if (
        state is LetterState.in_review
        and claim_expires_at is not None
        and (now or utcnow()) >= claim_expires_at
    ):
        return LetterState.queued
    return state


def require_state(letter: Letter, action: str, allowed: Iterable[LetterState]) -> LetterState:
    """The letter's effective state, or 409 naming the states that allow the action."""
    allowed = tuple(allowed)
    state = effective_state(letter)
    if state not in allowed:
        raise InvalidTransition(action, state.value, (s.value for s in allowed))
    return state


async def move(
    session: AsyncSession,
    letter: Letter,
    state: LetterState,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    detail: dict[str, object] | None = None,
    facilitators: Iterable[uuid.UUID] | None = None,
) -> Letter:
    """Put a letter in a new state, audit the decision and tell who must know, in one transaction.

    A move into, within or out of the review queue tells the case's facilitators (read here
    unless the caller read them in this transaction already); a return also tells the author.
    """
    before = letter.state
    letter.state = state
    letter.updated_at = utcnow()
    session.add(letter)
    await _record_move(session, letter, before, actor_id, action, detail, facilitators)
    await session.flush()
    return letter


async def _record_move(
    session: AsyncSession,
    letter: Letter,
    before: LetterState,
    actor_id: uuid.UUID | None,
    action: str,
    detail: dict[str, object] | None,
    facilitators: Iterable[uuid.UUID] | None,
) -> None:
    """Audit a letter's move from `before` to its state now, and tell who must know."""
    state = letter.state
    await audit.record(
        session,
        actor_id=actor_id,
        action=action,
        case_id=letter.case_id,
        letter_id=letter.id,
        detail=detail,
    )
    if before in IN_QUEUE or state in IN_QUEUE:
        realtime.emit(
            session,
            EventType.queue_changed,
            case_id=letter.case_id,
            letter_id=letter.id,
            accounts=(
                await realtime.facilitators(session, letter.case_id)
                if facilitators is None
                else facilitators
            ),
        )
    if state is LetterState.returned:
        realtime.emit(
            session,
            EventType.letter_returned,
            case_id=letter.case_id,
            letter_id=letter.id,
            accounts=await realtime.party_accounts(session, [letter.author_party_id]),
        )


def check_text(text: str, limit: int, what: str = "letter") -> str:
    """Refuse empty, whitespace-only and over-long text."""
    if not text.strip():
        raise LetterTextInvalid(f"the {what} is empty; write something before sending")
    if len(text) > limit:
        raise LetterTextInvalid(
            f"the {what} is {len(text):,} characters long; the limit is {limit:,}",
            length=len(text),
            limit=limit,
        )
    if "\x00" in text:
        raise LetterTextInvalid(f"the {what} contains a NUL character")
    return text


def check_spans(
    spans: Iterable[SpanRef], length: int, *, overlapping: bool = True
) -> list[SpanRef]:
    """Spans inside a text of this length, sorted; optionally refusing overlaps."""
    ordered = sorted(spans, key=lambda span: (span.start, span.end))
    for number, span in enumerate(ordered, start=1):
        if span.end <= span.start or span.end > length:
            raise SpanInvalid(
                f"span {span.start}-{span.end} is not inside the letter (its text is "
                f"{length} characters long)",
                start=span.start,
                end=span.end,
                length=length,
            )
        if not overlapping and number > 1 and span.start < ordered[number - 2].end:
            raise SpanInvalid(
                f"span {span.start}-{span.end} overlaps the one before it",
                start=span.start,
                end=span.end,
            )
    return ordered


async def encrypt_version(
    session: AsyncSession, keyring: KeyRing, letter: Letter, number: int, text: str
) -> bytes:
    """Seal one version's text with the case key, bound to case, letter and version."""
    key = await cases_service.case_key(session, keyring, letter.case_id)
    return aead.encrypt(key, text.encode(), aead.letter_context(letter.case_id, letter.id, number))


def _open(
    key: bytes, sealed: bytes, context: bytes, *, letter: Letter | uuid.UUID, what: str
) -> str:
    """Decrypt one stored text; a ciphertext that fails authentication is a 409, not a 500."""
    try:
        return aead.decrypt(key, sealed, context).decode()
    except aead.DecryptionFailed:
        # Ids only: this means the stored row was altered or moved, and operators must know.
        letter_id = letter.id if isinstance(letter, Letter) else letter
        log.error("stored %s of letter %s failed its integrity check", what, letter_id)
        raise ContentUnreadable(
            f"this letter's {what} did not pass its integrity check and cannot be shown"
        ) from None


async def decrypt_version(
    session: AsyncSession, keyring: KeyRing, letter: Letter, version: LetterVersion
) -> str:
    """Open one version's text."""
    key = await cases_service.case_key(session, keyring, letter.case_id)
    context = aead.letter_context(letter.case_id, letter.id, version.number)
    return _open(key, version.body, context, letter=letter, what="text")


async def get_version(session: AsyncSession, letter_id: uuid.UUID, number: int) -> LetterVersion:
    """One version of a letter, or 404."""
    version = (
        await session.exec(
            select(LetterVersion).where(
                LetterVersion.letter_id == letter_id, LetterVersion.number == number
            )
        )
    ).one_or_none()
    if version is None:
        raise LetterNotFound("no such version of this letter")
    return version


async def decrypt_notes(
    session: AsyncSession, keyring: KeyRing, letter: Letter
) -> list[tuple[LetterNote, str]]:
    """A letter's return notes, opened, oldest first."""
    notes = (
        await session.exec(
            select(LetterNote)
            .where(LetterNote.letter_id == letter.id)
            .order_by(col(LetterNote.created_at))
        )
    ).all()
    if not notes:
        return []
    key = await cases_service.case_key(session, keyring, letter.case_id)
    return [
        (
            note,
            _open(
                key,
                note.body,
                aead.note_context(letter.case_id, letter.id, note.id),
                letter=letter,
                what="return note",
            ),
        )
        for note in notes
    ]


async def seal_note(
    session: AsyncSession, keyring: KeyRing, letter: Letter, note_id: uuid.UUID, text: str
) -> bytes:
    """Seal a facilitator's note on a letter."""
    key = await cases_service.case_key(session, keyring, letter.case_id)
    return aead.encrypt(key, text.encode(), aead.note_context(letter.case_id, letter.id, note_id))


async def sides_consent(session: AsyncSession, case: Case, author: Party) -> None:
    """Both sides must have recorded consent before letters move between them."""
    others = [
        p
        for p in await cases_service.parties(session, case.id)
        if p.side is author.side.other and not p.supporter
    ]
    require_consent(
        author.consent, bool(others) and all(p.consent is Consent.given for p in others)
    )


def require_consent(author_consent: Consent, other_side_consents: bool) -> None:
    """The writer has consented, and the other side has a principal who all have consented."""
    if author_consent is not Consent.given:
        raise ConsentMissing("your consent to take part by letter has not been recorded")
    if not other_side_consents:
        raise ConsentMissing(
            "letters can be sent once both sides have agreed to take part; "
            "your facilitator will let you know"
        )


# ---- authors --------------------------------------------------------------------------------


async def _authored_letter(
    session: AsyncSession, actor: Account, letter_id: uuid.UUID, *, lock: bool = False
) -> tuple[Letter, Case, Party]:
    letter = await session.get(Letter, letter_id, with_for_update=lock)
    if letter is None:
        raise LetterNotFound("no such letter")
    party = await cases_service.party_of(session, letter.case_id, actor.id)
    if party is None or party.id != letter.author_party_id:
        raise LetterNotFound("no such letter")
    case = await session.get(Case, letter.case_id)
    assert case is not None
    return letter, case, party


async def write_letter(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    actor: Account,
    case_id: uuid.UUID,
    body: str,
    submit: bool,
) -> Letter:
    """Start a letter to the case (a draft, or submitted at once)."""
    # The case, the writer's party, consent, facilitators and case key in one query.
    case = await cases_service.case_for_writer(session, actor, case_id)
    check_text(body, settings.max_letter_chars)
    if case.status is CaseStatus.closed:
        raise CaseClosed("this case is closed")
    if submit:
        require_consent(case.consent, case.other_side_consents)
    letter = Letter(case_id=case.case_id, author_party_id=case.party_id, from_side=case.side)
    version = LetterVersion(
        letter_id=letter.id,
        number=1,
        written_by=actor.id,
        body=await encrypt_version(session, keyring, letter, 1, body),
    )
    await audit.record(
        session,
        actor_id=actor.id,
        action="letter.drafted",
        case_id=case.case_id,
        letter_id=letter.id,
    )
    if submit:
        await _queue(
            session,
            actor=actor,
            letter=letter,
            action="letter.submitted",
            text=body,
            version=version,
            facilitators=case.facilitator_ids,
            new=True,
        )
    else:
        await insert_new(session, letter, version)
    return letter


async def write_relayed(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    actor: Account,
    case: Case,
    party: Party,
    body: str,
) -> Letter:
    """A party's handwritten letter, typed in by the relay staff who scanned it; submitted.

    The caller has checked that the actor relays for this party. The version records who typed
    it; the letter is the party's, screened and reviewed like any other.
    """
    check_text(body, settings.max_letter_chars)
    if case.status is CaseStatus.closed:
        raise CaseClosed("this case is closed")
    await sides_consent(session, case, party)
    letter = Letter(case_id=case.id, author_party_id=party.id, from_side=party.side)
    version = LetterVersion(
        letter_id=letter.id,
        number=1,
        written_by=actor.id,
        body=await encrypt_version(session, keyring, letter, 1, body),
    )
    await _queue(
        session,
        actor=actor,
        letter=letter,
        action="letter.relayed",
        text=body,
        version=version,
        new=True,
    )
    return letter


async def _queue(
    session: AsyncSession,
    *,
    actor: Account,
    letter: Letter,
    action: str,
    text: str,
    version: LetterVersion | None = None,
    facilitators: Iterable[uuid.UUID] | None = None,
    new: bool = False,
) -> None:
    """Queue the current version (read unless given) for review and screen it, in this
    transaction; `facilitators`, if the caller read them, are the case's. A `new` letter and
    its version are not in the database yet: they are inserted once, already queued."""
    now = utcnow()
    if version is None:
        version = await get_version(session, letter.id, letter.version)
    version.submitted_at = now
    letter.first_submitted_at = letter.first_submitted_at or now
    letter.queued_at = now
    letter.claimed_by = letter.claim_expires_at = None
    detail: dict[str, object] = {"version": letter.version}
    if new:
        before = letter.state
        letter.state = LetterState.queued
        letter.updated_at = now
        await insert_new(session, letter, version)
        await _record_move(session, letter, before, actor.id, action, detail, facilitators)
    else:
        session.add(version)
        await move(
            session,
            letter,
            LetterState.queued,
            actor_id=actor.id,
            action=action,
            detail=detail,
            facilitators=facilitators,
        )
    await hooks.version_submitted(session, letter, version, text)


async def update_draft(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    actor: Account,
    letter_id: uuid.UUID,
    body: str,
) -> Letter:
    """Replace a draft's text (a draft has one version until it is submitted)."""
    letter, _, _ = await _authored_letter(session, actor, letter_id, lock=True)
    require_state(letter, "edit", [LetterState.draft])
    check_text(body, settings.max_letter_chars)
    version = await get_version(session, letter.id, letter.version)
    version.body = await encrypt_version(session, keyring, letter, letter.version, body)
    letter.updated_at = utcnow()
    session.add_all([letter, version])
    await session.flush()
    return letter


async def submit_letter(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, letter_id: uuid.UUID
) -> Letter:
    """Send a draft to review."""
    letter, case, party = await _authored_letter(session, actor, letter_id, lock=True)
    require_state(letter, "submit", [LetterState.draft])
    if case.status is CaseStatus.closed:
        raise CaseClosed("this case is closed")
    await sides_consent(session, case, party)
    draft = await get_version(session, letter.id, letter.version)
    text = await decrypt_version(session, keyring, letter, draft)
    await _queue(session, actor=actor, letter=letter, action="letter.submitted", text=text)
    return letter


async def revise_letter(
    session: AsyncSession,
    keyring: KeyRing,
    settings: Settings,
    *,
    actor: Account,
    letter_id: uuid.UUID,
    body: str,
) -> Letter:
    """Resubmit a returned letter as a new version; earlier versions are kept."""
    letter, case, party = await _authored_letter(session, actor, letter_id, lock=True)
    require_state(letter, "revise", [LetterState.returned])
    check_text(body, settings.max_letter_chars)
    if case.status is CaseStatus.closed:
        raise CaseClosed("this case is closed")
    await sides_consent(session, case, party)
    letter.version += 1
    session.add(
        LetterVersion(
            letter_id=letter.id,
            number=letter.version,
            written_by=actor.id,
            body=await encrypt_version(session, keyring, letter, letter.version, body),
        )
    )
    await session.flush()
    await _queue(session, actor=actor, letter=letter, action="letter.resubmitted", text=body)
    return letter


async def withdraw_letter(session: AsyncSession, *, actor: Account, letter_id: uuid.UUID) -> Letter:
    """The author takes back a letter that has not been released."""
    letter, _, _ = await _authored_letter(session, actor, letter_id, lock=True)
    require_state(letter, "withdraw", WITHDRAWABLE)
    letter.withdrawn_at = utcnow()
    letter.claimed_by = letter.claim_expires_at = None
    return await move(
        session, letter, LetterState.withdrawn, actor_id=actor.id, action="letter.withdrawn"
    )


def author_state(letter: Letter) -> LetterState:
    """The state as the author sees it: delivery and pauses on the other side stay private."""
    return _author_state(letter.state, letter.read_at_for_author, letter.claim_expires_at)


def _author_state(
    state: LetterState,
    read_at_for_author: datetime | None,
    claim_expires_at: datetime | None,
    now: datetime | None = None,
) -> LetterState:
    if state in (LetterState.delivered, LetterState.read):
        return LetterState.read if read_at_for_author else LetterState.released
    return state_with_lease(state, claim_expires_at, now)


def author_summary(letter: Letter) -> AuthorLetterSummary:
    """One line of the author's list."""
    return AuthorLetterSummary(
        id=letter.id,
        state=author_state(letter),
        version=letter.version,
        created_at=letter.created_at,
        updated_at=letter.updated_at,
        read_by_recipient_at=letter.read_at_for_author,
    )


async def sent_letters(
    session: AsyncSession, *, actor: Account, case_id: uuid.UUID
) -> list[AuthorLetterSummary]:
    """The letters this participant wrote in the case, newest first."""
    _, party = await cases_service.case_for_participant(session, actor, case_id)
    # Only the columns shown: loading whole rows costs more than everything else here.
    rows = (
        await session.exec(  # type: ignore[call-overload]
            sa_select(
                col(Letter.id),
                col(Letter.state),
                col(Letter.version),
                col(Letter.created_at),
                col(Letter.updated_at),
                col(Letter.read_at_for_author),
                col(Letter.claim_expires_at),
            )
            .where(col(Letter.author_party_id) == party.id)
            .order_by(col(Letter.created_at).desc())
        )
    ).all()
    now = utcnow()
    return [
        AuthorLetterSummary(
            id=letter_id,
            state=_author_state(state, read_at, claim_expires_at, now),
            version=version,
            created_at=created_at,
            updated_at=updated_at,
            read_by_recipient_at=read_at,
        )
        for letter_id, state, version, created_at, updated_at, read_at, claim_expires_at in rows
    ]


async def author_view(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, letter_id: uuid.UUID
) -> AuthorLetterView:
    """The author's own letter, latest version, with any return notes (an audited read)."""
    letter, _, _ = await _authored_letter(session, actor, letter_id)
    version = await get_version(session, letter.id, letter.version)
    body = await decrypt_version(session, keyring, letter, version)
    notes = await decrypt_notes(session, keyring, letter)
    texts = {letter.version: body}
    wanted = {n.version for n, _ in notes if n.spans} | ({letter.version - 1} - {0})
    for number in sorted(wanted - texts.keys()):
        earlier = await get_version(session, letter.id, number)
        texts[number] = await decrypt_version(session, keyring, letter, earlier)
    await audit.record(
        session,
        actor_id=actor.id,
        action="letter.read",
        case_id=letter.case_id,
        letter_id=letter.id,
        detail={"version": letter.version, "as": "author"},
    )
    return AuthorLetterView(
        id=letter.id,
        case_id=letter.case_id,
        state=author_state(letter),
        version=letter.version,
        body=body,
        created_at=letter.created_at,
        updated_at=letter.updated_at,
        returned_notes=[
            NoteView(
                version=n.version,
                notes=text,
                created_at=n.created_at,
                spans=[
                    QuotedSpan(
                        start=sp["start"],
                        end=sp["end"],
                        text=texts[n.version][sp["start"] : sp["end"]],
                    )
                    for sp in n.spans
                ],
            )
            for n, text in notes
        ],
        read_by_recipient_at=letter.read_at_for_author,
        redacted_by_facilitator=version.redacted_by is not None,
        previous_body=texts.get(letter.version - 1),
    )


# ---- recipients -----------------------------------------------------------------------------


async def seal_envelope(
    session: AsyncSession, keyring: KeyRing, letter: Letter, text: str
) -> bytes:
    """Seal the facilitator's envelope note for a letter."""
    key = await cases_service.case_key(session, keyring, letter.case_id)
    return aead.encrypt(key, text.encode(), aead.envelope_context(letter.case_id, letter.id))


async def open_envelope(session: AsyncSession, keyring: KeyRing, letter: Letter) -> str | None:
    """The envelope note, opened; 410 once the case key is destroyed."""
    # The key first, even without a note: a destroyed case's letters answer 410, not a
    # sealed envelope that can never be opened.
    key = await cases_service.case_key(session, keyring, letter.case_id)
    return _envelope(key, letter.case_id, letter.id, letter.envelope_note)


def _envelope(
    key: bytes, case_id: uuid.UUID, letter_id: uuid.UUID, sealed: bytes | None
) -> str | None:
    if sealed is None:
        return None
    context = aead.envelope_context(case_id, letter_id)
    return _open(key, sealed, context, letter=letter_id, what="envelope note")


async def _sealed(
    session: AsyncSession, keyring: KeyRing, letter: Letter, delivery: Delivery
) -> SealedLetter:
    author = await session.get(Party, letter.author_party_id)
    assert author is not None and delivery.delivered_at is not None
    return SealedLetter(
        id=letter.id,
        from_label=author.label,
        envelope_note=await open_envelope(session, keyring, letter),
        delivered_at=delivery.delivered_at,
        opened_at=delivery.opened_at,
    )


async def inbox(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, case_id: uuid.UUID
) -> list[SealedLetter]:
    """Letters delivered to this participant, sealed, newest first."""
    _, party = await cases_service.case_for_participant(session, actor, case_id)
    # One query for the letters and their authors' labels, and the case key unwrapped once (not
    # two queries and an unwrap per letter); only the columns shown, as loading whole rows
    # costs more than everything else here.
    rows = (
        await session.exec(  # type: ignore[call-overload]
            sa_select(
                col(Letter.id),
                col(Letter.envelope_note),
                col(Party.label),
                col(Delivery.delivered_at),
                col(Delivery.opened_at),
            )
            .select_from(Delivery)
            .join(Letter, col(Letter.id) == col(Delivery.letter_id))
            .join(Party, col(Party.id) == col(Letter.author_party_id))
            .where(col(Delivery.party_id) == party.id, col(Delivery.delivered_at).is_not(None))
            .order_by(col(Delivery.delivered_at).desc())
        )
    ).all()
    if not rows:
        return []
    key = await cases_service.case_key(session, keyring, case_id)
    letters = []
    for letter_id, sealed, label, delivered_at, opened_at in rows:
        assert delivered_at is not None
        letters.append(
            SealedLetter(
                id=letter_id,
                from_label=label,
                envelope_note=_envelope(key, case_id, letter_id, sealed),
                delivered_at=delivered_at,
                opened_at=opened_at,
            )
        )
    return letters


async def _delivered_to(
    session: AsyncSession, actor: Account, letter_id: uuid.UUID
) -> tuple[Letter, Delivery]:
    letter = await session.get(Letter, letter_id, with_for_update=True)
    if letter is None:
        raise LetterNotFound("no such letter")
    party = await cases_service.party_of(session, letter.case_id, actor.id)
    if party is None:
        raise LetterNotFound("no such letter")
    delivery = (
        await session.exec(
            select(Delivery).where(Delivery.letter_id == letter.id, Delivery.party_id == party.id)
        )
    ).one_or_none()
    if delivery is None or delivery.delivered_at is None:
        raise LetterNotFound("no such letter")
    return letter, delivery


async def sealed_letter(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, letter_id: uuid.UUID
) -> SealedLetter:
    """One delivered letter's envelope."""
    letter, delivery = await _delivered_to(session, actor, letter_id)
    return await _sealed(session, keyring, letter, delivery)


async def open_letter(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    actor: Account,
    letter_id: uuid.UUID,
    tell_author: bool,
) -> OpenedLetter:
    """Open a delivered letter (an audited read); the recipient chooses if the author is told."""
    letter, delivery = await _delivered_to(session, actor, letter_id)
    assert letter.released_version is not None
    version = await get_version(session, letter.id, letter.released_version)
    body = await decrypt_version(session, keyring, letter, version)
    now = utcnow()
    first_open = delivery.opened_at is None
    delivery.opened_at = delivery.opened_at or now
    if tell_author and not delivery.tell_author:
        delivery.tell_author = True
        letter.read_at_for_author = letter.read_at_for_author or now
    letter.state = LetterState.read
    letter.updated_at = now
    session.add_all([letter, delivery])
    await audit.record(
        session,
        actor_id=actor.id,
        action="letter.opened" if first_open else "letter.read",
        case_id=letter.case_id,
        letter_id=letter.id,
        detail={
            "version": letter.released_version,
            "as": "recipient",
            "tell_author": delivery.tell_author,
        },
    )
    await session.flush()
    sealed = await _sealed(session, keyring, letter, delivery)
    return OpenedLetter(**sealed.model_dump(), body=body, tell_author=delivery.tell_author)

"""Cases, assignment, parties and invitations: rules only, no HTTP."""

from __future__ import annotations

import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, event, func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session, SessionTransaction, aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle import db
from shuttle.accounts import service as accounts_service
from shuttle.accounts.models import Account, Role
from shuttle.accounts.passwords import Passphrases, check_strength
from shuttle.audit import service as audit
from shuttle.audit.models import AuditEntry
from shuttle.cases.errors import (
    CaseClosed,
    CaseContentDestroyed,
    CaseNotFound,
    InvitationInvalid,
    NotAFacilitator,
    PartyAlreadyJoined,
    PartyNotFound,
    PartyNotOnPortal,
    SpecialistRequired,
)
from shuttle.cases.models import (
    Case,
    CaseFacilitator,
    CaseKey,
    CaseStaffView,
    CaseStatus,
    Consent,
    ConsentRecord,
    Feedback,
    FeedbackView,
    Invitation,
    MyPartyView,
    OffenceCategory,
    Party,
    PartyStaffView,
    RiskFlag,
    Side,
)
from shuttle.config import Settings
from shuttle.crypto import aead
from shuttle.crypto.keyring import KeyRing, WrappedKey
from shuttle.errors import ContentUnreadable, Invalid
from shuttle.timeutil import utcnow

log = logging.getLogger("shuttle.cases")

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_reference() -> str:
    return "SH-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


# ---- access ---------------------------------------------------------------------------------


async def _get_case(session: AsyncSession, case_id: uuid.UUID) -> Case:
    case = await session.get(Case, case_id)
    if case is None:
        raise CaseNotFound("no such case")
    return case


async def is_assigned(session: AsyncSession, case_id: uuid.UUID, account_id: uuid.UUID) -> bool:
    """True if the facilitator is assigned to the case."""
    row = await session.get(CaseFacilitator, (case_id, account_id))
    return row is not None


async def party_of(
    session: AsyncSession, case_id: uuid.UUID, account_id: uuid.UUID
) -> Party | None:
    """The caller's party in a case, if they are one."""
    result = await session.exec(
        select(Party).where(Party.case_id == case_id, Party.account_id == account_id)
    )
    return result.one_or_none()


def in_coordinators_area(actor: Account, case: Case) -> bool:
    """A coordinator sees the cases of their area; one without an area sees every area."""
    return actor.role is Role.coordinator and actor.area in (None, case.area)


async def case_for_staff(session: AsyncSession, actor: Account, case_id: uuid.UUID) -> Case:
    """A case the facilitator is assigned to, or that is in the coordinator's area; else 404."""
    case = await _get_case(session, case_id)
    if actor.role is Role.facilitator and await is_assigned(session, case_id, actor.id):
        return case
    if in_coordinators_area(actor, case):
        return case
    raise CaseNotFound("no such case")


async def case_for_facilitator(session: AsyncSession, actor: Account, case_id: uuid.UUID) -> Case:
    """A case the caller facilitates; anyone else gets 404."""
    if actor.role is not Role.facilitator:
        raise CaseNotFound("no such case")
    case = await _get_case(session, case_id)
    if not await is_assigned(session, case_id, actor.id):
        raise CaseNotFound("no such case")
    return case


async def case_for_coordinator(session: AsyncSession, actor: Account, case_id: uuid.UUID) -> Case:
    """A case in the coordinator's area; anyone else gets 404."""
    case = await _get_case(session, case_id)
    if not in_coordinators_area(actor, case):
        raise CaseNotFound("no such case")
    return case


async def case_for_participant(
    session: AsyncSession, actor: Account, case_id: uuid.UUID
) -> tuple[Case, Party]:
    """A case the caller takes part in, with their party; anyone else gets 404."""
    if actor.role is not Role.participant:
        raise CaseNotFound("no such case")
    row = (
        await session.exec(
            select(Case, Party)
            .join(Party, col(Party.case_id) == Case.id)
            .where(Party.case_id == case_id, Party.account_id == actor.id)
        )
    ).one_or_none()
    if row is None:
        raise CaseNotFound("no such case")
    case, party = row
    return case, party


@dataclass(frozen=True)
class WriterCase:
    """What writing a letter needs to know about the case, read in one query.

    `case_for_writer` reads the case's status, the writer's party, whether the other side is
    ready (consent), the case's facilitators (who hear of the queue changing) and its wrapped
    key (kept for `case_key` in this transaction) with one SELECT: the separate reads cost a
    round trip each on the submit path.
    """

    case_id: uuid.UUID
    status: CaseStatus
    party_id: uuid.UUID
    side: Side
    consent: Consent
    # At least one principal (not a supporter) on the other side, and every one has consented.
    other_side_consents: bool
    facilitator_ids: frozenset[uuid.UUID]


def _writer_query() -> Select[tuple[Any, ...]]:
    other = aliased(Party)
    # The other side is the side that is not the writer's (there are two: `Side`).
    principals = (
        col(other.case_id) == col(Party.case_id),
        col(other.side) != col(Party.side),
        col(other.supporter).is_(False),
    )
    count_principals = select(func.count()).where(*principals).scalar_subquery()
    count_without_consent = (
        select(func.count())
        .where(*principals, col(other.consent) != Consent.given)
        .scalar_subquery()
    )
    return (
        sa_select(
            col(Case.status),
            col(Party.id),
            col(Party.side),
            col(Party.consent),
            count_principals,
            count_without_consent,
            col(CaseKey.master_version),
            col(CaseKey.wrapped_key),
            col(CaseFacilitator.account_id),
        )
        .select_from(Party)
        .join(Case, col(Case.id) == col(Party.case_id))
        .outerjoin(CaseKey, col(CaseKey.case_id) == col(Party.case_id))
        # One row per facilitator (a case has a few), or one with none.
        .outerjoin(CaseFacilitator, col(CaseFacilitator.case_id) == col(Party.case_id))
        .where(
            col(Party.case_id) == bindparam("case_id"),
            col(Party.account_id) == bindparam("account_id"),
        )
    )


# Built once: constructing this statement costs more than SQLAlchemy's cached compilation.
_WRITER_QUERY = _writer_query()


async def case_for_writer(session: AsyncSession, actor: Account, case_id: uuid.UUID) -> WriterCase:
    """`case_for_participant` for writing a letter: the same access rule (anyone who is not a
    participant of this case gets 404), with what the writing needs, in one query."""
    if actor.role is not Role.participant:
        raise CaseNotFound("no such case")
    rows = (
        await session.exec(  # type: ignore[call-overload]
            _WRITER_QUERY, params={"case_id": case_id, "account_id": actor.id}
        )
    ).all()
    if not rows:
        raise CaseNotFound("no such case")
    status, party_id, side, consent, principals, without_consent, version, wrapped, _ = rows[0]
    if version is not None:
        _wrapped_keys(session)[case_id] = (version, wrapped)
    return WriterCase(
        case_id=case_id,
        status=status,
        party_id=party_id,
        side=side,
        consent=consent,
        other_side_consents=principals > 0 and without_consent == 0,
        facilitator_ids=frozenset(row[-1] for row in rows if row[-1] is not None),
    )


# ---- cases ----------------------------------------------------------------------------------


async def open_case(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    actor: Account,
    area: str,
    offence_category: OffenceCategory,
    risk_flags: list[RiskFlag],
) -> Case:
    """Open a case with a fresh data key, stored only wrapped."""
    case = Case(
        reference=_new_reference(),
        area=area,
        offence_category=offence_category,
        risk_flags=sorted({flag.value for flag in risk_flags}),
        opened_by=actor.id,
    )
    while (await session.exec(select(Case.id).where(Case.reference == case.reference))).first():
        case.reference = _new_reference()
    session.add(case)
    await session.flush()
    wrapped = keyring.wrap(case.id, aead.new_data_key())
    session.add(
        CaseKey(case_id=case.id, master_version=wrapped.master_version, wrapped_key=wrapped.sealed)
    )
    await audit.record(
        session,
        actor_id=actor.id,
        action="case.opened",
        case_id=case.id,
        detail={"offence_category": case.offence_category.value, "risk_flags": case.risk_flags},
    )
    await session.flush()
    return case


# Unwrapped case keys, kept for the rest of one transaction only (see `_forget_case_keys`).
_CASE_KEYS = "shuttle.case_keys"
# Wrapped keys already read in this transaction by a query that needed them anyway
# (`case_for_writer`), unwrapped by `case_key` when first used; same lifetime.
_WRAPPED_KEYS = "shuttle.wrapped_case_keys"


def _wrapped_keys(session: AsyncSession) -> dict[uuid.UUID, tuple[int, bytes | None]]:
    wrapped: dict[uuid.UUID, tuple[int, bytes | None]] = session.info.setdefault(_WRAPPED_KEYS, {})
    return wrapped


async def case_key(session: AsyncSession, keyring: KeyRing, case_id: uuid.UUID) -> bytes:
    """The case's data key, unwrapped; 410 Gone once destroyed.

    Read and unwrapped once per transaction: a request that opens several letters of a case
    pays one query and one unwrap. Never kept beyond the transaction, so a key destroyed by
    another process is refused from the next transaction on, as without the cache.
    """
    keys: dict[uuid.UUID, bytes] = session.info.setdefault(_CASE_KEYS, {})
    if case_id in keys:
        return keys[case_id]
    read = session.info.get(_WRAPPED_KEYS, {}).pop(case_id, None)
    if read is not None:
        master_version, wrapped = read
    else:
        row = await session.get(CaseKey, case_id)
        if row is None:
            raise CaseContentDestroyed("this case's content has been destroyed and cannot be read")
        master_version, wrapped = row.master_version, row.wrapped_key
    if wrapped is None:
        raise CaseContentDestroyed("this case's content has been destroyed and cannot be read")
    try:
        key = keyring.unwrap(case_id, WrappedKey(master_version, wrapped))
    except aead.DecryptionFailed:
        log.error("the stored key of case %s failed its integrity check", case_id)
        raise ContentUnreadable("this case's key did not pass its integrity check") from None
    keys[case_id] = key
    return key


def forget_case_key(session: AsyncSession, case_id: uuid.UUID) -> None:
    """Drop a key this transaction unwrapped (its destruction must take effect at once)."""
    session.info.get(_CASE_KEYS, {}).pop(case_id, None)
    session.info.get(_WRAPPED_KEYS, {}).pop(case_id, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_case_keys(session: Session, transaction: SessionTransaction) -> None:
    """Commit or rollback of the outermost transaction ends the keys' life."""
    if transaction.parent is None:
        session.info.pop(_CASE_KEYS, None)
        session.info.pop(_WRAPPED_KEYS, None)


async def content_destroyed(session: AsyncSession, case_id: uuid.UUID) -> bool:
    """True once the case key is gone."""
    row = await session.get(CaseKey, case_id)
    return row is None or row.wrapped_key is None


async def facilitator_ids(session: AsyncSession, case_id: uuid.UUID) -> list[uuid.UUID]:
    """Accounts assigned to the case."""
    result = await session.exec(
        select(CaseFacilitator.account_id).where(CaseFacilitator.case_id == case_id)
    )
    return list(result.all())


def content_destroyed_after(case: Case, retention_days: int) -> datetime | None:
    """When a closed case's retention period ends (None while the case is not closed)."""
    if case.closed_at is None:
        return None
    return case.closed_at + timedelta(days=retention_days)


async def staff_view(session: AsyncSession, case: Case, *, retention_days: int) -> CaseStaffView:
    """A case as staff see it."""
    return CaseStaffView(
        id=case.id,
        reference=case.reference,
        area=case.area,
        offence_category=case.offence_category,
        risk_flags=case.risk_flags,
        high_risk=case.high_risk,
        status=case.status,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        closure_reason=case.closure_reason,
        content_destroyed_after=content_destroyed_after(case, retention_days),
        facilitator_ids=await facilitator_ids(session, case.id),
        content_destroyed=await content_destroyed(session, case.id),
    )


async def list_cases(session: AsyncSession, actor: Account) -> list[Case]:
    """Cases the caller may see: their own, their assigned ones, or their area's."""
    query = select(Case).order_by(col(Case.opened_at).desc())
    if actor.role is Role.facilitator:
        query = query.join(CaseFacilitator).where(CaseFacilitator.account_id == actor.id)
    elif actor.role is Role.participant:
        query = query.join(Party).where(Party.account_id == actor.id)
    elif actor.role is Role.coordinator:
        if actor.area is not None:
            query = query.where(Case.area == actor.area)
    else:
        return []
    return list((await session.exec(query)).all())


async def assign_facilitator(
    session: AsyncSession, *, actor: Account, case_id: uuid.UUID, account_id: uuid.UUID
) -> Case:
    """Assign a facilitator; high-risk cases need a specialist."""
    case = await case_for_coordinator(session, actor, case_id)
    facilitator = await session.get(Account, account_id)
    if facilitator is None or facilitator.role is not Role.facilitator:
        raise NotAFacilitator("that account is not a facilitator")
    if case.high_risk and not facilitator.specialist:
        raise SpecialistRequired(
            "this case is flagged high-risk and needs a specialist-trained facilitator"
        )
    if not await is_assigned(session, case_id, account_id):
        session.add(CaseFacilitator(case_id=case_id, account_id=account_id, assigned_by=actor.id))
        await audit.record(
            session,
            actor_id=actor.id,
            action="case.facilitator_assigned",
            case_id=case_id,
            detail={"facilitator": str(account_id)},
        )
        await session.flush()
    return case


async def set_case_status(
    session: AsyncSession, *, actor: Account, case: Case, status: CaseStatus
) -> Case:
    """Pause or resume a case (the caller's access is already checked); closed is for good."""
    if case.status is CaseStatus.closed:
        raise CaseClosed("this case is closed for good; open a new case to begin again")
    if case.status != status:
        case.status = status
        session.add(case)
        await audit.record(
            session, actor_id=actor.id, action=f"case.{status.value}", case_id=case.id
        )
        await session.flush()
    return case


# ---- parties and invitations ----------------------------------------------------------------


def my_party_view(party: Party) -> MyPartyView:
    """A participant's own place in the case."""
    return MyPartyView(
        side=party.side,
        supporter=party.supporter,
        label=party.label,
        consent=party.consent,
        paused=party.paused,
    )


def party_staff_view(party: Party, *, locked: bool = False) -> PartyStaffView:
    """A party as the case's facilitators see them."""
    return PartyStaffView(
        locked=locked,
        id=party.id,
        side=party.side,
        supporter=party.supporter,
        label=party.label,
        display_name=party.display_name,
        consent=party.consent,
        paused=party.paused,
        has_account=party.account_id is not None,
    )


async def parties(session: AsyncSession, case_id: uuid.UUID) -> list[Party]:
    """Every party of a case."""
    result = await session.exec(
        select(Party).where(Party.case_id == case_id).order_by(col(Party.created_at))
    )
    return list(result.all())


async def get_party(session: AsyncSession, case_id: uuid.UUID, party_id: uuid.UUID) -> Party:
    """A party of this case, or 404."""
    party = await session.get(Party, party_id)
    if party is None or party.case_id != case_id:
        raise PartyNotFound("no such party in this case")
    return party


def other_side_label(all_parties: list[Party], side: Side) -> str | None:
    """The label of the principal party on the other side, as this side sees them."""
    for party in all_parties:
        if party.side is side.other and not party.supporter:
            return party.label
    return None


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation just created, with its token (shown once)."""

    party: Party
    token: str
    expires_at: datetime


async def add_party(
    session: AsyncSession,
    settings: Settings,
    *,
    actor: Account,
    case: Case,
    side: Side,
    supporter: bool,
    label: str,
    display_name: str,
) -> IssuedInvitation:
    """Add a party to a case and issue their one-time invitation."""
    party = Party(
        case_id=case.id,
        side=side,
        supporter=supporter,
        label=label.strip(),
        display_name=display_name.strip(),
    )
    session.add(party)
    await session.flush()
    await audit.record(
        session,
        actor_id=actor.id,
        action="party.added",
        case_id=case.id,
        detail={"party": str(party.id), "side": side.value, "supporter": supporter},
    )
    return await issue_invitation(session, settings, actor=actor, party=party)


async def reissue_invitation(
    session: AsyncSession, settings: Settings, *, actor: Account, party: Party
) -> IssuedInvitation:
    """A new invitation for a party who has not joined yet."""
    if party.account_id is not None:
        raise PartyAlreadyJoined("this party already has an account")
    if party.channel != "portal":
        raise PartyNotOnPortal(
            f"this person receives letters by {party.channel}, not in the portal: "
            "set their channel to portal first"
        )
    return await issue_invitation(session, settings, actor=actor, party=party)


async def revoke_invitations(session: AsyncSession, party: Party) -> int:
    """Stop every unused invitation link of a party from working; how many there were."""
    unused = (
        await session.exec(
            select(Invitation).where(
                Invitation.party_id == party.id, col(Invitation.used_at).is_(None)
            )
        )
    ).all()
    now = utcnow()
    for old in unused:
        old.used_at = now
        session.add(old)
    return len(unused)


async def issue_invitation(
    session: AsyncSession, settings: Settings, *, actor: Account, party: Party
) -> IssuedInvitation:
    """A fresh invitation for a party without an account; earlier links stop working."""
    now = utcnow()
    await revoke_invitations(session, party)
    token = accounts_service.new_token()
    invitation = Invitation(
        party_id=party.id,
        token_hash=accounts_service.hash_token(token),
        created_by=actor.id,
        expires_at=now + timedelta(hours=settings.invitation_ttl_hours),
    )
    session.add(invitation)
    await audit.record(
        session,
        actor_id=actor.id,
        action="party.invited",
        case_id=party.case_id,
        detail={"party": str(party.id)},
    )
    await session.flush()
    return IssuedInvitation(party, token, invitation.expires_at)


async def _live_invitation(
    session: AsyncSession, token: str, *, lock: bool = False
) -> tuple[Invitation, Party]:
    query = select(Invitation).where(Invitation.token_hash == accounts_service.hash_token(token))
    if lock:
        # Concurrent accepts of one link queue here; re-read so the later one sees it used.
        query = query.with_for_update().execution_options(populate_existing=True)
    invitation = (await session.exec(query)).one_or_none()
    if invitation is None or invitation.used_at is not None or utcnow() >= invitation.expires_at:
        raise InvitationInvalid(
            "this invitation link is not valid; ask your facilitator for a new one"
        )
    party = await session.get(Party, invitation.party_id)
    if party is None or party.account_id is not None:
        raise InvitationInvalid(
            "this invitation link is not valid; ask your facilitator for a new one"
        )
    return invitation, party


async def preview_invitation(session: AsyncSession, token: str) -> tuple[Invitation, Party]:
    """The invitation and party behind a live token."""
    return await _live_invitation(session, token)


async def join_by_invitation(
    session: AsyncSession, passphrases: Passphrases, *, token: str, login: str, passphrase: str
) -> Account:
    """A party accepts their invitation: a dead link is refused before the slow hash, and no
    transaction is held open while hashing (SQLite has one connection for everyone)."""
    _, party = await _live_invitation(session, token)
    check_strength(passphrase, about=(login, party.display_name))
    await db.commit(session)
    passphrase_hash = await passphrases.hash(passphrase)
    return await accept_invitation(
        session, token=token, login=login, passphrase_hash=passphrase_hash
    )


async def accept_invitation(
    session: AsyncSession, *, token: str, login: str, passphrase_hash: str
) -> Account:
    """Create the party's participant account and use up the invitation."""
    invitation, party = await _live_invitation(session, token, lock=True)
    account = await accounts_service.create_account(
        session,
        login=login,
        display_name=party.display_name,
        role=Role.participant,
        passphrase_hash=passphrase_hash,
    )
    invitation.used_at = utcnow()
    party.account_id = account.id
    session.add_all([invitation, party])
    await audit.record(
        session,
        actor_id=account.id,
        action="invitation.accepted",
        case_id=party.case_id,
        detail={"party": str(party.id)},
    )
    await session.flush()
    return account


async def unlock_party(session: AsyncSession, *, actor: Account, party: Party) -> None:
    """Lift the lock that failed sign-ins put on a party's account."""
    person = await session.get(Account, party.account_id) if party.account_id else None
    if person is None:
        raise Invalid("this person has not joined, so there is no account to unlock")
    await accounts_service.unlock(session, account=person, actor=actor)


async def record_consent(
    session: AsyncSession, *, actor: Account, party: Party, consent: Consent
) -> Party:
    """Record consent given or withdrawn, with who recorded it and when."""
    party.consent = consent
    session.add(party)
    session.add(ConsentRecord(party_id=party.id, consent=consent, recorded_by=actor.id))
    await audit.record(
        session,
        actor_id=actor.id,
        action=f"consent.{consent.value}",
        case_id=party.case_id,
        detail={"party": str(party.id)},
    )
    await session.flush()
    return party


async def consent_history(session: AsyncSession, party_id: uuid.UUID) -> list[ConsentRecord]:
    """Every consent recording for a party, oldest first."""
    result = await session.exec(
        select(ConsentRecord)
        .where(ConsentRecord.party_id == party_id)
        .order_by(col(ConsentRecord.recorded_at))
    )
    return list(result.all())


async def set_party_paused(
    session: AsyncSession, *, actor: Account, party: Party, paused: bool
) -> Party:
    """Pause or resume delivery to a party."""
    if party.paused != paused:
        party.paused = paused
        session.add(party)
        await audit.record(
            session,
            actor_id=actor.id,
            action="party.paused" if paused else "party.resumed",
            case_id=party.case_id,
            detail={"party": str(party.id)},
        )
        await session.flush()
    return party


async def case_entries(
    session: AsyncSession, case_id: uuid.UUID, *, limit: int = 500
) -> list[tuple[AuditEntry, Account | None]]:
    """A case's audit trail, newest first, with the account that acted (None: the system)."""
    rows = await session.exec(
        select(AuditEntry, Account)
        .join(Account, col(Account.id) == col(AuditEntry.actor_id), isouter=True)
        .where(AuditEntry.case_id == case_id)
        .order_by(col(AuditEntry.seq).desc())
        .limit(limit)
    )
    return [(entry, account) for entry, account in rows.all()]


async def give_feedback(
    session: AsyncSession,
    keyring: KeyRing,
    *,
    actor: Account,
    case_id: uuid.UUID,
    rating: int | None,
    comments: str | None,
) -> FeedbackView:
    """A participant tells the service how taking part has been; the words are sealed with
    the case key (and destroyed with it). Allowed after withdrawing and after closing."""
    case, party = await case_for_participant(session, actor, case_id)
    words = (comments or "").strip()
    if rating is None and not words:
        raise Invalid("give a rating, some words, or both")
    feedback = Feedback(case_id=case.id, party_id=party.id, rating=rating)
    if words:
        key = await case_key(session, keyring, case.id)
        feedback.comments = aead.encrypt(
            key, words.encode(), aead.feedback_context(case.id, feedback.id)
        )
    session.add(feedback)
    await audit.record(
        session,
        actor_id=actor.id,
        action="feedback.given",
        case_id=case.id,
        detail={"party": str(party.id)},
    )
    await session.flush()
    return FeedbackView(
        id=feedback.id,
        side=party.side,
        display_name=party.display_name,
        rating=rating,
        comments=words or None,
        given_at=feedback.given_at,
    )


async def case_feedback(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, case: Case
) -> list[FeedbackView]:
    """A case's feedback, newest first (reading it is audited: the words are a participant's)."""
    await audit.record(session, actor_id=actor.id, action="feedback.read", case_id=case.id)
    rows = (
        await session.exec(
            select(Feedback, Party)
            .join(Party, col(Party.id) == col(Feedback.party_id))
            .where(Feedback.case_id == case.id)
            .order_by(col(Feedback.given_at).desc())
        )
    ).all()
    key = await case_key(session, keyring, case.id) if any(f.comments for f, _ in rows) else b""
    return [
        FeedbackView(
            id=feedback.id,
            side=party.side,
            display_name=party.display_name,
            rating=feedback.rating,
            comments=aead.decrypt(
                key, feedback.comments, aead.feedback_context(case.id, feedback.id)
            ).decode()
            if feedback.comments
            else None,
            given_at=feedback.given_at,
        )
        for feedback, party in rows
    ]

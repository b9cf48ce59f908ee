"""Deliver released letters when nothing holds them; apply consent and pauses at once.

A delivery is held while the case is paused or closed, the recipient has paused, or either
the author or the recipient has not given consent. Withdrawing consent cancels everything
undelivered to or from that party for good (DESIGN.md: "or for ever, when withdrawn").
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts.models import Account
from shuttle.audit import service as audit
from shuttle.cases import service as cases_service
from shuttle.cases.errors import CaseClosed, LettersStillOpen
from shuttle.cases.models import Case, CaseStatus, ClosureReason, Consent, Party
from shuttle.delivery import windows
from shuttle.letters.models import IN_QUEUE, Delivery, Letter, LetterState
from shuttle.realtime import service as realtime
from shuttle.realtime.models import EventType
from shuttle.relay import service as relay_service
from shuttle.relay.models import Channel, ChannelUpdate
from shuttle.timeutil import utcnow

_STATUS_EVENTS = {
    CaseStatus.open: EventType.case_resumed,
    CaseStatus.paused: EventType.case_paused,
    CaseStatus.closed: EventType.case_closed,
}


async def create_deliveries(session: AsyncSession, *, letter: Letter) -> None:
    """One delivery per party on the other side, then deliver what may go now."""
    recipients = [
        p
        for p in await cases_service.parties(session, letter.case_id)
        if p.side is letter.from_side.other
    ]
    for party in recipients:
        session.add(Delivery(letter_id=letter.id, party_id=party.id, case_id=letter.case_id))
    await session.flush()
    await deliver_due(session, case_id=letter.case_id)


def _may_deliver(case: Case, author: Party, recipient: Party, now: datetime) -> bool:
    return (
        case.status is CaseStatus.open
        and author.consent is Consent.given
        and recipient.consent is Consent.given
        and not recipient.paused
        and windows.next_allowed(window_of(recipient), now) <= now
    )


def window_of(party: Party) -> windows.DeliveryWindow | None:
    """The party's delivery window, if they set one."""
    if party.delivery_window is None:
        return None
    return windows.DeliveryWindow.model_validate(party.delivery_window)


async def set_delivery_window(
    session: AsyncSession, *, actor: Account, party: Party, window: windows.DeliveryWindow | None
) -> Party:
    """Choose when letters may reach this party; what the new window allows arrives now."""
    party.delivery_window = window.model_dump(mode="json") if window else None
    session.add(party)
    await audit.record(
        session,
        actor_id=actor.id,
        action="party.delivery_window_set" if window else "party.delivery_window_cleared",
        case_id=party.case_id,
        detail={"party": str(party.id)},
    )
    await session.flush()
    await deliver_due(session, case_id=party.case_id)
    return party


async def cases_with_held_deliveries(session: AsyncSession) -> list[uuid.UUID]:
    """Cases with released letters not yet delivered nor cancelled."""
    rows = await session.exec(
        select(Delivery.case_id)
        .where(col(Delivery.delivered_at).is_(None), col(Delivery.cancelled_at).is_(None))
        .distinct()
    )
    return list(rows.all())


async def deliver_due(session: AsyncSession, *, case_id: uuid.UUID) -> int:
    """Deliver every pending delivery of the case that nothing holds; returns how many."""
    case = await session.get(Case, case_id)
    if case is None or case.status is not CaseStatus.open:
        return 0
    parties = {p.id: p for p in await cases_service.parties(session, case_id)}
    pending = (
        await session.exec(
            select(Delivery, Letter)
            .join(Letter, Letter.id == Delivery.letter_id)  # type: ignore[arg-type]
            .where(
                Delivery.case_id == case_id,
                col(Delivery.delivered_at).is_(None),
                col(Delivery.cancelled_at).is_(None),
            )
        )
    ).all()
    now, delivered = utcnow(), 0
    for delivery, letter in pending:
        author, recipient = parties[letter.author_party_id], parties[delivery.party_id]
        if not _may_deliver(case, author, recipient, now):
            continue
        delivery.delivered_at = now
        if recipient.channel in (Channel.relay, Channel.post):
            await relay_service.queue_print(session, delivery=delivery, party=recipient)
        if letter.state is LetterState.released:
            letter.state = LetterState.delivered
            letter.updated_at = now
        session.add_all([delivery, letter])
        await audit.record(
            session,
            actor_id=None,
            action="letter.delivered",
            case_id=case_id,
            letter_id=letter.id,
            detail={"party": str(delivery.party_id)},
        )
        realtime.emit(
            session,
            EventType.letter_waiting,
            case_id=case_id,
            letter_id=letter.id,
            accounts=await realtime.party_accounts(session, [delivery.party_id]),
        )
        delivered += 1
    await session.flush()
    return delivered


async def _cancel_undelivered(session: AsyncSession, *, actor: Account, party: Party) -> None:
    rows = (
        await session.exec(
            select(Delivery)
            .join(Letter, Letter.id == Delivery.letter_id)  # type: ignore[arg-type]
            .where(
                Delivery.case_id == party.case_id,
                col(Delivery.delivered_at).is_(None),
                col(Delivery.cancelled_at).is_(None),
                or_(Delivery.party_id == party.id, Letter.author_party_id == party.id),
            )
        )
    ).all()
    now = utcnow()
    for delivery in rows:
        delivery.cancelled_at = now
        session.add(delivery)
        await audit.record(
            session,
            actor_id=actor.id,
            action="delivery.cancelled",
            case_id=party.case_id,
            letter_id=delivery.letter_id,
            detail={"party": str(delivery.party_id), "reason": "consent_withdrawn"},
        )
    await session.flush()


async def record_consent(
    session: AsyncSession, *, actor: Account, party: Party, consent: Consent
) -> Party:
    """Record consent; a withdrawal holds everything undelivered to or from the party at once."""
    await cases_service.record_consent(session, actor=actor, party=party, consent=consent)
    if consent is Consent.withdrawn:
        await _cancel_undelivered(session, actor=actor, party=party)
        await relay_service.cancel_for_withdrawal(session, actor=actor, party=party)
        realtime.emit(
            session,
            EventType.case_withdrawn,
            case_id=party.case_id,
            accounts=await realtime.everyone(session, party.case_id),
        )
    else:
        await deliver_due(session, case_id=party.case_id)
    return party


async def set_party_paused(
    session: AsyncSession, *, actor: Account, party: Party, paused: bool
) -> Party:
    """Pause or resume delivery to a party; resuming delivers what was held."""
    await cases_service.set_party_paused(session, actor=actor, party=party, paused=paused)
    if not paused:
        await deliver_due(session, case_id=party.case_id)
    return party


async def set_channel(
    session: AsyncSession, *, actor: Account, case: Case, party: Party, update: ChannelUpdate
) -> Party:
    """Set how letters reach a party. A prisoner moved to another prison or released sends the
    case back for re-assessment: it is paused, and the need recorded, until a facilitator
    resumes it."""
    if await relay_service.set_channel(session, actor=actor, party=party, update=update):
        if case.status is CaseStatus.open:
            await set_case_status(session, actor=actor, case=case, status=CaseStatus.paused)
        await audit.record(
            session, actor_id=actor.id, action="case.reassessment_needed", case_id=case.id
        )
    return party


async def close_case(
    session: AsyncSession, *, actor: Account, case: Case, reason: ClosureReason
) -> Case:
    """Close a case for good. Refused while any letter still waits for review or delivery:
    each must be released, returned or withdrawn first, so nothing is lost by closing."""
    if case.status is CaseStatus.closed:
        raise CaseClosed("this case is already closed")
    in_review = await session.scalar(
        select(func.count())
        .select_from(Letter)
        .where(Letter.case_id == case.id, col(Letter.state).in_(IN_QUEUE))
    )
    undelivered = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(
            Delivery.case_id == case.id,
            col(Delivery.delivered_at).is_(None),
            col(Delivery.cancelled_at).is_(None),
        )
    )
    in_prison_queue = await relay_service.open_jobs_in_case(session, case.id)
    if in_review or undelivered or in_prison_queue:
        waiting = [
            f"{n} {noun}{'' if n == 1 else 's'} {verb}"
            for n, noun, verb in (
                (in_review, "letter", "in review"),
                (undelivered, "released letter", "not yet delivered"),
                (in_prison_queue, "letter", "not yet handed over in prison"),
            )
            if n
        ]
        raise LettersStillOpen(
            f"{' and '.join(waiting)}: release, return or withdraw every letter before closing"
        )
    case.status, case.closed_at, case.closure_reason = CaseStatus.closed, utcnow(), reason
    session.add(case)
    await audit.record(
        session,
        actor_id=actor.id,
        action="case.closed",
        case_id=case.id,
        detail={"reason": reason.value},
    )
    await session.flush()
    await _announce_status(session, case)
    return case


async def set_case_status(
    session: AsyncSession, *, actor: Account, case: Case, status: CaseStatus
) -> Case:
    """Pause or resume a case, telling everyone in it; resuming delivers what was held."""
    changed = case.status is not status
    await cases_service.set_case_status(session, actor=actor, case=case, status=status)
    if changed:
        await _announce_status(session, case)
        await relay_service.tell_desks_of_case(session, case.id)
    if status is CaseStatus.open:
        await deliver_due(session, case_id=case.id)
    return case


async def _announce_status(session: AsyncSession, case: Case) -> None:
    """Tell everyone in the case that its status changed."""
    realtime.emit(
        session,
        _STATUS_EVENTS[case.status],
        case_id=case.id,
        accounts=await realtime.everyone(session, case.id),
    )

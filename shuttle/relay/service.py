"""Prison relay rules: establishments, delivery channels, the print queue and its custody."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts.models import Account, Role
from shuttle.audit import service as audit
from shuttle.cases import service as cases_service
from shuttle.cases.models import Case, CaseFacilitator, CaseStatus, Party
from shuttle.crypto.keyring import KeyRing
from shuttle.errors import Conflict, Invalid, NotFound
from shuttle.letters import service as letters_service
from shuttle.letters.models import Delivery, Letter
from shuttle.realtime import service as realtime
from shuttle.realtime.models import EventType
from shuttle.relay import documents
from shuttle.relay.models import (
    OPEN_STATES,
    POST_REASONS,
    RELAY_REASONS,
    Channel,
    ChannelUpdate,
    ChannelView,
    CustodyView,
    Establishment,
    PostJobView,
    PrintJob,
    PrintJobRelayView,
    PrintState,
    Undeliverable,
)
from shuttle.timeutil import utcnow


class PrintJobNotFound(NotFound):
    """No such print job at the caller's establishment."""

    title = "Print job not found"


class PrintStateConflict(Conflict):
    """The print job is not in a state that allows the action."""

    title = "Not allowed in this state"


_PRINTED = (Channel.relay, Channel.post)  # channels whose letters are printed


class EstablishmentExists(Conflict):
    """Establishment names are unique."""

    title = "Establishment exists"


# ---- establishments -------------------------------------------------------------------------


async def create_establishment(
    session: AsyncSession, *, actor: Account, name: str, security_check: bool
) -> Establishment:
    """Add a prison (coordinators)."""
    establishment = Establishment(name=name.strip(), security_check=security_check)
    session.add(establishment)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise EstablishmentExists(f"there is already an establishment called {name!r}") from exc
    await audit.record(
        session,
        actor_id=actor.id,
        action="establishment.created",
        detail={"establishment": str(establishment.id), "security_check": security_check},
    )
    return establishment


async def establishments(session: AsyncSession) -> Sequence[Establishment]:
    """Every prison, by name."""
    return (await session.exec(select(Establishment).order_by(col(Establishment.name)))).all()


async def get_establishment(session: AsyncSession, establishment_id: uuid.UUID) -> Establishment:
    """One prison; 422 when unknown (it is always named in a request body)."""
    establishment = await session.get(Establishment, establishment_id)
    if establishment is None:
        raise Invalid("there is no establishment with that id")
    return establishment


# ---- delivery channels ----------------------------------------------------------------------


async def channel_view(session: AsyncSession, party: Party) -> ChannelView:
    """A party's channel, for the case's facilitators."""
    establishment = (
        await session.get(Establishment, party.establishment_id) if party.establishment_id else None
    )
    return ChannelView(
        channel=Channel(party.channel),
        establishment_id=party.establishment_id,
        establishment_name=establishment.name if establishment else None,
        prison_number=party.prison_number,
        prison_name=party.prison_name,
    )


async def set_channel(
    session: AsyncSession, *, actor: Account, party: Party, update: ChannelUpdate
) -> bool:
    """Set how letters reach a party. Returns True when the change needs re-assessment.

    A prisoner moved to another prison takes their letters with them: every letter not yet
    handed over moves to the new prison's queue with a new reference (the old prison's copy
    and reply sheet stop counting), and the old prison loses sight of them at once. A prisoner
    released (relay to portal or post) has everything not yet handed over cancelled. Both send
    the case back for re-assessment.
    """
    if update.establishment_id is not None:
        await get_establishment(session, update.establishment_id)
    was_relay = party.channel == Channel.relay
    moved = was_relay and update.channel is Channel.relay
    moved = moved and party.establishment_id != update.establishment_id
    released = was_relay and update.channel is not Channel.relay
    # Letters not yet handed over (or posted) follow the person to their new way of receiving
    # them: another prison's queue, or the facilitators' post queue. To the portal, they stop.
    desk_changed = party.channel in _PRINTED and (
        party.channel != update.channel.value or party.establishment_id != update.establishment_id
    )
    party.channel = update.channel.value
    if update.channel is not Channel.portal:
        # Someone reached through a prison or the post does not sign in: a link sent
        # earlier must not let anyone else take their place.
        await cases_service.revoke_invitations(session, party)
    party.establishment_id = update.establishment_id
    party.prison_number = update.prison_number.upper() if update.prison_number else None
    party.prison_name = update.prison_name
    session.add(party)
    await audit.record(
        session,
        actor_id=actor.id,
        action="party.channel_set",
        case_id=party.case_id,
        detail={
            "party": str(party.id),
            "channel": update.channel.value,
            "establishment": str(update.establishment_id) if update.establishment_id else None,
            "transfer": moved,
            "release": released,
        },
    )
    if desk_changed and update.channel in _PRINTED:
        await _move_open_jobs(session, actor=actor, party=party, to=update.establishment_id)
    elif desk_changed:
        why = "released" if was_relay else "channel_changed"
        await _cancel(session, actor=actor, jobs=await _open_jobs(session, party), why=why)
    await session.flush()
    return moved or released


async def tell_desks(
    session: AsyncSession, case_id: uuid.UUID, establishment_ids: Iterable[uuid.UUID | None]
) -> None:
    """A `print.queue_changed` event for the relay staff of these prisons, and (for None, the
    post desk) the case's facilitators. It carries the case id and no letter id: staff reload
    their queue, which shows them only their own letters."""
    desks = set(establishment_ids)
    audience: set[uuid.UUID] = set()
    if None in desks:
        audience |= await realtime.facilitators(session, case_id)
    if prisons := {e for e in desks if e is not None}:
        staff = await session.exec(
            select(Account.id).where(
                Account.role == Role.relay, col(Account.establishment_id).in_(prisons)
            )
        )
        audience |= set(staff.all())
    realtime.emit(session, EventType.print_queue_changed, case_id=case_id, accounts=audience)


async def tell_desks_of_case(session: AsyncSession, case_id: uuid.UUID) -> None:
    """The case's letters in print queues appear or disappear (the case paused or resumed)."""
    prisons = await session.exec(
        select(PrintJob.establishment_id)
        .where(PrintJob.case_id == case_id, col(PrintJob.state).in_(OPEN_STATES))
        .distinct()
    )
    await tell_desks(session, case_id, prisons.all())


async def _open_jobs(session: AsyncSession, party: Party) -> Sequence[PrintJob]:
    return (
        await session.exec(
            select(PrintJob)
            .where(PrintJob.party_id == party.id, col(PrintJob.state).in_(OPEN_STATES))
            .with_for_update()
        )
    ).all()


async def _move_open_jobs(
    session: AsyncSession, *, actor: Account, party: Party, to: uuid.UUID | None
) -> None:
    """Open jobs to another prison (`to`) or to the post queue (None), each under a new
    reference so that the old reply sheet stops counting."""
    checked = to is not None and (await get_establishment(session, to)).security_check
    jobs = await _open_jobs(session, party)
    await tell_desks(session, party.case_id, {to, *(job.establishment_id for job in jobs)})
    for job in jobs:
        job.establishment_id = to
        job.reference = await _fresh_reference(session)
        job.state = PrintState.security_check if checked else PrintState.ready
        job.checked_by = job.checked_at = job.printed_by = job.printed_at = None
        job.print_count = 0
        session.add(job)
        await audit.record(
            session,
            actor_id=actor.id,
            action="print.moved",
            case_id=job.case_id,
            letter_id=job.letter_id,
            detail={"print_job": str(job.id), "establishment": str(to) if to else "post"},
        )


async def _cancel(
    session: AsyncSession, *, actor: Account, jobs: Sequence[PrintJob], why: str
) -> None:
    now = utcnow()
    for case_id in {job.case_id for job in jobs}:
        prisons = {job.establishment_id for job in jobs if job.case_id == case_id}
        await tell_desks(session, case_id, prisons)
    for job in jobs:
        job.state, job.cancelled_at = PrintState.cancelled, now
        session.add(job)
        await audit.record(
            session,
            actor_id=actor.id,
            action="print.cancelled",
            case_id=job.case_id,
            letter_id=job.letter_id,
            detail={"print_job": str(job.id), "reason": why},
        )


async def cancel_for_withdrawal(session: AsyncSession, *, actor: Account, party: Party) -> None:
    """Consent withdrawn: nothing not yet handed over goes in, to or from this party."""
    jobs = (
        await session.exec(
            select(PrintJob)
            .join(Letter, col(Letter.id) == PrintJob.letter_id)
            .where(
                PrintJob.case_id == party.case_id,
                col(PrintJob.state).in_(OPEN_STATES),
                or_(PrintJob.party_id == party.id, Letter.author_party_id == party.id),
            )
            .with_for_update()
        )
    ).all()
    await _cancel(session, actor=actor, jobs=jobs, why="consent_withdrawn")


async def open_jobs_in_case(session: AsyncSession, case_id: uuid.UUID) -> int:
    """How many of the case's letters are still on their way into a prison."""
    count = await session.scalar(
        select(func.count())
        .select_from(PrintJob)
        .where(PrintJob.case_id == case_id, col(PrintJob.state).in_(OPEN_STATES))
    )
    return count or 0


# ---- letters going in -----------------------------------------------------------------------


async def _fresh_reference(session: AsyncSession) -> str:
    while True:
        code = documents.new_reference_code()
        if not (await session.exec(select(PrintJob.id).where(PrintJob.reference == code))).first():
            return code


async def queue_print(session: AsyncSession, *, delivery: Delivery, party: Party) -> PrintJob:
    """A letter delivered to a prisoner (into the prison's security check or print queue) or
    to someone by post (into the post queue of the case's facilitators)."""
    checked = False
    if party.channel == Channel.relay:
        assert party.establishment_id is not None
        checked = (await get_establishment(session, party.establishment_id)).security_check
    job = PrintJob(
        reference=await _fresh_reference(session),
        delivery_id=delivery.id,
        letter_id=delivery.letter_id,
        case_id=delivery.case_id,
        party_id=party.id,
        establishment_id=party.establishment_id if party.channel == Channel.relay else None,
        state=PrintState.security_check if checked else PrintState.ready,
    )
    session.add(job)
    await tell_desks(session, job.case_id, [job.establishment_id])
    await audit.record(
        session,
        actor_id=None,
        action="print.queued",
        case_id=job.case_id,
        letter_id=job.letter_id,
        detail={"print_job": str(job.id), "state": job.state.value},
    )
    return job


@dataclass(frozen=True)
class Desk:
    """Who prints a set of letters: one prison's relay staff, or, for letters by post, the
    facilitators of the letters' cases."""

    actor: Account
    establishment_id: uuid.UUID | None  # None: the post desk

    @property
    def by_post(self) -> bool:
        """True for the facilitators' post desk."""
        return self.establishment_id is None

    def owns(self) -> ColumnElement[bool]:
        """The print jobs this desk may see and act on."""
        if self.establishment_id is not None:
            return col(PrintJob.establishment_id) == self.establishment_id
        cases = select(CaseFacilitator.case_id).where(CaseFacilitator.account_id == self.actor.id)
        return and_(col(PrintJob.establishment_id).is_(None), col(PrintJob.case_id).in_(cases))


def require_relay(actor: Account) -> uuid.UUID:
    """The caller's prison; 404 for anyone who is not relay staff."""
    if actor.role is not Role.relay or actor.establishment_id is None:
        raise PrintJobNotFound("no such resource")
    return actor.establishment_id


def relay_desk(actor: Account) -> Desk:
    """The caller's prison's desk; 404 for anyone who is not relay staff."""
    return Desk(actor, require_relay(actor))


def post_desk(actor: Account) -> Desk:
    """The caller's post desk (letters by post in the cases they facilitate); 404 for anyone
    who is not a facilitator."""
    if actor.role is not Role.facilitator:
        raise PrintJobNotFound("no such resource")
    return Desk(actor, None)


async def job_at_desk(
    session: AsyncSession, desk: Desk, job_id: uuid.UUID, *, lock: bool = False
) -> PrintJob:
    """A print job this desk handles; anyone else gets 404."""
    query = select(PrintJob).where(PrintJob.id == job_id, desk.owns())
    job = (await session.exec(query.with_for_update() if lock else query)).first()
    if job is None:
        raise PrintJobNotFound(
            "no such letter in your post queue"
            if desk.by_post
            else "no such print job at your establishment"
        )
    return job


async def _require_case_open(session: AsyncSession, job: PrintJob) -> None:
    case = await session.get(Case, job.case_id)
    if case is None or case.status is not CaseStatus.open:
        raise PrintStateConflict(
            "this exchange is on hold: keep the letter back until it reappears in your queue"
        )


async def _desk_queue(
    session: AsyncSession, desk: Desk, states: Sequence[PrintState]
) -> Sequence[tuple[PrintJob, Party, Delivery]]:
    return (
        await session.exec(
            select(PrintJob, Party, Delivery)
            .join(Party, col(Party.id) == PrintJob.party_id)
            .join(Delivery, col(Delivery.id) == PrintJob.delivery_id)
            .join(Case, col(Case.id) == PrintJob.case_id)
            .where(desk.owns(), col(PrintJob.state).in_(states), Case.status == CaseStatus.open)
            .order_by(col(PrintJob.created_at))
        )
    ).all()


async def print_queue(
    session: AsyncSession, actor: Account, states: Sequence[PrintState]
) -> list[PrintJobRelayView]:
    """The caller's prison's letters in the given states, oldest first."""
    rows = await _desk_queue(session, relay_desk(actor), states)
    return [relay_view(job, party, delivery) for job, party, delivery in rows]


async def post_queue(
    session: AsyncSession, actor: Account, states: Sequence[PrintState]
) -> list[PostJobView]:
    """Letters by post in the caller's cases, in the given states, oldest first."""
    rows = await _desk_queue(session, post_desk(actor), states)
    return [post_view(job, party, delivery) for job, party, delivery in rows]


def post_view(job: PrintJob, party: Party, delivery: Delivery) -> PostJobView:
    """A letter by post as the case's facilitators see it."""
    assert delivery.delivered_at is not None
    return PostJobView(
        id=job.id,
        reference=job.reference,
        case_id=job.case_id,
        recipient=party.display_name,
        state=job.state,
        released_at=delivery.delivered_at,
        printed_at=job.printed_at,
        print_count=job.print_count,
        posted_at=job.handed_over_at,
        undeliverable_reason=job.undeliverable_reason,
    )


def relay_view(job: PrintJob, party: Party, delivery: Delivery) -> PrintJobRelayView:
    """A print job as relay staff see it."""
    assert delivery.delivered_at is not None
    return PrintJobRelayView(
        id=job.id,
        reference=job.reference,
        prison_number=party.prison_number or "",
        prison_name=party.prison_name or "",
        state=job.state,
        released_at=delivery.delivered_at,
        printed_at=job.printed_at,
        print_count=job.print_count,
        handed_over_at=job.handed_over_at,
        undeliverable_reason=job.undeliverable_reason,
    )


async def _recipient_and_delivery(session: AsyncSession, job: PrintJob) -> tuple[Party, Delivery]:
    party = await session.get(Party, job.party_id)
    delivery = await session.get(Delivery, job.delivery_id)
    assert party is not None and delivery is not None
    return party, delivery


async def relay_job_view(session: AsyncSession, job: PrintJob) -> PrintJobRelayView:
    """One job as relay staff see it."""
    return relay_view(job, *await _recipient_and_delivery(session, job))


async def post_job_view(session: AsyncSession, job: PrintJob) -> PostJobView:
    """One letter by post as the case's facilitators see it."""
    return post_view(job, *await _recipient_and_delivery(session, job))


async def _print_item(
    session: AsyncSession, keyring: KeyRing, job: PrintJob
) -> documents.PrintItem:
    letter = await session.get(Letter, job.letter_id)
    party = await session.get(Party, job.party_id)
    delivery = await session.get(Delivery, job.delivery_id)
    assert letter and party and delivery and delivery.delivered_at
    assert letter.released_version is not None
    author = await session.get(Party, letter.author_party_id)
    assert author is not None
    version = await letters_service.get_version(session, letter.id, letter.released_version)
    establishment = (
        await get_establishment(session, job.establishment_id) if job.establishment_id else None
    )
    return documents.PrintItem(
        reference=job.reference,
        recipient_name=(party.prison_name or "") if establishment else party.display_name,
        prison_number=(party.prison_number or "") if establishment else None,
        establishment=establishment.name if establishment else None,
        body=await letters_service.decrypt_version(session, keyring, letter, version),
        facilitator_note=await letters_service.open_envelope(session, keyring, letter),
        from_label=author.label,
        released_on=delivery.delivered_at.date(),
    )


async def print_jobs(
    session: AsyncSession, keyring: KeyRing, *, desk: Desk, job_ids: Sequence[uuid.UUID]
) -> bytes:
    """One print-ready PDF for the jobs, in the order given; each is marked printed."""
    actor = desk.actor
    if len(set(job_ids)) != len(job_ids):
        raise Invalid("a print job is listed twice")
    items = []
    cases_printed: set[uuid.UUID] = set()
    now = utcnow()
    for job_id in job_ids:
        job = await job_at_desk(session, desk, job_id, lock=True)
        if job.state not in (PrintState.ready, PrintState.printed):
            raise PrintStateConflict(
                f"print job {job.reference} is {job.state.value.replace('_', ' ')}: "
                "only letters in the print queue can be printed"
            )
        await _require_case_open(session, job)
        items.append(await _print_item(session, keyring, job))
        cases_printed.add(job.case_id)
        job.state, job.printed_by, job.printed_at = PrintState.printed, actor.id, now
        job.print_count += 1
        session.add(job)
        await audit.record(
            session,
            actor_id=actor.id,
            action="print.printed",
            case_id=job.case_id,
            letter_id=job.letter_id,
            detail={"print_job": str(job.id), "copy": job.print_count},
        )
    for case_id in cases_printed:
        await tell_desks(session, case_id, [desk.establishment_id])
    await session.flush()
    return await asyncio.to_thread(documents.render_print_pdf, items)


async def mark_handed_over(session: AsyncSession, *, desk: Desk, job_id: uuid.UUID) -> PrintJob:
    """The printed letter is in the prisoner's hands (by post: it has been posted)."""
    job = await job_at_desk(session, desk, job_id, lock=True)
    if job.state is not PrintState.printed:
        raise PrintStateConflict(
            f"only a printed letter can be {'posted' if desk.by_post else 'handed over'}"
        )
    await _require_case_open(session, job)
    actor = desk.actor
    job.state, job.handed_over_by, job.handed_over_at = PrintState.handed_over, actor.id, utcnow()
    session.add(job)
    await audit.record(
        session,
        actor_id=actor.id,
        action="print.posted" if desk.by_post else "print.handed_over",
        case_id=job.case_id,
        letter_id=job.letter_id,
        detail={"print_job": str(job.id)},
    )
    await tell_desks(session, job.case_id, [job.establishment_id])
    await session.flush()
    return job


async def mark_undeliverable(
    session: AsyncSession, *, desk: Desk, job_id: uuid.UUID, reason: Undeliverable
) -> PrintJob:
    """The letter cannot be handed over (moved on, released, or refused), or, by post, was
    refused or came back."""
    allowed = POST_REASONS if desk.by_post else RELAY_REASONS
    if reason not in allowed:
        raise Invalid(f"the reason must be one of: {', '.join(sorted(allowed))}")
    job = await job_at_desk(session, desk, job_id, lock=True)
    # A posted letter can come back; a letter in prison is undeliverable only before hand-over.
    if desk.by_post:
        states = (PrintState.printed, PrintState.handed_over)
    else:
        states = (PrintState.ready, PrintState.printed)
    if job.state not in states:
        raise PrintStateConflict("this letter is not waiting to be handed over or posted")
    actor = desk.actor
    job.state, job.undeliverable_reason = PrintState.undeliverable, reason
    job.undeliverable_by, job.undeliverable_at = actor.id, utcnow()
    session.add(job)
    await audit.record(
        session,
        actor_id=actor.id,
        action="print.undeliverable",
        case_id=job.case_id,
        letter_id=job.letter_id,
        detail={"print_job": str(job.id), "reason": reason.value},
    )
    await tell_desks(session, job.case_id, [job.establishment_id])
    await session.flush()
    return job


# ---- the establishment's security check -----------------------------------------------------


def _require_security(actor: Account) -> uuid.UUID:
    establishment_id = require_relay(actor)
    if not actor.security_staff:
        raise PrintJobNotFound("no such resource")
    return establishment_id


async def security_queue(session: AsyncSession, actor: Account) -> list[PrintJobRelayView]:
    """Letters waiting for the caller's prison's security check."""
    _require_security(actor)
    return await print_queue(session, actor, [PrintState.security_check])


async def security_job(
    session: AsyncSession, actor: Account, job_id: uuid.UUID, *, lock: bool = False
) -> PrintJob:
    """A job waiting for the caller's security check."""
    _require_security(actor)
    job = await job_at_desk(session, relay_desk(actor), job_id, lock=lock)
    if job.state is not PrintState.security_check:
        raise PrintStateConflict("this letter is not waiting for a security check")
    return job


async def security_pdf(
    session: AsyncSession, keyring: KeyRing, *, actor: Account, job_id: uuid.UUID
) -> bytes:
    """What the security staff must read: the letter as it would be printed (audited)."""
    job = await security_job(session, actor, job_id)
    item = await _print_item(session, keyring, job)
    await audit.record(
        session,
        actor_id=actor.id,
        action="print.security_read",
        case_id=job.case_id,
        letter_id=job.letter_id,
        detail={"print_job": str(job.id)},
    )
    return await asyncio.to_thread(documents.render_print_pdf, [item])


async def security_decide(
    session: AsyncSession, *, actor: Account, job_id: uuid.UUID, withhold_reason: str | None
) -> PrintJob:
    """Pass a letter into the print queue, or withhold it with a reason for the facilitator."""
    job = await security_job(session, actor, job_id, lock=True)
    job.checked_by, job.checked_at = actor.id, utcnow()
    job.state = PrintState.withheld if withhold_reason else PrintState.ready
    job.withheld_reason = withhold_reason
    session.add(job)
    await audit.record(
        session,
        actor_id=actor.id,
        action="print.withheld" if withhold_reason else "print.passed",
        case_id=job.case_id,
        letter_id=job.letter_id,
        detail={"print_job": str(job.id)},
    )
    await tell_desks(session, job.case_id, [job.establishment_id])
    if withhold_reason:
        realtime.emit(
            session,
            EventType.letter_withheld,
            case_id=job.case_id,
            letter_id=job.letter_id,
            accounts=await realtime.facilitators(session, job.case_id),
        )
    await session.flush()
    return job


# ---- what the facilitator sees --------------------------------------------------------------


async def custody(session: AsyncSession, case: Case) -> list[CustodyView]:
    """Every print job of the case and each step of its custody, oldest first."""
    rows = (
        await session.exec(
            select(PrintJob, Establishment)
            .outerjoin(Establishment, col(Establishment.id) == PrintJob.establishment_id)
            .where(PrintJob.case_id == case.id)
            .order_by(col(PrintJob.created_at))
        )
    ).all()
    return [
        CustodyView(
            **job.model_dump(exclude={"delivery_id"}),
            establishment_name=establishment.name if establishment else None,
        )
        for job, establishment in rows
    ]

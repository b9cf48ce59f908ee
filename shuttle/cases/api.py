"""Case, party and invitation routes: parse, call the service, shape the answer."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from shuttle.accounts import service as accounts_service
from shuttle.accounts.deps import CurrentAccount
from shuttle.accounts.models import AccountPublic, Role
from shuttle.accounts.passwords import Passphrases
from shuttle.cases import service as cases_service
from shuttle.cases.errors import CaseNotFound
from shuttle.cases.models import (
    AssignFacilitator,
    CaseCreate,
    CaseParticipantView,
    CaseStaffView,
    ConsentRecordView,
    FeedbackGive,
    FeedbackView,
    InvitationAccept,
    InvitationIssued,
    InvitationPreview,
    PartyCreate,
    PartyStaffView,
    TimelineEntry,
)
from shuttle.deps import KeyRingDep, SessionDep, SettingsDep
from shuttle.errors import Forbidden
from shuttle.openapi import problem_responses

router = APIRouter(tags=["cases"])


@router.post("/cases", response_model=CaseStaffView, status_code=201)
async def open_case(
    body: CaseCreate,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> CaseStaffView:
    """A coordinator opens a case in their area."""
    if account.role is not Role.coordinator:
        raise CaseNotFound("no such resource")
    if account.area not in (None, body.area):
        raise Forbidden(f"you can open cases only in your own area ({account.area})")
    case = await cases_service.open_case(
        session,
        keyring,
        actor=account,
        area=body.area,
        offence_category=body.offence_category,
        risk_flags=body.risk_flags,
    )
    return await cases_service.staff_view(
        session, case, retention_days=settings.case_retention_days
    )


@router.get("/cases", response_model=list[CaseStaffView] | list[CaseParticipantView])
async def list_cases(
    session: SessionDep, settings: SettingsDep, account: CurrentAccount
) -> list[CaseStaffView] | list[CaseParticipantView]:
    """The cases the caller may see."""
    cases = await cases_service.list_cases(session, account)
    if account.role is Role.participant:
        return [await _participant_view(session, account, case.id) for case in cases]
    return [
        await cases_service.staff_view(session, case, retention_days=settings.case_retention_days)
        for case in cases
    ]


async def _participant_view(
    session: SessionDep, account: CurrentAccount, case_id: uuid.UUID
) -> CaseParticipantView:
    case, party = await cases_service.case_for_participant(session, account, case_id)
    parties = await cases_service.parties(session, case.id)
    return CaseParticipantView(
        id=case.id,
        reference=case.reference,
        status=case.status,
        me=cases_service.my_party_view(party),
        other_side_label=cases_service.other_side_label(parties, party.side),
    )


@router.get("/cases/{case_id}", response_model=CaseStaffView | CaseParticipantView)
async def get_case(
    case_id: uuid.UUID, session: SessionDep, settings: SettingsDep, account: CurrentAccount
) -> CaseStaffView | CaseParticipantView:
    """One case, shaped for the caller's role."""
    if account.role is Role.participant:
        return await _participant_view(session, account, case_id)
    case = await cases_service.case_for_staff(session, account, case_id)
    return await cases_service.staff_view(
        session, case, retention_days=settings.case_retention_days
    )


@router.post("/cases/{case_id}/facilitators", response_model=CaseStaffView)
async def assign_facilitator(
    case_id: uuid.UUID,
    body: AssignFacilitator,
    session: SessionDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> CaseStaffView:
    """A coordinator assigns a facilitator to a case."""
    case = await cases_service.assign_facilitator(
        session, actor=account, case_id=case_id, account_id=body.account_id
    )
    return await cases_service.staff_view(
        session, case, retention_days=settings.case_retention_days
    )


@router.get("/facilitators", response_model=list[AccountPublic])
async def list_facilitators(session: SessionDep, account: CurrentAccount) -> list[AccountPublic]:
    """Facilitator accounts a coordinator can assign."""
    if account.role is not Role.coordinator:
        raise CaseNotFound("no such resource")
    return [
        accounts_service.public(a)
        for a in await accounts_service.accounts_with_role(session, Role.facilitator)
    ]


@router.get("/cases/{case_id}/parties", response_model=list[PartyStaffView])
async def list_parties(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> list[PartyStaffView]:
    """The parties of a case, for its facilitators."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    found = await cases_service.parties(session, case.id)
    locked = await accounts_service.locked_among(session, [p.account_id for p in found])
    return [cases_service.party_staff_view(p, locked=p.account_id in locked) for p in found]


@router.post("/cases/{case_id}/parties/{party_id}/unlock", response_model=PartyStaffView)
async def unlock_party(
    case_id: uuid.UUID, party_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> PartyStaffView:
    """Lift the lock that failed sign-ins put on a participant's account (their facilitator,
    or a coordinator of the area)."""
    case = await cases_service.case_for_staff(session, account, case_id)
    party = await cases_service.get_party(session, case.id, party_id)
    await cases_service.unlock_party(session, actor=account, party=party)
    return cases_service.party_staff_view(party, locked=False)


@router.post("/cases/{case_id}/parties", response_model=InvitationIssued, status_code=201)
async def add_party(
    case_id: uuid.UUID,
    body: PartyCreate,
    session: SessionDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> InvitationIssued:
    """A facilitator adds a party and gets their one-time invitation link."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    issued = await cases_service.add_party(
        session,
        settings,
        actor=account,
        case=case,
        side=body.side,
        supporter=body.supporter,
        label=body.label,
        display_name=body.display_name,
    )
    return _issued(settings, issued)


def _issued(settings: SettingsDep, issued: cases_service.IssuedInvitation) -> InvitationIssued:
    return InvitationIssued(
        party=cases_service.party_staff_view(issued.party),
        invitation_url=f"{settings.public_base_url.rstrip('/')}/portal#invitation={issued.token}",
        expires_at=issued.expires_at,
    )


@router.post(
    "/cases/{case_id}/parties/{party_id}/invitation",
    response_model=InvitationIssued,
    status_code=201,
)
async def reissue_invitation(
    case_id: uuid.UUID,
    party_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> InvitationIssued:
    """A new invitation link for a party who has not joined yet (earlier links stop working)."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    party = await cases_service.get_party(session, case.id, party_id)
    issued = await cases_service.reissue_invitation(session, settings, actor=account, party=party)
    return _issued(settings, issued)


@router.get("/cases/{case_id}/parties/{party_id}/consent", response_model=list[ConsentRecordView])
async def consent_history(
    case_id: uuid.UUID, party_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> list[ConsentRecordView]:
    """Every recording of a party's consent: what, who, when."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    party = await cases_service.get_party(session, case.id, party_id)
    return [
        ConsentRecordView(consent=r.consent, recorded_by=r.recorded_by, recorded_at=r.recorded_at)
        for r in await cases_service.consent_history(session, party.id)
    ]


@router.get("/cases/{case_id}/timeline", response_model=list[TimelineEntry])
async def timeline(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> list[TimelineEntry]:
    """The case's audit trail, newest first (the latest 500 entries), for its facilitators and
    its area's coordinators."""
    case = await cases_service.case_for_staff(session, account, case_id)
    return [
        TimelineEntry(
            seq=entry.seq,
            at=entry.at,
            action=entry.action,
            actor_name=actor.display_name if actor else None,
            actor_role=actor.role.value if actor else None,
            letter_id=entry.letter_id,
            detail=entry.detail,
        )
        for entry, actor in await cases_service.case_entries(session, case.id)
    ]


@router.post("/cases/{case_id}/me/feedback", response_model=FeedbackView, status_code=201)
async def give_feedback(
    case_id: uuid.UUID,
    body: FeedbackGive,
    session: SessionDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> FeedbackView:
    """Tell the service how taking part has been (never shown to the other side)."""
    return await cases_service.give_feedback(
        session,
        keyring,
        actor=account,
        case_id=case_id,
        rating=body.rating,
        comments=body.comments,
    )


@router.get("/cases/{case_id}/feedback", response_model=list[FeedbackView])
async def case_feedback(
    case_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> list[FeedbackView]:
    """What the case's participants said about taking part, for its facilitators and its
    area's coordinators."""
    case = await cases_service.case_for_staff(session, account, case_id)
    return await cases_service.case_feedback(session, keyring, actor=account, case=case)


@router.get("/invitations/{token}", response_model=InvitationPreview)
async def preview_invitation(token: str, session: SessionDep) -> InvitationPreview:
    """What an invitation is for, before accepting it."""
    invitation, party = await cases_service.preview_invitation(session, token)
    return InvitationPreview(label=party.label, side=party.side, expires_at=invitation.expires_at)


@router.post(
    "/invitations/{token}/accept",
    response_model=AccountPublic,
    status_code=201,
    responses=problem_responses(409),  # the login is taken
)
async def accept_invitation(
    token: str, body: InvitationAccept, request: Request, session: SessionDep
) -> AccountPublic:
    """Accept an invitation by choosing a login and passphrase; then sign in."""
    passphrases: Passphrases = request.app.state.passphrases
    account = await cases_service.join_by_invitation(
        session, passphrases, token=token, login=body.login, passphrase=body.passphrase
    )
    return accounts_service.public(account)

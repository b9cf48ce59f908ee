"""Consent, pause, resume and closing routes for participants and staff."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from shuttle.accounts.deps import CurrentAccount
from shuttle.cases import service as cases_service
from shuttle.cases.models import (
    CaseClose,
    CaseStaffView,
    CaseStatus,
    Consent,
    ConsentUpdate,
    MyPartyView,
    PartyStaffView,
)
from shuttle.delivery import service as delivery_service
from shuttle.delivery.windows import DeliveryWindow
from shuttle.deps import SessionDep, SettingsDep

router = APIRouter(tags=["consent and pauses"])


@router.post("/cases/{case_id}/parties/{party_id}/consent", response_model=PartyStaffView)
async def record_consent(
    case_id: uuid.UUID,
    party_id: uuid.UUID,
    body: ConsentUpdate,
    session: SessionDep,
    account: CurrentAccount,
) -> PartyStaffView:
    """A facilitator records a party's consent given or withdrawn."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    party = await cases_service.get_party(session, case.id, party_id)
    await delivery_service.record_consent(session, actor=account, party=party, consent=body.consent)
    return cases_service.party_staff_view(party)


@router.post("/cases/{case_id}/me/withdraw", response_model=MyPartyView)
async def withdraw_my_consent(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> MyPartyView:
    """A participant withdraws their consent: nothing undelivered to or from them moves again."""
    _, party = await cases_service.case_for_participant(session, account, case_id)
    await delivery_service.record_consent(
        session, actor=account, party=party, consent=Consent.withdrawn
    )
    return cases_service.my_party_view(party)


@router.post("/cases/{case_id}/me/pause", response_model=MyPartyView)
async def pause_me(case_id: uuid.UUID, session: SessionDep, account: CurrentAccount) -> MyPartyView:
    """A participant pauses delivery of letters to them."""
    _, party = await cases_service.case_for_participant(session, account, case_id)
    await delivery_service.set_party_paused(session, actor=account, party=party, paused=True)
    return cases_service.my_party_view(party)


@router.post("/cases/{case_id}/me/resume", response_model=MyPartyView)
async def resume_me(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> MyPartyView:
    """A participant resumes delivery; held letters arrive now."""
    _, party = await cases_service.case_for_participant(session, account, case_id)
    await delivery_service.set_party_paused(session, actor=account, party=party, paused=False)
    return cases_service.my_party_view(party)


@router.get("/cases/{case_id}/me/delivery-window", response_model=DeliveryWindow | None)
async def my_delivery_window(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> DeliveryWindow | None:
    """When letters may reach you in this case (`null`: whenever they are released)."""
    _, party = await cases_service.case_for_participant(session, account, case_id)
    return delivery_service.window_of(party)


@router.put("/cases/{case_id}/me/delivery-window", response_model=DeliveryWindow)
async def set_my_delivery_window(
    case_id: uuid.UUID,
    body: DeliveryWindow,
    session: SessionDep,
    account: CurrentAccount,
) -> DeliveryWindow:
    """Choose when letters may reach you: not before a date, weekdays only, between hours.

    A released letter waits for the next moment the window allows. The author is never told.
    """
    _, party = await cases_service.case_for_participant(session, account, case_id)
    await delivery_service.set_delivery_window(session, actor=account, party=party, window=body)
    return body


@router.delete("/cases/{case_id}/me/delivery-window", status_code=204)
async def clear_my_delivery_window(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> None:
    """Let letters reach you whenever they are released; anything waiting arrives now."""
    _, party = await cases_service.case_for_participant(session, account, case_id)
    await delivery_service.set_delivery_window(session, actor=account, party=party, window=None)


@router.post("/cases/{case_id}/pause", response_model=CaseStaffView)
async def pause_case(
    case_id: uuid.UUID, session: SessionDep, settings: SettingsDep, account: CurrentAccount
) -> CaseStaffView:
    """A facilitator pauses the whole case: released letters wait."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    await delivery_service.set_case_status(
        session, actor=account, case=case, status=CaseStatus.paused
    )
    return await cases_service.staff_view(
        session, case, retention_days=settings.case_retention_days
    )


@router.post("/cases/{case_id}/resume", response_model=CaseStaffView)
async def resume_case(
    case_id: uuid.UUID, session: SessionDep, settings: SettingsDep, account: CurrentAccount
) -> CaseStaffView:
    """A facilitator resumes a paused case; held letters are delivered."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    await delivery_service.set_case_status(
        session, actor=account, case=case, status=CaseStatus.open
    )
    return await cases_service.staff_view(
        session, case, retention_days=settings.case_retention_days
    )


@router.post("/cases/{case_id}/close", response_model=CaseStaffView)
async def close_case(
    case_id: uuid.UUID,
    body: CaseClose,
    session: SessionDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> CaseStaffView:
    """A facilitator of the case, or the area's coordinator, closes it for good.

    Refused while letters wait for review or delivery. The content is destroyed once the
    retention period (SHUTTLE_CASE_RETENTION_DAYS) has passed.
    """
    case = await cases_service.case_for_staff(session, account, case_id)
    await delivery_service.close_case(session, actor=account, case=case, reason=body.reason)
    return await cases_service.staff_view(
        session, case, retention_days=settings.case_retention_days
    )

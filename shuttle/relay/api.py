"""Prison relay routes: establishments, channels, the print queue, security check and custody."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from shuttle.accounts.deps import CurrentAccount
from shuttle.accounts.models import Role
from shuttle.cases import service as cases_service
from shuttle.cases.errors import CaseNotFound
from shuttle.delivery import service as delivery_service
from shuttle.deps import KeyRingDep, SessionDep, SettingsDep
from shuttle.relay import scans
from shuttle.relay import service as relay_service
from shuttle.relay.models import (
    BatchPrint,
    ChannelUpdate,
    ChannelView,
    CustodyView,
    EstablishmentCreate,
    EstablishmentPublic,
    MarkUndeliverable,
    PostJobView,
    PrintJobRelayView,
    PrintState,
    ReplySubmit,
    ScanReceived,
    ScanWaiting,
    Withhold,
)

router = APIRouter(tags=["prison relay"])

_PDF_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "print-ready PDF"}
}
_SCAN_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            kind: {"schema": {"type": "string", "format": "binary"}}
            for kind in ("application/pdf", "image/jpeg", "image/png")
        },
    }
}


def _pdf(content: bytes, name: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


# ---- establishments -------------------------------------------------------------------------


@router.post("/establishments", response_model=EstablishmentPublic, status_code=201)
async def create_establishment(
    body: EstablishmentCreate, session: SessionDep, account: CurrentAccount
) -> EstablishmentPublic:
    """A coordinator adds a prison; relay staff accounts are then bound to it."""
    if account.role is not Role.coordinator:
        raise CaseNotFound("no such resource")
    created = await relay_service.create_establishment(
        session, actor=account, name=body.name, security_check=body.security_check
    )
    return EstablishmentPublic.model_validate(created, from_attributes=True)


@router.get("/establishments", response_model=list[EstablishmentPublic])
async def list_establishments(
    session: SessionDep, account: CurrentAccount
) -> list[EstablishmentPublic]:
    """Every prison, for facilitators choosing a party's channel and coordinators."""
    if account.role not in (Role.facilitator, Role.coordinator):
        raise CaseNotFound("no such resource")
    return [
        EstablishmentPublic.model_validate(e, from_attributes=True)
        for e in await relay_service.establishments(session)
    ]


# ---- a party's channel ----------------------------------------------------------------------


@router.get("/cases/{case_id}/parties/{party_id}/channel", response_model=ChannelView)
async def get_channel(
    case_id: uuid.UUID, party_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> ChannelView:
    """How letters reach the party (the case's facilitators only)."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    party = await cases_service.get_party(session, case.id, party_id)
    return await relay_service.channel_view(session, party)


@router.put("/cases/{case_id}/parties/{party_id}/channel", response_model=ChannelView)
async def set_channel(
    case_id: uuid.UUID,
    party_id: uuid.UUID,
    body: ChannelUpdate,
    session: SessionDep,
    account: CurrentAccount,
) -> ChannelView:
    """Set how letters reach the party. A prisoner moved to another prison or released sends
    the case back for re-assessment: it is paused until a facilitator resumes it."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    party = await cases_service.get_party(session, case.id, party_id)
    await delivery_service.set_channel(session, actor=account, case=case, party=party, update=body)
    return await relay_service.channel_view(session, party)


@router.get("/cases/{case_id}/custody", response_model=list[CustodyView])
async def custody(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> list[CustodyView]:
    """Every letter of the case that went to a prison, and each step of its custody."""
    case = await cases_service.case_for_facilitator(session, account, case_id)
    return await relay_service.custody(session, case)


# ---- relay staff: the print queue -----------------------------------------------------------


@router.get("/relay/queue", response_model=list[PrintJobRelayView])
async def print_queue(
    session: SessionDep,
    account: CurrentAccount,
    state: Annotated[list[PrintState] | None, Query()] = None,
) -> list[PrintJobRelayView]:
    """Letters for prisoners at your establishment (by default: to print, and printed)."""
    states = state or [PrintState.ready, PrintState.printed]
    return await relay_service.print_queue(session, account, states)


@router.post(
    "/relay/jobs/{job_id}/print",
    response_class=Response,
    responses=_PDF_RESPONSE,
)
async def print_one(
    job_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> Response:
    """The letter and its reply sheet as a print-ready PDF; the job is marked printed."""
    desk = relay_service.relay_desk(account)
    pdf = await relay_service.print_jobs(session, keyring, desk=desk, job_ids=[job_id])
    return _pdf(pdf, "letter")


@router.post(
    "/relay/print",
    response_class=Response,
    responses=_PDF_RESPONSE,
)
async def print_batch(
    body: BatchPrint, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> Response:
    """Several letters, each with its reply sheet, as one PDF; each is marked printed."""
    desk = relay_service.relay_desk(account)
    pdf = await relay_service.print_jobs(session, keyring, desk=desk, job_ids=body.job_ids)
    return _pdf(pdf, "letters")


@router.post("/relay/jobs/{job_id}/handed-over", response_model=PrintJobRelayView)
async def handed_over(
    job_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> PrintJobRelayView:
    """The printed letter was handed to the prisoner."""
    desk = relay_service.relay_desk(account)
    job = await relay_service.mark_handed_over(session, desk=desk, job_id=job_id)
    return await relay_service.relay_job_view(session, job)


@router.post("/relay/jobs/{job_id}/undeliverable", response_model=PrintJobRelayView)
async def undeliverable(
    job_id: uuid.UUID, body: MarkUndeliverable, session: SessionDep, account: CurrentAccount
) -> PrintJobRelayView:
    """The letter could not be handed over: transferred, released or refused."""
    desk = relay_service.relay_desk(account)
    job = await relay_service.mark_undeliverable(
        session, desk=desk, job_id=job_id, reason=body.reason
    )
    return await relay_service.relay_job_view(session, job)


# ---- relay staff: replies coming out ------------------------------------------------------


@router.post(
    "/relay/scans",
    response_model=ScanReceived,
    status_code=201,
    openapi_extra=_SCAN_BODY,
)
async def upload_scan(
    request: Request,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
    ref: Annotated[str | None, Query(max_length=64, description="the code, if typed")] = None,
) -> ScanReceived:
    """Upload a scanned reply (PDF, JPEG or PNG as the request body; the type is read from the
    content). The reference is read from the reply sheet's QR code, or given as `ref`. The
    scan is stored encrypted; type its transcription next (`POST /relay/scans/{id}/reply`)."""
    desk = relay_service.relay_desk(account)
    return await scans.accept(
        session, keyring, settings, desk=desk, stream=request.stream(), typed_reference=ref
    )


@router.get("/relay/scans", response_model=list[ScanWaiting])
async def waiting_scans(session: SessionDep, account: CurrentAccount) -> list[ScanWaiting]:
    """Replies scanned at your prison whose transcription has not been sent yet."""
    return await scans.waiting(session, desk=relay_service.relay_desk(account))


@router.post("/relay/scans/{scan_id}/reply", status_code=201)
async def submit_reply(
    scan_id: uuid.UUID,
    body: ReplySubmit,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> dict[str, str]:
    """Send the typed transcription: it enters the review queue as the prisoner's letter."""
    desk = relay_service.relay_desk(account)
    letter = await scans.submit_reply(
        session, keyring, settings, desk=desk, scan_id=scan_id, transcription=body.transcription
    )
    return {"scan_id": str(scan_id), "state": letter.state.value}


# ---- facilitators: letters by post ------------------------------------------------------------


@router.get("/post/queue", response_model=list[PostJobView])
async def post_queue(
    session: SessionDep,
    account: CurrentAccount,
    state: Annotated[list[PrintState] | None, Query()] = None,
) -> list[PostJobView]:
    """Letters to people who receive them by post, in the cases you facilitate (by default: to
    print, and printed but not yet posted)."""
    states = state or [PrintState.ready, PrintState.printed]
    return await relay_service.post_queue(session, account, states)


@router.post("/post/print", response_class=Response, responses=_PDF_RESPONSE)
async def post_print(
    body: BatchPrint, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> Response:
    """Letters by post, each with its reply sheet, as one PDF; each is marked printed."""
    desk = relay_service.post_desk(account)
    pdf = await relay_service.print_jobs(session, keyring, desk=desk, job_ids=body.job_ids)
    return _pdf(pdf, "letters")


@router.post("/post/jobs/{job_id}/posted", response_model=PostJobView)
async def posted(job_id: uuid.UUID, session: SessionDep, account: CurrentAccount) -> PostJobView:
    """The printed letter has been posted."""
    desk = relay_service.post_desk(account)
    job = await relay_service.mark_handed_over(session, desk=desk, job_id=job_id)
    return await relay_service.post_job_view(session, job)


@router.post("/post/jobs/{job_id}/undeliverable", response_model=PostJobView)
async def post_undeliverable(
    job_id: uuid.UUID, body: MarkUndeliverable, session: SessionDep, account: CurrentAccount
) -> PostJobView:
    """The letter came back (`returned`) or was refused (`refused`)."""
    desk = relay_service.post_desk(account)
    job = await relay_service.mark_undeliverable(
        session, desk=desk, job_id=job_id, reason=body.reason
    )
    return await relay_service.post_job_view(session, job)


@router.post("/post/scans", response_model=ScanReceived, status_code=201, openapi_extra=_SCAN_BODY)
async def post_upload_scan(
    request: Request,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
    ref: Annotated[str | None, Query(max_length=64, description="the code, if typed")] = None,
) -> ScanReceived:
    """Upload a reply that came back by post, as `POST /relay/scans` does for prisons."""
    desk = relay_service.post_desk(account)
    return await scans.accept(
        session, keyring, settings, desk=desk, stream=request.stream(), typed_reference=ref
    )


@router.get("/post/scans", response_model=list[ScanWaiting])
async def post_waiting_scans(session: SessionDep, account: CurrentAccount) -> list[ScanWaiting]:
    """Replies by post you scanned whose transcription has not been sent yet."""
    return await scans.waiting(session, desk=relay_service.post_desk(account))


@router.post("/post/scans/{scan_id}/reply", status_code=201)
async def post_submit_reply(
    scan_id: uuid.UUID,
    body: ReplySubmit,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> dict[str, str]:
    """Send the typed transcription: it enters the review queue as the writer's letter."""
    desk = relay_service.post_desk(account)
    letter = await scans.submit_reply(
        session, keyring, settings, desk=desk, scan_id=scan_id, transcription=body.transcription
    )
    return {"scan_id": str(scan_id), "state": letter.state.value}


# ---- security staff: the establishment's own check ------------------------------------------


@router.get("/relay/security", response_model=list[PrintJobRelayView])
async def security_queue(session: SessionDep, account: CurrentAccount) -> list[PrintJobRelayView]:
    """Letters waiting for your establishment's security check."""
    return await relay_service.security_queue(session, account)


@router.get(
    "/relay/security/{job_id}/letter",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the letter to check"}},
)
async def security_letter(
    job_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> Response:
    """The letter exactly as it would be printed, for the check (the read is audited)."""
    pdf = await relay_service.security_pdf(session, keyring, actor=account, job_id=job_id)
    return _pdf(pdf, "letter-for-check")


@router.post("/relay/security/{job_id}/pass", response_model=PrintJobRelayView)
async def security_pass(
    job_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> PrintJobRelayView:
    """The letter may go in: it joins the print queue."""
    job = await relay_service.security_decide(
        session, actor=account, job_id=job_id, withhold_reason=None
    )
    return await relay_service.relay_job_view(session, job)


@router.post("/relay/security/{job_id}/withhold", response_model=PrintJobRelayView)
async def security_withhold(
    job_id: uuid.UUID, body: Withhold, session: SessionDep, account: CurrentAccount
) -> PrintJobRelayView:
    """The letter may not go in; the reason goes to the case's facilitators."""
    job = await relay_service.security_decide(
        session, actor=account, job_id=job_id, withhold_reason=body.reason
    )
    return await relay_service.relay_job_view(session, job)

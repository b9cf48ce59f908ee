"""Letter routes for participants: write, revise, withdraw, list, open."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from shuttle.accounts.deps import CurrentAccount
from shuttle.deps import KeyRingDep, SessionDep, SettingsDep
from shuttle.letters import service as letters_service
from shuttle.letters.models import (
    AuthorLetterSummary,
    AuthorLetterView,
    LetterCreate,
    LetterWrite,
    OpenedLetter,
    OpenRequest,
    SealedLetter,
)

router = APIRouter(tags=["letters"])


@router.post("/cases/{case_id}/letters", response_model=AuthorLetterSummary, status_code=201)
async def write_letter(
    case_id: uuid.UUID,
    body: LetterCreate,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> AuthorLetterSummary:
    """Write a letter to the case (never to a person): kept as a draft, or submitted."""
    letter = await letters_service.write_letter(
        session,
        keyring,
        settings,
        actor=account,
        case_id=case_id,
        body=body.body,
        submit=body.submit,
    )
    return letters_service.author_summary(letter)


@router.get("/cases/{case_id}/sent", response_model=list[AuthorLetterSummary])
async def sent(
    case_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> list[AuthorLetterSummary]:
    """The letters you wrote in this case."""
    return await letters_service.sent_letters(session, actor=account, case_id=case_id)


@router.get("/cases/{case_id}/inbox", response_model=list[SealedLetter])
async def inbox(
    case_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> list[SealedLetter]:
    """Letters delivered to you, sealed: open each when you are ready."""
    return await letters_service.inbox(session, keyring, actor=account, case_id=case_id)


@router.get("/letters/{letter_id}", response_model=AuthorLetterView)
async def my_letter(
    letter_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> AuthorLetterView:
    """A letter you wrote, with its current text and any notes from your facilitator."""
    return await letters_service.author_view(session, keyring, actor=account, letter_id=letter_id)


@router.put("/letters/{letter_id}/draft", response_model=AuthorLetterSummary)
async def update_draft(
    letter_id: uuid.UUID,
    body: LetterWrite,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> AuthorLetterSummary:
    """Replace a draft's text."""
    letter = await letters_service.update_draft(
        session, keyring, settings, actor=account, letter_id=letter_id, body=body.body
    )
    return letters_service.author_summary(letter)


@router.post("/letters/{letter_id}/submit", response_model=AuthorLetterSummary)
async def submit(
    letter_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> AuthorLetterSummary:
    """Send a draft for review."""
    letter = await letters_service.submit_letter(
        session, keyring, actor=account, letter_id=letter_id
    )
    return letters_service.author_summary(letter)


@router.post("/letters/{letter_id}/revise", response_model=AuthorLetterSummary)
async def revise(
    letter_id: uuid.UUID,
    body: LetterWrite,
    session: SessionDep,
    keyring: KeyRingDep,
    settings: SettingsDep,
    account: CurrentAccount,
) -> AuthorLetterSummary:
    """Resubmit a returned letter as a new version."""
    letter = await letters_service.revise_letter(
        session, keyring, settings, actor=account, letter_id=letter_id, body=body.body
    )
    return letters_service.author_summary(letter)


@router.post("/letters/{letter_id}/withdraw", response_model=AuthorLetterSummary)
async def withdraw(
    letter_id: uuid.UUID, session: SessionDep, account: CurrentAccount
) -> AuthorLetterSummary:
    """Take back a letter that has not been released."""
    letter = await letters_service.withdraw_letter(session, actor=account, letter_id=letter_id)
    return letters_service.author_summary(letter)


@router.get("/inbox/{letter_id}", response_model=SealedLetter)
async def sealed(
    letter_id: uuid.UUID, session: SessionDep, keyring: KeyRingDep, account: CurrentAccount
) -> SealedLetter:
    """A letter waiting for you: its envelope only."""
    return await letters_service.sealed_letter(session, keyring, actor=account, letter_id=letter_id)


@router.post("/inbox/{letter_id}/open", response_model=OpenedLetter)
async def open_letter(
    letter_id: uuid.UUID,
    body: OpenRequest,
    session: SessionDep,
    keyring: KeyRingDep,
    account: CurrentAccount,
) -> OpenedLetter:
    """Open a letter when you are ready; choose whether its writer is told you read it."""
    return await letters_service.open_letter(
        session, keyring, actor=account, letter_id=letter_id, tell_author=body.tell_author
    )

"""Letter, version, note and delivery tables, and the shapes each audience sees."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import JSON, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from shuttle.cases.models import Side
from shuttle.db import UTCDateTime, enum_type, new_id
from shuttle.timeutil import utcnow


class LetterState(StrEnum):
    """DESIGN.md's letter state diagram."""

    draft = "draft"
    queued = "queued"
    in_review = "in_review"
    returned = "returned"
    awaiting_second = "awaiting_second"
    released = "released"
    delivered = "delivered"
    read = "read"
    withdrawn = "withdrawn"


WITHDRAWABLE = (
    LetterState.draft,
    LetterState.queued,
    LetterState.in_review,
    LetterState.returned,
    LetterState.awaiting_second,
)
IN_QUEUE = (LetterState.queued, LetterState.in_review, LetterState.awaiting_second)


class Letter(SQLModel, table=True):
    """A letter written to a case by one party; the server routes it to the other side."""

    __tablename__ = "letter"
    __table_args__ = (Index("ix_letter_state_queued", "state", "queued_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    author_party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    from_side: Side = Field(sa_type=enum_type(Side))
    state: LetterState = Field(default=LetterState.draft, sa_type=enum_type(LetterState))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    first_submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    queued_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    claim_expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    first_release_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    released_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    released_version: int | None = None
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    envelope_note: bytes | None = Field(default=None, sa_type=LargeBinary)
    read_at_for_author: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LetterVersion(SQLModel, table=True):
    """One version of a letter's text, encrypted with the case key."""

    __tablename__ = "letter_version"
    __table_args__ = (UniqueConstraint("letter_id", "number"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    number: int
    body: bytes = Field(sa_type=LargeBinary)
    written_by: uuid.UUID = Field(foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set when a facilitator made this version by removing spans from the one before.
    redacted_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")


class LetterNote(SQLModel, table=True):
    """A facilitator's notes to the author when returning a version; encrypted."""

    __tablename__ = "letter_note"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    version: int
    body: bytes = Field(sa_type=LargeBinary)
    # Offsets into that version's text that the notes point at ([{"start", "end"}], no text).
    spans: list[dict[str, int]] = Field(default_factory=list, sa_type=JSON)
    written_by: uuid.UUID = Field(foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Delivery(SQLModel, table=True):
    """A released letter for one recipient party: held, delivered, opened or cancelled."""

    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("letter_id", "party_id"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tell_author: bool = False
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# ---- API shapes ----------------------------------------------------------------------------


class LetterWrite(BaseModel):
    """Letter text, written to the case: there is no recipient field by design."""

    body: str = PydanticField(description="the letter's text")


class LetterCreate(LetterWrite):
    """A new letter; `submit` sends it to review at once instead of keeping a draft."""

    submit: bool = False


class SpanRef(BaseModel):
    """A stretch of a letter's text, by Python string offsets [start, end)."""

    start: int = PydanticField(ge=0)
    end: int = PydanticField(ge=1)


class ReturnRequest(BaseModel):
    """Return a letter to its author with notes, optionally pointing at spans of the text."""

    notes: str
    spans: list[SpanRef] = PydanticField(default_factory=list, max_length=100)


class QuotedSpan(SpanRef):
    """A span the facilitator pointed at, with the words it covers."""

    text: str


class ReleaseRequest(BaseModel):
    """Release a letter, with an optional note for the envelope."""

    envelope_note: str | None = PydanticField(default=None, max_length=500)


class OpenRequest(BaseModel):
    """Open a delivered letter; the recipient decides whether the author is told."""

    tell_author: bool = False


class NoteView(BaseModel):
    """A facilitator's return note, as the author sees it, with the spans it points at."""

    version: int
    notes: str
    spans: list[QuotedSpan]
    created_at: datetime


class AuthorLetterView(BaseModel):
    """A letter as its author sees it."""

    id: uuid.UUID
    case_id: uuid.UUID
    state: LetterState
    version: int
    body: str
    created_at: datetime
    updated_at: datetime
    returned_notes: list[NoteView]
    read_by_recipient_at: datetime | None
    redacted_by_facilitator: bool = PydanticField(
        description="the current version is the facilitator's, with parts removed"
    )
    previous_body: str | None = PydanticField(
        default=None,
        description="the version before this one (the one returned, or before the facilitator's "
        "removals), to show what changed",
    )


class AuthorLetterSummary(BaseModel):
    """One line of the author's sent list (no content)."""

    id: uuid.UUID
    state: LetterState
    version: int
    created_at: datetime
    updated_at: datetime
    read_by_recipient_at: datetime | None


class SealedLetter(BaseModel):
    """A letter waiting for its recipient: the envelope, not the content."""

    id: uuid.UUID
    from_label: str
    envelope_note: str | None
    delivered_at: datetime
    opened_at: datetime | None


class OpenedLetter(SealedLetter):
    """A letter its recipient chose to open."""

    body: str
    tell_author: bool

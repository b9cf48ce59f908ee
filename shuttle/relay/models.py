"""Establishments, print jobs and their chain of custody, and the shapes relay staff see."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, model_validator
from pydantic import Field as PydanticField
from sqlalchemy import LargeBinary
from sqlmodel import Field, SQLModel

from shuttle.db import UTCDateTime, enum_type, new_id
from shuttle.timeutil import utcnow

# HM Prison Service numbers: a letter, four digits, two letters (A1234BC).
PRISON_NUMBER = r"^[A-Za-z]\d{4}[A-Za-z]{2}$"


class Channel(StrEnum):
    """How letters reach a party."""

    portal = "portal"  # they read in the portal
    relay = "relay"  # prison staff print letters and scan replies
    post = "post"  # the facilitator prints and posts


class Establishment(SQLModel, table=True):
    """A prison, with relay staff bound to it."""

    __tablename__ = "establishment"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    # Letters pass the establishment's own security check after release, before printing.
    security_check: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PrintState(StrEnum):
    """Where a letter going into prison is (README: "Prison relay")."""

    security_check = "security_check"  # waiting for the establishment's security staff
    withheld = "withheld"  # security staff withheld it; the reason went to the facilitator
    ready = "ready"  # in the print queue
    printed = "printed"
    handed_over = "handed_over"
    undeliverable = "undeliverable"
    cancelled = "cancelled"  # the recipient moved, was released, or withdrew


OPEN_STATES = (PrintState.security_check, PrintState.ready, PrintState.printed)


class Undeliverable(StrEnum):
    """Why a printed letter could not be handed over (or, by post, did not arrive)."""

    transferred = "transferred"  # in prison: moved to another prison
    released = "released"  # in prison: released
    refused = "refused"  # they did not want it
    returned = "returned"  # by post: the post brought it back (moved away, not known there)


RELAY_REASONS = frozenset(
    {Undeliverable.transferred, Undeliverable.released, Undeliverable.refused}
)
POST_REASONS = frozenset({Undeliverable.returned, Undeliverable.refused})


class PrintJob(SQLModel, table=True):
    """One released letter to be printed for one person, in prison (a prison's relay staff
    print it) or by post (the case's facilitators print and post it): its reference code and
    its chain of custody."""

    __tablename__ = "print_job"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    delivery_id: uuid.UUID = Field(foreign_key="delivery.id", unique=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    # The prison whose relay staff handle it; None for a letter by post.
    establishment_id: uuid.UUID | None = Field(
        default=None, foreign_key="establishment.id", index=True
    )
    state: PrintState = Field(sa_type=enum_type(PrintState), index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    checked_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    checked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withheld_reason: str | None = Field(default=None, max_length=1000)
    printed_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    printed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    print_count: int = 0
    handed_over_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    handed_over_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    undeliverable_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    undeliverable_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    undeliverable_reason: Undeliverable | None = Field(
        default=None, sa_type=enum_type(Undeliverable)
    )
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Scan(SQLModel, table=True):
    """A scanned reply from prison, stored encrypted in chunks (shuttle.relay.scans)."""

    __tablename__ = "scan"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    # One reply per letter handed over: a second upload of the same reference is refused.
    print_job_id: uuid.UUID = Field(foreign_key="print_job.id", unique=True)
    letter_id: uuid.UUID | None = Field(default=None, foreign_key="letter.id", index=True)
    kind: str = Field(max_length=10)
    pages: int
    size: int
    chunks: int
    uploaded_by: uuid.UUID = Field(foreign_key="account.id")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ScanChunk(SQLModel, table=True):
    """One encrypted piece of a scan."""

    __tablename__ = "scan_chunk"

    scan_id: uuid.UUID = Field(foreign_key="scan.id", primary_key=True)
    seq: int = Field(primary_key=True)
    body: bytes = Field(sa_type=LargeBinary)


# ---- API shapes ----------------------------------------------------------------------------


class EstablishmentCreate(BaseModel):
    """A coordinator adding a prison."""

    name: str = PydanticField(min_length=1, max_length=120)
    security_check: bool = False


class EstablishmentPublic(BaseModel):
    """A prison as staff see it."""

    id: uuid.UUID
    name: str
    security_check: bool


class ChannelUpdate(BaseModel):
    """How letters reach a party; relay needs the prison and how the prison knows them."""

    channel: Channel
    establishment_id: uuid.UUID | None = None
    prison_number: str | None = PydanticField(default=None, pattern=PRISON_NUMBER)
    prison_name: str | None = PydanticField(
        default=None,
        min_length=1,
        max_length=120,
        description="the recipient's name as the prison knows them (printed on the letter)",
    )

    @model_validator(mode="after")
    def _relay_needs_details(self) -> ChannelUpdate:
        details = (self.establishment_id, self.prison_number, self.prison_name)
        if self.channel is Channel.relay and None in details:
            raise ValueError("relay needs establishment_id, prison_number and prison_name")
        if self.channel is not Channel.relay and any(d is not None for d in details):
            raise ValueError("only the relay channel takes an establishment and prison details")
        return self


class ChannelView(BaseModel):
    """A party's channel as the case's facilitators see it."""

    channel: Channel
    establishment_id: uuid.UUID | None
    establishment_name: str | None
    prison_number: str | None
    prison_name: str | None


class PrintJobRelayView(BaseModel):
    """A print job as the establishment's relay staff see it: nothing about the other side."""

    id: uuid.UUID
    reference: str
    prison_number: str
    prison_name: str
    state: PrintState
    released_at: datetime
    printed_at: datetime | None
    print_count: int
    handed_over_at: datetime | None
    undeliverable_reason: Undeliverable | None


class PostJobView(BaseModel):
    """A letter by post, as the case's facilitators see it in their post queue."""

    id: uuid.UUID
    reference: str
    case_id: uuid.UUID
    recipient: str = PydanticField(description="the party's name, for the envelope")
    state: PrintState
    released_at: datetime
    printed_at: datetime | None
    print_count: int
    posted_at: datetime | None
    undeliverable_reason: Undeliverable | None


class CustodyView(BaseModel):
    """A print job's chain of custody, as the case's facilitators see it."""

    id: uuid.UUID
    reference: str
    letter_id: uuid.UUID
    party_id: uuid.UUID
    establishment_id: uuid.UUID | None = PydanticField(description="null for a letter by post")
    establishment_name: str | None
    state: PrintState
    created_at: datetime
    checked_by: uuid.UUID | None
    checked_at: datetime | None
    withheld_reason: str | None
    printed_by: uuid.UUID | None
    printed_at: datetime | None
    print_count: int
    handed_over_by: uuid.UUID | None
    handed_over_at: datetime | None
    undeliverable_by: uuid.UUID | None
    undeliverable_at: datetime | None
    undeliverable_reason: Undeliverable | None
    cancelled_at: datetime | None


class BatchPrint(BaseModel):
    """Print several letters as one PDF."""

    job_ids: list[uuid.UUID] = PydanticField(min_length=1, max_length=100)


class MarkUndeliverable(BaseModel):
    """Why a letter could not be handed over."""

    reason: Undeliverable


class Withhold(BaseModel):
    """Security staff withholding a letter; the reason goes to the facilitator."""

    reason: str = PydanticField(min_length=1, max_length=1000)


class ScanWaiting(BaseModel):
    """A scan stored whose transcription has not been sent yet."""

    id: uuid.UUID
    reference: str
    kind: str
    pages: int
    uploaded_at: datetime


class ScanReceived(BaseModel):
    """A scan accepted and stored; its transcription is still to be typed."""

    id: uuid.UUID
    reference: str
    kind: str
    pages: int
    size: int
    ocr_draft: str | None = PydanticField(
        description="Tesseract's reading of the scan, to correct (null without Tesseract)"
    )


class ReplySubmit(BaseModel):
    """The reply as typed by relay staff from the handwritten pages."""

    transcription: str = PydanticField(min_length=1)


class ScanView(BaseModel):
    """A scan attached to a letter, as the case's facilitators see it."""

    id: uuid.UUID
    kind: str
    pages: int
    size: int
    uploaded_by: uuid.UUID
    uploaded_at: datetime

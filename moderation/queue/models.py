"""What facilitators see of letters under review."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from moderation.screening.findings import Category, Severity
from shuttle.cases.models import Side
from shuttle.letters.models import LetterState, SpanRef


class QueueItem(BaseModel):
    """One letter waiting for review (no content)."""

    letter_id: uuid.UUID
    case_id: uuid.UUID
    case_reference: str
    state: LetterState
    version: int
    from_side: Side
    from_label: str
    queued_at: datetime
    claimed_by: uuid.UUID | None
    claim_expires_at: datetime | None
    needs_second_approval: bool
    first_release_by: uuid.UUID | None
    screened: bool
    urgent: bool
    finding_counts: dict[str, int]
    safeguarding_alert: bool


class VersionInfo(BaseModel):
    """A version's metadata."""

    number: int
    created_at: datetime
    submitted_at: datetime | None


class NoteInfo(BaseModel):
    """A return note, as the facilitator sees it."""

    version: int
    notes: str
    written_by: uuid.UUID
    created_at: datetime


class DeliveryInfo(BaseModel):
    """Where a released letter stands for one recipient."""

    party_id: uuid.UUID
    label: str
    delivered_at: datetime | None
    opened_at: datetime | None
    cancelled_at: datetime | None


class ReviewLetter(BaseModel):
    """A letter as its case's facilitators see it, without the text (fetch a version for that)."""

    id: uuid.UUID
    case_id: uuid.UUID
    state: LetterState
    version: int
    from_side: Side
    from_label: str
    author_party_id: uuid.UUID
    queued_at: datetime | None
    claimed_by: uuid.UUID | None
    claim_expires_at: datetime | None
    needs_second_approval: bool
    first_release_by: uuid.UUID | None
    released_version: int | None
    released_by: uuid.UUID | None
    released_at: datetime | None
    envelope_note: str | None
    scanned: bool = Field(description="it came as a handwritten letter: see .../scan")
    versions: list[VersionInfo]
    notes: list[NoteInfo]
    deliveries: list[DeliveryInfo]


class FindingView(BaseModel):
    """A screening finding on a version, with the words it covers."""

    category: Category
    start: int
    end: int
    text: str
    reason: str
    severity: Severity


class VersionText(BaseModel):
    """One version's text (an audited read), with what screening found in it."""

    letter_id: uuid.UUID
    number: int
    body: str
    created_at: datetime
    submitted_at: datetime | None
    redacted_by: uuid.UUID | None
    screened: bool
    findings: list[FindingView]


class RedactRequest(BaseModel):
    """Spans to remove from the current version before release."""

    spans: list[SpanRef] = Field(min_length=1, max_length=100)


class AlertView(BaseModel):
    """A safeguarding alert: a letter suggests its writer may harm themselves."""

    id: uuid.UUID
    case_id: uuid.UUID
    letter_id: uuid.UUID
    version: int
    raised_at: datetime
    acknowledged_by: uuid.UUID | None
    acknowledged_at: datetime | None

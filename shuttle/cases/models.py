"""Case, assignment, party, consent and invitation tables, and their public shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import JSON, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from shuttle.db import UTCDateTime, enum_type, new_id
from shuttle.timeutil import utcnow


class CaseStatus(StrEnum):
    """Where a case stands for letters."""

    open = "open"
    paused = "paused"
    closed = "closed"


class ClosureReason(StrEnum):
    """Why a case closed (DESIGN.md: a fixed set of reasons)."""

    completed = "completed"
    withdrawn = "withdrawn"
    unsuitable = "unsuitable"
    unreachable = "unreachable"
    other = "other"


class OffenceCategory(StrEnum):
    """Broad offence categories, for routing and anonymised reports."""

    violence = "violence"
    robbery = "robbery"
    burglary = "burglary"
    theft = "theft"
    criminal_damage = "criminal_damage"
    fraud = "fraud"
    driving = "driving"
    sexual = "sexual"
    domestic_abuse = "domestic_abuse"
    hate_crime = "hate_crime"
    homicide = "homicide"
    other = "other"


class RiskFlag(StrEnum):
    """Flags set at referral or assessment."""

    domestic_abuse = "domestic_abuse"
    sexual_offence = "sexual_offence"
    hate_crime = "hate_crime"
    self_harm_risk = "self_harm_risk"
    harassment_history = "harassment_history"
    child_involved = "child_involved"
    vulnerable_adult = "vulnerable_adult"


# Cases with any of these need a specialist facilitator and a second approval per release.
HIGH_RISK_FLAGS = frozenset({RiskFlag.domestic_abuse, RiskFlag.sexual_offence, RiskFlag.hate_crime})


class Side(StrEnum):
    """The two sides of a case."""

    harmed = "harmed"
    responsible = "responsible"

    @property
    def other(self) -> Side:
        """The side letters from this side go to."""
        return Side.responsible if self is Side.harmed else Side.harmed


class Consent(StrEnum):
    """A party's current consent to take part by letter."""

    pending = "pending"
    given = "given"
    withdrawn = "withdrawn"


class Case(SQLModel, table=True):
    """One restorative-justice case."""

    __tablename__ = "cases"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    area: str = Field(max_length=80, index=True)
    offence_category: OffenceCategory = Field(sa_type=enum_type(OffenceCategory))
    risk_flags: list[str] = Field(default_factory=list, sa_type=JSON)
    status: CaseStatus = Field(default=CaseStatus.open, sa_type=enum_type(CaseStatus))
    opened_by: uuid.UUID = Field(foreign_key="account.id")
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Set once, at closure; the retention period runs from here.
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    closure_reason: ClosureReason | None = Field(default=None, sa_type=enum_type(ClosureReason))

    @property
    def high_risk(self) -> bool:
        """Needs a specialist facilitator and a second approval for every release."""
        return is_high_risk(self.risk_flags)


def is_high_risk(risk_flags: list[str]) -> bool:
    """Whether a case with these risk flags is high risk (`Case.high_risk`)."""
    return any(flag in HIGH_RISK_FLAGS for flag in risk_flags)


class CaseKey(SQLModel, table=True):
    """A case's data key, stored only wrapped by a master key; destroyed for erasure."""

    __tablename__ = "case_key"

    case_id: uuid.UUID = Field(foreign_key="cases.id", primary_key=True)
    master_version: int
    wrapped_key: bytes | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    destroyed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CaseFacilitator(SQLModel, table=True):
    """A facilitator assigned to a case."""

    __tablename__ = "case_facilitator"

    case_id: uuid.UUID = Field(foreign_key="cases.id", primary_key=True)
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, index=True)
    assigned_by: uuid.UUID = Field(foreign_key="account.id")
    assigned_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Party(SQLModel, table=True):
    """A person taking part in a case, on one side."""

    __tablename__ = "party"
    __table_args__ = (UniqueConstraint("case_id", "account_id"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    account_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", index=True)
    side: Side = Field(sa_type=enum_type(Side))
    supporter: bool = False
    label: str = Field(max_length=60)
    display_name: str = Field(max_length=120)
    consent: Consent = Field(default=Consent.pending, sa_type=enum_type(Consent))
    paused: bool = False
    # When letters may reach this party (shuttle.delivery.windows.DeliveryWindow), or none.
    delivery_window: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # How letters reach them (shuttle.relay.models.Channel). For "relay": the prison, and the
    # number and name it knows them by; shown only to the case's facilitators and that
    # prison's relay staff.
    channel: str = Field(default="portal", max_length=20)
    establishment_id: uuid.UUID | None = Field(
        default=None, foreign_key="establishment.id", index=True
    )
    prison_number: str | None = Field(default=None, max_length=20)
    prison_name: str | None = Field(default=None, max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ConsentRecord(SQLModel, table=True):
    """One recording of consent given or withdrawn: who recorded it, and when."""

    __tablename__ = "consent_record"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    consent: Consent = Field(sa_type=enum_type(Consent))
    recorded_by: uuid.UUID = Field(foreign_key="account.id")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Invitation(SQLModel, table=True):
    """A one-time link for a party to create their account; only its hash is stored."""

    __tablename__ = "invitation"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    created_by: uuid.UUID = Field(foreign_key="account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# ---- API shapes ----------------------------------------------------------------------------


class Feedback(SQLModel, table=True):
    """What a participant said about taking part: a rating and words sealed with the case key."""

    __tablename__ = "feedback"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    party_id: uuid.UUID = Field(foreign_key="party.id")
    rating: int | None = None
    comments: bytes | None = Field(default=None, sa_type=LargeBinary)
    given_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CaseCreate(BaseModel):
    """A coordinator opening a case."""

    area: str = PydanticField(min_length=1, max_length=80)
    offence_category: OffenceCategory
    risk_flags: list[RiskFlag] = PydanticField(default_factory=list, max_length=len(RiskFlag))


class CaseClose(BaseModel):
    """Close a case for good, with the reason."""

    reason: ClosureReason


class AssignFacilitator(BaseModel):
    """Assign a facilitator account to a case."""

    account_id: uuid.UUID


class PartyCreate(BaseModel):
    """A facilitator adding a party and inviting them."""

    side: Side
    supporter: bool = False
    label: str = PydanticField(min_length=1, max_length=60, description="what the other side sees")
    display_name: str = PydanticField(
        min_length=1,
        max_length=120,
        description="the person's name: shown to staff and to the person, never to the other side",
    )


class ConsentUpdate(BaseModel):
    """Record consent given or withdrawn."""

    consent: Consent


class InvitationAccept(BaseModel):
    """A party choosing their sign-in."""

    login: str = PydanticField(min_length=3, max_length=120, pattern=r"^[A-Za-z0-9._@+-]+$")
    passphrase: str = PydanticField(min_length=12, max_length=1024)


class CaseStaffView(BaseModel):
    """A case as facilitators and coordinators see it (never letter content)."""

    id: uuid.UUID
    reference: str
    area: str
    offence_category: OffenceCategory
    risk_flags: list[str]
    high_risk: bool
    status: CaseStatus
    opened_at: datetime
    closed_at: datetime | None
    closure_reason: ClosureReason | None
    content_destroyed_after: datetime | None = PydanticField(
        description="a closed case's content is destroyed after this moment"
    )
    facilitator_ids: list[uuid.UUID]
    content_destroyed: bool


class PartyStaffView(BaseModel):
    """A party as the case's facilitators see them."""

    id: uuid.UUID
    side: Side
    supporter: bool
    label: str
    display_name: str
    consent: Consent
    paused: bool
    has_account: bool
    locked: bool = PydanticField(
        default=False,
        description="their account is locked after failed sign-ins (POST .../unlock lifts it)",
    )


class ConsentRecordView(BaseModel):
    """A consent history entry."""

    consent: Consent
    recorded_by: uuid.UUID
    recorded_at: datetime


class MyPartyView(BaseModel):
    """What a participant sees of their own place in the case."""

    side: Side
    supporter: bool
    label: str
    consent: Consent
    paused: bool


class CaseParticipantView(BaseModel):
    """What a participant sees of their case: never the other side's name or account."""

    id: uuid.UUID
    reference: str
    status: CaseStatus
    me: MyPartyView
    other_side_label: str | None


class InvitationIssued(BaseModel):
    """A new invitation: the link is shown once, here."""

    party: PartyStaffView
    invitation_url: str
    expires_at: datetime


class InvitationPreview(BaseModel):
    """What the invitation link shows before acceptance."""

    label: str
    side: Side
    expires_at: datetime


class TimelineEntry(BaseModel):
    """One line of a case's audit trail: who did what, when (never letter content)."""

    seq: int
    at: datetime
    action: str
    actor_name: str | None = PydanticField(description="None when Shuttle itself acted")
    actor_role: str | None
    letter_id: uuid.UUID | None
    detail: dict[str, Any]


class FeedbackGive(BaseModel):
    """A participant's feedback: a rating from 1 (very unhelpful) to 5 (very helpful), words,
    or both."""

    rating: int | None = PydanticField(default=None, ge=1, le=5)
    comments: str | None = PydanticField(default=None, max_length=4000)


class FeedbackView(BaseModel):
    """Feedback as the case's staff see it."""

    id: uuid.UUID
    side: Side
    display_name: str
    rating: int | None
    comments: str | None
    given_at: datetime

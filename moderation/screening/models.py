"""Stored screening results: categories and spans, never the matched text."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from moderation.screening.findings import Category, Severity
from shuttle.db import UTCDateTime, enum_type, new_id
from shuttle.timeutil import utcnow


class ScreeningResult(SQLModel, table=True):
    """One screened letter version: counts per category, and whether it is urgent."""

    __tablename__ = "screening_result"

    letter_version_id: uuid.UUID = Field(foreign_key="letter_version.id", primary_key=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    version: int
    screened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    urgent: bool = Field(default=False, index=True)


class ScreeningFinding(SQLModel, table=True):
    """A span of one letter version, its category and the rule's reason (no text)."""

    __tablename__ = "screening_finding"
    __table_args__ = (Index("ix_screening_finding_version", "letter_version_id", "start"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    letter_version_id: uuid.UUID = Field(foreign_key="letter_version.id")
    category: Category = Field(sa_type=enum_type(Category))
    start: int
    end: int
    severity: Severity = Field(sa_type=enum_type(Severity))
    reason: str = Field(max_length=120)


class SafeguardingAlert(SQLModel, table=True):
    """Raised when a letter suggests its writer may harm themselves; shown before any claim."""

    __tablename__ = "safeguarding_alert"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="cases.id", index=True)
    letter_id: uuid.UUID = Field(foreign_key="letter.id", index=True)
    version: int
    raised_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    acknowledged_by: uuid.UUID | None = Field(default=None, foreign_key="account.id")
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

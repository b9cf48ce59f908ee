"""Delivery windows: when a recipient has said letters may reach them.

A recipient may say "not before <date>" and/or "only on weekdays" and/or "only between <hour>
and <hour>", in their own time zone. A released letter waits for the next allowed moment.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator, model_validator


class DeliveryWindow(BaseModel):
    """When letters may be delivered to one recipient (all fields optional)."""

    not_before: date | None = Field(default=None, description="nothing arrives before this day")
    weekdays_only: bool = Field(default=False, description="Monday to Friday only")
    from_hour: int | None = Field(default=None, ge=0, le=23, description="local hour, inclusive")
    to_hour: int | None = Field(default=None, ge=1, le=24, description="local hour, exclusive")
    timezone: str = Field(default="Europe/London", max_length=64)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use a name like Europe/London)"
            ) from None
        return value

    @model_validator(mode="after")
    def _hours_make_sense(self) -> DeliveryWindow:
        if (self.from_hour is None) != (self.to_hour is None):
            raise ValueError("give both from_hour and to_hour, or neither")
        if (
            self.from_hour is not None
            and self.to_hour is not None
            and self.from_hour >= self.to_hour
        ):
            raise ValueError("from_hour must be earlier than to_hour")
        return self


def next_allowed(window: DeliveryWindow | None, now: datetime) -> datetime:
    """The first moment at or after `now` when the window lets a letter through (in UTC)."""
    if window is None:
        return now
    zone = ZoneInfo(window.timezone)
    moment = now.astimezone(zone)
    if window.not_before is not None:
        moment = max(moment, datetime.combine(window.not_before, time(0), zone))
    start = time(window.from_hour or 0)
    for _ in range(9):  # within a week and a day there is always an allowed moment
        day_start = datetime.combine(moment.date(), start, zone)
        if window.weekdays_only and moment.weekday() >= 5:
            moment = datetime.combine(moment.date() + timedelta(days=1), time(0), zone)
            continue
        if window.from_hour is not None and window.to_hour is not None:
            if moment < day_start:
                moment = day_start
            elif window.to_hour < 24 and moment.hour >= window.to_hour:
                moment = datetime.combine(moment.date() + timedelta(days=1), time(0), zone)
                continue
        return moment.astimezone(now.tzinfo)
    raise AssertionError("a delivery window always opens within a week")  # pragma: no cover

"""Delivery windows: a recipient chooses when letters may reach them; letters wait for it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import SQLModel

from shuttle import worker
from shuttle.config import Settings
from shuttle.db import create_engine, session_factory
from shuttle.delivery.windows import DeliveryWindow, next_allowed
from tests.fixtures.world import World, run_sql

LETTER = "Thank you for agreeing to read this. I know it cannot undo anything, but I am sorry."


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-21T12:00", "2026-11-23T10:00"),  # Saturday: Monday at ten
        ("2026-11-23T09:00", "2026-11-23T10:00"),  # Monday before ten: at ten
        ("2026-11-23T12:00", "2026-11-23T12:00"),  # inside the window: now
        ("2026-11-23T16:00", "2026-11-24T10:00"),  # at the end hour: the next morning
        ("2026-11-27T16:30", "2026-11-30T10:00"),  # Friday evening: Monday
    ],
)
def test_weekdays_between_hours(now: str, expected: str) -> None:
    window = DeliveryWindow(weekdays_only=True, from_hour=10, to_hour=16, timezone="UTC")
    assert next_allowed(window, at(now)) == at(expected)


def test_hours_are_the_recipients_own() -> None:
    # 10:00 in London in summer is 09:00 UTC
    window = DeliveryWindow(from_hour=10, to_hour=12, timezone="Europe/London")
    assert next_allowed(window, at("2026-07-01T06:00")) == at("2026-07-01T09:00")


def test_not_before_a_date() -> None:
    window = DeliveryWindow(not_before=date(2026, 12, 1), timezone="UTC")
    assert next_allowed(window, at("2026-11-21T12:00")) == at("2026-12-01T00:00")
    assert next_allowed(window, at("2026-12-05T08:00")) == at("2026-12-05T08:00")
    assert next_allowed(None, at("2026-11-21T12:00")) == at("2026-11-21T12:00")


async def test_a_letter_waits_for_the_window_and_arrives_when_it_opens(
    world: World, settings: Settings
) -> None:
    # Given the person harmed does not want letters before next week
    harmed, case = world.case.harmed, world.case.case_id
    window = {"not_before": (date.today() + timedelta(days=7)).isoformat()}
    chosen = await world.call(harmed, "PUT", f"/cases/{case}/me/delivery-window", window)
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["not_before"] == window["not_before"]
    # When a letter to them is released, Then it waits
    letter_id = await world.released_letter(world.case.responsible, LETTER)
    assert (await world.call(harmed, "GET", f"/cases/{case}/inbox")).json() == []
    # And the worker's delivery job leaves it waiting while the window is shut
    ctx: dict[str, Any] = {"sessions": session_factory(create_engine(settings))}
    assert await worker.deliver_due(ctx) == 0
    # When the window's date arrives (moved back here), Then the job delivers it
    party = SQLModel.metadata.tables["party"]
    opened = {"not_before": (date.today() - timedelta(days=1)).isoformat()}
    await run_sql(
        settings,
        update(party)
        .where(party.c.id == uuid.UUID(world.case.harmed_party_id))
        .values(delivery_window=opened),
    )
    assert await worker.deliver_due(ctx) == 1
    assert await worker.deliver_due(ctx) == 0
    inbox = (await world.call(harmed, "GET", f"/cases/{case}/inbox")).json()
    assert [item["id"] for item in inbox] == [letter_id]


async def test_clearing_the_window_delivers_what_waited(world: World) -> None:
    harmed, case = world.case.harmed, world.case.case_id
    later = {"not_before": (date.today() + timedelta(days=3)).isoformat()}
    await world.call(harmed, "PUT", f"/cases/{case}/me/delivery-window", later)
    await world.released_letter(world.case.responsible, LETTER)
    assert (await world.call(harmed, "GET", f"/cases/{case}/inbox")).json() == []
    cleared = await world.call(harmed, "DELETE", f"/cases/{case}/me/delivery-window")
    assert cleared.status_code == 204
    shown = await world.call(harmed, "GET", f"/cases/{case}/me/delivery-window")
    assert shown.json() is None
    assert len((await world.call(harmed, "GET", f"/cases/{case}/inbox")).json()) == 1


@pytest.mark.parametrize(
    "window",
    [
        {"from_hour": 9},
        {"from_hour": 17, "to_hour": 9},
        {"timezone": "Mars/Olympus_Mons"},
        {"to_hour": 25, "from_hour": 1},
    ],
)
async def test_a_window_that_makes_no_sense_is_refused(
    world: World, window: dict[str, object]
) -> None:
    url = f"/cases/{world.case.case_id}/me/delivery-window"
    refused = await world.call(world.case.harmed, "PUT", url, window)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")

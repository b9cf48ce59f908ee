"""Closing a case, the retention job that destroys a closed case's content, and the re-wrap job."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlmodel import SQLModel

from shuttle import worker
from shuttle.cases import keys as case_keys
from shuttle.commands import key_status, rotate_master_key
from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing, generate_key_file, keyring_from_settings
from shuttle.db import create_engine, session_factory
from shuttle.timeutil import utcnow
from tests.fixtures.world import World, run_sql

CASES = SQLModel.metadata.tables["cases"]
CASE_KEY = SQLModel.metadata.tables["case_key"]
VERSIONS = SQLModel.metadata.tables["letter_version"]
EVENTS = SQLModel.metadata.tables["event"]
AUDIT = SQLModel.metadata.tables["audit_entry"]

LETTER = (
    "I have thought about that night every day since. I am not asking you to forgive me. "
    "I wanted you to hear from me that it was my choice and not anything you did."
)


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The shared settings, with master keys read from a key file (as `keys rotate` needs)."""
    key_file = tmp_path / "keys" / "master-keys.json"
    generate_key_file(key_file)
    return settings.model_copy(update={"master_keys": None, "master_key_file": key_file})


@pytest.fixture
def keyring(settings: Settings) -> KeyRing:
    """The ring the app starts with, loaded from the key file."""
    return keyring_from_settings(settings)


@pytest.fixture
async def ctx(settings: Settings) -> AsyncIterator[dict[str, Any]]:
    """What the worker's jobs are given (no Redis needed by these two)."""
    engine = create_engine(settings)
    yield {
        "settings": settings,
        "sessions": session_factory(engine),
        "keyring": keyring_from_settings(settings),
    }
    await engine.dispose()


async def close(world: World, case_id: str, reason: str = "completed") -> Any:
    return await world.call(world.fac1, "POST", f"/cases/{case_id}/close", {"reason": reason})


async def closed_days_ago(world: World, case_id: str, days: float) -> None:
    when = utcnow() - timedelta(days=days)
    await run_sql(
        world.settings,
        update(CASES).where(CASES.c.id == uuid.UUID(case_id)).values(closed_at=when),
    )


# ---- closing ------------------------------------------------------------------------------


async def test_closing_a_case_is_final_and_tells_everyone(world: World) -> None:
    case = world.case
    letter_id = await world.released_letter(case.responsible, LETTER)
    assert (await world.call(case.harmed, "POST", f"/inbox/{letter_id}/open", {})).is_success
    # When a facilitator closes the case
    closed = await close(world, case.case_id)
    # Then it says when and why, and when its content will be destroyed
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["status"] == "closed" and body["closure_reason"] == "completed"
    closed_at = body["closed_at"]
    retention = timedelta(days=world.settings.case_retention_days)
    assert body["content_destroyed_after"] is not None
    after = datetime.fromisoformat(body["content_destroyed_after"])
    assert after - datetime.fromisoformat(closed_at) == retention
    # Everyone in the case hears of it
    events = await run_sql(
        world.settings, select(EVENTS.c.type).where(EVENTS.c.case_id == uuid.UUID(case.case_id))
    )
    assert "case.closed" in [row.type for row in events]
    # Nothing new can be written, and the case cannot be resumed, paused or closed again
    write = await world.call(
        case.harmed, "POST", f"/cases/{case.case_id}/letters", {"body": "One more.", "submit": True}
    )
    assert write.status_code == 409
    for action in ("resume", "pause", "close"):
        again = await world.call(
            world.fac1, "POST", f"/cases/{case.case_id}/{action}", {"reason": "other"}
        )
        assert again.status_code == 409, (action, again.text)
        assert again.headers["content-type"] == "application/problem+json"
    # The letter already read is still readable until retention ends
    assert (await world.call(case.harmed, "POST", f"/inbox/{letter_id}/open", {})).is_success


async def test_closing_is_refused_while_letters_wait(world: World) -> None:
    case = world.case
    letter_id = await world.submitted_letter(case.responsible, LETTER)
    # A letter in review
    refused = await close(world, case.case_id)
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("1 letter in review")
    # Released, but held because the recipient paused
    assert (await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/pause")).is_success
    assert (await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")).is_success
    released = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    assert released.status_code == 200
    refused = await close(world, case.case_id)
    assert refused.status_code == 409
    assert refused.json()["detail"].startswith("1 released letter not yet delivered")
    # Once it has been delivered, the case may close; nothing was half-written before
    case_row = (await run_sql(world.settings, select(CASES.c.status, CASES.c.closed_at)))[0]
    assert case_row.status == "open" and case_row.closed_at is None
    assert (await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/resume")).is_success
    assert (await close(world, case.case_id, "withdrawn")).status_code == 200


async def test_who_may_close(world: World) -> None:
    case = world.case
    for actor in (case.harmed, case.responsible, world.outsider):
        denied = await world.call(
            actor, "POST", f"/cases/{case.case_id}/close", {"reason": "completed"}
        )
        assert denied.status_code == 404, denied.text
    bad = await world.call(
        world.coordinator, "POST", f"/cases/{case.case_id}/close", {"reason": "bored"}
    )
    assert bad.status_code == 422
    ok = await world.call(
        world.coordinator, "POST", f"/cases/{case.case_id}/close", {"reason": "unreachable"}
    )
    assert ok.status_code == 200 and ok.json()["closure_reason"] == "unreachable"


# ---- the retention job --------------------------------------------------------------------


async def test_retention_destroys_only_closed_cases_past_their_period(
    world: World, ctx: dict[str, Any]
) -> None:
    retention = world.settings.case_retention_days
    expired, recent, still_open = world.case, *[await world.new_case([world.fac1]) for _ in "ab"]
    letters = {}
    for case in (expired, recent, still_open):
        letters[case.case_id] = await world.released_letter(case.responsible, LETTER, case=case)
    assert (await close(world, expired.case_id)).status_code == 200
    assert (await close(world, recent.case_id)).status_code == 200
    await closed_days_ago(world, expired.case_id, retention + 1)
    await closed_days_ago(world, recent.case_id, retention - 1)
    said = {"rating": 4, "comments": "The letters helped me more than I expected."}
    for case in (expired, recent):
        url = f"/cases/{case.case_id}/me/feedback"
        assert (await world.call(case.harmed, "POST", url, said)).status_code == 201
    # When the job runs
    assert await worker.expire_retention(ctx) == 1
    # Then only the case closed longer ago than the retention period has lost its content
    gone = await world.call(expired.harmed, "POST", f"/inbox/{letters[expired.case_id]}/open", {})
    assert gone.status_code == 410
    assert gone.json()["type"] == "urn:shuttle:problem:case-content-destroyed"
    for case in (recent, still_open):
        kept = await world.call(case.harmed, "POST", f"/inbox/{letters[case.case_id]}/open", {})
        assert kept.status_code == 200 and kept.json()["body"] == LETTER
    keys = {
        str(row.case_id): row.wrapped_key
        for row in await run_sql(world.settings, select(CASE_KEY.c.case_id, CASE_KEY.c.wrapped_key))
    }
    assert keys[expired.case_id] is None
    assert keys[recent.case_id] is not None and keys[still_open.case_id] is not None
    bodies = await run_sql(
        world.settings,
        select(VERSIONS.c.body).where(VERSIONS.c.letter_id == uuid.UUID(letters[expired.case_id])),
    )
    assert [row.body for row in bodies] == [b""]
    feedback = await world.call(world.fac1, "GET", f"/cases/{expired.case_id}/feedback")
    assert feedback.status_code == 200
    assert [(f["rating"], f["comments"]) for f in feedback.json()] == [(4, None)]
    kept = await world.call(world.fac1, "GET", f"/cases/{recent.case_id}/feedback")
    assert [f["comments"] for f in kept.json()] == [said["comments"]]
    audited = await run_sql(
        world.settings,
        select(AUDIT.c.detail).where(
            AUDIT.c.action == "case.key_destroyed",
            AUDIT.c.case_id == uuid.UUID(expired.case_id),
        ),
    )
    assert [row.detail for row in audited] == [{"reason": "retention"}]
    # A second run finds nothing more to do
    assert await worker.expire_retention(ctx) == 0
    staff = await world.call(world.fac1, "GET", f"/cases/{expired.case_id}")
    assert staff.json()["content_destroyed"] is True


# ---- the re-wrap job ----------------------------------------------------------------------


async def test_rewrap_works_in_batches_and_resumes(world: World, ctx: dict[str, Any]) -> None:
    """Given case keys under version 1 and a worker that loaded its ring before the rotation,
    when the key rotates, re-wrapping goes a batch per transaction, stops when its time is up,
    carries on at the next run, and every letter still opens."""
    for _ in range(4):
        await world.new_case([world.fac1])
    letter_id = await world.released_letter(world.case.responsible, LETTER)
    assert await rotate_master_key(world.settings) == (2, 5)
    sessions, ring = ctx["sessions"], ctx["keyring"]
    assert ring.active_version == 1
    # Each run out of time after its first batch of two (an interrupted or timed-out job)
    runs = [await case_keys.rewrap_case_keys(sessions, ring, batch=2, budget_seconds=0)]
    runs.append(await case_keys.rewrap_case_keys(sessions, ring, batch=2, budget_seconds=0))
    assert runs == [2, 2]
    assert await key_status(world.settings) == (2, {1: 1, 2: 4})
    # The worker's job finishes the rest, and then has nothing to do
    assert await worker.rewrap_keys(ctx) == 1
    assert await worker.rewrap_keys(ctx) == 0
    assert await key_status(world.settings) == (2, {2: 5})
    opened = await world.call(world.case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == LETTER
    rewrapped = await run_sql(
        world.settings, select(AUDIT.c.detail).where(AUDIT.c.action == "keys.rewrapped")
    )
    assert [row.detail["case_keys"] for row in rewrapped] == [2, 2, 1]

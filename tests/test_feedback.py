"""Participants' feedback about taking part: sealed with the case key, read by the case's staff."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import SQLModel

from tests.fixtures.world import World, run_sql

FEEDBACK = SQLModel.metadata.tables["feedback"]
WORDS = "Having Priya read every letter first made it possible for me to keep going."


async def test_feedback_is_sealed_and_read_only_by_the_cases_staff(world: World) -> None:
    case = world.case
    url = f"/cases/{case.case_id}/me/feedback"
    given = await world.call(case.harmed, "POST", url, {"rating": 5, "comments": f"  {WORDS} "})
    assert given.status_code == 201, given.text
    assert (given.json()["rating"], given.json()["comments"]) == (5, WORDS)
    rating_only = await world.call(case.responsible, "POST", url, {"rating": 2})
    assert rating_only.status_code == 201
    # Stored sealed: the words are not in the database
    rows = await run_sql(world.settings, select(FEEDBACK.c.rating, FEEDBACK.c.comments))
    assert sorted(row.rating for row in rows) == [2, 5]
    assert all(WORDS.encode() not in (row.comments or b"") for row in rows)
    # The case's facilitators and coordinator read it, newest first, with who gave it
    for staff in (world.fac1, world.coordinator):
        read = await world.call(staff, "GET", f"/cases/{case.case_id}/feedback")
        assert read.status_code == 200
        assert [(f["side"], f["rating"], f["comments"]) for f in read.json()] == [
            ("responsible", 2, None),
            ("harmed", 5, WORDS),
        ]
    # Nobody else does, and nobody gives feedback on someone else's case
    for stranger in (world.outsider, case.harmed, case.responsible):
        denied = await world.call(stranger, "GET", f"/cases/{case.case_id}/feedback")
        assert denied.status_code == 404
    other = await world.new_case([world.outsider])
    assert (await world.call(other.harmed, "POST", url, {"rating": 3})).status_code == 404
    assert (await world.call(world.fac1, "POST", url, {"rating": 3})).status_code == 404


async def test_empty_or_out_of_range_feedback_is_refused(world: World) -> None:
    url = f"/cases/{world.case.case_id}/me/feedback"
    for body in ({}, {"comments": "   "}, {"rating": 0}, {"rating": 6}, {"comments": "x" * 4001}):
        refused = await world.call(world.case.harmed, "POST", url, body)
        assert refused.status_code == 422, body
        assert refused.headers["content-type"] == "application/problem+json"
    assert await run_sql(world.settings, select(FEEDBACK.c.id)) == []

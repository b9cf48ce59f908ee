"""Live events over /ws: who hears what, replay after a reconnect, and who is refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from sqlmodel import SQLModel
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from clients.python import SignInRefused, Subscription
from shuttle.config import Settings
from shuttle.db import create_engine, session_factory, transaction
from shuttle.realtime import service as realtime
from shuttle.timeutil import utcnow
from tests.fixtures.live import Listener, served
from tests.fixtures.world import Actor, World, run_sql

LETTER = (
    "I have thought about what I would say to you for a long time. I am sorry for the fear I "
    "caused that night, and I would like to answer any questions you have."
)
WORRYING = "I have not been sleeping. Some nights I think everyone would be better off without me."


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Quick re-checks, so that a session ending shows within a test."""
    return settings.model_copy(
        update={"ws_recheck_seconds": 0.3, "ws_hello_seconds": 0.5, "events_poll_seconds": 0.2}
    )


@pytest.fixture
async def live(app_client: httpx.AsyncClient) -> AsyncIterator[str]:
    """The test's app on a real loopback port."""
    async with served(app_client.app) as url:  # type: ignore[attr-defined]
        yield url


def ws_url(live: str) -> str:
    return live.replace("http://", "ws://") + "/ws"


async def listen(live: str, actor: Actor, last_event_id: int | None = None) -> Listener:
    return await Listener(
        Subscription(ws_url(live), actor.token, last_event_id=last_event_id)
    ).ready()


async def test_a_released_letter_reaches_its_recipient_with_ids_only(
    live: str, world: World
) -> None:
    # Given the person responsible is connected, with a raw socket to see the very frames
    async with connect(ws_url(live)) as socket:
        await socket.send(json.dumps({"type": "hello", "token": world.case.responsible.token}))
        ready = json.loads(await socket.recv())
        assert ready["type"] == "ready"
        # When the other side's letter is released
        letter_id = await world.released_letter(world.case.harmed, LETTER)
        # Then a "letter waiting" frame arrives: type and ids, nothing of the letter
        raw = await asyncio.wait_for(socket.recv(), timeout=10)
    frame = json.loads(raw)
    assert frame["type"] == "letter.waiting"
    assert frame["letter_id"] == letter_id
    assert frame["case_id"] == world.case.case_id
    assert set(frame) == {"id", "type", "case_id", "letter_id", "at"}
    assert frame["id"] > ready["last_event_id"]
    assert "sorry" not in str(raw) and "Harmed" not in str(raw)


async def test_facilitators_hear_queue_changes_and_alerts_and_no_one_else_does(
    live: str, world: World
) -> None:
    # Given the case's facilitator, an unassigned facilitator and the recipient are connected
    facilitator = await listen(live, world.fac1)
    outsider = await listen(live, world.outsider)
    recipient = await listen(live, world.case.responsible)
    # When a letter with a sign of self-harm is submitted
    letter_id = await world.submitted_letter(world.case.harmed, WORRYING)
    # Then the facilitator hears that the queue changed and of the safeguarding alert
    await facilitator.until(
        lambda e: {"queue.changed", "safeguarding.alert"} <= {x.type for x in e}
    )
    assert all(str(e.letter_id) == letter_id for e in facilitator.events)
    # And the unassigned facilitator's first event is from their own case, not this one
    other_case = await world.new_case([world.outsider])
    await world.submitted_letter(other_case.harmed, LETTER, case=other_case)
    await outsider.until(lambda e: len(e) >= 1)
    assert {str(e.case_id) for e in outsider.events} == {other_case.case_id}
    # And the recipient has heard nothing of a letter still in review
    assert recipient.events == []
    for listener in (facilitator, outsider, recipient):
        await listener.close()


async def test_a_returned_letter_tells_its_author_only(live: str, world: World) -> None:
    author = await listen(live, world.case.harmed)
    recipient = await listen(live, world.case.responsible)
    letter_id = await world.submitted_letter(world.case.harmed, LETTER)
    fac = world.fac1
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/claim")).status_code == 200
    returned = await world.call(
        fac, "POST", f"/review/letters/{letter_id}/return", {"notes": "Could we talk first?"}
    )
    assert returned.status_code == 200
    await author.until(lambda e: "letter.returned" in [x.type for x in e])
    # The recipient learns nothing; a pause of the case (heard by all) shows the socket works
    paused = await world.call(fac, "POST", f"/cases/{world.case.case_id}/pause")
    assert paused.status_code == 200, paused.text
    await recipient.until(lambda e: len(e) >= 1)
    assert recipient.types == ["case.paused"]
    await author.until(lambda e: "case.paused" in [x.type for x in e])
    await author.close()
    await recipient.close()


async def test_pause_and_resume_reach_everyone_in_the_case(live: str, world: World) -> None:
    people = [world.fac1, world.fac2, world.case.harmed, world.case.responsible]
    listeners = [await listen(live, person) for person in people]
    case = world.case.case_id
    assert (await world.call(world.fac1, "POST", f"/cases/{case}/pause")).status_code == 200
    assert (await world.call(world.fac1, "POST", f"/cases/{case}/resume")).status_code == 200
    for listener in listeners:
        await listener.until(lambda e: [x.type for x in e] == ["case.paused", "case.resumed"])
        await listener.close()


async def test_a_client_that_comes_back_receives_what_it_missed_once_and_in_order(
    live: str, world: World
) -> None:
    # Given a facilitator who heard one event and then went away
    first = await listen(live, world.fac1)
    await world.submitted_letter(world.case.harmed, LETTER)
    await first.until(lambda e: len(e) == 1)
    seen = first.events[-1].id
    await first.close()
    # When three more letters are submitted while they are away
    for _ in range(3):
        await world.submitted_letter(world.case.harmed, LETTER)
    # Then coming back after the last event seen replays exactly those three, in order
    back = await listen(live, world.fac1, last_event_id=seen)
    await back.until(lambda e: len(e) >= 3)
    await asyncio.sleep(0.3)  # nothing more, no repeats
    ids = [e.id for e in back.events]
    assert len(ids) == 3 and ids == sorted(ids) and ids[0] > seen
    # And one more arrives live, after the replay
    await world.submitted_letter(world.case.harmed, LETTER)
    await back.until(lambda e: len(e) == 4)
    # And from the very beginning, all five, each once
    everything = await listen(live, world.fac1, last_event_id=0)
    await everything.until(lambda e: len(e) >= 5)
    assert [e.id for e in everything.events] == sorted({seen, *ids, back.events[-1].id})
    await back.close()
    await everything.close()


async def test_refused_without_a_hello_or_with_a_bad_token(live: str, world: World) -> None:
    # No first frame in time
    async with connect(ws_url(live)) as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    # A token that is not a session
    listener = Listener(Subscription(ws_url(live), "not-a-token"))
    await listener.until(lambda _: listener.error is not None)
    assert isinstance(listener.error, SignInRefused)


async def test_a_session_that_ends_closes_its_socket(live: str, world: World) -> None:
    listener = await listen(live, world.case.harmed)
    logout = await world.call(world.case.harmed, "POST", "/auth/logout")
    assert logout.status_code == 204
    deadline = asyncio.get_running_loop().time() + 5
    while listener.error is None:
        assert asyncio.get_running_loop().time() < deadline, "socket stayed open"
        await asyncio.sleep(0.05)
    assert isinstance(listener.error, SignInRefused)


async def test_the_cookie_is_accepted_only_from_shuttles_own_pages(
    live: str, world: World, settings: Settings
) -> None:
    cookie = {"Cookie": f"shuttle_session={world.case.harmed.token}"}
    foreign = {**cookie, "Origin": "https://evil.example"}
    async with connect(ws_url(live), additional_headers=foreign) as socket:
        await socket.send(json.dumps({"type": "hello"}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    own = {**cookie, "Origin": settings.public_base_url}
    async with connect(ws_url(live), additional_headers=own) as socket:
        await socket.send(json.dumps({"type": "hello"}))
        assert json.loads(await asyncio.wait_for(socket.recv(), timeout=5))["type"] == "ready"


async def test_a_client_further_behind_than_events_are_kept_is_told_to_resync(
    live: str, world: World, settings: Settings
) -> None:
    # Given events that have passed the retention period and been pruned
    await world.submitted_letter(world.case.harmed, LETTER)
    await world.submitted_letter(world.case.harmed, LETTER)
    event = SQLModel.metadata.tables["event"]
    await run_sql(settings, update(event).values(created_at=utcnow() - timedelta(days=40)))
    engine = create_engine(settings)
    async with transaction(session_factory(engine)) as session:
        assert await realtime.prune(session, before=utcnow() - timedelta(days=30)) == 2
    await engine.dispose()
    # When a client comes back from before them, it is told to reload
    behind = Listener(Subscription(ws_url(live), world.fac1.token, last_event_id=0))
    await behind.ready()
    assert behind.subscription.resynced.is_set() and behind.events == []
    # And a client that missed nothing is simply ready
    current = await listen(live, world.fac1, last_event_id=behind.subscription.last_event_id)
    assert not current.subscription.resynced.is_set()
    # And new events still arrive for both
    await world.submitted_letter(world.case.harmed, LETTER)
    for listener in (behind, current):
        await listener.until(lambda e: len(e) == 1)
        await listener.close()

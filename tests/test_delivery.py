"""Consent and pauses hold delivery at once; resuming delivers what waited."""

from __future__ import annotations

from tests.fixtures.world import World

LETTER = "I would like you to know I have stopped drinking. It has been eight months now."


async def _inbox_ids(world: World, actor_case: str, actor: object) -> list[str]:
    response = await world.call(actor, "GET", f"/cases/{actor_case}/inbox")  # type: ignore[arg-type]
    assert response.status_code == 200
    return [item["id"] for item in response.json()]


async def test_a_paused_recipient_receives_held_letters_on_resume(world: World) -> None:
    case = world.case
    # Given the person harmed has paused delivery
    paused = await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/pause")
    assert paused.status_code == 200 and paused.json()["paused"] is True
    # When a letter is released to them
    letter_id = await world.released_letter(case.responsible, LETTER)
    # Then it waits, and the author is not told about the pause
    assert await _inbox_ids(world, case.case_id, case.harmed) == []
    review = (await world.call(world.fac1, "GET", f"/review/letters/{letter_id}")).json()
    assert review["state"] == "released" and review["deliveries"][0]["delivered_at"] is None
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert mine["state"] == "released"
    # And it arrives once they resume
    await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/resume")
    assert await _inbox_ids(world, case.case_id, case.harmed) == [letter_id]


async def test_a_paused_case_holds_letters_until_resumed(world: World) -> None:
    case = world.case
    assert (await world.call(world.fac1, "POST", f"/cases/{case.case_id}/pause")).json()[
        "status"
    ] == "paused"
    letter_id = await world.released_letter(case.responsible, LETTER)
    assert await _inbox_ids(world, case.case_id, case.harmed) == []
    assert (await world.call(world.fac1, "POST", f"/cases/{case.case_id}/resume")).json()[
        "status"
    ] == "open"
    assert await _inbox_ids(world, case.case_id, case.harmed) == [letter_id]


async def test_withdrawal_by_the_recipient_holds_everything_undelivered_for_good(
    world: World,
) -> None:
    case = world.case
    # Given a letter waiting behind a pause
    await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/pause")
    letter_id = await world.released_letter(case.responsible, LETTER)
    # When the person harmed withdraws consent
    withdrawn = await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["consent"] == "withdrawn"
    # Then resuming and even consent recorded again do not deliver it
    await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/resume")
    await world.call(
        world.fac1,
        "POST",
        f"/cases/{case.case_id}/parties/{case.harmed_party_id}/consent",
        {"consent": "given"},
    )
    assert await _inbox_ids(world, case.case_id, case.harmed) == []
    review = (await world.call(world.fac1, "GET", f"/review/letters/{letter_id}")).json()
    assert review["deliveries"][0]["cancelled_at"] is not None


async def test_withdrawal_stops_new_letters_and_releases(world: World) -> None:
    case = world.case
    letter_id = await world.submitted_letter(case.responsible, LETTER)
    await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    # When the facilitator records the person harmed withdrawing
    recorded = await world.call(
        world.fac1,
        "POST",
        f"/cases/{case.case_id}/parties/{case.harmed_party_id}/consent",
        {"consent": "withdrawn"},
    )
    assert recorded.status_code == 200
    # Then nothing can be released or submitted
    release = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/release", {})
    assert release.status_code == 409 and release.json()["title"] == "Consent not recorded"
    submit = await world.call(
        case.responsible, "POST", f"/cases/{case.case_id}/letters", {"body": LETTER, "submit": True}
    )
    assert submit.status_code == 409
    # And the history shows who recorded what
    history = (
        await world.call(
            world.fac1, "GET", f"/cases/{case.case_id}/parties/{case.harmed_party_id}/consent"
        )
    ).json()
    assert [h["consent"] for h in history] == ["given", "withdrawn"]
    assert history[-1]["recorded_by"] == str(world.fac1.id)


async def test_withdrawal_by_the_author_holds_their_undelivered_letters(world: World) -> None:
    case = world.case
    await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/pause")
    await world.released_letter(case.responsible, LETTER)
    await world.call(case.responsible, "POST", f"/cases/{case.case_id}/me/withdraw")
    await world.call(case.harmed, "POST", f"/cases/{case.case_id}/me/resume")
    assert await _inbox_ids(world, case.case_id, case.harmed) == []


async def test_no_letter_before_both_sides_consent(world: World) -> None:
    fresh = await world.new_case([world.fac1], consent=False)
    response = await world.call(
        fresh.responsible,
        "POST",
        f"/cases/{fresh.case_id}/letters",
        {"body": LETTER, "submit": True},
    )
    assert response.status_code == 409
    assert response.json()["type"] == "urn:shuttle:problem:consent-missing"
    draft = await world.call(
        fresh.responsible, "POST", f"/cases/{fresh.case_id}/letters", {"body": LETTER}
    )
    assert draft.status_code == 201

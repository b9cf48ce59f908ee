"""Consent and pauses hold delivery at once; resuming delivers what waited."""

from __future__ import annotations

import httpx

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


async def test_the_other_sides_principals_must_consent_and_their_supporters_do_not_count(
    world: World,
) -> None:
    fresh, lead = await world.new_case([world.fac1], consent=False), world.fac1
    parties = f"/cases/{fresh.case_id}/parties"

    async def consent(party_id: str, value: str) -> None:
        recorded = await world.call(
            lead, "POST", f"{parties}/{party_id}/consent", {"consent": value}
        )
        assert recorded.status_code == 200, recorded.text

    async def submit() -> httpx.Response:
        return await world.call(
            fresh.responsible,
            "POST",
            f"/cases/{fresh.case_id}/letters",
            {"body": LETTER, "submit": True},
        )

    # Given the writer's consent recorded, and a supporter of the person harmed who consents
    await consent(fresh.responsible_party_id, "given")
    supporter = await world.call(
        lead,
        "POST",
        parties,
        {"side": "harmed", "supporter": True, "label": "a friend", "display_name": "Sam Friend"},
    )
    assert supporter.status_code == 201, supporter.text
    await consent(supporter.json()["party"]["id"], "given")
    # Then the letter still waits for the person harmed themselves
    refused = await submit()
    assert refused.status_code == 409, refused.text
    assert "both sides" in refused.json()["detail"]
    # When the person harmed consents and their supporter withdraws, Then it goes
    await consent(fresh.harmed_party_id, "given")
    await consent(supporter.json()["party"]["id"], "withdrawn")
    assert (await submit()).status_code == 201
    # And once the writer's own consent is withdrawn, that is what refuses it
    await consent(fresh.responsible_party_id, "withdrawn")
    refused = await submit()
    assert refused.status_code == 409 and "your consent" in refused.json()["detail"]


async def test_no_letter_while_the_other_side_has_no_one_but_a_supporter(world: World) -> None:
    # Given a case with the person responsible and only a supporter on the other side
    coordinator, lead = world.coordinator, world.fac1
    opened = await world.call(
        coordinator,
        "POST",
        "/cases",
        {"area": "Northshire", "offence_category": "burglary", "risk_flags": []},
    )
    case_id = opened.json()["id"]
    assigned = await world.call(
        coordinator, "POST", f"/cases/{case_id}/facilitators", {"account_id": str(lead.id)}
    )
    assert assigned.status_code == 200, assigned.text
    writer, writer_party = await world._join(
        case_id, lead, "responsible", "the person responsible", "Jo Writer", "lonewriter"
    )
    supporter = await world.call(
        lead,
        "POST",
        f"/cases/{case_id}/parties",
        {"side": "harmed", "supporter": True, "label": "a friend", "display_name": "Sam Friend"},
    )
    for party_id in (writer_party, supporter.json()["party"]["id"]):
        recorded = await world.call(
            lead, "POST", f"/cases/{case_id}/parties/{party_id}/consent", {"consent": "given"}
        )
        assert recorded.status_code == 200, recorded.text
    # When they submit a letter, Then it is refused: there is no one to send it to
    refused = await world.call(
        writer, "POST", f"/cases/{case_id}/letters", {"body": LETTER, "submit": True}
    )
    assert refused.status_code == 409 and "both sides" in refused.json()["detail"]

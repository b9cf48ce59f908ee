"""The whole exchange, as DESIGN.md's state diagram describes it, through the HTTP API."""

from __future__ import annotations

from tests.fixtures.world import World

APOLOGY = (
    "I have started this letter many times. I want you to know that I think about the night "
    "I broke into your house more than you might believe. I am sorry for the fear I caused."
)
REVISED = (
    "I have started this letter many times. I am sorry for the fear I caused you and your "
    "family. I am doing a course on victim awareness and I am trying to understand it properly."
)


async def test_walk_through_submit_return_revise_release_open(world: World) -> None:
    case, fac = world.case, world.fac1
    # Given the person responsible writes to the case
    letter_id = await world.submitted_letter(case.responsible, APOLOGY)
    # When the facilitator claims it and returns it with notes
    queue = (await world.call(fac, "GET", "/review/queue")).json()
    assert [item["letter_id"] for item in queue] == [letter_id]
    assert queue[0]["state"] == "queued"
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/claim")).status_code == 200
    text = await world.call(fac, "GET", f"/review/letters/{letter_id}/versions/1")
    assert text.json()["body"] == APOLOGY
    returned = await world.call(
        fac,
        "POST",
        f"/review/letters/{letter_id}/return",
        {"notes": "Please leave out the street name in the second line."},
    )
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    # Then the author sees the notes and revises
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert mine["state"] == "returned"
    assert mine["returned_notes"][0]["notes"].startswith("Please leave out")
    assert mine["previous_body"] is None
    revised = await world.call(
        case.responsible, "POST", f"/letters/{letter_id}/revise", {"body": REVISED}
    )
    assert revised.status_code == 200 and revised.json()["version"] == 2
    # and sees what changed since the version that came back
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert (mine["previous_body"], mine["body"]) == (APOLOGY, REVISED)
    # And the facilitator releases version 2 with an envelope note
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/claim")).status_code == 200
    released = await world.call(
        fac,
        "POST",
        f"/review/letters/{letter_id}/release",
        {"envelope_note": "This letter is an apology. Open it when you are ready."},
    )
    assert released.status_code == 200
    record = released.json()
    assert record["released_version"] == 2
    assert record["state"] == "delivered"
    assert [v["number"] for v in record["versions"]] == [1, 2]
    assert record["scanned"] is False  # written in the portal, not a scanned reply
    # Then the person harmed sees it sealed, with the envelope note, and opens it
    inbox = (await world.call(case.harmed, "GET", f"/cases/{case.case_id}/inbox")).json()
    assert len(inbox) == 1
    assert inbox[0]["from_label"] == "the person responsible"
    assert inbox[0]["envelope_note"].startswith("This letter is an apology")
    assert "body" not in inbox[0] and inbox[0]["opened_at"] is None
    opened = await world.call(
        case.harmed, "POST", f"/inbox/{letter_id}/open", {"tell_author": True}
    )
    assert opened.status_code == 200
    assert opened.json()["body"] == REVISED
    # And the author learns it was read, because the recipient chose so
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert mine["state"] == "read" and mine["read_by_recipient_at"] is not None


async def test_author_is_not_told_of_a_read_unless_the_recipient_chooses(world: World) -> None:
    case = world.case
    letter_id = await world.released_letter(case.responsible, APOLOGY)
    opened = await world.call(
        case.harmed, "POST", f"/inbox/{letter_id}/open", {"tell_author": False}
    )
    assert opened.status_code == 200
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert mine["state"] == "released" and mine["read_by_recipient_at"] is None


async def test_letters_from_the_harmed_side_reach_the_responsible_side(world: World) -> None:
    case = world.case
    question = "Why our house? I have wondered that every day since. Had you been watching us?"
    letter_id = await world.released_letter(case.harmed, question)
    inbox = (await world.call(case.responsible, "GET", f"/cases/{case.case_id}/inbox")).json()
    assert [i["id"] for i in inbox] == [letter_id]
    assert inbox[0]["from_label"] == "the person harmed"
    assert (await world.call(case.harmed, "GET", f"/cases/{case.case_id}/inbox")).json() == []


async def test_invalid_transitions_answer_409_naming_the_allowed_states(world: World) -> None:
    case, fac = world.case, world.fac1
    letter_id = await world.submitted_letter(case.responsible, APOLOGY)
    # Releasing without a claim: the letter is queued, release needs in_review
    response = await world.call(fac, "POST", f"/review/letters/{letter_id}/release", {})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["allowed_states"] == ["in_review"] and problem["state"] == "queued"
    assert "in_review" in problem["detail"]
    # Revising a letter that was not returned
    response = await world.call(
        case.responsible, "POST", f"/letters/{letter_id}/revise", {"body": "new text"}
    )
    assert response.status_code == 409 and response.json()["allowed_states"] == ["returned"]
    # Withdrawing, then trying again
    assert (
        await world.call(case.responsible, "POST", f"/letters/{letter_id}/withdraw")
    ).status_code == 200
    again = await world.call(case.responsible, "POST", f"/letters/{letter_id}/withdraw")
    assert again.status_code == 409
    assert again.json()["allowed_states"] == sorted(
        ["draft", "queued", "in_review", "returned", "awaiting_second"]
    )


async def test_withdrawn_letter_leaves_the_queue(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, APOLOGY)
    await world.call(world.case.responsible, "POST", f"/letters/{letter_id}/withdraw")
    assert (await world.call(world.fac1, "GET", "/review/queue")).json() == []


async def test_drafts_are_private_until_submitted(world: World) -> None:
    case = world.case
    created = await world.call(
        case.responsible, "POST", f"/cases/{case.case_id}/letters", {"body": "A first attempt."}
    )
    assert created.status_code == 201 and created.json()["state"] == "draft"
    letter_id = created.json()["id"]
    assert (await world.call(world.fac1, "GET", "/review/queue")).json() == []
    assert (await world.call(world.fac1, "GET", f"/review/letters/{letter_id}")).status_code == 404
    edited = await world.call(
        case.responsible, "PUT", f"/letters/{letter_id}/draft", {"body": "A second attempt."}
    )
    assert edited.status_code == 200
    assert (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()[
        "body"
    ] == "A second attempt."
    submitted = await world.call(case.responsible, "POST", f"/letters/{letter_id}/submit")
    assert submitted.status_code == 200 and submitted.json()["state"] == "queued"


async def test_bad_text_is_refused_with_422_and_nothing_is_written(world: World) -> None:
    case = world.case
    for body in ["", "   \n\t  ", "x" * (world.settings.max_letter_chars + 1)]:
        response = await world.call(
            case.responsible,
            "POST",
            f"/cases/{case.case_id}/letters",
            {"body": body, "submit": True},
        )
        assert response.status_code == 422, body[:10]
        assert response.headers["content-type"] == "application/problem+json"
    missing = await world.call(
        case.responsible, "POST", f"/cases/{case.case_id}/letters", {"submit": True}
    )
    assert missing.status_code == 422
    assert (await world.call(case.responsible, "GET", f"/cases/{case.case_id}/sent")).json() == []


async def test_unknown_ids_answer_404_problem_details(world: World) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    for actor, url in [
        (world.case.responsible, f"/letters/{unknown}"),
        (world.case.harmed, f"/inbox/{unknown}"),
        (world.fac1, f"/review/letters/{unknown}"),
        (world.coordinator, f"/cases/{unknown}"),
    ]:
        response = await world.call(actor, "GET", url)
        assert response.status_code == 404, url
        assert response.json()["status"] == 404
    malformed = await world.call(world.fac1, "GET", "/review/letters/not-a-uuid")
    assert malformed.status_code == 422


async def test_version_numbers_past_32_bits_are_refused_not_a_500(world: World) -> None:
    """Found by the API fuzzer: a version number the database cannot hold was a 500 (SQLite's
    OverflowError, PostgreSQL's "out of range")."""
    letter_id = await world.submitted_letter(world.case.responsible, APOLOGY)
    for number in (0, 2**31, 2**40, 2**70):
        url = f"/review/letters/{letter_id}/versions/{number}"
        response = await world.call(world.fac1, "GET", url)
        assert response.status_code == 422, f"{number}: {response.text}"
        assert response.headers["content-type"] == "application/problem+json"
    last = await world.call(world.fac1, "GET", f"/review/letters/{letter_id}/versions/{2**31 - 1}")
    assert last.status_code == 404


async def test_claim_is_exclusive_and_unclaim_returns_to_queue(world: World) -> None:
    letter_id = await world.submitted_letter(world.case.responsible, APOLOGY)
    assert (
        await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/claim")
    ).status_code == 200
    taken = await world.call(world.fac2, "POST", f"/review/letters/{letter_id}/claim")
    assert taken.status_code == 409
    released_by_other = await world.call(
        world.fac2, "POST", f"/review/letters/{letter_id}/release", {}
    )
    assert released_by_other.status_code == 409
    back = await world.call(world.fac1, "POST", f"/review/letters/{letter_id}/unclaim")
    assert back.status_code == 200 and back.json()["state"] == "queued"
    assert (
        await world.call(world.fac2, "POST", f"/review/letters/{letter_id}/claim")
    ).status_code == 200

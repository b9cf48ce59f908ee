"""Access is decided per case, on the server: whoever may not see something gets the same 404
as for something that does not exist, and a participant never learns who is on the other side.

The routes are walked from the app's OpenAPI schema (built from the same routes the app serves),
so a new route with a {case_id} or {letter_id} in its path is swept without editing this file.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.fixtures.world import Actor, CaseActors, World

UNKNOWN = "00000000-0000-4000-8000-000000000000"
SCOPED = {"case_id", "letter_id"}


def _table(text: str) -> set[tuple[str, str]]:
    """(method, path) pairs from a table written as 'METHOD /path' pairs."""
    words = text.split()
    return set(zip(words[::2], words[1::2], strict=True))


PUBLIC = _table("""
    POST /auth/login                    GET /healthz
    GET /invitations/{token}            GET /readyz
    POST /invitations/{token}/accept
""")
# What a participant may call on their own case; every other protected route is staff-only.
PARTICIPANT = _table("""
    POST /auth/logout                   GET /me
    GET /auth/session                   POST /cases/{case_id}/me/feedback
    GET /cases                          GET /cases/{case_id}
    POST /cases/{case_id}/letters       GET /cases/{case_id}/sent
    GET /cases/{case_id}/inbox          POST /cases/{case_id}/me/pause
    POST /cases/{case_id}/me/resume     POST /cases/{case_id}/me/withdraw
    GET /letters/{letter_id}            PUT /letters/{letter_id}/draft
    POST /letters/{letter_id}/submit    POST /letters/{letter_id}/revise
    POST /letters/{letter_id}/withdraw  GET /inbox/{letter_id}
    POST /inbox/{letter_id}/open        GET /me/notifications
    PUT /me/notifications               GET /cases/{case_id}/me/delivery-window
    PUT /cases/{case_id}/me/delivery-window
    DELETE /cases/{case_id}/me/delivery-window
    POST /auth/second-factor            POST /auth/totp/enrol
    POST /auth/totp/confirm             POST /auth/totp/disable
    POST /me/recovery-codes             GET /me/sessions
    DELETE /me/sessions/{session_id}    POST /me/passphrase
""")


@dataclass(frozen=True)
class Operation:
    """One route and method, with a body that passes validation (so access decides)."""

    method: str
    path: str
    params: frozenset[str]
    body: Any
    secured: bool

    def url(self, ids: dict[str, str]) -> str:
        return self.path.format(**ids)


def _example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A minimal value that satisfies a JSON schema of the kinds our request bodies use."""
    if "$ref" in schema:
        return _example(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return _example(next(s for s in schema["anyOf"] if s.get("type") != "null"), components)
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {name: _example(properties[name], components) for name in schema.get("required", [])}
    if kind == "string":
        if schema.get("format") == "uuid":
            return str(uuid.uuid4())
        return "x" * min(max(schema.get("minLength", 0), 16), schema.get("maxLength", 16))
    if kind == "boolean":
        return False
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "array":
        return [_example(schema["items"], components) for _ in range(schema.get("minItems", 0))]
    raise AssertionError(f"teach _example about {schema}")


def operations(client: httpx.AsyncClient) -> list[Operation]:
    """Every operation the app serves, from its OpenAPI schema."""
    schema = client.app.openapi()  # type: ignore[attr-defined]
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            example = _example(body["schema"], components) if body else None
            params = frozenset(p["name"] for p in op.get("parameters", []) if p["in"] == "path")
            found.append(Operation(method.upper(), path, params, example, bool(op.get("security"))))
    return found


def scoped(client: httpx.AsyncClient) -> list[Operation]:
    """Operations about one case or one letter."""
    return [op for op in operations(client) if op.params & SCOPED]


def ids_of(case: CaseActors, letter_id: str = UNKNOWN) -> dict[str, str]:
    return {
        "case_id": case.case_id,
        "letter_id": letter_id,
        "party_id": case.harmed_party_id,
        "number": "1",
        "alert_id": UNKNOWN,
        "job_id": UNKNOWN,
        "scan_id": UNKNOWN,
        "account_id": str(case.harmed.id),
        "session_id": UNKNOWN,
    }


UNKNOWN_IDS = {
    "case_id": UNKNOWN,
    "letter_id": UNKNOWN,
    "party_id": UNKNOWN,
    "number": "1",
    "alert_id": UNKNOWN,
    "job_id": UNKNOWN,
    "scan_id": UNKNOWN,
    "account_id": UNKNOWN,
    "session_id": UNKNOWN,
}


async def assert_hidden(
    world: World, actor: Actor, ops: list[Operation], ids: dict[str, str], letters: list[str]
) -> list[str]:
    """Each operation answers 404 problem details, word for word as for ids that do not exist."""
    bodies = []
    for op in ops:
        for letter_id in letters if "letter_id" in op.params else [ids["letter_id"]]:
            url = op.url({**ids, "letter_id": letter_id})
            response = await world.call(actor, op.method, url, op.body)
            assert response.status_code == 404, f"{op.method} {url}: {response.text}"
            assert response.headers["content-type"] == "application/problem+json", url
            blank = await world.call(actor, op.method, op.url(UNKNOWN_IDS), op.body)
            assert response.json() == blank.json(), f"{op.method} {op.path} tells them apart"
            bodies.append(response.text)
    return bodies


def assert_covers(ops: list[Operation], *expected: str) -> None:
    """Guard against a walk that silently finds nothing."""
    swept = {f"{op.method} {op.path}" for op in ops}
    assert set(expected) <= swept, set(expected) - swept


async def returned_letter(world: World, author: Actor, case: CaseActors, text: str) -> str:
    letter_id = await world.submitted_letter(author, text, case)
    facilitator = case.facilitators[0]
    assert (await world.call(facilitator, "POST", f"/review/letters/{letter_id}/claim")).is_success
    notes = {"notes": "Please take out the name of the street."}
    returned = await world.call(facilitator, "POST", f"/review/letters/{letter_id}/return", notes)
    assert returned.status_code == 200, returned.text
    return letter_id


async def letters_in_every_state(world: World, case: CaseActors, text: str) -> list[str]:
    """A draft, a queued, a returned and a delivered-and-opened letter in the case."""
    draft = await world.call(case.harmed, "POST", f"/cases/{case.case_id}/letters", {"body": text})
    assert draft.status_code == 201, draft.text
    queued = await world.submitted_letter(case.responsible, text, case)
    returned = await returned_letter(world, case.harmed, case, text)
    delivered = await world.released_letter(case.responsible, text, case)
    opened = await world.call(case.harmed, "POST", f"/inbox/{delivered}/open", {})
    assert opened.status_code == 200, opened.text
    return [draft.json()["id"], queued, returned, delivered]


async def test_participants_of_one_case_get_404_for_everything_of_another(world: World) -> None:
    # Given case B, facilitated by someone else, with letters in every state
    other = await world.new_case([world.outsider])
    letters = await letters_in_every_state(world, other, "A letter written in case B.")
    # And B's own people can reach them (so the ids below are live)
    assert (await world.call(other.harmed, "GET", f"/cases/{other.case_id}")).status_code == 200
    assert (await world.call(other.harmed, "GET", f"/inbox/{letters[3]}")).status_code == 200
    assert (await world.call(other.responsible, "GET", f"/letters/{letters[3]}")).is_success
    ops = scoped(world.client)
    assert_covers(
        ops,
        *(f"{m} {p}" for m, p in PARTICIPANT if "{case_id}" in p or "{letter_id}" in p),
        "GET /review/letters/{letter_id}",
        "POST /review/letters/{letter_id}/release",
    )
    # When case A's participants try every route with B's ids, Then each is a 404 like no other
    for actor in (world.case.harmed, world.case.responsible):
        await assert_hidden(world, actor, ops, ids_of(other), letters)
    # And nothing in B moved
    sent = (await world.call(other.harmed, "GET", f"/cases/{other.case_id}/sent")).json()
    assert sorted(s["state"] for s in sent) == ["draft", "returned"]


async def test_a_facilitator_not_assigned_cannot_reach_the_case(world: World) -> None:
    # Given letters in case A, and the outsider facilitating case B with a letter queued
    case = world.case
    letters = await letters_in_every_state(world, case, "A letter written in case A.")
    other = await world.new_case([world.outsider])
    queued_in_b = await world.submitted_letter(other.responsible, "Case B's letter.", other)
    ops = scoped(world.client)
    assert_covers(
        ops,
        "GET /cases/{case_id}",
        "GET /cases/{case_id}/parties",
        "POST /cases/{case_id}/parties",
        "GET /review/letters/{letter_id}",
        "GET /review/letters/{letter_id}/versions/{number}",
        *(f"POST /review/letters/{{letter_id}}/{a}" for a in ("claim", "unclaim", "return")),
        *(f"POST /review/letters/{{letter_id}}/{a}" for a in ("release", "approve")),
    )
    # When the outsider tries every route with A's ids, Then each is a 404 like no other
    await assert_hidden(world, world.outsider, ops, ids_of(case), letters)
    # And their queue holds B's letter and nothing of A's
    queue = (await world.call(world.outsider, "GET", "/review/queue")).json()
    assert [item["letter_id"] for item in queue] == [queued_in_b]
    # While A's own facilitator still sees A's queued letter
    mine = (await world.call(world.fac1, "GET", "/review/queue")).json()
    assert letters[1] in [item["letter_id"] for item in mine]


async def test_a_coordinator_never_reads_letter_content(world: World) -> None:
    # Given letters in case A that carry a phrase found nowhere else
    case, phrase = world.case, f"phrase-{uuid.uuid4().hex}"
    letters = await letters_in_every_state(world, case, f"I remember {phrase} every day.")
    read = await world.call(world.fac1, "GET", f"/review/letters/{letters[3]}/versions/1")
    assert phrase in read.text  # the phrase is there for those who may read it
    ops = operations(world.client)
    letter_ops = [op for op in ops if "letter_id" in op.params]
    assert_covers(letter_ops, "GET /review/letters/{letter_id}", "POST /inbox/{letter_id}/open")
    # When the coordinator tries every letter route, Then each is a 404 like no other
    seen = await assert_hidden(world, world.coordinator, letter_ops, ids_of(case), letters)
    # And the review queue is not theirs either
    queue = await world.call(world.coordinator, "GET", "/review/queue")
    assert queue.status_code == 404
    # When they read the case as staff, and every other view they can ask for
    staff_view = await world.call(world.coordinator, "GET", f"/cases/{case.case_id}")
    assert staff_view.status_code == 200 and staff_view.json()["reference"] == case.reference
    seen += [queue.text, staff_view.text]
    for op in ops:
        if op.method == "GET" and "letter_id" not in op.params and op.params <= set(UNKNOWN_IDS):
            seen.append((await world.call(world.coordinator, "GET", op.url(ids_of(case)))).text)
    # Then the phrase is in none of it
    assert not [body for body in seen if phrase in body]


async def test_a_coordinator_of_another_area_gets_404_for_the_case(world: World) -> None:
    # Given a coordinator for Southmoor, and case A in Northshire with letters
    case = world.case
    letters = await letters_in_every_state(world, case, "A letter from Northshire.")
    coordinator = await world.coordinator_from_command_line(
        "southmoor.coord", "Sam Southmoor", "Southmoor", "southmoor passphrase"
    )
    # When they try every route of the case, Then each is a 404 like no other
    ops = scoped(world.client)
    assert_covers(ops, "GET /cases/{case_id}", "POST /cases/{case_id}/facilitators")
    await assert_hidden(world, coordinator, ops, ids_of(case), letters)
    # And their case list does not mention it, while Northshire's does
    listed = (await world.call(coordinator, "GET", "/cases")).json()
    assert case.case_id not in [c["id"] for c in listed]
    home = (await world.call(world.coordinator, "GET", "/cases")).json()
    assert case.case_id in [c["id"] for c in home]


async def test_participants_get_404_from_every_staff_route(world: World) -> None:
    # Given the participants of case A, and every protected route that is not theirs
    case = world.case
    staff_ops = [
        op
        for op in operations(world.client)
        if op.secured and (op.method, op.path) not in PARTICIPANT
    ]
    assert_covers(
        staff_ops,
        "POST /cases",
        "POST /accounts",
        "GET /review/queue",
        "GET /facilitators",
        "POST /cases/{case_id}/parties",
        "POST /cases/{case_id}/parties/{party_id}/consent",
        "POST /cases/{case_id}/pause",
    )
    letter_id = await world.submitted_letter(case.responsible, "A letter waiting for review.")
    # When each of them calls each one about their own case, Then it is a 404 like no other
    for actor in (case.harmed, case.responsible):
        await assert_hidden(world, actor, staff_ops, ids_of(case, letter_id), [letter_id])
    # And nothing changed: the case is open, consent stands, no account or case was made
    parties = (await world.call(world.fac1, "GET", f"/cases/{case.case_id}/parties")).json()
    assert {p["consent"] for p in parties} == {"given"} and len(parties) == 2
    assert (await world.call(world.fac1, "GET", f"/cases/{case.case_id}")).json()[
        "status"
    ] == "open"
    assert len((await world.call(world.coordinator, "GET", "/cases")).json()) == 1


async def test_anonymous_requests_get_401_with_a_bearer_challenge(world: World) -> None:
    # Given a client with no session at all (not even a cookie)
    app = world.client.app  # type: ignore[attr-defined]
    ops = operations(world.client)
    assert {(op.method, op.path) for op in ops if not op.secured} == PUBLIC
    protected = [op for op in ops if op.secured]
    assert len(protected) >= len(PARTICIPANT) + 10
    letter_id = await world.submitted_letter(world.case.responsible, "Some words.")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        for headers in ({}, {"Authorization": "Bearer not-a-session-token"}):
            for op in protected:
                if headers and op.path == "/auth/logout":
                    continue  # ending a session that does not exist is a no-op (204) by design
                # When it calls a protected route with real ids
                url = op.url(ids_of(world.case, letter_id))
                response = await anonymous.request(op.method, url, json=op.body, headers=headers)
                # Then it is asked to sign in, in problem details, and told nothing more
                assert response.status_code == 401, f"{op.method} {url}: {response.text}"
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["www-authenticate"] == "Bearer"
                assert response.json()["status"] == 401


# ---- the other side stays anonymous ---------------------------------------------------------


@dataclass
class Exchange:
    """Every response each participant received, as raw text with headers."""

    records: list[tuple[str, bytes, str]]

    async def hook(self, response: httpx.Response) -> None:
        await response.aread()
        request = response.request
        seen = f"{response.headers}\n{response.text}"
        self.records.append((request.headers.get("authorization", ""), request.content, seen))

    def seen_by(self, actor: Actor) -> list[str]:
        login = f'"login":"{actor.login}"'.encode()
        return [
            seen
            for auth, content, seen in self.records
            if auth == f"Bearer {actor.token}" or login in content.replace(b" ", b"")
        ]


async def both_ways(world: World, case: CaseActors) -> list[str]:
    """Letters written, returned, revised, released and opened in both directions."""
    letter_ids = []
    for author, reader, facilitator in (
        (case.responsible, case.harmed, world.fac1),
        (case.harmed, case.responsible, world.fac2),
    ):
        draft = await world.call(author, "POST", f"/cases/{case.case_id}/letters", {"body": "One."})
        letter_id = draft.json()["id"]
        await world.call(author, "PUT", f"/letters/{letter_id}/draft", {"body": "One, again."})
        await world.call(author, "POST", f"/letters/{letter_id}/submit")
        await world.call(facilitator, "POST", f"/review/letters/{letter_id}/claim")
        notes = {"notes": "Please leave out the name of the town."}
        await world.call(facilitator, "POST", f"/review/letters/{letter_id}/return", notes)
        await world.call(author, "GET", f"/letters/{letter_id}")
        await world.call(author, "POST", f"/letters/{letter_id}/revise", {"body": "Two."})
        await world.call(author, "POST", f"/letters/{letter_id}/revise", {"body": "409 here."})
        await world.call(facilitator, "POST", f"/review/letters/{letter_id}/claim")
        envelope = {"envelope_note": "A reply. Open it when you are ready."}
        released = await world.call(
            facilitator, "POST", f"/review/letters/{letter_id}/release", envelope
        )
        assert released.json()["state"] == "delivered", released.text
        await world.call(reader, "GET", f"/inbox/{letter_id}")
        opened = await world.call(reader, "POST", f"/inbox/{letter_id}/open", {"tell_author": True})
        assert opened.json()["body"] == "Two."
        letter_ids.append(letter_id)
    return letter_ids


async def test_participants_never_learn_who_is_on_the_other_side(world: World) -> None:
    exchange = Exchange([])
    world.client.event_hooks["response"].append(exchange.hook)
    try:
        # Given a case whose people join, and write to each other both ways
        case = await world.new_case([world.fac1, world.fac2])
        letter_ids = await both_ways(world, case)
        own_party = {
            case.harmed.login: case.harmed_party_id,
            case.responsible.login: case.responsible_party_id,
        }
        # And each of them looks at everything they can, about every letter
        for actor in (case.harmed, case.responsible):
            own = {"party_id": own_party[actor.login]}
            for letter_id in letter_ids:
                for op in operations(world.client):
                    if op.method == "GET" and op.secured and op.params <= set(UNKNOWN_IDS):
                        await world.call(actor, "GET", op.url(ids_of(case, letter_id) | own))
            for action in ("pause", "resume", "withdraw"):
                await world.call(actor, "POST", f"/cases/{case.case_id}/me/{action}")
    finally:
        world.client.event_hooks["response"].remove(exchange.hook)
    parties = (await world.call(world.fac1, "GET", f"/cases/{case.case_id}/parties")).json()
    names = {p["side"]: p["display_name"] for p in parties}
    staff = (await world.call(world.coordinator, "GET", "/facilitators")).json()
    coordinator = (await world.call(world.coordinator, "GET", "/me")).json()
    staff_marks = [coordinator["display_name"], coordinator["id"]]
    for member in staff:
        staff_marks += [member["display_name"], member["id"], f"{member['login']}@example.org"]
    for viewer, other, side, other_party in (
        (case.harmed, case.responsible, "responsible", case.responsible_party_id),
        (case.responsible, case.harmed, "harmed", case.harmed_party_id),
    ):
        seen = "\n".join(exchange.seen_by(viewer)).lower()
        # Then they saw the other side's label, and their own letters' journey
        assert f"the person {side}" in seen and "two." in seen
        # But never the other side's name, login, account or party, nor the staff's
        marks = [names[side], other.login, str(other.id), other_party, *staff_marks]
        assert not [mark for mark in marks if mark.lower() in seen]

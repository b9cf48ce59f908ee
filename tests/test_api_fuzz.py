"""Schemathesis over the app's own OpenAPI schema, as each role (issue 8).

Every operation gets a bounded number of generated requests, valid and invalid, as anonymous,
a participant, a facilitator, relay staff and a coordinator. Path parameters are mostly real
ids from a case made for that role (letters in each state, print jobs, scans, an alert, an
unused invitation), so requests get past the 404 into the rules; some come from a case the
caller has nothing to do with, and the rest are generated.

No answer may be a 5xx; each must have a documented status and content type and match the
documented schema; every error must be RFC 9457 problem details.

Reproducible: Hypothesis is derandomized (its seed is fixed by the test's code), keeps no
example database and does not shrink, so every run sends the same requests in the same order;
a failure names the request (as curl) that caused it.

Both backends, about a minute and a half each: fuzzing finds what PostgreSQL refuses and
SQLite takes (it found NUL characters in text), so PostgreSQL is worth its time.
`SHUTTLE_FUZZ_EXAMPLES=100` searches harder (roughly ten minutes per backend).
"""

from __future__ import annotations

import asyncio
import collections
import io
import itertools
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from PIL import Image
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures.world import Actor, CaseActors, World

ROLES = ("anonymous", "participant", "facilitator", "relay", "coordinator")
# Generated requests per operation and role; anonymous callers get fewer where the answer can
# only be "sign in".
EXAMPLES = int(os.environ.get("SHUTTLE_FUZZ_EXAMPLES", "15"))
ANONYMOUS_EXAMPLES = max(EXAMPLES // 3, 1)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Run last, in this order: each of these takes away what the operations before it need.
LAST = ("/cases/{case_id}/me/withdraw", "/cases/{case_id}/close", "/auth/logout")
PROBLEM = "application/problem+json"
PLAIN = "Thank you for reading my last letter. I have started the victim awareness course."
WORRYING = "I have not been sleeping. Some nights I think everyone would be better off without me."


Ids = dict[str, list[str]]


@dataclass
class Scene:
    """Who calls, and the real ids their path parameters are drawn from."""

    role: str
    actor: Actor | None
    ids: Ids  # of the case made for this role
    foreign: Ids  # of a case the caller has nothing to do with


def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def _prison(world: World) -> tuple[str, Actor]:
    """A prison (no security check of its own) and a relay officer there who also checks."""
    prison = _ok(
        await world.call(world.coordinator, "POST", "/establishments", {"name": "HMP Fuzzmoor"}),
        201,
    )
    passphrase = "officer.fuzz passphrase long"
    _ok(
        await world.call(
            world.coordinator,
            "POST",
            "/accounts",
            {
                "login": "officer.fuzz",
                "display_name": "Officer Fuzz",
                "role": "relay",
                "passphrase": passphrase,
                "establishment_id": prison["id"],
                "security_staff": True,
            },
        ),
        201,
    )
    return prison["id"], await world.login("officer.fuzz", passphrase)


async def _job(world: World, case: CaseActors, officer: Actor, text: str) -> dict[str, Any]:
    """A letter released to the person responsible: its print job at the officer's prison."""
    before = {j["id"] for j in _ok(await world.call(officer, "GET", "/relay/queue"))}
    await world.released_letter(case.harmed, text, case)
    (job,) = [
        j for j in _ok(await world.call(officer, "GET", "/relay/queue")) if j["id"] not in before
    ]
    return job


async def _scanned_reply(world: World, officer: Actor, job: dict[str, Any]) -> dict[str, Any]:
    """The job printed and handed over, and the prisoner's reply scanned (its code typed)."""
    printed = await world.call(officer, "POST", f"/relay/jobs/{job['id']}/print")
    assert printed.status_code == 200, printed.text
    _ok(await world.call(officer, "POST", f"/relay/jobs/{job['id']}/handed-over"))
    page = io.BytesIO()
    Image.new("L", (200, 150), 255).save(page, format="PNG")
    scan: dict[str, Any] = _ok(
        await world.client.post(
            f"/relay/scans?ref={job['reference']}", headers=officer.headers, content=page.getvalue()
        ),
        201,
    )
    return scan


async def _case_ids(world: World, prison: str, officer: Actor) -> tuple[CaseActors, Ids]:
    """A fresh case with letters in each state; the person responsible is in the prison."""
    case = await world.new_case([world.fac1, world.fac2])
    fac = world.fac1

    async def to_review(text: str) -> str:
        letter = await world.submitted_letter(case.harmed, text, case)
        _ok(await world.call(fac, "POST", f"/review/letters/{letter}/claim"))
        return letter

    draft = _ok(
        await world.call(case.harmed, "POST", f"/cases/{case.case_id}/letters", {"body": PLAIN}),
        201,
    )
    delivered = await world.released_letter(case.responsible, PLAIN, case)
    queued = await world.submitted_letter(case.harmed, f"{PLAIN} (queued)", case)
    in_review = await to_review(f"{PLAIN} (in review)")
    returned = await to_review(f"{PLAIN} (returned)")
    _ok(
        await world.call(
            fac, "POST", f"/review/letters/{returned}/return", {"notes": "Please shorten it."}
        )
    )
    worrying = await world.submitted_letter(case.harmed, WORRYING, case)
    alerts = _ok(await world.call(fac, "GET", "/review/alerts"))
    alert = next(a["id"] for a in alerts if a["letter_id"] == worrying)
    invited = _ok(
        await world.call(
            fac,
            "POST",
            f"/cases/{case.case_id}/parties",
            {"side": "harmed", "supporter": True, "label": "a supporter", "display_name": "Sam"},
        ),
        201,
    )
    # The person responsible moves to the prison: letters to them go to its print queue.
    _ok(
        await world.call(
            fac,
            "PUT",
            f"/cases/{case.case_id}/parties/{case.responsible_party_id}/channel",
            {
                "channel": "relay",
                "establishment_id": prison,
                "prison_number": "A1234BC",
                "prison_name": "Jordan Ashdown",
            },
        )
    )
    ready = await _job(world, case, officer, f"{PLAIN} (to print)")
    answered = await _job(world, case, officer, f"{PLAIN} (answered)")
    typed = await _scanned_reply(world, officer, answered)
    scanned = await _scanned_reply(
        world, officer, await _job(world, case, officer, f"{PLAIN} (to answer)")
    )
    sent = _ok(
        await world.call(
            officer, "POST", f"/relay/scans/{typed['id']}/reply", {"transcription": PLAIN}
        ),
        201,
    )
    replies = _ok(await world.call(case.responsible, "GET", f"/cases/{case.case_id}/sent"))
    (reply,) = [r["id"] for r in replies if r["state"] == sent["state"]]
    ids: Ids = {
        "case_id": [case.case_id],
        "party_id": [case.harmed_party_id, case.responsible_party_id, invited["party"]["id"]],
        "letter_id": [draft["id"], delivered, queued, in_review, returned, worrying, reply],
        "number": ["1", "2"],
        "job_id": [ready["id"], answered["id"]],
        "scan_id": [scanned["id"], typed["id"]],
        "alert_id": [alert],
        "token": [invited["invitation_url"].rsplit("=", 1)[-1]],
        "account_id": [str(case.harmed.id), str(case.responsible.id)],
    }
    return case, ids


async def build_scenes(world: World) -> list[Scene]:
    """One scene per role, each with a case of its own so one role's changes (closing a case,
    withdrawing consent) leave the next role's letters as they were."""
    prison, officer = await _prison(world)
    other = world.case
    foreign: Ids = {
        "case_id": [other.case_id],
        "party_id": [other.harmed_party_id],
        "letter_id": [await world.submitted_letter(other.harmed, PLAIN, other)],
    }
    scenes = []
    for role in ROLES:
        case, ids = await _case_ids(world, prison, officer)
        actor = {
            "anonymous": None,
            "participant": case.harmed,
            "facilitator": world.fac1,
            "relay": officer,
            "coordinator": world.coordinator,
        }[role]
        scenes.append(Scene(role, actor, ids, foreign))
    return scenes


def _combos(operation: Any, ids: Ids) -> list[dict[str, str]]:
    names = [p.name for p in operation.path_parameters]
    if not names or not all(name in ids for name in names):
        return []
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(ids[name] for name in names))
    ]


def _strategy(operation: Any, scene: Scene) -> st.SearchStrategy[Any]:
    """Generated cases, valid and not; where the path has parameters, mostly with the ids of
    the scene's case (and some from a case the caller has nothing to do with)."""
    positive, negative = GenerationMode.POSITIVE, GenerationMode.NEGATIVE

    def with_ids(mode: GenerationMode, ids: Ids) -> list[st.SearchStrategy[Any]]:
        combos = _combos(operation, ids)
        if not combos:
            return []
        return [
            st.sampled_from(combos).flatmap(
                lambda chosen: operation.as_strategy(mode, path_parameters=chosen)
            )
        ]

    own = with_ids(positive, scene.ids)
    branches = [
        *own,
        *own,
        *own,
        *with_ids(positive, scene.foreign),
        operation.as_strategy(positive),
        *with_ids(negative, scene.ids),
        operation.as_strategy(negative),
    ]
    return st.one_of(branches)


def problem_details(response: httpx.Response) -> str | None:
    """Why an error answer is not RFC 9457 problem details, or None."""
    if response.status_code < 400:
        return None
    if response.headers.get("content-type") != PROBLEM:
        return f"content-type {response.headers.get('content-type')!r}, not {PROBLEM}"
    body = response.json()
    missing = {"type", "title", "status", "detail"} - set(body)
    if missing:
        return f"problem details without {sorted(missing)}"
    if body["status"] != response.status_code:
        return f"problem status {body['status']} on a {response.status_code} answer"
    return None


Send = Callable[[Any], tuple[httpx.Response, dict[str, Any]]]


def _send_with(
    client: httpx.AsyncClient,
    loop: asyncio.AbstractEventLoop,
    actor: Actor | None,
    statuses: dict[str, collections.Counter[int]],
) -> Send:
    """Send a case as the actor, on the test's event loop (Hypothesis runs in a thread)."""

    def send(case: Any) -> tuple[httpx.Response, dict[str, Any]]:
        headers = dict(actor.headers) if actor else {}
        kwargs = case.as_transport_kwargs(base_url=str(client.base_url), headers=headers)
        request: dict[str, Any] = {
            "method": kwargs["method"],
            "url": kwargs["url"],
            "headers": dict(kwargs["headers"]),
            "params": kwargs.get("params") or None,
        }
        if "json" in kwargs:
            request["json"] = kwargs["json"]
        elif kwargs.get("data") is not None:
            request["content"] = kwargs["data"]
        if kwargs.get("cookies"):
            request["headers"]["Cookie"] = "; ".join(
                f"{k}={v}" for k, v in kwargs["cookies"].items()
            )

        async def call() -> httpx.Response:
            client.cookies.clear()  # only what the case itself carries
            return await client.request(**request)

        future = asyncio.run_coroutine_threadsafe(call(), loop)
        response = future.result(timeout=60)
        statuses.setdefault(f"{case.method} {case.path}", collections.Counter())[
            response.status_code
        ] += 1
        return response, request["headers"]

    return send


def fuzz_operation(
    operation: Any,
    strategy: st.SearchStrategy[Any],
    send: Send,
    examples: int,
) -> None:
    """Run one operation's examples; raise on the first answer that breaks a check."""

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        response, headers = send(case)
        case.validate_response(response, checks=CHECKS, headers=headers)
        wrong = problem_details(response)
        assert wrong is None, f"{case.method} {case.formatted_path}: {wrong}"

    run()


def _order(operation: Any) -> tuple[int, str, str]:
    path = operation.path
    return (LAST.index(path) if path in LAST else -1, path, operation.method)


async def test_every_operation_as_every_role(world: World) -> None:
    app = world.client.app  # type: ignore[attr-defined]
    schema = schemathesis.openapi.from_dict(app.openapi())
    operations = sorted((result.ok() for result in schema.get_all_operations()), key=_order)
    scenes = await build_scenes(world)
    loop = asyncio.get_running_loop()
    # A client of its own: the world's keeps the cookies its sign-ins set and raises the app's
    # exceptions; this one gets the 500 a server would send, which the checks report (as curl).
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    client = httpx.AsyncClient(transport=transport, base_url=world.client.base_url)
    failures: list[str] = []
    report: list[str] = []
    try:
        for scene in scenes:
            statuses: dict[str, collections.Counter[int]] = {}
            send = _send_with(client, loop, scene.actor, statuses)
            started = time.perf_counter()
            for operation in operations:
                secured = bool(operation.definition.raw.get("security"))
                examples = ANONYMOUS_EXAMPLES if scene.actor is None and secured else EXAMPLES
                strategy = _strategy(operation, scene)
                try:
                    await asyncio.to_thread(fuzz_operation, operation, strategy, send, examples)
                except (Exception, BaseExceptionGroup) as exc:  # all of them, then fail once
                    failures.append(f"[{scene.role}] {operation.label}: {exc}")
            report.append(f"{scene.role}: {time.perf_counter() - started:.1f} s")
            report += [f"  {label} {dict(counts)}" for label, counts in sorted(statuses.items())]
            served = [label for label, counts in statuses.items() if _succeeded(counts)]
            if scene.actor is not None and len(served) < 8:
                # A sign-in that stopped working would leave nothing but 401s, and pass.
                failures.append(f"[{scene.role}] got past sign-in only at {served}")
    finally:
        await client.aclose()
        print("\n".join(report))  # shown when the test fails
    assert not failures, "\n\n".join(failures)


def _succeeded(counts: collections.Counter[int]) -> bool:
    return any(200 <= status < 300 for status in counts)


def test_the_problem_details_check_refuses_plain_json_errors() -> None:
    problem = {"type": "urn:shuttle:problem:x", "title": "X", "status": 404, "detail": "x"}
    as_problem = {"content-type": PROBLEM}
    assert problem_details(httpx.Response(404, json=problem)) is not None
    assert problem_details(httpx.Response(404, json=problem, headers=as_problem)) is None
    assert problem_details(httpx.Response(409, json=problem, headers=as_problem)) is not None
    assert problem_details(httpx.Response(404, json={"detail": "x"}, headers=as_problem))

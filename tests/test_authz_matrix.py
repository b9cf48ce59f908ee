"""The authorization matrix: every route the app serves, for every role, on its own case and on
another case, against the answer it must give.

The routes come from the app itself (`app.routes`, included routers flattened), so a route added
without a row in MATRIX fails `test_every_served_route_has_a_row`, naming it, and a row whose
route is gone fails `test_every_row_is_a_served_route`. Then `test_the_matrix_holds_for[role]`
runs each role's columns against a real world, on SQLite and on PostgreSQL: two cases, and the
role calls every route with the ids of its own case and with those of the other.

Reading MATRIX
--------------
Each row is `METHOD /path` (`WS` for the websocket), the answer for an anonymous caller, then
for each role (the header's `part.`, `fac.`, `relay`, `coord.`):

- participant: the person harmed in case A;
- facilitator: assigned to A;
- relay: a relay officer (security-trained) at the prison holding A's person responsible;
- coordinator: of A's area.

A row about one case, or about something in one case (a letter, party, print job, scan or
alert, named in the path or in the body), has two columns per role: `own` (case A: the
participant's own letters, the officer's own prison's print jobs and scans, ...) and `oth`
(case B: another area, facilitator, prison and people, whose things are in the same states as
A's). So does the row about one session (`own`: a session of the caller's, `oth`: one of the
person in the same role in case B). A row about no case has one column per role. Anonymous
callers use case A's ids.

Codes:

- `ok`: allowed. 2xx or 3xx, or 409/410/422 because of the state or the content (an action
  already done, a party already joined, a second step already set up): never 401, 403, 404,
  429 or 5xx.
- `404`: hidden. 404 problem details, word for word the answer the same caller gets for ids
  that do not exist.
- `401`: sign-in required (anonymous): 401 problem details with a Bearer challenge. On `/ws`:
  the socket is closed with 1008.
- `422`: refused like a reference code that does not exist (scanned replies carry the code of
  the letter they answer: a code of another prison's or another facilitator's letter is refused
  in the same words as an unknown code, the code itself aside).

Rows run top to bottom, as written, in a fresh world per role, and each allowed call meets the
state it needs: a draft is edited before it is submitted, a case paused is resumed on the next
row, a participant sets up a second sign-in step before using its recovery codes, withdrawing
consent and signing out come last. Codes come from the caller's own authenticator secret or
recovery codes; a passphrase change is sent with a wrong current passphrase (422), since a
change would end every session of the caller's. A forbidden call must answer 404 whatever the
state. After its rows, each role's test checks that case B did not move (its audit trail and
what its people and staff see are unchanged) and that nothing of B came back in any answer to
a call made without B's ids.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pyotp
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, APIWebSocketRoute
from PIL import Image
from starlette.routing import Mount, Route
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from shuttle.app import create_app
from shuttle.config import Settings
from shuttle.relay import documents
from shuttle.relay.models import PrintState
from tests.fixtures.live import served
from tests.fixtures.world import Actor, CaseActors, World
from tests.test_access import UNKNOWN, operations

try:  # FastAPI 0.12x keeps included routes in app.routes; newer ones keep them lazily
    from fastapi.routing import iter_route_contexts
except ImportError:  # pragma: no cover
    iter_route_contexts = None  # type: ignore[assignment]

ROLES = ("anonymous", "participant", "facilitator", "relay", "coordinator")
STAFF_AND_PARTIES = ROLES[1:]

# fmt: off
MATRIX_TEXT = """
#      route                                          anon part.   fac.    relay   coord.
#                                                          own oth own oth own oth own oth
# -- signing in, the caller's own account and sessions, public pages ---------------------
POST   /auth/login                                    ok   ok      ok      ok      ok
POST   /auth/second-factor                            401  ok      ok      ok      ok
POST   /auth/totp/enrol                               401  ok      ok      ok      ok
POST   /auth/totp/confirm                             401  ok      ok      ok      ok
POST   /me/recovery-codes                             401  ok      ok      ok      ok
POST   /auth/totp/disable                             401  ok      ok      ok      ok
GET    /auth/session                                  401  ok      ok      ok      ok
GET    /me/sessions                                   401  ok      ok      ok      ok
DELETE /me/sessions/{session_id}                      401  ok  404 ok  404 ok  404 ok  404
POST   /me/passphrase                                 401  ok      ok      ok      ok
GET    /me                                            401  ok      ok      ok      ok
GET    /me/notifications                              401  ok      ok      ok      ok
PUT    /me/notifications                              401  ok      ok      ok      ok
WS     /ws                                            401  ok      ok      ok      ok
GET    /healthz                                       ok   ok      ok      ok      ok
GET    /readyz                                        ok   ok      ok      ok      ok
GET    /                                              ok   ok      ok      ok      ok
GET    /portal                                        ok   ok      ok      ok      ok
GET    /openapi.json                                  ok   ok      ok      ok      ok
GET    /docs                                          ok   ok      ok      ok      ok
GET    /docs/oauth2-redirect                          ok   ok      ok      ok      ok
GET    /redoc                                         ok   ok      ok      ok      ok
GET    /invitations/{token}                           ok   ok      ok      ok      ok
POST   /invitations/{token}/accept                    ok   ok      ok      ok      ok
# -- accounts, cases, facilitators, establishments ---------------------------------------
POST   /accounts                                      401  404     404     404     ok
GET    /accounts                                      401  404     404     404     ok
POST   /accounts/{account_id}/unlock                  401  404     404     404     ok
POST   /accounts/{account_id}/second-factor/reset     401  404     404     404     ok
GET    /facilitators                                  401  404     404     404     ok
GET    /establishments                                401  404     ok      404     ok
POST   /establishments                                401  404     404     404     ok
GET    /cases                                         401  ok      ok      ok      ok
POST   /cases                                         401  404     404     404     ok
GET    /cases/{case_id}                               401  ok  404 ok  404 404 404 ok  404
POST   /cases/{case_id}/facilitators                  401  404 404 404 404 404 404 ok  404
GET    /cases/{case_id}/timeline                      401  404 404 ok  404 404 404 ok  404
# -- parties, consent, channels, custody -------------------------------------------------
GET    /cases/{case_id}/parties                       401  404 404 ok  404 404 404 404 404
POST   /cases/{case_id}/parties                       401  404 404 ok  404 404 404 404 404
POST   /cases/{case_id}/parties/{party_id}/invitation 401  404 404 ok  404 404 404 404 404
GET    /cases/{case_id}/parties/{party_id}/consent    401  404 404 ok  404 404 404 404 404
POST   /cases/{case_id}/parties/{party_id}/consent    401  404 404 ok  404 404 404 404 404
POST   /cases/{case_id}/parties/{party_id}/unlock     401  404 404 ok  404 404 404 ok  404
GET    /cases/{case_id}/parties/{party_id}/channel    401  404 404 ok  404 404 404 404 404
PUT    /cases/{case_id}/parties/{party_id}/channel    401  404 404 ok  404 404 404 404 404
GET    /cases/{case_id}/custody                       401  404 404 ok  404 404 404 404 404
# -- a participant's own part: feedback, delivery times, pauses --------------------------
POST   /cases/{case_id}/me/feedback                   401  ok  404 404 404 404 404 404 404
GET    /cases/{case_id}/feedback                      401  404 404 ok  404 404 404 ok  404
GET    /cases/{case_id}/me/delivery-window            401  ok  404 404 404 404 404 404 404
PUT    /cases/{case_id}/me/delivery-window            401  ok  404 404 404 404 404 404 404
DELETE /cases/{case_id}/me/delivery-window            401  ok  404 404 404 404 404 404 404
POST   /cases/{case_id}/me/pause                      401  ok  404 404 404 404 404 404 404
POST   /cases/{case_id}/me/resume                     401  ok  404 404 404 404 404 404 404
POST   /cases/{case_id}/pause                         401  404 404 ok  404 404 404 404 404
POST   /cases/{case_id}/resume                        401  404 404 ok  404 404 404 404 404
POST   /cases/{case_id}/close                         401  404 404 ok  404 404 404 ok  404
# -- letters: the author's and the recipient's -------------------------------------------
POST   /cases/{case_id}/letters                       401  ok  404 404 404 404 404 404 404
GET    /cases/{case_id}/sent                          401  ok  404 404 404 404 404 404 404
GET    /cases/{case_id}/inbox                         401  ok  404 404 404 404 404 404 404
GET    /letters/{letter_id}                           401  ok  404 404 404 404 404 404 404
PUT    /letters/{letter_id}/draft                     401  ok  404 404 404 404 404 404 404
POST   /letters/{letter_id}/submit                    401  ok  404 404 404 404 404 404 404
POST   /letters/{letter_id}/revise                    401  ok  404 404 404 404 404 404 404
POST   /letters/{letter_id}/withdraw                  401  ok  404 404 404 404 404 404 404
GET    /inbox/{letter_id}                             401  ok  404 404 404 404 404 404 404
POST   /inbox/{letter_id}/open                        401  ok  404 404 404 404 404 404 404
# -- review ------------------------------------------------------------------------------
GET    /review/queue                                  401  404     ok      404     404
GET    /review/alerts                                 401  404     ok      404     404
POST   /review/alerts/{alert_id}/acknowledge          401  404 404 ok  404 404 404 404 404
GET    /review/letters/{letter_id}                    401  404 404 ok  404 404 404 404 404
GET    /review/letters/{letter_id}/versions/{number}  401  404 404 ok  404 404 404 404 404
GET    /review/letters/{letter_id}/scan               401  404 404 ok  404 404 404 404 404
GET    /review/letters/{letter_id}/scan/file          401  404 404 ok  404 404 404 404 404
POST   /review/letters/{letter_id}/claim              401  404 404 ok  404 404 404 404 404
POST   /review/letters/{letter_id}/unclaim            401  404 404 ok  404 404 404 404 404
POST   /review/letters/{letter_id}/return             401  404 404 ok  404 404 404 404 404
POST   /review/letters/{letter_id}/redact             401  404 404 ok  404 404 404 404 404
POST   /review/letters/{letter_id}/release            401  404 404 ok  404 404 404 404 404
POST   /review/letters/{letter_id}/approve            401  404 404 ok  404 404 404 404 404
# -- a prison's relay staff: security check, print queue, scanned replies ----------------
GET    /relay/security                                401  404     404     ok      404
GET    /relay/security/{job_id}/letter                401  404 404 404 404 ok  404 404 404
POST   /relay/security/{job_id}/pass                  401  404 404 404 404 ok  404 404 404
POST   /relay/security/{job_id}/withhold              401  404 404 404 404 ok  404 404 404
GET    /relay/queue                                   401  404     404     ok      404
POST   /relay/jobs/{job_id}/print                     401  404 404 404 404 ok  404 404 404
POST   /relay/print                                   401  404 404 404 404 ok  404 404 404
POST   /relay/jobs/{job_id}/handed-over               401  404 404 404 404 ok  404 404 404
POST   /relay/jobs/{job_id}/undeliverable             401  404 404 404 404 ok  404 404 404
GET    /relay/scans                                   401  404     404     ok      404
POST   /relay/scans                                   401  404 404 404 404 ok  422 404 404
POST   /relay/scans/{scan_id}/reply                   401  404 404 404 404 ok  404 404 404
# -- facilitators' letters by post -------------------------------------------------------
GET    /post/queue                                    401  404     ok      404     404
POST   /post/print                                    401  404 404 ok  404 404 404 404 404
POST   /post/jobs/{job_id}/posted                     401  404 404 ok  404 404 404 404 404
POST   /post/jobs/{job_id}/undeliverable              401  404 404 ok  404 404 404 404 404
GET    /post/scans                                    401  404     ok      404     404
POST   /post/scans                                    401  404 404 ok  422 404 404 404 404
POST   /post/scans/{scan_id}/reply                    401  404 404 ok  404 404 404 404 404
# -- last: ends the participant's part in case A, then the caller's session --------------
POST   /cases/{case_id}/me/withdraw                   401  ok  404 404 404 404 404 404 404
POST   /auth/logout                                   401  ok      ok      ok      ok
"""
# fmt: on

CODES = frozenset({"ok", "404", "401", "422"})
# Routes that name a case's print jobs in the body or the query, not the path: own/other too.
CASE_IN_BODY = frozenset(
    {
        ("POST", "/relay/print"),
        ("POST", "/post/print"),
        ("POST", "/relay/scans"),
        ("POST", "/post/scans"),
    }
)
# Path parameters that name nothing of a case's or a person's own, so one column per role: an
# invitation's token (the link is the permission) and a staff account (coordinators manage
# every staff account). Any other parameter means own/other columns.
ONE_COLUMN_PARAMS = frozenset({"token", "account_id"})
# Served but not in the matrix, each with the reason.
EXCLUDED_MOUNTS = {"/portal/static": "the portal's scripts, styles and images: public files"}
# A GET route also answers HEAD; the matrix lists it once, as GET.
IMPLIED_METHODS = frozenset({"HEAD"})


@dataclass(frozen=True)
class Row:
    """One route: the anonymous answer, and each role's (own, other) or single answer."""

    method: str
    path: str
    anonymous: str
    answers: dict[str, tuple[str, ...]]

    @property
    def per_case(self) -> bool:
        """True when the row has an own and an other column per role."""
        return len(self.answers["participant"]) == 2

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def parse_matrix(text: str) -> list[Row]:
    """The rows of a matrix written as in MATRIX_TEXT."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        method, path, anonymous, *codes = line.split()
        assert len(codes) in (4, 8), f"{method} {path}: {len(codes)} role columns, not 4 or 8"
        assert set(codes) | {anonymous} <= CODES, f"{method} {path}: unknown code in {codes}"
        width = len(codes) // 4
        answers = {
            role: tuple(codes[i * width : (i + 1) * width])
            for i, role in enumerate(STAFF_AND_PARTIES)
        }
        rows.append(Row(method, path, anonymous, answers))
    return rows


MATRIX = parse_matrix(MATRIX_TEXT)


# ---- the routes the app serves --------------------------------------------------------------


def _flat_routes(app: FastAPI) -> list[tuple[Any, str]]:
    """(route object, path) for everything the app serves, included routers flattened."""
    if iter_route_contexts is None:  # pragma: no cover
        return [(route, getattr(route, "path", "")) for route in app.routes]
    return [
        (context.original_route, context.path or "") for context in iter_route_contexts(app.routes)
    ]


def served_routes(app: FastAPI) -> set[tuple[str, str]]:
    """(METHOD, path) of every route the app serves; `WS` for websockets. Anything that is not
    an HTTP route, a websocket or an excluded mount fails here, so it cannot slip by."""
    found: set[tuple[str, str]] = set()
    for route, path in _flat_routes(app):
        if isinstance(route, APIWebSocketRoute):
            found.add(("WS", path))
        elif isinstance(route, APIRoute | Route):
            found |= {
                (method, path) for method in route.methods or () if method not in IMPLIED_METHODS
            }
        elif isinstance(route, Mount):
            assert path in EXCLUDED_MOUNTS, f"mount {path}: say in EXCLUDED_MOUNTS why it is open"
        else:
            raise AssertionError(f"{type(route).__name__} {path}: teach served_routes about it")
    return found


def _bare_app() -> FastAPI:
    """The app, not started: listing its routes needs no database or keys."""
    unused = "1:" + "A" * 43 + "="  # a key ring of one 32-byte key, never used here
    memory = "sqlite+aiosqlite:///:memory:"
    return create_app(Settings(database_url=memory, master_keys=unused))  # type: ignore[arg-type]


def test_every_served_route_has_a_row() -> None:
    rows = {row.key for row in MATRIX}
    missing = sorted(served_routes(_bare_app()) - rows)
    assert not missing, "routes without a row in MATRIX: " + ", ".join(
        f"{m} {p}" for m, p in missing
    )


def test_every_row_is_a_served_route() -> None:
    stale = sorted({row.key for row in MATRIX} - served_routes(_bare_app()))
    assert not stale, "rows for routes the app no longer serves: " + ", ".join(
        f"{m} {p}" for m, p in stale
    )


def test_the_matrix_is_well_formed() -> None:
    keys = [row.key for row in MATRIX]
    assert len(keys) == len(set(keys)), "a route has two rows"
    for row in MATRIX:
        owned = bool(_path_params(row.path) - ONE_COLUMN_PARAMS) or row.key in CASE_IN_BODY
        assert row.per_case == owned, f"{row}: own/other columns iff it names someone's thing"
        assert row.anonymous in ("ok", "401"), f"{row}: anonymous answers ok or 401"
        codes = [code for pair in row.answers.values() for code in pair]
        assert "401" not in codes, f"{row}: signed-in callers never get 401"
        if row.anonymous == "ok":
            assert set(codes) == {"ok"}, f"{row}: a public route is open to everyone"
        if row.per_case:
            others = {pair[1] for pair in row.answers.values()}
            assert "ok" not in others, f"{row}: nobody may act on a case that is not theirs"


def _path_params(path: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", path))


# ---- the world: case A (the roles' own) and case B (another) --------------------------------

PNG = io.BytesIO()
Image.new("L", (200, 120), 255).save(PNG, format="PNG")
BLANK_PAGE = PNG.getvalue()  # a scanned reply with no QR code: its reference is typed
UNKNOWN_REFERENCE = "RL-AAAA-BBBB"
PLAIN = "Thank you for your letter. I have been thinking about what you said about that night."
WORRYING = "I have not been sleeping. Some nights I think everyone would be better off without me."


class Ids(dict[str, str]):
    """Ids by name; a name missing stands for something that does not exist."""

    def __missing__(self, key: str) -> str:
        return UNKNOWN


@dataclass
class Side:
    """One case, its people, and the ids of everything in it that the matrix points at."""

    case: CaseActors
    facilitator: Actor
    relay: Actor
    ids: Ids = field(default_factory=Ids)

    def identifiers(self) -> set[str]:
        """What would betray this case if it appeared in someone else's answer."""
        return {
            value
            for key, value in self.ids.items()
            if key not in ("number", "token", "account.facilitator")
        } | {self.case.reference, self.case.responsible_party_id}


@dataclass
class Scene:
    """Case A, the roles' own, and case B, another."""

    own: Side
    other: Side
    coordinator_of_other: Actor

    def counterpart(self, role: str) -> Actor | None:
        """Who plays the role in the other case."""
        return {
            "anonymous": None,
            "participant": self.other.case.harmed,
            "facilitator": self.other.facilitator,
            "relay": self.other.relay,
            "coordinator": self.coordinator_of_other,
        }[role]

    def actor(self, world: World, role: str) -> Actor | None:
        """Who plays the role (None: anonymous)."""
        return {
            "anonymous": None,
            "participant": self.own.case.harmed,
            "facilitator": self.own.facilitator,
            "relay": self.own.relay,
            "coordinator": world.coordinator,
        }[role]


def _ok(response: httpx.Response, status: int = 200) -> Any:
    """The answer's JSON, once it is known to have the status."""
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return response.json() if response.content else None


async def _staff_account(world: World, body: dict[str, Any]) -> Actor:
    passphrase = f"{body['login']} passphrase long"
    _ok(
        await world.call(world.coordinator, "POST", "/accounts", body | {"passphrase": passphrase}),
        201,
    )
    return await world.login(body["login"], passphrase)


async def _join(
    world: World, case_id: str, facilitator: Actor, side: str, login: str
) -> tuple[Actor, str]:
    invited = _ok(
        await world.call(
            facilitator,
            "POST",
            f"/cases/{case_id}/parties",
            {"side": side, "label": f"the person {side}", "display_name": f"{login} Person"},
        ),
        201,
    )
    token = invited["invitation_url"].rsplit("=", 1)[-1]
    passphrase = f"{login} secret passphrase"
    accepted = {"login": login, "passphrase": passphrase}
    _ok(await world.call(None, "POST", f"/invitations/{token}/accept", accepted), 201)
    return await world.login(login, passphrase), invited["party"]["id"]


async def case_in_another_area(world: World) -> tuple[CaseActors, Actor]:
    """Case B: opened in Southmoor by its coordinator, facilitated by the outsider, its people
    joined and consenting."""
    # Southmoor's coordinator is made as the first coordinator is, from the command line (not
    # by Northshire's: see test_a_coordinator_makes_coordinators_only_for_their_own_area).
    coordinator = await world.coordinator_from_command_line(
        "south.coord", "Sam Southmoor", "Southmoor", "southmoor coordinator passphrase"
    )
    opened = {"area": "Southmoor", "offence_category": "burglary"}
    case = _ok(await world.call(coordinator, "POST", "/cases", opened), 201)
    assign = {"account_id": str(world.outsider.id)}
    _ok(await world.call(coordinator, "POST", f"/cases/{case['id']}/facilitators", assign))
    harmed, harmed_party = await _join(world, case["id"], world.outsider, "harmed", "harmed.b")
    responsible, responsible_party = await _join(
        world, case["id"], world.outsider, "responsible", "responsible.b"
    )
    for party in (harmed_party, responsible_party):
        url = f"/cases/{case['id']}/parties/{party}/consent"
        _ok(await world.call(world.outsider, "POST", url, {"consent": "given"}))
    actors = CaseActors(
        case["id"],
        case["reference"],
        harmed,
        responsible,
        harmed_party,
        responsible_party,
        [world.outsider],
    )
    return actors, coordinator


async def furnish(world: World, case: CaseActors, prison: str, officer: str, *, own: bool) -> Side:
    """Put the case's person responsible in a prison with a security check (and a supporter of
    theirs on letters by post), then leave letters, print jobs, scans and an alert in every
    state the matrix's rows need.

    The roles' own case gets one thing per row that changes it (a letter to release, another to
    return, ...), so each allowed call meets the state it needs. The other case gets one thing
    per state: nothing there may change."""
    facilitator = case.facilitators[0]
    c = case.case_id

    async def call(actor: Actor, method: str, url: str, body: Any = None, status: int = 200) -> Any:
        return _ok(await world.call(actor, method, url, body), status)

    establishment = await call(
        world.coordinator, "POST", "/establishments", {"name": prison, "security_check": True}, 201
    )
    relay = await _staff_account(
        world,
        {
            "login": officer,
            "display_name": f"Officer {officer}",
            "role": "relay",
            "establishment_id": establishment["id"],
            "security_staff": True,
        },
    )
    in_prison = {
        "channel": "relay",
        "establishment_id": establishment["id"],
        "prison_number": "A1234BC",
        "prison_name": "Jordan Ashdown",
    }
    await call(
        facilitator, "PUT", f"/cases/{c}/parties/{case.responsible_party_id}/channel", in_prison
    )
    friend = {
        "side": "responsible",
        "supporter": True,
        "label": "a friend",
        "display_name": "Bo Friend",
    }
    supporter = (await call(facilitator, "POST", f"/cases/{c}/parties", friend, 201))["party"]["id"]
    await call(facilitator, "PUT", f"/cases/{c}/parties/{supporter}/channel", {"channel": "post"})
    await call(facilitator, "POST", f"/cases/{c}/parties/{supporter}/consent", {"consent": "given"})

    ids = Ids(case=c, party=case.harmed_party_id, number="1")
    draft = await call(case.harmed, "POST", f"/cases/{c}/letters", {"body": PLAIN}, 201)
    ids["letter.draft"] = draft["id"]
    ids["letter.queued"] = await world.submitted_letter(case.harmed, PLAIN, case)
    ids["letter.to_withdraw"] = await world.submitted_letter(case.harmed, PLAIN, case)
    ids["letter.returned"] = await world.submitted_letter(case.harmed, PLAIN, case)
    await call(facilitator, "POST", f"/review/letters/{ids['letter.returned']}/claim")
    notes = {"notes": "Please leave out the name of the street."}
    await call(facilitator, "POST", f"/review/letters/{ids['letter.returned']}/return", notes)
    ids["letter.delivered"] = await world.released_letter(case.responsible, PLAIN, case)
    for n, purpose in enumerate(("unclaim", "return", "redact", "release")):
        if own or n == 0:
            claimed = await world.submitted_letter(case.harmed, PLAIN, case)
            await call(facilitator, "POST", f"/review/letters/{claimed}/claim")
        ids[f"letter.claimed_to_{purpose}"] = claimed
    worrying = await world.submitted_letter(case.harmed, WORRYING, case)
    alerts = await call(facilitator, "GET", "/review/alerts")
    (alert,) = [a for a in alerts if a["letter_id"] == worrying]
    ids["alert"] = alert["id"]

    # Letters to the prisoner: each goes to the prison's security check, and a copy to the
    # supporter's post queue.
    checked, ready = (2, 2) if own else (1, 1)
    for n in range(checked + ready + 3):
        await world.released_letter(case.harmed, f"{PLAIN} ({n})", case)
    jobs = [job["id"] for job in await call(relay, "GET", "/relay/security")]
    assert len(jobs) == checked + ready + 3
    for job_id in jobs[checked:]:
        await call(relay, "POST", f"/relay/security/{job_id}/pass")
    ids["job.check"], ids["job.check_to_withhold"] = jobs[0], jobs[checked - 1]
    ids["job.ready"], ids["job.ready_to_mark"] = jobs[checked], jobs[checked + ready - 1]
    handed, scanned, replied = jobs[checked + ready :]
    printed = await world.call(
        relay, "POST", "/relay/print", {"job_ids": [handed, scanned, replied]}
    )
    assert printed.status_code == 200, printed.text
    for job_id in (handed, scanned, replied):
        await call(relay, "POST", f"/relay/jobs/{job_id}/handed-over")
    references = {
        job["id"]: job["reference"]
        for job in await call(relay, "GET", "/relay/queue?state=handed_over")
    }
    ids["reference.relay"] = references[handed]
    ids["scan.relay"] = (await upload(world, relay, "/relay/scans", references[scanned]))["id"]
    reply_scan = (await upload(world, relay, "/relay/scans", references[replied]))["id"]
    before = {s["id"] for s in await call(case.responsible, "GET", f"/cases/{c}/sent")}
    transcription = {"transcription": "Thank you for writing. I read it twice."}
    await call(relay, "POST", f"/relay/scans/{reply_scan}/reply", transcription, 201)
    after = {s["id"] for s in await call(case.responsible, "GET", f"/cases/{c}/sent")}
    (ids["letter.scanned"],) = after - before

    by_post = [job["id"] for job in await call(facilitator, "GET", "/post/queue")]
    assert len(by_post) >= 4
    ids["post.ready"], ids["post.printed"], posted, scanned_by_post = by_post[:4]
    to_print = {"job_ids": [ids["post.printed"], posted, scanned_by_post]}
    printed = await world.call(facilitator, "POST", "/post/print", to_print)
    assert printed.status_code == 200, printed.text
    for job_id in (posted, scanned_by_post):
        await call(facilitator, "POST", f"/post/jobs/{job_id}/posted")
    references = {
        job["id"]: job["reference"]
        for job in await call(facilitator, "GET", "/post/queue?state=handed_over")
    }
    ids["reference.post"] = references[posted]
    scan = await upload(world, facilitator, "/post/scans", references[scanned_by_post])
    ids["scan.post"] = scan["id"]
    ids["account.facilitator"] = str(case.facilitators[-1].id)
    return Side(case, facilitator, relay, ids)


async def upload(world: World, actor: Actor, url: str, reference: str) -> Any:
    sent = await world.client.post(
        url, params={"ref": reference}, headers=actor.headers, content=BLANK_PAGE
    )
    return _ok(sent, 201)


async def build_scene(world: World) -> Scene:
    """Case A, the roles' own, and case B, another, both furnished."""
    own = await furnish(world, world.case, "HMP Northmoor", "officer.north", own=True)
    other_case, south = await case_in_another_area(world)
    other = await furnish(world, other_case, "HMP Eastfield", "officer.east", own=False)
    # An invitation link for the public invitation rows (a supporter, so nothing waits on them)
    neighbour = {
        "side": "harmed",
        "supporter": True,
        "label": "a neighbour",
        "display_name": "Robin Neighbour",
    }
    invited = await world.call(
        world.fac1, "POST", f"/cases/{world.case.case_id}/parties", neighbour
    )
    own.ids["token"] = _ok(invited, 201)["invitation_url"].rsplit("=", 1)[-1]
    # A staff account for the coordinator's rows that unlock one or reset its second step
    spare = {
        "login": "spare.staff",
        "display_name": "Spare Staff",
        "role": "facilitator",
        "passphrase": "amber lanterns over a sleepy canal",
    }
    own.ids["account.staff"] = _ok(
        await world.call(world.coordinator, "POST", "/accounts", spare), 201
    )["id"]
    return Scene(own, other, south)


# ---- one call per cell -----------------------------------------------------------------------

# Which of a side's things each route is called with, where it is not the default below.
TARGETS: dict[tuple[str, str], dict[str, str]] = {
    ("PUT", "/letters/{letter_id}/draft"): {"letter_id": "letter.draft"},
    ("POST", "/letters/{letter_id}/submit"): {"letter_id": "letter.draft"},
    ("POST", "/letters/{letter_id}/revise"): {"letter_id": "letter.returned"},
    ("POST", "/letters/{letter_id}/withdraw"): {"letter_id": "letter.to_withdraw"},
    ("GET", "/inbox/{letter_id}"): {"letter_id": "letter.delivered"},
    ("POST", "/inbox/{letter_id}/open"): {"letter_id": "letter.delivered"},
    ("GET", "/review/letters/{letter_id}/scan"): {"letter_id": "letter.scanned"},
    ("GET", "/review/letters/{letter_id}/scan/file"): {"letter_id": "letter.scanned"},
    ("POST", "/review/letters/{letter_id}/unclaim"): {"letter_id": "letter.claimed_to_unclaim"},
    ("POST", "/review/letters/{letter_id}/return"): {"letter_id": "letter.claimed_to_return"},
    ("POST", "/review/letters/{letter_id}/redact"): {"letter_id": "letter.claimed_to_redact"},
    ("POST", "/review/letters/{letter_id}/release"): {"letter_id": "letter.claimed_to_release"},
    ("GET", "/relay/security/{job_id}/letter"): {"job_id": "job.check"},
    ("POST", "/relay/security/{job_id}/pass"): {"job_id": "job.check"},
    ("POST", "/relay/security/{job_id}/withhold"): {"job_id": "job.check_to_withhold"},
    ("POST", "/relay/jobs/{job_id}/print"): {"job_id": "job.ready"},
    ("POST", "/relay/jobs/{job_id}/handed-over"): {"job_id": "job.ready"},
    ("POST", "/relay/jobs/{job_id}/undeliverable"): {"job_id": "job.ready_to_mark"},
    ("POST", "/relay/scans/{scan_id}/reply"): {"scan_id": "scan.relay"},
    ("POST", "/post/jobs/{job_id}/posted"): {"job_id": "post.ready"},
    ("POST", "/post/jobs/{job_id}/undeliverable"): {"job_id": "post.printed"},
    ("POST", "/post/scans/{scan_id}/reply"): {"scan_id": "scan.post"},
}
DEFAULT_TARGETS = {
    "case_id": "case",
    "party_id": "party",
    "letter_id": "letter.queued",
    "number": "number",
    "alert_id": "alert",
    "token": "token",
    "session_id": "session",
    "account_id": "account.staff",
}
# Bodies that pass validation and let an allowed caller's call succeed, where the minimal ones
# built from the OpenAPI schema would not (they would set consent back to pending, open a case
# in an area that does not exist, name a print job that does not exist, and so on).
BODIES: dict[tuple[str, str], Callable[[Ids], Any]] = {
    ("POST", "/auth/second-factor"): lambda ids: {"code": ids["code"]},
    ("POST", "/auth/totp/confirm"): lambda ids: {"code": ids["code"]},
    ("POST", "/me/recovery-codes"): lambda ids: {"code": ids["code"]},
    ("POST", "/auth/totp/disable"): lambda ids: {"code": ids["code"]},
    # A wrong current passphrase (422): a change would end every session of the caller's
    ("POST", "/me/passphrase"): lambda _: {
        "current_passphrase": "not the passphrase",
        "new_passphrase": "seven amber kites over the estuary",
    },
    ("POST", "/accounts"): lambda _: {
        "login": "matrix.facilitator",
        "display_name": "Morgan Matrix",
        "role": "facilitator",
        "passphrase": "violet anchors drift past quiet harbours",
    },
    ("POST", "/cases"): lambda _: {"area": "Northshire", "offence_category": "burglary"},
    ("POST", "/establishments"): lambda _: {"name": "HMP Matrix"},
    ("POST", "/cases/{case_id}/facilitators"): lambda ids: {
        "account_id": ids["account.facilitator"]
    },
    ("POST", "/cases/{case_id}/parties"): lambda _: {
        "side": "responsible",
        "supporter": True,
        "label": "an aunt",
        "display_name": "Ash Aunt",
    },
    ("POST", "/cases/{case_id}/parties/{party_id}/consent"): lambda _: {"consent": "given"},
    ("PUT", "/cases/{case_id}/parties/{party_id}/channel"): lambda _: {"channel": "portal"},
    ("POST", "/cases/{case_id}/me/feedback"): lambda _: {"rating": 4, "comments": "It helped."},
    ("PUT", "/cases/{case_id}/me/delivery-window"): lambda _: {"weekdays_only": True},
    ("POST", "/cases/{case_id}/letters"): lambda _: {"body": PLAIN},
    ("PUT", "/letters/{letter_id}/draft"): lambda _: {"body": PLAIN + " Again."},
    ("POST", "/letters/{letter_id}/revise"): lambda _: {"body": PLAIN + " Revised."},
    ("POST", "/inbox/{letter_id}/open"): lambda _: {"tell_author": False},
    ("POST", "/review/letters/{letter_id}/redact"): lambda _: {"spans": [{"start": 0, "end": 5}]},
    ("POST", "/relay/print"): lambda ids: {"job_ids": [ids["job.ready"]]},
    ("POST", "/relay/jobs/{job_id}/undeliverable"): lambda _: {"reason": "refused"},
    ("POST", "/post/print"): lambda ids: {"job_ids": [ids["post.ready"]]},
    ("POST", "/post/jobs/{job_id}/undeliverable"): lambda _: {"reason": "refused"},
}
UPLOADS = {("POST", "/relay/scans"): "reference.relay", ("POST", "/post/scans"): "reference.post"}
UNKNOWN_IDS = Ids(
    {"number": "1", "reference.relay": UNKNOWN_REFERENCE, "reference.post": UNKNOWN_REFERENCE}
)


@dataclass(frozen=True)
class Call:
    """One request, built from a row and one side's ids."""

    method: str
    url: str
    json: Any = None
    content: bytes | None = None
    params: dict[str, str] | None = None
    echoes: str | None = None  # what of the request a refusal may repeat: the code typed


def build_call(row: Row, ids: Ids, examples: dict[tuple[str, str], Any]) -> Call:
    """The row's request with these ids, and a body that passes validation."""
    targets = DEFAULT_TARGETS | TARGETS.get(row.key, {})
    url = row.path.format(**{name: ids[targets[name]] for name in _path_params(row.path)})
    if row.key in UPLOADS:
        code = ids[UPLOADS[row.key]]
        return Call(row.method, url, content=BLANK_PAGE, params={"ref": code}, echoes=code)
    body = BODIES[row.key](ids) if row.key in BODIES else examples.get(row.key)
    return Call(row.method, url, json=body)


async def send(client: httpx.AsyncClient, actor: Actor | None, call: Call) -> httpx.Response:
    headers = actor.headers if actor else {}
    if call.content is not None:
        return await client.request(
            call.method, call.url, params=call.params, headers=headers, content=call.content
        )
    return await client.request(call.method, call.url, headers=headers, json=call.json)


ALLOWED_REFUSALS = frozenset({409, 410, 422})  # because of the state or the content


@dataclass(frozen=True)
class Answer:
    """A response, and the reference code its request carried (a refusal may repeat it)."""

    response: httpx.Response
    echoed: str | None = None

    @property
    def status(self) -> int:
        return self.response.status_code

    def summary(self) -> str:
        """The start of the answer, or its type and size when it is not text (a PDF, a scan)."""
        kind = self.response.headers.get("content-type", "")
        if is_text(self.response):
            return self.response.text[:300]
        return f"<{kind}, {len(self.response.content)} bytes>"

    def problem(self) -> Any:
        """The problem details, with the code the caller typed taken out."""
        text = self.response.text
        return json.loads(text.replace(self.echoed, "<code>") if self.echoed else text)


def is_text(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "")
    return kind.startswith(("application/json", "application/problem+json", "text/"))


def judge(code: str, answer: Answer, blank: Answer | None) -> str | None:
    """None when the answer is what the code asks for, else what is wrong with it.

    `blank` is the same caller's answer to the same request with ids that do not exist."""
    status, said = answer.status, answer.summary()
    if code == "ok":
        if status < 400 or status in ALLOWED_REFUSALS:
            return None
        return f"expected it to be allowed, got {status}: {said}"
    if str(status) != code:
        return f"expected {code}, got {status}: {said}"
    kind = answer.response.headers.get("content-type")
    if kind != "application/problem+json":
        return f"expected problem details, got {kind}: {said}"
    if code == "401":
        challenge = answer.response.headers.get("www-authenticate")
        return None if challenge == "Bearer" else f"no Bearer challenge: {challenge}"
    assert blank is not None
    if answer.problem() != blank.problem():
        return f"told apart from ids that do not exist: {said} / {blank.summary()}"
    return None


@contextlib.asynccontextmanager
async def anonymous_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with no session at all (World's client keeps the cookies of its sign-ins)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def websocket_answer(app: FastAPI, actor: Actor | None) -> str:
    """`ready`, or how the socket was closed, after a hello with the actor's token (or none)."""
    async with served(app) as base, connect(base.replace("http://", "ws://") + "/ws") as socket:
        hello: dict[str, Any] = {"type": "hello"} | ({"token": actor.token} if actor else {})
        await socket.send(json.dumps(hello))
        try:
            frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=10))
        except ConnectionClosed as closed:
            return f"closed {closed.rcvd.code if closed.rcvd else None}"
    return str(frame.get("type"))


@dataclass
class Run:
    """One role calling every route, row by row; what it found."""

    world: World
    scene: Scene
    role: str
    client: httpx.AsyncClient
    examples: dict[tuple[str, str], Any]
    failures: list[str] = field(default_factory=list)
    answers_without_other_ids: list[str] = field(default_factory=list)
    cells: int = 0
    # The caller's own things that are no case's: a second session of theirs (ended by the
    # DELETE /me/sessions row), an authenticator secret they set up on the way.
    second_session: str = UNKNOWN
    pending_secret: str | None = None
    # The same of the other case's counterpart (the person in the role there)
    counterpart_session: str = UNKNOWN
    blanks: dict[tuple[str, str], Answer] = field(default_factory=dict)

    @property
    def actor(self) -> Actor | None:
        return self.scene.actor(self.world, self.role)

    async def start(self) -> None:
        """Find the counterpart's session, for calls about someone else's session."""
        counterpart = self.scene.counterpart(self.role)
        if counterpart is not None:
            self.counterpart_session = await current_session(self.world, counterpart)

    async def row(self, row: Row) -> None:
        """Every cell of the row for this role."""
        codes = (row.anonymous,) if self.role == "anonymous" else row.answers[self.role]
        sides = (self.scene.own, self.scene.other)[: len(codes)]
        for column, (code, side) in enumerate(zip(codes, sides, strict=True)):
            where = f"{row} [{self.role}{('/own', '/other')[column] if row.per_case else ''}]"
            self.cells += 1
            try:
                problem = await self.cell(row, code, side)
            except Exception as exc:  # an unhandled error is a 500 to the caller
                problem = f"raised {type(exc).__name__}: {exc}"
            if problem:
                self.failures.append(f"{where}: {problem}")

    async def cell(self, row: Row, code: str, side: Side) -> str | None:
        """Call the row's route with the side's ids; None if the answer is the code's."""
        if row.key == ("WS", "/ws"):
            app = self.world.client.app  # type: ignore[attr-defined]
            answer = await websocket_answer(app, self.actor)
            expected = {"ok": "ready", "401": "closed 1008"}[code]
            return None if answer == expected else f"expected {expected}, got {answer}"
        if row.key == ("POST", "/auth/login"):
            # Through World, which knows each account's second step; anonymous callers sign in
            # as the participant. The new session is the one the DELETE /me/sessions row ends.
            who = self.actor or self.scene.own.case.harmed
            again = await self.world.login(who.login, who.passphrase)
            self.second_session = await current_session(self.world, again)
            return None
        ids = Ids(side.ids | self.personal(row, side))
        call = build_call(row, ids, self.examples)
        answer = Answer(await send(self.client, self.actor, call), call.echoes)
        self.remember(row, answer.response)
        blank = await self.blank(row) if code in ("404", "422") else None
        if side is self.scene.own and is_text(answer.response):
            self.answers_without_other_ids.append(f"{row}: {answer.response.text}")
        return judge(code, answer, blank)

    async def blank(self, row: Row) -> Answer:
        """The caller's answer to the row's request with ids that do not exist (asked once)."""
        if row.key not in self.blanks:
            unknown = build_call(row, UNKNOWN_IDS, self.examples)
            answer = Answer(await send(self.client, self.actor, unknown), unknown.echoes)
            self.blanks[row.key] = answer
        return self.blanks[row.key]

    def personal(self, row: Row, side: Side) -> dict[str, str]:
        """The caller's own session and codes (or the counterpart's session, on the other
        side): an authenticator code for the secret set up on the way, a recovery code."""
        if side is self.scene.other:
            return {"session": self.counterpart_session}
        values = {"session": self.second_session, "code": "000000"}
        actor = self.actor
        if row.key == ("POST", "/auth/totp/confirm") and self.pending_secret:
            values["code"] = pyotp.TOTP(self.pending_secret).now()
        elif row.key in RECOVERY_CODE_ROWS and actor is not None and actor.recovery_codes:
            values["code"] = actor.recovery_codes.pop()
        return values

    def remember(self, row: Row, response: httpx.Response) -> None:
        """Keep what a call gave the caller: a secret to set up, a new session, new codes."""
        actor = self.actor
        if actor is None or not response.is_success:
            return
        if row.key == ("POST", "/auth/totp/enrol"):
            self.pending_secret = response.json()["secret"]
        elif row.key == ("POST", "/auth/totp/confirm"):
            # The session that set it up is swapped for a new one, as at sign-in
            actor.token = response.json()["session"]["token"]
            actor.recovery_codes = response.json()["recovery_codes"]
        elif row.key == ("POST", "/me/recovery-codes"):
            actor.recovery_codes = response.json()["recovery_codes"]


RECOVERY_CODE_ROWS = frozenset({("POST", "/me/recovery-codes"), ("POST", "/auth/totp/disable")})


async def current_session(world: World, actor: Actor) -> str:
    """The id of the session the actor's token is."""
    sessions = _ok(await world.call(actor, "GET", "/me/sessions"))
    (current,) = [s["id"] for s in sessions if s["current"]]
    return str(current)


ALL_PRINT_STATES = "&".join(f"state={state.value}" for state in PrintState)


async def snapshot(world: World, scene: Scene) -> dict[str, Any]:
    """Case B as its own coordinator, facilitator, relay officer and people see it."""
    b, c = scene.other, scene.other.case.case_id

    async def get(actor: Actor, url: str) -> Any:
        return _ok(await world.call(actor, "GET", url))

    timeline = await get(scene.coordinator_of_other, f"/cases/{c}/timeline")
    letters = [
        value for key, value in b.ids.items() if key.startswith("letter.") and key != "letter.draft"
    ]
    return {
        "timeline": [(entry["seq"], entry["action"]) for entry in timeline],
        "case": await get(b.facilitator, f"/cases/{c}"),
        "parties": await get(b.facilitator, f"/cases/{c}/parties"),
        "custody": await get(b.facilitator, f"/cases/{c}/custody"),
        "letters": [await get(b.facilitator, f"/review/letters/{letter}") for letter in letters],
        "alerts": await get(b.facilitator, "/review/alerts"),
        "post": await get(b.facilitator, f"/post/queue?{ALL_PRINT_STATES}"),
        "post scans": await get(b.facilitator, "/post/scans"),
        "relay": await get(b.relay, f"/relay/queue?{ALL_PRINT_STATES}"),
        "relay scans": await get(b.relay, "/relay/scans"),
        "harmed": [
            await get(b.case.harmed, f"/cases/{c}{view}")
            for view in ("", "/sent", "/inbox", "/me/delivery-window")
        ],
        "responsible": await get(b.case.responsible, f"/cases/{c}/sent"),
    }


async def assert_reachable(world: World, side: Side) -> None:
    """Everything the matrix points at in the case is there, in the state its rows expect,
    for its own people: a 404 to anyone else is about who asks, never a stale id."""
    ids, people, facilitator, relay = side.ids, side.case, side.facilitator, side.relay

    async def get(actor: Actor, url: str) -> Any:
        return _ok(await world.call(actor, "GET", url))

    async def listed(actor: Actor, url: str, key: str = "id") -> set[str]:
        return {item[key] for item in await get(actor, url)}

    for letter, state in (
        ("letter.draft", "draft"),
        ("letter.queued", "queued"),
        ("letter.to_withdraw", "queued"),
        ("letter.returned", "returned"),
    ):
        assert (await get(people.harmed, f"/letters/{ids[letter]}"))["state"] == state, letter
    assert (await get(people.harmed, f"/inbox/{ids['letter.delivered']}"))["opened_at"] is None
    for purpose in ("unclaim", "return", "redact", "release"):
        review = await get(facilitator, f"/review/letters/{ids[f'letter.claimed_to_{purpose}']}")
        assert review["state"] == "in_review" and review["claimed_by"] == str(facilitator.id)
    assert (await get(facilitator, f"/review/letters/{ids['letter.scanned']}"))["scanned"]
    assert ids["alert"] in await listed(facilitator, "/review/alerts")
    checks = await listed(relay, "/relay/security")
    assert {ids["job.check"], ids["job.check_to_withhold"]} <= checks
    assert {ids["job.ready"], ids["job.ready_to_mark"]} <= await listed(relay, "/relay/queue")
    handed = await listed(relay, "/relay/queue?state=handed_over", "reference")
    assert ids["reference.relay"] in handed
    assert ids["scan.relay"] in await listed(relay, "/relay/scans")
    assert ids["post.ready"] in await listed(facilitator, "/post/queue?state=ready")
    assert ids["post.printed"] in await listed(facilitator, "/post/queue?state=printed")
    posted = await listed(facilitator, "/post/queue?state=handed_over", "reference")
    assert ids["reference.post"] in posted
    assert ids["scan.post"] in await listed(facilitator, "/post/scans")
    await get(facilitator, f"/cases/{ids['case']}/parties/{ids['party']}/consent")


# ---- the matrix, role by role ------------------------------------------------------------------


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No rate limit in the way: the matrix asks who may call a route, not how often (each
    role tries a code or a passphrase more often than a person would in a minute)."""
    unlimited = "10000 per minute"
    return settings.model_copy(
        update={"sign_in_limit_per_account": unlimited, "sign_in_limit_per_address": unlimited}
    )


@pytest.fixture
async def scene(world: World, monkeypatch: pytest.MonkeyPatch) -> Scene:
    """Cases A and B furnished; no OCR of the blank scans (it has nothing to do with access)."""
    monkeypatch.setattr(documents, "ocr_draft", lambda *args, **kwargs: None)
    return await build_scene(world)


@pytest.mark.parametrize("role", ROLES)
async def test_the_matrix_holds_for(role: str, world: World, scene: Scene) -> None:
    # Given case A, the role's own, and case B, another, with everything in them in place
    for side in (scene.own, scene.other):
        await assert_reachable(world, side)
    before = await snapshot(world, scene)
    # When the role calls every route, row by row, with its own case's ids and the other's
    examples = {(op.method, op.path): op.body for op in operations(world.client)}
    async with anonymous_client(world.client.app) as anonymous:  # type: ignore[attr-defined]
        client = anonymous if role == "anonymous" else world.client
        run = Run(world, scene, role, client, examples)
        await run.start()
        for row in MATRIX:
            await run.row(row)
    after = await snapshot(world, scene)
    marks = scene.other.identifiers() - {UNKNOWN} | {run.counterpart_session} - {UNKNOWN}
    problems = [
        # Then every answer is the one the matrix gives
        *run.failures,
        # And case B did not move: not its audit trail, not what its people and staff see
        *(f"case B changed: {view}" for view in before if before[view] != after[view]),
        # And nothing of B came back in any answer to a call made without B's ids
        *(
            f"case B's {mark} in an answer to {answer[:300]}"
            for answer in run.answers_without_other_ids
            for mark in marks
            if mark in answer
        ),
    ]
    assert run.cells >= len(MATRIX)
    assert not problems, f"{len(problems)} problems in {run.cells} cells:\n" + "\n".join(problems)


async def test_in_their_own_case_a_participant_reaches_only_their_own_letters(
    world: World,
) -> None:
    """The matrix's `own` is the participant's own letter; this is its neighbour: a letter of
    the same case that is not theirs to edit, or not (yet) theirs to read."""
    # Given the person harmed's draft and queued letters, and a letter delivered to them
    case = world.case
    written = {"body": PLAIN}
    draft = _ok(
        await world.call(case.harmed, "POST", f"/cases/{case.case_id}/letters", written), 201
    )
    queued = await world.submitted_letter(case.harmed, PLAIN)
    delivered = await world.released_letter(case.responsible, PLAIN)
    author_rows = [row for row in MATRIX if row.path.startswith("/letters/")]
    reader_rows = [row for row in MATRIX if row.path.startswith("/inbox/")]
    examples = {(op.method, op.path): op.body for op in operations(world.client)}
    attempts = [
        (case.responsible, author_rows, [draft["id"], queued]),  # the other side's letters
        (case.harmed, author_rows, [delivered]),  # a letter to them is not theirs to change
        (case.harmed, reader_rows, [queued, draft["id"]]),  # their own never reaches them
        (case.responsible, reader_rows, [queued, draft["id"], delivered]),  # not (yet) to them
    ]
    problems = []
    for actor, rows, letters in attempts:
        for row in rows:
            blank_call = build_call(row, UNKNOWN_IDS, examples)
            blank = Answer(await send(world.client, actor, blank_call))
            for letter in letters:
                # When they call a letter route with it
                call = replace(blank_call, url=row.path.format(letter_id=letter))
                problem = judge("404", Answer(await send(world.client, actor, call)), blank)
                # Then it is a 404 like a letter that does not exist
                if problem:
                    problems.append(f"{row} as {actor.login} with {letter}: {problem}")
    assert not problems, "\n".join(problems)
    # And the letters are as they were
    sent = _ok(await world.call(case.harmed, "GET", f"/cases/{case.case_id}/sent"))
    assert {letter["id"]: letter["state"] for letter in sent} == {
        draft["id"]: "draft",
        queued: "queued",
    }


# ---- an access bug found while building the matrix, now fixed -------------------------------


async def test_a_coordinator_makes_coordinators_only_for_their_own_area(world: World) -> None:
    # Given Northshire's coordinator, who may open cases only in Northshire (403 elsewhere)
    elsewhere = {"area": "Southmoor", "offence_category": "burglary"}
    refused = await world.call(world.coordinator, "POST", "/cases", elsewhere)
    assert refused.status_code == 403
    for n, area in enumerate(("Southmoor", None)):
        # When they make a coordinator for another area, or for every area
        account = {
            "login": f"minted.{n}",
            "display_name": "Minted Coordinator",
            "role": "coordinator",
            "area": area,
            "passphrase": "a passphrase they chose",
        }
        created = await world.call(world.coordinator, "POST", "/accounts", account)
        # Then it is refused as opening a case there is
        assert created.status_code == 403, f"area {area}: {created.status_code} {created.text}"
    # While a coordinator for their own area is made as before
    own = {
        "login": "minted.own",
        "display_name": "Second Northshire Coordinator",
        "role": "coordinator",
        "area": "Northshire",
        "passphrase": "a passphrase they chose",
    }
    assert (await world.call(world.coordinator, "POST", "/accounts", own)).status_code == 201

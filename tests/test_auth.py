"""Accounts and sessions: sign-in, cookies, expiry, stored secrets and one-time invitations."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import Executable, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, col

import shuttle.models  # noqa: F401 - every table on the metadata
from shuttle.accounts.models import Account, AuthSession
from shuttle.audit.models import AuditEntry
from shuttle.cases.models import Invitation
from shuttle.timeutil import utcnow
from tests.fixtures.world import World

COORD = {"login": "coord", "passphrase": "coordinator passphrase"}
PROBLEM = "application/problem+json"


@asynccontextmanager
async def fresh_client(world: World, **options: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the same running app with an empty cookie jar (or the cookies given)."""
    transport = httpx.ASGITransport(app=world.client.app)  # type: ignore[attr-defined]
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", **options
    ) as client:
        yield client


def _engine(world: World) -> AsyncEngine:
    engine: AsyncEngine = world.client.app.state.engine  # type: ignore[attr-defined]
    return engine


async def sql(world: World, statement: Executable) -> list[Any]:
    """Run one statement on the app's own database, committed; rows if it returns any."""
    async with _engine(world).begin() as connection:
        result = await connection.execute(statement)
        return list(result.all()) if result.returns_rows else []


async def database_text(world: World) -> str:
    """Every row of every table, as text, to search for secrets that should not be there."""
    rows = []
    for table in SQLModel.metadata.sorted_tables:
        rows += [repr(tuple(row)) for row in await sql(world, select(table))]
    assert rows
    return "\n".join(rows)


async def count(world: World, model: Any) -> int:
    return int((await sql(world, select(func.count()).select_from(model)))[0][0])


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def session_cookie(response: httpx.Response, name: str = "shuttle_session") -> str:
    """The raw Set-Cookie header for one of Shuttle's cookies."""
    [header] = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    return header


# ---- sessions -------------------------------------------------------------------------------


async def test_login_token_works_as_bearer_and_as_an_httponly_strict_cookie(world: World) -> None:
    async with fresh_client(world) as client:
        # When the coordinator signs in
        response = await client.post("/auth/login", json=COORD)
        assert response.status_code == 200
        token = response.json()["token"]
        assert response.json()["account"]["login"] == "coord"
        # Then the token is set as an HttpOnly, SameSite=Strict cookie
        cookie = session_cookie(response)
        attributes = [part.strip().lower() for part in cookie.split(";")]
        assert cookie.split(";")[0] == f"shuttle_session={token}"
        assert "httponly" in attributes and "samesite=strict" in attributes
        # And the portal's CSRF token beside it, readable by the page's script
        csrf = [
            part.strip().lower() for part in session_cookie(response, "shuttle_csrf").split(";")
        ]
        assert "httponly" not in csrf and "samesite=strict" in csrf
    # And it works as a bearer token
    bearer = await world.client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert bearer.status_code == 200 and bearer.json()["login"] == "coord"
    # And a request that carries only the cookie is signed in
    async with fresh_client(world, cookies={"shuttle_session": token}) as client:
        me = await client.get("/me")
        assert me.status_code == 200 and me.json()["login"] == "coord"
    async with fresh_client(world) as client:
        assert_problem(await client.get("/me"), 401)


async def test_only_a_hash_of_the_session_token_is_stored(world: World) -> None:
    # Given a fresh sign-in
    token = (await world.login("coord", COORD["passphrase"])).token
    # Then the token itself is nowhere in the database
    assert token not in await database_text(world)
    # But the session is, under a hash
    hashes = await sql(
        world,
        select(col(AuthSession.token_hash)).where(
            col(AuthSession.account_id) == world.coordinator.id
        ),
    )
    # World's sign-in (setting up the second step, then full) and this one (code, then full)
    assert len(hashes) == 4
    assert all(len(h) == 64 and h != token for (h,) in hashes)


async def test_every_failed_sign_in_gets_the_same_401(world: World) -> None:
    # Given an account that could sign in, and was then disabled
    quiet = await world.staff("quiet", "Quinn Quiet")
    await sql(
        world, update(Account).where(col(Account.id) == quiet.id).values(disabled_at=utcnow())
    )
    # When sign-in fails for a wrong passphrase, an unknown login, a disabled account
    answers = [
        await world.client.post("/auth/login", json=credentials)
        for credentials in (
            {"login": "coord", "passphrase": "not the coordinator passphrase"},
            {"login": "nobody.here", "passphrase": "coordinator passphrase"},
            {"login": quiet.login, "passphrase": quiet.passphrase},
        )
    ]
    # Then all three answers are one and the same
    bodies = [assert_problem(answer, 401) for answer in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert all(answer.headers["www-authenticate"] == "Bearer" for answer in answers)
    assert "set-cookie" not in answers[2].headers
    # And the disabled account's open session no longer works either
    assert_problem(await world.call(quiet, "GET", "/me"), 401)


async def test_logout_ends_the_session_and_clears_the_cookie(world: World) -> None:
    # Given a second session of the coordinator
    signed_in = await world.login("coord", COORD["passphrase"])
    assert (await world.call(signed_in, "GET", "/me")).status_code == 200
    # When it signs out
    response = await world.call(signed_in, "POST", "/auth/logout")
    # Then the cookie is cleared
    assert response.status_code == 204
    cookie = session_cookie(response).lower()
    assert cookie.startswith('shuttle_session="";') or cookie.startswith("shuttle_session=;")
    assert "max-age=0" in cookie
    assert "max-age=0" in session_cookie(response, "shuttle_csrf").lower()
    # And the token works neither as a bearer token nor as a cookie
    assert_problem(await world.call(signed_in, "GET", "/me"), 401)
    async with fresh_client(world, cookies={"shuttle_session": signed_in.token}) as client:
        assert_problem(await client.get("/me"), 401)
    # While the coordinator's other session lives on
    assert (await world.call(world.coordinator, "GET", "/me")).status_code == 200


async def test_sessions_expire_when_idle_and_at_their_absolute_limit(world: World) -> None:
    # Given a facilitator signed in once
    idle_fac = await world.staff("idle.fac", "Ira Idle")
    mine = col(AuthSession.account_id) == idle_fac.id
    idle = timedelta(minutes=world.settings.staff_idle_minutes)

    async def seen(ago: timedelta) -> int:
        await sql(world, update(AuthSession).where(mine).values(last_seen_at=utcnow() - ago))
        return (await world.call(idle_fac, "GET", "/me")).status_code

    # When the session was last used just inside the idle limit, Then it still works
    assert await seen(idle - timedelta(minutes=1)) == 200
    # When it was last used beyond it, Then it has ended
    assert await seen(idle + timedelta(minutes=1)) == 401
    # Given another session, recently used, When its absolute limit has passed, Then it ends
    again = await world.login(idle_fac.login, idle_fac.passphrase)
    assert (await world.call(again, "GET", "/me")).status_code == 200
    past = utcnow() - timedelta(seconds=1)
    await sql(world, update(AuthSession).where(mine).values(expires_at=past))
    assert_problem(await world.call(again, "GET", "/me"), 401)


async def test_passphrases_are_stored_as_argon2id_hashes(world: World) -> None:
    # Given staff and participants who chose passphrases
    hashes = await sql(world, select(col(Account.login), col(Account.passphrase_hash)))
    assert len(hashes) == 6  # coordinator, three facilitators, two participants
    # Then each is stored as an argon2id hash, and no passphrase is stored in the clear
    assert all(stored.startswith("$argon2id$") for _, stored in hashes)
    everything = await database_text(world)
    for actor in (world.coordinator, world.fac1, world.case.harmed, world.case.responsible):
        assert actor.passphrase not in everything


async def test_logins_are_case_insensitive(world: World) -> None:
    # Given a staff account created with capitals in its login
    created = await world.call(
        world.coordinator,
        "POST",
        "/accounts",
        {
            "login": "Mixed.Case",
            "display_name": "Morgan Mixed",
            "role": "facilitator",
            "passphrase": "mixed case passphrase",
        },
    )
    assert created.status_code == 201 and created.json()["login"] == "mixed.case"
    # Then it signs in however the login is written
    for login in ("mixed.case", "MIXED.CASE", "Mixed.Case"):
        assert (await world.login(login, "mixed case passphrase")).id == uuid.UUID(
            created.json()["id"]
        )
    # And the same login in other capitals is taken
    again = await world.call(
        world.coordinator,
        "POST",
        "/accounts",
        {**created.json(), "login": "MIXED.case", "passphrase": "another passphrase"},
    )
    assert assert_problem(again, 409)["title"] == "Login already in use"


async def test_short_or_guessable_passphrases_are_refused(world: World) -> None:
    token, _ = await invite(world)
    short = {"login": "short.one", "passphrase": "x" * 11}
    assert_problem(await world.client.post(f"/invitations/{token}/accept", json=short), 422)
    # Twelve characters are not enough when they are easy to guess, and the answer says why
    for guessable in ("x" * 12, "password1234", "short.one1234"):
        refused = await world.client.post(
            f"/invitations/{token}/accept", json={"login": "short.one", "passphrase": guessable}
        )
        problem = assert_problem(refused, 422)
        assert problem["title"] == "Passphrase too easy to guess"
        assert "three or four ordinary words" in problem["detail"]
    staff = {
        "login": "short.fac",
        "display_name": "S",
        "role": "facilitator",
        "passphrase": "p" * 11,
    }
    assert_problem(await world.call(world.coordinator, "POST", "/accounts", staff), 422)
    weak_staff = {**staff, "passphrase": "facilitator1"}
    assert_problem(await world.call(world.coordinator, "POST", "/accounts", weak_staff), 422)
    # While twelve unguessable characters are enough, and the refusals used nothing up
    enough = {"login": "short.one", "passphrase": "orbit kettle7"}
    assert (await world.client.post(f"/invitations/{token}/accept", json=enough)).status_code == 201


# ---- invitations ----------------------------------------------------------------------------


async def invite(world: World) -> tuple[str, str]:
    """A supporter added to the first case by its facilitator: (invitation token, party id)."""
    response = await world.call(
        world.fac1,
        "POST",
        f"/cases/{world.case.case_id}/parties",
        {"side": "harmed", "supporter": True, "label": "a supporter", "display_name": "Sky Kin"},
    )
    assert response.status_code == 201, response.text
    return response.json()["invitation_url"].rsplit("=", 1)[-1], response.json()["party"]["id"]


async def party(world: World, party_id: str) -> dict[str, Any]:
    parties = (await world.call(world.fac1, "GET", f"/cases/{world.case.case_id}/parties")).json()
    found: dict[str, Any] = next(p for p in parties if p["id"] == party_id)
    return found


def join(login: str) -> dict[str, str]:
    return {"login": login, "passphrase": f"{login} chosen passphrase"}


async def test_an_invitation_link_works_once(world: World) -> None:
    # Given an invitation, previewed and accepted
    token, party_id = await invite(world)
    preview = await world.client.get(f"/invitations/{token}")
    assert preview.status_code == 200 and preview.json()["label"] == "a supporter"
    accepted = await world.client.post(f"/invitations/{token}/accept", json=join("sky.kin"))
    assert accepted.status_code == 201 and accepted.json()["role"] == "participant"
    assert (await party(world, party_id))["has_account"] is True
    # When the same link is used again
    again = await world.client.post(f"/invitations/{token}/accept", json=join("sky.again"))
    # Then it is not valid, exactly like a link that never existed
    unknown = await world.client.post("/invitations/no-such-token/accept", json=join("sky.x"))
    assert assert_problem(again, 404) == assert_problem(unknown, 404)
    assert_problem(await world.client.get(f"/invitations/{token}"), 404)
    # And the first acceptance stands: the new account signs in and sees its case
    joined = await world.login("sky.kin", join("sky.kin")["passphrase"])
    mine = (await world.call(joined, "GET", f"/cases/{world.case.case_id}")).json()
    assert mine["me"]["supporter"] is True


async def test_an_invitation_accepted_at_the_same_moment_twice_makes_one_account(
    world: World,
) -> None:
    # Given one invitation, and an account count before
    token, party_id = await invite(world)
    accounts = await count(world, Account)
    # When six people accept it at once with different logins
    answers = await asyncio.gather(
        *(
            world.client.post(f"/invitations/{token}/accept", json=join(f"race.{i}"))
            for i in range(6)
        )
    )
    # Then exactly one joins and the rest are told the link is not valid
    assert sorted(a.status_code for a in answers) == [201, 404, 404, 404, 404, 404]
    assert await count(world, Account) == accounts + 1
    [winner] = [a.json()["login"] for a in answers if a.status_code == 201]
    joined = await world.login(winner, join(winner)["passphrase"])
    assert (await world.call(joined, "GET", f"/cases/{world.case.case_id}")).status_code == 200
    assert (await party(world, party_id))["has_account"] is True


async def test_an_expired_invitation_is_refused(world: World) -> None:
    # Given an invitation that was valid, then expired
    token, party_id = await invite(world)
    assert (await world.client.get(f"/invitations/{token}")).status_code == 200
    await sql(
        world,
        update(Invitation)
        .where(col(Invitation.party_id) == uuid.UUID(party_id))
        .values(expires_at=utcnow() - timedelta(minutes=1)),
    )
    # Then neither preview nor acceptance work, and nobody joined
    assert_problem(await world.client.get(f"/invitations/{token}"), 404)
    refused = await world.client.post(f"/invitations/{token}/accept", json=join("too.late"))
    assert_problem(refused, 404)
    assert (await party(world, party_id))["has_account"] is False


async def test_invitation_tokens_are_stored_only_hashed(world: World) -> None:
    # Given an invitation issued, and one accepted
    waiting, party_id = await invite(world)
    used, _ = await invite(world)
    assert (await world.client.post(f"/invitations/{used}/accept", json=join("used"))).is_success
    # Then neither token is anywhere in the database, though the invitations are
    everything = await database_text(world)
    assert waiting not in everything and used not in everything
    stored = await sql(
        world,
        select(col(Invitation.token_hash)).where(col(Invitation.party_id) == uuid.UUID(party_id)),
    )
    assert len(stored) == 1 and stored[0][0] != waiting and len(stored[0][0]) == 64


async def test_reissuing_an_invitation(world: World) -> None:
    case = world.case
    # When the facilitator re-issues for a party who already joined, Then it is a conflict
    joined = await world.call(
        world.fac1, "POST", f"/cases/{case.case_id}/parties/{case.harmed_party_id}/invitation"
    )
    assert assert_problem(joined, 409)["title"] == "Party already joined"
    # Given a party who has not joined yet
    old, party_id = await invite(world)
    # When the invitation is re-issued
    reissued = await world.call(
        world.fac1, "POST", f"/cases/{case.case_id}/parties/{party_id}/invitation"
    )
    assert reissued.status_code == 201, reissued.text
    new = reissued.json()["invitation_url"].rsplit("=", 1)[-1]
    assert new != old
    # Then the old link stops working and the new one works
    assert_problem(await world.client.get(f"/invitations/{old}"), 404)
    assert_problem(await world.client.post(f"/invitations/{old}/accept", json=join("old")), 404)
    assert (await world.client.post(f"/invitations/{new}/accept", json=join("new"))).is_success
    assert (await party(world, party_id))["has_account"] is True


async def test_a_taken_login_on_accept_is_409_and_writes_nothing(world: World) -> None:
    # Given an invitation, and a login already in use (written in other capitals)
    token, party_id = await invite(world)
    accounts, entries = await count(world, Account), await count(world, AuditEntry)
    taken = join(world.case.harmed.login.upper())
    # When someone accepts with it
    response = await world.client.post(f"/invitations/{token}/accept", json=taken)
    # Then it is a 409 in problem details
    assert assert_problem(response, 409)["title"] == "Login already in use"
    # And nothing was half-written: no account, no audit entry, the party has not joined
    assert await count(world, Account) == accounts
    assert await count(world, AuditEntry) == entries
    assert (await party(world, party_id))["has_account"] is False
    # And the invitation still works with another login
    assert (await world.client.get(f"/invitations/{token}")).status_code == 200
    accepted = await world.client.post(f"/invitations/{token}/accept", json=join("free.login"))
    assert accepted.status_code == 201
    assert (await party(world, party_id))["has_account"] is True


async def test_logout_clears_the_cookie_with_the_same_protections(world: World) -> None:
    """The clearing cookie is HttpOnly and SameSite=Strict like the one set at sign-in."""
    response = await world.call(world.case.harmed, "POST", "/auth/logout")
    assert response.status_code == 204
    cookie = response.headers["set-cookie"].lower()
    assert "shuttle_session=" in cookie and "max-age=0" in cookie
    assert "httponly" in cookie and "samesite=strict" in cookie


async def test_a_coordinator_cannot_open_a_case_outside_their_area(world: World) -> None:
    """That rule is not a secret, so it answers 403 with the reason, and nothing is written."""
    response = await world.call(
        world.coordinator, "POST", "/cases", {"area": "Southmoor", "offence_category": "theft"}
    )
    assert response.status_code == 403
    assert "your own area" in response.json()["detail"]
    cases = (await world.call(world.coordinator, "GET", "/cases")).json()
    assert [c["area"] for c in cases] == ["Northshire"]

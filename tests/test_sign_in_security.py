"""Strong sign-in: a second step for staff, locks after failures, rate limits, one answer for
every failure, and sessions people can see and end (issue 8)."""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import event, select, update
from sqlmodel import col

from shuttle.accounts.api import describe_device
from shuttle.accounts.models import Account, AuthSession
from shuttle.accounts.passwords import Passphrases
from shuttle.app import create_app
from shuttle.audit.models import AuditEntry
from shuttle.cases.keys import rewrap_case_keys
from shuttle.crypto.keyring import with_new_version
from shuttle.timeutil import utcnow
from tests.fixtures.world import Actor, World, totp_code
from tests.test_auth import assert_problem, database_text, fresh_client, sql


async def test_staff_set_up_a_second_step_before_their_first_action(world: World) -> None:
    # Given a new facilitator created by the coordinator, signing in for the first time
    created = await world.call(
        world.coordinator,
        "POST",
        "/accounts",
        {
            "login": "new.fac",
            "display_name": "Nico New",
            "role": "facilitator",
            "passphrase": "lantern orchard mosaic",
        },
    )
    assert created.status_code == 201 and created.json()["second_factor"] is False
    signed_in = await world.client.post(
        "/auth/login", json={"login": "new.fac", "passphrase": "lantern orchard mosaic"}
    )
    world.client.cookies.clear()
    assert signed_in.status_code == 200 and signed_in.json()["stage"] == "enrol"
    waiting = {"Authorization": f"Bearer {signed_in.json()['token']}"}
    # When they try to act, Then they are told to set up the second step first
    for method, url in (("GET", "/cases"), ("GET", "/review/queue"), ("GET", "/me/sessions")):
        refused = await world.client.request(method, url, headers=waiting)
        assert assert_problem(refused, 403)["title"] == "Second sign-in step not set up"
    # While they can see who they are, and start setting it up: a QR code and the secret
    assert (await world.client.get("/me", headers=waiting)).json()["login"] == "new.fac"
    offer = await world.client.post("/auth/totp/enrol", headers=waiting)
    assert offer.status_code == 200, offer.text
    secret, uri = offer.json()["secret"], offer.json()["otpauth_uri"]
    assert offer.json()["qr_image"].startswith("data:image/svg+xml")
    parsed = urllib.parse.urlparse(uri)
    assert parsed.scheme == "otpauth" and f"secret={secret}" in parsed.query
    assert "issuer=Shuttle" in parsed.query
    # When they type a wrong code, Then it is refused and nothing is turned on
    wrong = await world.client.post("/auth/totp/confirm", headers=waiting, json={"code": "000000"})
    assert assert_problem(wrong, 401)["title"] == "Code not right"
    # When they type the code their app shows
    code = {"code": await totp_code(secret)}
    confirmed = await world.client.post("/auth/totp/confirm", headers=waiting, json=code)
    world.client.cookies.clear()
    # Then they get ten different recovery codes and a new, full session
    assert confirmed.status_code == 200, confirmed.text
    body = confirmed.json()
    assert len(set(body["recovery_codes"])) == 10
    assert body["session"]["stage"] == "full" and body["session"]["account"]["second_factor"]
    full = {"Authorization": f"Bearer {body['session']['token']}"}
    assert (await world.client.get("/cases", headers=full)).status_code == 200
    # And the waiting session's token no longer works at all
    assert_problem(await world.client.get("/me", headers=waiting), 401)
    # And neither the secret nor any recovery code is stored in the clear
    stored = await database_text(world)
    assert secret not in stored and base64.b32decode(secret) not in stored.encode()
    assert not [c for c in body["recovery_codes"] if c in stored or c.replace("-", "") in stored]


async def test_a_code_is_needed_at_each_sign_in_and_works_once(world: World) -> None:
    # Given a facilitator with a second step (World set it up)
    fac = world.fac1
    assert fac.totp_secret is not None
    started = await world.client.post(
        "/auth/login", json={"login": fac.login, "passphrase": fac.passphrase}
    )
    world.client.cookies.clear()
    assert started.json()["stage"] == "second_factor"
    waiting = {"Authorization": f"Bearer {started.json()['token']}"}
    # When the waiting session tries anything, Then it is asked for the code
    refused = await world.client.get("/cases", headers=waiting)
    assert assert_problem(refused, 401)["title"] == "Second sign-in step needed"
    # When a wrong code is typed, Then it is refused
    wrong = await world.client.post("/auth/second-factor", headers=waiting, json={"code": "123456"})
    assert_problem(wrong, 401)
    # When the right code is typed, Then a new full session replaces the waiting one
    code = await totp_code(fac.totp_secret)
    done = await world.client.post("/auth/second-factor", headers=waiting, json={"code": code})
    world.client.cookies.clear()
    assert done.status_code == 200 and done.json()["stage"] == "full"
    assert done.json()["token"] != started.json()["token"]
    assert_problem(await world.client.get("/me", headers=waiting), 401)
    # When the same code is used again for another sign-in, Then it is refused (no replay)
    again = await world.client.post(
        "/auth/login", json={"login": fac.login, "passphrase": fac.passphrase}
    )
    world.client.cookies.clear()
    second = {"Authorization": f"Bearer {again.json()['token']}"}
    replay = await world.client.post("/auth/second-factor", headers=second, json={"code": code})
    assert_problem(replay, 401)
    # When a recovery code is typed instead (with spaces and capitals), Then it works, once
    recovery = fac.recovery_codes[0]
    typed = {"code": f" {recovery.upper()} "}
    assert (await world.client.post("/auth/second-factor", headers=second, json=typed)).is_success
    world.client.cookies.clear()
    await _forget_rate_limits(world)  # five tries of a code a minute: this test has used them
    third = await world.client.post(
        "/auth/login", json={"login": fac.login, "passphrase": fac.passphrase}
    )
    world.client.cookies.clear()
    used = {"Authorization": f"Bearer {third.json()['token']}"}
    assert_problem(await world.client.post("/auth/second-factor", headers=used, json=typed), 401)
    audited = await sql(
        world, select(col(AuditEntry.action)).where(col(AuditEntry.actor_id) == fac.id)
    )
    assert ("account.recovery_code_used",) in audited


async def _fail_sign_in(world: World, login: str, times: int) -> None:
    """Wrong passphrases, as if spread out over time (the rate limit forgotten each time)."""
    for _ in range(times):
        await _forget_rate_limits(world)
        answer = await world.client.post(
            "/auth/login", json={"login": login, "passphrase": "not the passphrase at all"}
        )
        assert answer.status_code == 401, answer.text


async def _locked(world: World, actor: Actor) -> bool:
    row = await sql(world, select(col(Account.locked_at)).where(col(Account.id) == actor.id))
    return row[0][0] is not None


async def test_failed_sign_ins_lock_the_account_until_staff_lift_it(world: World) -> None:
    case, person = world.case, world.case.harmed
    lock_at = world.settings.lockout_after
    # Given someone tries wrong passphrases one fewer time than the lock allows
    await _fail_sign_in(world, person.login, lock_at - 1)
    assert not await _locked(world, person)
    # When one more fails
    await _fail_sign_in(world, person.login, 1)
    # Then the account is locked: even the right passphrase gets the one failure answer
    assert await _locked(world, person)
    right = await world.client.post(
        "/auth/login", json={"login": person.login, "passphrase": person.passphrase}
    )
    assert assert_problem(right, 401)["title"] == "Sign-in failed"
    assert "ask your facilitator" in right.json()["detail"]
    # And their facilitator sees it on the case and lifts it
    parties = (await world.call(world.fac1, "GET", f"/cases/{case.case_id}/parties")).json()
    assert {p["id"]: p["locked"] for p in parties}[case.harmed_party_id] is True
    lifted = await world.call(
        world.fac1, "POST", f"/cases/{case.case_id}/parties/{case.harmed_party_id}/unlock"
    )
    assert lifted.status_code == 200 and lifted.json()["locked"] is False
    # When they sign in again, Then it works
    await _forget_rate_limits(world)
    assert (await world.login(person.login, person.passphrase)).id == person.id
    # And both the lock and its lifting are in the audit log
    actions = [a for (a,) in await sql(world, select(col(AuditEntry.action)))]
    assert "account.locked" in actions and "account.unlocked" in actions


async def test_a_coordinator_lifts_a_lock_on_staff(world: World) -> None:
    # Given a facilitator locked out by failed sign-ins
    fac = world.fac2
    await _fail_sign_in(world, fac.login, world.settings.lockout_after)
    assert await _locked(world, fac)
    listed = (await world.call(world.coordinator, "GET", "/accounts")).json()
    assert {a["login"]: a["locked"] for a in listed}[fac.login] is True
    # When another facilitator tries to lift it, Then that is not theirs to do
    attempt = await world.call(world.fac1, "POST", f"/accounts/{fac.id}/unlock")
    assert_problem(attempt, 404)
    # When the coordinator lifts it, Then the facilitator can sign in again
    lifted = await world.call(world.coordinator, "POST", f"/accounts/{fac.id}/unlock")
    assert lifted.status_code == 200 and lifted.json()["locked"] is False
    await _forget_rate_limits(world)
    assert (await world.login(fac.login, fac.passphrase)).id == fac.id


@contextmanager
def _recorded(world: World) -> Iterator[dict[str, list[Any]]]:
    """The SQL statements run and the argon2 verifications made meanwhile."""
    app = world.client.app  # type: ignore[attr-defined]
    engine = app.state.engine.sync_engine
    passphrases: Passphrases = app.state.passphrases
    seen: dict[str, list[Any]] = {"sql": [], "verify": []}

    def statement(conn: Any, cursor: Any, text: str, params: Any, context: Any, many: Any) -> None:
        # The live-event hub polls the same database on its own schedule: not sign-in's work.
        if not any(table in text for table in ("event_recipient", "event_counter", "FROM event")):
            seen["sql"].append(" ".join(text.split()))

    real_verify = passphrases._verify

    def verify(stored_hash: str | None, passphrase: str) -> bool:
        seen["verify"].append(stored_hash is None)
        return real_verify(stored_hash, passphrase)

    event.listen(engine, "before_cursor_execute", statement)
    passphrases._verify = verify  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        passphrases._verify = real_verify  # type: ignore[method-assign]
        event.remove(engine, "before_cursor_execute", statement)


async def test_unknown_wrong_and_locked_get_one_answer_after_the_same_work(world: World) -> None:
    # Given a locked account
    locked = world.case.responsible
    await sql(world, update(Account).where(col(Account.id) == locked.id).values(locked_at=utcnow()))
    attempts = {
        "unknown login": {"login": "nobody.at.all", "passphrase": "some long passphrase"},
        "wrong passphrase": {"login": "coord", "passphrase": "not the coordinator's one"},
        "locked account": {"login": locked.login, "passphrase": locked.passphrase},
    }
    answers, work = {}, {}
    for name, credentials in attempts.items():
        # When each signs in
        with _recorded(world) as seen:
            answers[name] = await world.client.post("/auth/login", json=credentials)
        work[name] = seen
    # Then the answers are the same, byte for byte, headers included
    first = answers["unknown login"]
    for name, answer in answers.items():
        assert answer.status_code == 401, name
        assert answer.content == first.content, name
        assert dict(answer.headers) == dict(first.headers), name
    # And each cost the same: one argon2 verification, and the same SQL statements in order
    for name, seen in work.items():
        assert len(seen["verify"]) == 1, name
        assert seen["sql"] == work["unknown login"]["sql"], name
    assert work["unknown login"]["verify"] == [True]  # against the decoy hash
    assert work["locked account"]["verify"] == [False]  # against the real one


async def _forget_rate_limits(world: World) -> None:
    await world.client.app.state.sign_in_limits.reset()  # type: ignore[attr-defined]


async def test_sign_in_attempts_are_limited_per_login_and_per_address(world: World) -> None:
    # Given the limit per login (5 a minute by default), none used yet
    await _forget_rate_limits(world)
    per_login = int(world.settings.sign_in_limit_per_account.split()[0])
    wrong = {"login": "coord", "passphrase": "not the coordinator's one"}
    for _ in range(per_login):
        assert_problem(await world.client.post("/auth/login", json=wrong), 401)
    # When one more attempt comes for that login, even with the right passphrase
    right = {"login": "coord", "passphrase": "coordinator passphrase"}
    limited = await world.client.post("/auth/login", json=right)
    # Then it is refused for a while, saying how long
    problem = assert_problem(limited, 429)
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert problem["retry_after"] == int(limited.headers["retry-after"])
    assert "wait" in problem["detail"]
    # While another login from the same place still gets through
    assert (
        await world.client.post("/auth/login", json={**wrong, "login": "fac1"})
    ).status_code == 401

    # Given a service allowing 3 attempts per address
    settings = world.settings.model_copy(update={"sign_in_limit_per_address": "3 per minute"})
    app = create_app(settings, world.client.app.state.keyring)  # type: ignore[attr-defined]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            # When one address tries three different logins, and then a fourth
            for login in ("guess.one", "guess.two", "guess.three"):
                answer = await client.post("/auth/login", json={**wrong, "login": login})
                assert answer.status_code == 401
            fourth = await client.post("/auth/login", json={**wrong, "login": "guess.four"})
            # Then the fourth is refused though that login was never tried
            assert_problem(fourth, 429)


async def test_people_see_and_end_their_own_sessions(world: World) -> None:
    # Given a participant signed in on a phone as well as World's session
    person = world.case.harmed
    phone = await world.client.post(
        "/auth/login",
        json={"login": person.login, "passphrase": person.passphrase},
        headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537"},
    )
    world.client.cookies.clear()
    phone_auth = {"Authorization": f"Bearer {phone.json()['token']}"}
    # When they list their sessions from the computer
    listed = (await world.call(person, "GET", "/me/sessions")).json()
    # Then both are there, this one marked, the phone described
    assert len(listed) == 2 and [s["current"] for s in listed].count(True) == 1
    other = next(s for s in listed if not s["current"])
    assert other["device"] == "Chrome on Android"
    # When they end the phone's session, Then the phone is signed out and the computer is not
    ended = await world.call(person, "DELETE", f"/me/sessions/{other['id']}")
    assert ended.status_code == 204
    assert_problem(await world.client.get("/me", headers=phone_auth), 401)
    assert (await world.call(person, "GET", "/me")).status_code == 200
    # And nobody can end someone else's session: it is a 404 like no session at all
    theirs = (await world.call(world.case.responsible, "GET", "/me/sessions")).json()[0]["id"]
    assert_problem(await world.call(person, "DELETE", f"/me/sessions/{theirs}"), 404)
    assert (await world.call(world.case.responsible, "GET", "/me")).status_code == 200


async def test_changing_the_passphrase_ends_every_session(world: World) -> None:
    person = world.case.responsible
    second = await world.login(person.login, person.passphrase)
    change = {"current_passphrase": person.passphrase, "new_passphrase": "copper heron violin"}
    # When the current passphrase is wrong, or the new one weak, Then nothing changes
    wrong = {**change, "current_passphrase": "not my passphrase"}
    assert_problem(await world.call(person, "POST", "/me/passphrase", wrong), 422)
    weak = {**change, "new_passphrase": "password1234"}
    assert_problem(await world.call(person, "POST", "/me/passphrase", weak), 422)
    assert (await world.call(second, "GET", "/me")).status_code == 200
    # When they change it
    changed = await world.call(person, "POST", "/me/passphrase", change)
    assert changed.status_code == 204
    # Then every session has ended, this one included
    for actor in (person, second):
        assert_problem(await world.call(actor, "GET", "/me"), 401)
    # And only the new passphrase signs in
    old = {"login": person.login, "passphrase": person.passphrase}
    assert_problem(await world.client.post("/auth/login", json=old), 401)
    assert (await world.login(person.login, "copper heron violin")).id == person.id


async def test_signing_in_replaces_the_session_a_browser_carried(world: World) -> None:
    person = world.case.harmed
    credentials = {"login": person.login, "passphrase": person.passphrase}
    async with fresh_client(world) as browser:
        first = await browser.post("/auth/login", json=credentials)
        assert browser.cookies.get("shuttle_session") == first.json()["token"]
        # When the same browser signs in again
        second = await browser.post("/auth/login", json=credentials)
        # Then it has a new session id, and the old one is over
        assert second.json()["token"] != first.json()["token"]
        assert browser.cookies.get("shuttle_session") == second.json()["token"]
        old = {"Authorization": f"Bearer {first.json()['token']}"}
        assert_problem(await world.client.get("/me", headers=old), 401)


async def test_staff_sessions_go_idle_sooner_than_participants(world: World) -> None:
    staff = await world.call(world.fac1, "GET", "/auth/session")
    person = await world.call(world.case.harmed, "GET", "/auth/session")
    assert staff.json()["idle_minutes"] == 15 and person.json()["idle_minutes"] == 30
    # Given both last used 20 minutes ago
    ago = utcnow() - timedelta(minutes=20)
    await sql(world, update(AuthSession).values(last_seen_at=ago))
    # Then the facilitator's session has ended and the participant's has not
    assert_problem(await world.call(world.fac1, "GET", "/me"), 401)
    assert (await world.call(world.case.harmed, "GET", "/me")).status_code == 200


async def test_participants_may_choose_a_second_step_and_turn_it_off(world: World) -> None:
    person = world.case.harmed
    # When a participant sets one up, Then their next sign-in asks for a code
    await world.enrol(person)
    assert (await world.call(person, "GET", "/me")).json()["second_factor"] is True
    again = await world.login(person.login, person.passphrase)
    assert again.totp_secret == person.totp_secret
    # When they ask for new recovery codes, Then the old ones stop working
    fresh = await world.call(
        again, "POST", "/me/recovery-codes", {"code": await totp_code(person.totp_secret or "")}
    )
    assert fresh.status_code == 200 and set(fresh.json()["recovery_codes"]).isdisjoint(
        person.recovery_codes
    )
    # When they turn it off with a code, Then sign-in needs only the passphrase again
    off = await world.call(
        again, "POST", "/auth/totp/disable", {"code": await totp_code(person.totp_secret or "")}
    )
    assert off.status_code == 204, off.text
    plain = await world.client.post(
        "/auth/login", json={"login": person.login, "passphrase": person.passphrase}
    )
    world.client.cookies.clear()
    assert plain.json()["stage"] == "full"
    # While staff cannot turn theirs off
    fac = world.fac1
    refused = await world.call(
        fac, "POST", "/auth/totp/disable", {"code": await totp_code(fac.totp_secret or "")}
    )
    assert_problem(refused, 409)


async def test_a_coordinator_resets_a_lost_second_step(world: World) -> None:
    fac = world.fac2
    # When another facilitator tries, Then it is not theirs to do
    assert_problem(
        await world.call(world.fac1, "POST", f"/accounts/{fac.id}/second-factor/reset"), 404
    )
    # When the coordinator resets it
    reset = await world.call(world.coordinator, "POST", f"/accounts/{fac.id}/second-factor/reset")
    assert reset.status_code == 200 and reset.json()["second_factor"] is False
    # Then the facilitator's sessions have ended, and the old app's codes mean nothing
    assert_problem(await world.call(fac, "GET", "/me"), 401)
    signed_in = await world.client.post(
        "/auth/login", json={"login": fac.login, "passphrase": fac.passphrase}
    )
    world.client.cookies.clear()
    assert signed_in.json()["stage"] == "enrol"
    # And a new phone is set up as at the first sign-in
    world.secrets.pop(fac.login)
    renewed = await world.login(fac.login, fac.passphrase)
    assert renewed.totp_secret not in (None, fac.totp_secret)
    assert (await world.call(renewed, "GET", "/cases")).status_code == 200


def test_sessions_are_told_apart_by_a_few_words_about_the_device() -> None:
    agents = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0": (
            "Firefox on Windows"
        ),
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1": "Safari on iPhone",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36": "Chrome on Linux",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0": "Edge on Windows",
        "python-httpx/0.28.1": "python-httpx",
        "": None,
    }
    for agent, expected in agents.items():
        assert describe_device(agent) == expected, agent


async def test_a_master_key_rotation_re_seals_second_step_secrets(world: World) -> None:
    # Given staff whose authenticator secrets are sealed with master key version 1
    app = world.client.app  # type: ignore[attr-defined]
    versions = await sql(
        world, select(col(Account.totp_master_version)).where(col(Account.totp_sealed).is_not(None))
    )
    assert {v for (v,) in versions} == {1} and len(versions) == 4
    # When the master key is rotated and the keys re-wrapped, as the worker does
    app.state.keyring = with_new_version(app.state.keyring)
    await rewrap_case_keys(app.state.sessions, app.state.keyring)
    # Then every secret is sealed with version 2
    versions = await sql(
        world, select(col(Account.totp_master_version)).where(col(Account.totp_sealed).is_not(None))
    )
    assert {v for (v,) in versions} == {2}
    # And the same app's codes still sign in
    assert (await world.login(world.fac1.login, world.fac1.passphrase)).id == world.fac1.id

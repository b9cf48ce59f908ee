"""The app shell: health, readiness, body limits, headers and problem details everywhere."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator

import httpx

from shuttle.app import create_app
from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing
from tests.fixtures.world import World


async def test_health_and_readiness(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/healthz")).json() == {"status": "ok"}
    ready = await app_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}


async def test_readiness_fails_when_redis_is_unreachable(app_client: httpx.AsyncClient) -> None:
    from redis.asyncio import Redis

    app = app_client.app  # type: ignore[attr-defined]
    working = app.state.redis
    app.state.redis = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    try:
        ready = await app_client.get("/readyz")
    finally:
        await app.state.redis.aclose()
        app.state.redis = working
    assert ready.status_code == 503
    assert ready.json()["checks"]["redis"].startswith("unavailable")


async def test_oversized_bodies_are_refused_before_parsing(world: World) -> None:
    limit = world.settings.max_request_bytes
    url = f"/cases/{world.case.case_id}/letters"
    big = await world.call(world.case.responsible, "POST", url, {"body": "x" * (limit + 10)})
    assert big.status_code == 413
    assert big.headers["content-type"] == "application/problem+json"
    assert big.headers["cache-control"] == "no-store"  # refusals carry the headers too

    async def chunks(total: int) -> AsyncIterator[bytes]:
        sent = 0
        while sent < total:
            yield b" " * 65536
            sent += 65536

    streamed = await world.client.post(
        url, headers=world.case.responsible.headers, content=chunks(limit + 65536)
    )
    assert streamed.status_code == 413

    async def small() -> AsyncIterator[bytes]:
        yield b'{"body": "A short letter, sent in pieces.", "submit": false}'

    ok = await world.client.post(
        url,
        headers={**world.case.responsible.headers, "content-type": "application/json"},
        content=small(),
    )
    assert ok.status_code == 201, ok.text


async def test_responses_are_not_cached(app_client: httpx.AsyncClient) -> None:
    response = await app_client.get("/healthz")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_unknown_routes_and_methods_are_problem_details(
    app_client: httpx.AsyncClient,
) -> None:
    missing = await app_client.get("/no/such/route")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    wrong = await app_client.delete("/healthz")
    assert wrong.status_code == 405 and wrong.json()["status"] == 405


async def test_malformed_json_is_a_422_problem(world: World) -> None:
    response = await world.client.post(
        f"/cases/{world.case.case_id}/letters",
        headers={**world.case.responsible.headers, "content-type": "application/json"},
        content=b'{"body": "unterminated',
    )
    assert response.status_code == 422
    assert response.json()["type"] == "urn:shuttle:problem:invalid-request"


async def test_nul_characters_are_refused_everywhere_alike(world: World) -> None:
    """Found by the API fuzzer: PostgreSQL cannot hold or compare text with a NUL character,
    so a login, a person's name or a prison's name holding one was a 500 there (SQLite took
    it). Every route now refuses it, on both backends, saying where."""
    case = world.case
    for actor, method, url, body, where in [
        (None, "POST", "/auth/login", {"login": "fac\x001", "passphrase": "x" * 12}, "login"),
        (world.coordinator, "POST", "/establishments", {"name": "HMP \x00"}, "name"),
        (
            world.fac1,
            "POST",
            f"/cases/{case.case_id}/parties",
            {"side": "harmed", "label": "a friend", "display_name": "Sam\x00"},
            "display_name",
        ),
        (case.harmed, "POST", f"/cases/{case.case_id}/letters", {"body": "Hi\x00"}, "body"),
    ]:
        response = await world.call(actor, method, url, body)
        assert response.status_code == 422, f"{url}: {response.text}"
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["loc"] == ["body", where]
        assert "\x00" not in response.text  # nothing is echoed back
    token = await world.client.get("/invitations/abc%00def")
    assert token.status_code == 422 and token.json()["errors"][0]["loc"] == ["path"]
    # Nothing was written
    parties = await world.call(world.fac1, "GET", f"/cases/{case.case_id}/parties")
    assert len(parties.json()) == 2


async def test_the_schema_documents_problem_details_for_errors(
    app_client: httpx.AsyncClient,
) -> None:
    schema = (await app_client.get("/openapi.json")).json()
    assert set(schema["components"]["schemas"]["Problem"]["required"]) == {
        "type", "title", "status", "detail",
    }  # fmt: skip
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    release = schema["paths"]["/review/letters/{letter_id}/release"]["post"]["responses"]
    assert {"401", "403", "404", "409", "410", "413", "422"} <= set(release)
    for status in ("404", "409", "422"):
        assert release[status]["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
    assert "401" not in schema["paths"]["/healthz"]["get"]["responses"]


async def test_openapi_docs_are_served(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/docs")).status_code == 200
    schema = (await app_client.get("/openapi.json")).json()
    assert "/cases/{case_id}/letters" in schema["paths"]
    letter_body = schema["components"]["schemas"]["LetterCreate"]["properties"]
    assert "recipient" not in " ".join(letter_body)


async def test_requests_are_logged_by_route_template_not_path(world: World, caplog: object) -> None:
    import logging

    caplog.set_level(logging.INFO, logger="shuttle.http")  # type: ignore[attr-defined]
    issued = await world.call(
        world.fac1,
        "POST",
        f"/cases/{world.case.case_id}/parties",
        {
            "side": "harmed",
            "supporter": True,
            "label": "a supporter",
            "display_name": "Robin Supporter",
        },
    )
    token = issued.json()["invitation_url"].rsplit("=", 1)[-1]
    await world.client.get(f"/invitations/{token}")
    text = caplog.text  # type: ignore[attr-defined]
    assert "GET /invitations/{token} 200" in text
    assert token not in text


async def test_what_start_up_built_is_kept_out_of_garbage_collection(
    settings: Settings, keyring: KeyRing
) -> None:
    """A full collection walking the shared objects stalled requests for 50-90 ms."""
    from moderation.screening import model

    app = create_app(settings, keyring)
    async with app.router.lifespan_context(app):
        frozen = gc.get_freeze_count()
        # The screening model is loaded at start-up, so its weights are among the frozen.
        assert model._MODEL is not None
        assert frozen > 50_000
    assert gc.get_freeze_count() == 0

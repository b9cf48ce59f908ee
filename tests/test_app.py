"""The app shell: health, readiness, body limits, headers and problem details everywhere."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

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

"""Shared fixtures: a clean database per test on each backend, real Redis, and the app."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from redis.asyncio import Redis

from shuttle.app import create_app
from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing, parse_inline_keys
from shuttle.redis import EmbeddedRedis
from tests.fixtures import databases
from tests.fixtures.browser import browser  # noqa: F401 (a fixture for the portal tests)
from tests.fixtures.world import World

BACKENDS = ["sqlite", "postgresql"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip PostgreSQL cases, saying why, where no PostgreSQL answers (it does on CI)."""
    if databases.postgres_reachable():
        return
    skip = pytest.mark.skip(reason="PostgreSQL is not reachable at 127.0.0.1:5432")
    for item in items:
        if "[postgresql" in item.nodeid:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite database, copied for each test."""
    return databases.make_sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A migrated PostgreSQL database of this run's own, dropped at the end."""
    url = databases.run_in_thread(databases.create_run_database)
    yield url
    databases.run_in_thread(lambda: databases.drop_run_database(url))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A clean, migrated database for this test."""
    if request.param == "sqlite":
        return databases.fresh_sqlite(sqlite_template, tmp_path / "db")
    url: str = request.getfixturevalue("postgres_url")
    databases.run_in_thread(lambda: databases.truncate_postgres(url))
    return url


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Real Redis on 127.0.0.1:6379 when it answers, else the embedded redis-server."""
    if databases.reachable(databases.REDIS_HOST, databases.REDIS_PORT):
        yield f"redis://{databases.REDIS_HOST}:{databases.REDIS_PORT}/9"
        return
    embedded = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    embedded.start()
    try:
        yield embedded.url
    finally:
        embedded.stop()


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    """A client on a flushed test database."""
    client: Redis = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.aclose()


def inline_keys(*versions: int) -> str:
    """A fresh inline master key ring."""
    return ",".join(f"{v}:{base64.b64encode(os.urandom(32)).decode()}" for v in versions)


@pytest.fixture
def settings(database_url: str, redis_url: str, tmp_path: Path) -> Settings:
    """Settings for one test: its own database, fast argon2, a fresh key ring."""
    return Settings(
        database_url=database_url,
        redis_url=redis_url,
        var_dir=tmp_path / "var",
        master_keys=inline_keys(1),  # type: ignore[arg-type]
        argon2_time_cost=1,
        argon2_memory_kib=64,
        argon2_parallelism=1,
        public_base_url="http://testserver",
        # Each test counts its own sign-in attempts (the tests share one Redis).
        rate_limit_prefix=f"test-{uuid.uuid4().hex[:16]}",
    )


@pytest.fixture
def keyring(settings: Settings) -> KeyRing:
    """The test's master key ring."""
    assert settings.master_keys is not None
    return parse_inline_keys(settings.master_keys.get_secret_value())


@pytest.fixture
async def app_client(settings: Settings, keyring: KeyRing) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to a running app (lifespan started) over ASGI."""
    app = create_app(settings, keyring)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            client.app = app  # type: ignore[attr-defined]
            yield client


@pytest.fixture
async def world(app_client: httpx.AsyncClient, settings: Settings) -> World:
    """A case with a coordinator, two facilitators and both sides signed in, consent given."""
    return await World.build(app_client, settings)

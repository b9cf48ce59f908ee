"""The schema comes from Alembic migrations, and the app refuses an unmigrated database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from shuttle.app import create_app
from shuttle.config import Settings
from shuttle.db import DatabaseNotMigrated, require_migrated
from shuttle.migrate import head_revision, upgrade
from shuttle.migrations import HEAD
from tests.fixtures.databases import sqlite_url


async def test_the_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_async_engine(database_url)

    def _diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))

    async with engine.connect() as connection:
        differences = await connection.run_sync(_diff)
    await engine.dispose()
    assert differences == []


async def test_the_app_refuses_an_unmigrated_database(tmp_path: Path, settings: Settings) -> None:
    empty = settings.model_copy(update={"database_url": sqlite_url(tmp_path / "empty.db")})
    app = create_app(empty)
    with pytest.raises(DatabaseNotMigrated, match="run `shuttle migrate`"):
        async with app.router.lifespan_context(app):
            pass


def test_the_head_serving_checks_is_alembics_head() -> None:
    assert head_revision("sqlite://") == HEAD


async def test_a_database_behind_the_code_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "behind.db")
    previous = f"{int(HEAD) - 1:04d}"
    await asyncio.to_thread(upgrade, url, previous)
    engine = create_async_engine(url)
    try:
        with pytest.raises(DatabaseNotMigrated, match=f"at {previous} but the code needs {HEAD}"):
            await require_migrated(engine)
        await asyncio.to_thread(upgrade, url)
        await require_migrated(engine)
    finally:
        await engine.dispose()


async def test_sqlite_runs_with_wal_and_foreign_keys(
    settings: Settings, app_client: object
) -> None:
    if not settings.is_sqlite:
        pytest.skip("SQLite pragmas do not apply to PostgreSQL")
    engine = app_client.app.state.engine  # type: ignore[attr-defined]
    async with engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1

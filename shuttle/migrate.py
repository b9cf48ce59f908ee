"""Alembic, driven from code so `shuttle migrate` works from any directory."""

from __future__ import annotations

import asyncio

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from shuttle.db import DatabaseNotMigrated


def alembic_config(database_url: str) -> Config:
    """An Alembic config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", "shuttle:migrations")
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations (blocking; call from a thread inside an event loop)."""
    command.upgrade(alembic_config(database_url), revision)


def head_revision(database_url: str) -> str | None:
    """The newest migration the code knows."""
    return ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The migration the database is at, or None for an empty database."""

    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(_read)


async def require_migrated(engine: AsyncEngine, database_url: str) -> None:
    """Refuse to run against a database that is not at the code's migration head."""
    current = await current_revision(engine)
    head = await asyncio.to_thread(head_revision, database_url)
    if current != head:
        where = "empty" if current is None else f"at {current}"
        raise DatabaseNotMigrated(
            f"the database is {where} but the code needs {head}: run `shuttle migrate` "
            "(or `make migrate`) first"
        )

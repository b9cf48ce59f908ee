"""Alembic, driven from code so `shuttle migrate` works from any directory.

Serving never imports this module: `shuttle.db.require_migrated` compares the database with
`shuttle.migrations.HEAD` by one SELECT, so an API process does not carry Alembic (about
10 MB) for a check made once at start-up.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


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

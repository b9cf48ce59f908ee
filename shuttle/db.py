"""Database engine, the per-request session, and column types shared by every domain."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi import Request
from sqlalchemy import BigInteger, DateTime, Insert, Integer, Table, event, insert, inspect, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.config import Settings
from shuttle.errors import ShuttleError
from shuttle.migrations import HEAD


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that always goes in and comes out timezone-aware UTC (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# A 64-bit counter key; SQLite only auto-increments a column declared INTEGER PRIMARY KEY.
BIG_ID = BigInteger().with_variant(Integer(), "sqlite")


def enum_type(enum_cls: type[StrEnum]) -> SAEnum:
    """A string column holding an enum's values (no native database enum to migrate)."""
    return SAEnum(
        enum_cls,
        native_enum=False,
        length=40,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table, for Core statements where ORM work is not wanted."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table


async def insert_new(session: AsyncSession, *rows: SQLModel) -> None:
    """Insert new objects with one Core INSERT per table, tables in the order they first come,
    and keep them in the session as persistent, as a flush would have left them.

    A flush's unit of work cost about 0.5 ms for a submit's two or three new rows. Whatever the
    session holds unflushed is flushed first, so the rows may refer to it.
    """
    if session.new or session.dirty or session.deleted:
        await session.flush()
    by_model: dict[type[SQLModel], list[SQLModel]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, objects in by_model.items():
        table = table_of(model)
        columns = table.columns.keys()
        await session.exec(
            _insert_of(table),
            params=[{name: getattr(obj, name) for name in columns} for obj in objects],
        )
    for row in rows:
        make_transient_to_detached(row)
        session.add(row)


@functools.cache
def _insert_of(table: Table) -> Insert:
    return insert(table)


def new_id() -> uuid.UUID:
    """A fresh random identifier."""
    return uuid.uuid4()


class DatabaseNotMigrated(ShuttleError):
    """The schema is missing or behind the code."""

    status = 503
    title = "Database not migrated"


async def require_migrated(engine: AsyncEngine) -> None:
    """Refuse to run against a database that is not at the code's migration head."""

    def _current(connection: Connection) -> str | None:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    async with engine.connect() as connection:
        current = await connection.run_sync(_current)
    if current != HEAD:
        where = "empty" if current is None else f"at {current}"
        raise DatabaseNotMigrated(
            f"the database is {where} but the code needs {HEAD}: run `shuttle migrate` "
            "(or `make migrate`) first"
        )


def create_engine(settings: Settings) -> AsyncEngine:
    """An async engine tuned for the configured database."""
    url = settings.database_url
    if settings.is_sqlite:
        _ensure_sqlite_dir(url)
        # One connection: SQLite has one writer, and a pool of writers only queues
        # inside SQLite with lock timeouts instead of in the pool (see ENVIRONMENT.md).
        engine = create_async_engine(
            url,
            pool_size=1,
            max_overflow=0,
            pool_timeout=30,
            connect_args={"timeout": 30},
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[-1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def session_factory(
    engine: AsyncEngine, info: dict[str, Any] | None = None
) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit; `info` starts each session.info."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False, info=info)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request: commit when the route returns, roll back when it raises.

    Routes use this with `scope="function"` so the commit happens before the response is
    sent: a client never sees success for a change that did not land.
    """
    async with transaction(request.app.state.sessions) as session:
        yield session


BeforeCommit = Callable[[AsyncSession], Awaitable[None]]
AfterCommit = Callable[[], Awaitable[None]]
_BEFORE_COMMIT = "shuttle.before_commit"
_AFTER_COMMIT = "shuttle.after_commit"
log = logging.getLogger("shuttle.db")


def before_commit(session: AsyncSession, hook: BeforeCommit) -> None:
    """Run `hook` inside the transaction just before `commit` (last writes, such as audit)."""
    hooks = session.info.setdefault(_BEFORE_COMMIT, [])
    if hook not in hooks:
        hooks.append(hook)


def after_commit(session: AsyncSession, hook: AfterCommit) -> None:
    """Run `hook` once the transaction has committed (best effort: announcing, never writing).

    A failing hook is logged and does not fail the caller: what it does must also be done
    from the outbox, which the commit made durable.
    """
    session.info.setdefault(_AFTER_COMMIT, []).append(hook)


async def commit(session: AsyncSession) -> None:
    """Run the before-commit hooks, commit, then run the after-commit hooks.

    The session is flushed before the hooks: they write with Core statements (no autoflush),
    and rows they write may refer to rows the transaction added (an event to its letter).
    """
    hooks: list[BeforeCommit] = session.info.pop(_BEFORE_COMMIT, [])
    if hooks:
        await session.flush()
    for hook in hooks:
        await hook(session)
    await session.commit()
    for announce in session.info.pop(_AFTER_COMMIT, []):
        try:
            await announce()
        except Exception:
            log.warning("an after-commit hook failed; the outbox will do its work", exc_info=True)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session whose work commits on success and rolls back on any error (jobs, commands)."""
    async with factory() as session:
        try:
            yield session
            await commit(session)
        except BaseException:
            session.info.clear()
            await session.rollback()
            raise


async def forget_overwritten_pages(factory: async_sessionmaker[AsyncSession]) -> None:
    """After destroying content on SQLite, truncate the write-ahead log that still holds it.

    secure_delete zeroes freed pages in the main file; the WAL keeps the old pages until a
    checkpoint truncates it. PostgreSQL needs nothing here (its VACUUM reclaims dead rows).
    """
    async with factory() as session:
        if session.bind is not None and session.bind.dialect.name == "sqlite":
            await session.exec(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # type: ignore[call-overload]

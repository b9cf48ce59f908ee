"""The app as `shuttle serve` builds it, plus a bare baseline route for the submit benchmark.

Never part of the production app: served only by bench/api.py with
`uvicorn bench.app:create_bench_app --factory`. The baseline inserts one row with SQLModel
through the same per-request session (one transaction, committed before the answer) and does
nothing else: no authentication, no access check, no screening, encryption, audit or outbox.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel

from shuttle.app import create_app
from shuttle.db import UTCDateTime, new_id
from shuttle.deps import SessionDep
from shuttle.timeutil import utcnow


class _BenchModel(SQLModel):
    """Kept off Shuttle's metadata: migrations never see the baseline's table."""

    metadata = MetaData()


class BaselineRow(_BenchModel, table=True):
    """One row per baseline request."""

    __tablename__ = "bench_baseline"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    note: str = Field(max_length=40)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


async def create_baseline_table(database_url: str) -> None:
    """Create the baseline's table (the benchmark does this before serving)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_BenchModel.metadata.create_all)
    finally:
        await engine.dispose()


def create_bench_app() -> FastAPI:
    """Shuttle's app with POST /bench/baseline."""
    app = create_app()

    @app.post("/bench/baseline", status_code=201, include_in_schema=False)
    async def baseline(session: SessionDep) -> dict[str, str]:
        row = BaselineRow(note="baseline")
        session.add(row)
        return {"id": str(row.id)}

    return app

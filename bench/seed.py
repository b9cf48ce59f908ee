"""Bulk rows for the read benchmarks: many cases and queued letters, and one busy inbox.

Going through the API would take far too long for 100,000 letters, so rows are inserted in
batches straight into the tables with SQLAlchemy Core, shaped as the service writes them:
each seeded case has its own data key wrapped by the master key ring, each letter version is
real AES-GCM output under that key with the letter's associated data, each queued version has
its screening result (a few urgent, with a safeguarding alert), and a few letters are claimed.
Seeded cases have parties without accounts (nobody signs in to them); their versions are
recorded as written by the coordinator who opened the case, which the foreign keys accept.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Boolean, Table, Uuid, event, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.ext.asyncio import AsyncEngine

from moderation.screening.models import SafeguardingAlert, ScreeningResult
from shuttle.cases.models import (
    Case,
    CaseFacilitator,
    CaseKey,
    CaseStatus,
    Consent,
    OffenceCategory,
    Party,
    Side,
)
from shuttle.config import Settings
from shuttle.crypto import aead
from shuttle.crypto.keyring import KeyRing, WrappedKey
from shuttle.db import UTCDateTime, create_engine
from shuttle.letters.models import Delivery, Letter, LetterState, LetterVersion
from shuttle.timeutil import utcnow

BATCH = 5_000
LETTER_TEXT = (
    "I have thought for a long time about what to say to you. I am sorry for what I did, and "
    "for the fear it caused in your home. I would like to explain what I have done since. ({n})"
)
ENVELOPE = "Read this when you have some quiet time; call me first if you would like. ({n})"


def table(model: Any) -> Table:
    """A model's table."""
    result: Table = model.__table__
    return result


def seeding_engine(settings: Settings) -> AsyncEngine:
    """An engine for bulk loading: on SQLite, a large page cache (random UUID keys scatter
    the inserts over every index)."""
    engine = create_engine(settings)
    if settings.is_sqlite:

        @event.listens_for(engine.sync_engine, "connect")
        def _big_cache(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MiB
            cursor.close()

    return engine


def _converter(column: Any, dialect: str) -> Callable[[Any], Any]:
    """How one column's Python value goes to the driver, as SQLAlchemy would send it."""
    kind = column.type
    if isinstance(kind, UTCDateTime):
        if dialect == "sqlite":
            return lambda v: (
                None
                if v is None
                else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
            )
        return lambda v: v
    if isinstance(kind, Uuid):
        return (lambda v: None if v is None else v.hex) if dialect == "sqlite" else (lambda v: v)
    if isinstance(kind, JSON):
        return lambda v: None if v is None else json.dumps(v)
    if isinstance(kind, SAEnum):
        return lambda v: None if v is None else v.value
    if isinstance(kind, Boolean) and dialect == "sqlite":
        return lambda v: None if v is None else int(v)
    return lambda v: v


def _sqlite_time(value: datetime) -> str:
    """A UTC timestamp as SQLAlchemy stores it in SQLite."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


async def insert(engine: AsyncEngine, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows in batches of one transaction each, straight through the driver.

    SQLAlchemy's per-value processing would take most of a minute for 300,000 rows on a busy
    2-core machine; the values are converted here as its column types would convert them.
    """
    if not rows:
        return
    dialect = engine.dialect.name
    names = list(rows[0])
    columns = [table(model).c[name] for name in names]
    convert = [_converter(column, dialect) for column in columns]
    style = engine.dialect.paramstyle
    if style == "qmark":
        marks = ["?"] * len(names)
    elif style == "numeric_dollar":
        marks = [f"${n}" for n in range(1, len(names) + 1)]
    else:
        marks = ["%s"] * len(names)
    quoted = ", ".join(f'"{name}"' for name in names)
    # Names from the models' own tables, never from input.
    statement = f'INSERT INTO "{table(model).name}" ({quoted}) VALUES ({", ".join(marks)})'  # noqa: S608
    for start in range(0, len(rows), BATCH):
        batch = [
            tuple(f(row[name]) for f, name in zip(convert, names, strict=True))
            for row in rows[start : start + BATCH]
        ]
        async with engine.begin() as connection:
            if dialect == "postgresql":  # COPY: several times faster than INSERTs
                raw = await connection.get_raw_connection()
                await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
                    table(model).name, records=batch, columns=names
                )
            else:
                await connection.exec_driver_sql(statement, batch)


@dataclass
class SeededCase:
    """A case made by the seeder: its author party and data key."""

    id: uuid.UUID
    author_party_id: uuid.UUID
    key: bytes


async def cases(
    engine: AsyncEngine,
    keyring: KeyRing,
    *,
    count: int,
    facilitator_id: uuid.UUID,
    coordinator_id: uuid.UUID,
) -> list[SeededCase]:
    """`count` open cases with both sides consenting, each assigned to the facilitator."""
    now = utcnow()
    made: list[SeededCase] = []
    case_rows, key_rows, assignments, parties = [], [], [], []
    for n in range(count):
        case_id, responsible, harmed = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        key = aead.new_data_key()
        wrapped = keyring.wrap(case_id, key)
        made.append(SeededCase(case_id, responsible, key))
        case_rows.append(
            {
                "id": case_id,
                "reference": f"SH-B{n:06d}",
                "area": "Northshire",
                "offence_category": OffenceCategory.burglary,
                "risk_flags": [],
                "status": CaseStatus.open,
                "opened_by": coordinator_id,
                "opened_at": now,
            }
        )
        key_rows.append(
            {
                "case_id": case_id,
                "master_version": wrapped.master_version,
                "wrapped_key": wrapped.sealed,
                "created_at": now,
            }
        )
        assignments.append(
            {
                "case_id": case_id,
                "account_id": facilitator_id,
                "assigned_by": coordinator_id,
                "assigned_at": now,
            }
        )
        for party_id, side, label in (
            (responsible, Side.responsible, "the person responsible"),
            (harmed, Side.harmed, "the person harmed"),
        ):
            parties.append(
                {
                    "id": party_id,
                    "case_id": case_id,
                    "account_id": None,
                    "side": side,
                    "supporter": False,
                    "label": label,
                    "display_name": f"Seeded {side.value} {n}",
                    "consent": Consent.given,
                    "paused": False,
                    "delivery_window": None,
                    "channel": "portal",
                    "created_at": now,
                }
            )
    await insert(engine, Case, case_rows)
    await insert(engine, CaseKey, key_rows)
    await insert(engine, CaseFacilitator, assignments)
    await insert(engine, Party, parties)
    return made


async def queued_letters(
    engine: AsyncEngine,
    seeded: list[SeededCase],
    *,
    per_case: int,
    writer_id: uuid.UUID,
    facilitator_id: uuid.UUID,
    seed: int,
) -> int:
    """`per_case` letters waiting for review in each case, queued at random over 30 days.

    About 1 in 5,000 is urgent (with an open safeguarding alert) and 2% are claimed (half of
    those with a lease that has run out, so they count as queued again).
    """
    rng = random.Random(seed)  # noqa: S311 - row shapes, not secrets
    now = utcnow()
    letters: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    screenings: list[dict[str, Any]] = []
    alerts: list[dict[str, Any]] = []
    n = 0
    for case in seeded:
        for _ in range(per_case):
            n += 1
            letter_id, version_id = uuid.uuid4(), uuid.uuid4()
            queued_at = now - timedelta(seconds=rng.uniform(60, 30 * 86_400))
            claimed = rng.random() < 0.02
            urgent = rng.random() < 1 / 5_000
            letters.append(
                {
                    "id": letter_id,
                    "case_id": case.id,
                    "author_party_id": case.author_party_id,
                    "from_side": Side.responsible,
                    "state": LetterState.in_review if claimed else LetterState.queued,
                    "version": 1,
                    "created_at": queued_at,
                    "updated_at": queued_at,
                    "first_submitted_at": queued_at,
                    "queued_at": queued_at,
                    "claimed_by": facilitator_id if claimed else None,
                    "claim_expires_at": (
                        now + timedelta(minutes=rng.choice([-10, 20])) if claimed else None
                    ),
                }
            )
            versions.append(
                {
                    "id": version_id,
                    "letter_id": letter_id,
                    "number": 1,
                    "body": aead.encrypt(
                        case.key,
                        LETTER_TEXT.format(n=n).encode(),
                        aead.letter_context(case.id, letter_id, 1),
                    ),
                    "written_by": writer_id,
                    "created_at": queued_at,
                    "submitted_at": queued_at,
                }
            )
            screenings.append(
                {
                    "letter_version_id": version_id,
                    "letter_id": letter_id,
                    "version": 1,
                    "screened_at": queued_at,
                    "counts": {"self_harm": 1} if urgent else {},
                    "urgent": urgent,
                }
            )
            if urgent:
                alerts.append(
                    {
                        "id": uuid.uuid4(),
                        "case_id": case.id,
                        "letter_id": letter_id,
                        "version": 1,
                        "raised_at": queued_at,
                    }
                )
    await insert(engine, Letter, letters)
    await insert(engine, LetterVersion, versions)
    await insert(engine, ScreeningResult, screenings)
    await insert(engine, SafeguardingAlert, alerts)
    return n


async def delivered_letters(
    engine: AsyncEngine,
    keyring: KeyRing,
    *,
    case_id: uuid.UUID,
    author_party_id: uuid.UUID,
    recipient_party_id: uuid.UUID,
    writer_id: uuid.UUID,
    facilitator_id: uuid.UUID,
    count: int,
) -> None:
    """`count` letters released and delivered to one recipient, each with an envelope note,
    in a case made through the API (its key is read back and unwrapped here)."""
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                table(CaseKey).select().where(table(CaseKey).c.case_id == case_id)
            )
        ).one()
    key = keyring.unwrap(case_id, WrappedKey(row.master_version, row.wrapped_key))
    now = utcnow()
    letters, versions, deliveries = [], [], []
    for n in range(count):
        letter_id = uuid.uuid4()
        at: datetime = now - timedelta(hours=count - n)
        letters.append(
            {
                "id": letter_id,
                "case_id": case_id,
                "author_party_id": author_party_id,
                "from_side": Side.responsible,
                "state": LetterState.delivered,
                "version": 1,
                "created_at": at,
                "updated_at": at,
                "first_submitted_at": at,
                "queued_at": at,
                "released_by": facilitator_id,
                "released_version": 1,
                "released_at": at,
                "envelope_note": aead.encrypt(
                    key, ENVELOPE.format(n=n).encode(), aead.envelope_context(case_id, letter_id)
                ),
            }
        )
        versions.append(
            {
                "id": uuid.uuid4(),
                "letter_id": letter_id,
                "number": 1,
                "body": aead.encrypt(
                    key,
                    LETTER_TEXT.format(n=n).encode(),
                    aead.letter_context(case_id, letter_id, 1),
                ),
                "written_by": writer_id,
                "created_at": at,
                "submitted_at": at,
            }
        )
        deliveries.append(
            {
                "id": uuid.uuid4(),
                "letter_id": letter_id,
                "party_id": recipient_party_id,
                "case_id": case_id,
                "created_at": at,
                "delivered_at": at,
                "tell_author": False,
            }
        )
    await insert(engine, Letter, letters)
    await insert(engine, LetterVersion, versions)
    await insert(engine, Delivery, deliveries)


async def analyse(engine: AsyncEngine) -> None:
    """PostgreSQL: refresh the planner's statistics after the bulk load, as autovacuum would
    within the minute. SQLite is left as a deployment leaves it (Shuttle never runs ANALYZE)."""
    if engine.dialect.name != "postgresql":
        return
    async with engine.begin() as connection:
        await connection.execute(text("ANALYZE"))

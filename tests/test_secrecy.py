"""Letter text, notes and envelope notes never reach the database, the logs or error bodies in
the clear, and a ciphertext moved to another row does not open there."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlmodel import SQLModel

import shuttle.models  # noqa: F401 - every table on the metadata
from shuttle.config import Settings
from tests.fixtures.world import World, run_sql

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class Secrets:
    """Phrases that cannot occur by chance, one per kind of content."""

    first: str
    revised: str
    notes: str
    envelope: str

    @classmethod
    def fresh(cls) -> Secrets:
        return cls(*(f"{kind}-{uuid.uuid4().hex}" for kind in ("v1", "v2", "note", "env")))

    def all(self) -> list[str]:
        return [self.first, self.revised, self.notes, self.envelope]


def letter_text(phrase: str) -> str:
    return (
        "I have started this letter many times. When I came into your kitchen that night I "
        f"did not think about who lived there. I remember the {phrase} on the fridge, and I "
        "have thought about your children every day since. I am sorry for the fear I caused."
    )


async def exchange(world: World, secret: Secrets) -> str:
    """Submit, return with notes, revise, release with an envelope note, open; check each."""
    case, fac = world.case, world.fac1
    letter_id = await world.submitted_letter(case.responsible, letter_text(secret.first))
    base = f"/review/letters/{letter_id}"
    assert (await world.call(fac, "POST", f"{base}/claim")).status_code == 200
    notes = f"Please take out the detail about the {secret.notes}; it could identify them."
    returned = await world.call(fac, "POST", f"{base}/return", {"notes": notes})
    assert returned.status_code == 200, returned.text
    mine = (await world.call(case.responsible, "GET", f"/letters/{letter_id}")).json()
    assert mine["returned_notes"][0]["notes"] == notes
    revised = await world.call(
        case.responsible,
        "POST",
        f"/letters/{letter_id}/revise",
        {"body": letter_text(secret.revised)},
    )
    assert revised.status_code == 200, revised.text
    assert (await world.call(fac, "POST", f"{base}/claim")).status_code == 200
    envelope = f"An apology, written with care ({secret.envelope}). Open it when you are ready."
    released = await world.call(fac, "POST", f"{base}/release", {"envelope_note": envelope})
    assert released.status_code == 200, released.text
    inbox = (await world.call(case.harmed, "GET", f"/cases/{case.case_id}/inbox")).json()
    assert inbox[0]["envelope_note"] == envelope
    opened = await world.call(case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == letter_text(secret.revised)
    return letter_id


def sqlite_files(settings: Settings) -> dict[str, bytes]:
    """The database file and its -wal and -shm companions, as raw bytes."""
    path = Path(settings.database_url.split("sqlite+aiosqlite:///", 1)[1])
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return {p.name: p.read_bytes() for p in files if p.exists()}


async def postgres_dump(settings: Settings) -> list[bytes]:
    """Every row of every table as JSON text, plus every binary value as it is stored."""
    dumped: list[bytes] = []
    for table in SQLModel.metadata.sorted_tables:
        query = f'SELECT row_to_json(t)::text FROM "{table.name}" t'  # noqa: S608 - our tables
        rows = await run_sql(settings, query)
        dumped.extend(row[0].encode() for row in rows)
        for row in await run_sql(settings, select(table)):
            dumped.extend(value for value in row if isinstance(value, bytes))
    return dumped


async def stored_bytes(settings: Settings) -> list[bytes]:
    if settings.is_sqlite:
        return list(sqlite_files(settings).values())
    return await postgres_dump(settings)


def assert_absent(phrases: list[str], haystacks: list[bytes]) -> None:
    for phrase in phrases:
        for encoding in ENCODINGS:
            needle = phrase.encode(encoding)
            assert not any(needle in h for h in haystacks), f"{phrase!r} stored as {encoding}"


async def test_no_letter_note_or_envelope_text_is_stored_in_the_clear(world: World) -> None:
    """Given a full exchange, when the database is read raw, then no phrase appears in it."""
    secret = Secrets.fresh()
    await exchange(world, secret)
    haystacks = await stored_bytes(world.settings)
    # The search looks where the data is: the author's sign-in name is stored in the clear
    login = world.case.responsible.login.encode()
    assert any(login in h for h in haystacks)
    assert_absent(secret.all(), haystacks)


async def test_sqlite_checkpointed_file_holds_no_plaintext(world: World) -> None:
    """Given a full exchange on SQLite, when the WAL is checkpointed, the file still has none."""
    if not world.settings.is_sqlite:
        pytest.skip("SQLite's write-ahead log only")
    secret = Secrets.fresh()
    await exchange(world, secret)
    await run_sql(world.settings, "PRAGMA wal_checkpoint(TRUNCATE)")
    files = sqlite_files(world.settings)
    assert len(files["shuttle.db"]) > 0
    assert_absent(secret.all(), list(files.values()))


async def test_logs_and_output_never_carry_letter_text(
    world: World, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """Given DEBUG logging everywhere, when letters flow and fail validation, no phrase leaks."""
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy", "asyncpg", "aiosqlite", "shuttle", "moderation", "uvicorn"):
        caplog.set_level(logging.DEBUG, logger=name)  # some libraries set their own levels
    secret = Secrets.fresh()
    await exchange(world, secret)
    case, fac = world.case, world.fac1
    in_review = await world.submitted_letter(case.responsible, letter_text(secret.first))
    assert (await world.call(fac, "POST", f"/review/letters/{in_review}/claim")).is_success
    leak = f"leak-{uuid.uuid4().hex}"
    too_long = (letter_text(leak) + " ") * (world.settings.max_letter_chars // 100)
    assert len(too_long) > world.settings.max_letter_chars
    refused = [
        # over-long letter text, refused by the domain rules
        await world.call(
            case.responsible, "POST", f"/cases/{case.case_id}/letters", {"body": too_long}
        ),
        # a malformed body, refused by request validation (which would echo its input)
        await world.call(
            case.responsible,
            "POST",
            f"/cases/{case.case_id}/letters",
            {"body": letter_text(leak), "submit": leak},
        ),
        # an over-long envelope note, refused by request validation
        await world.call(
            fac, "POST", f"/review/letters/{in_review}/release", {"envelope_note": leak * 20}
        ),
        # over-long return notes
        await world.call(
            fac,
            "POST",
            f"/review/letters/{in_review}/return",
            {"notes": leak * (world.settings.max_note_chars // len(leak) + 1)},
        ),
    ]
    for response in refused:
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert leak not in response.text
    # The capture sees every SQL statement with its parameters, so stored text would show
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records)
    out, err = capfd.readouterr()
    for phrase in [*secret.all(), leak]:
        assert phrase not in logged, phrase
        assert phrase not in out and phrase not in err, phrase


async def _swap_bodies(world: World, first: tuple[str, int], second: tuple[str, int]) -> None:
    """Swap the stored ciphertexts of two letter versions, as an attacker with SQL could."""
    table = SQLModel.metadata.tables["letter_version"]
    bodies = {}
    for letter_id, number in (first, second):
        rows = await run_sql(
            world.settings,
            select(table.c.body).where(
                table.c.letter_id == uuid.UUID(letter_id), table.c.number == number
            ),
        )
        bodies[(letter_id, number)] = rows[0][0]
    for (letter_id, number), other in ((first, second), (second, first)):
        await run_sql(
            world.settings,
            update(table)
            .where(table.c.letter_id == uuid.UUID(letter_id), table.c.number == number)
            .values(body=bodies[other]),
        )


def assert_unreadable(response_text: str, status: int, *others: str) -> None:
    assert status == 409, response_text
    problem = json.loads(response_text)
    assert problem["type"] == "urn:shuttle:problem:content-unreadable"
    for other in others:
        assert other not in response_text


async def test_a_ciphertext_moved_to_another_letter_does_not_open(world: World) -> None:
    """Given two released letters, when their ciphertexts are swapped, neither reads as the
    other: every reader gets 409 problem details, never 500 and never the other text."""
    case, fac = world.case, world.fac1
    text_a, text_b = letter_text(uuid.uuid4().hex), letter_text(uuid.uuid4().hex)
    letter_a = await world.released_letter(case.responsible, text_a)
    letter_b = await world.released_letter(case.responsible, text_b)
    await _swap_bodies(world, (letter_a, 1), (letter_b, 1))
    for letter_id in (letter_a, letter_b):
        for actor, method, url in [
            (case.harmed, "POST", f"/inbox/{letter_id}/open"),
            (case.responsible, "GET", f"/letters/{letter_id}"),
            (fac, "GET", f"/review/letters/{letter_id}/versions/1"),
        ]:
            response = await world.call(actor, method, url, {} if method == "POST" else None)
            assert_unreadable(response.text, response.status_code, text_a, text_b)
    # Swapping back restores both: the failure was the move, not the data
    await _swap_bodies(world, (letter_a, 1), (letter_b, 1))
    opened = await world.call(case.harmed, "POST", f"/inbox/{letter_a}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == text_a


async def test_a_ciphertext_moved_to_another_version_does_not_open(world: World) -> None:
    """Given a letter with two versions, when they are swapped, neither version opens."""
    case, fac = world.case, world.fac1
    secret = Secrets.fresh()
    letter_id = await exchange(world, secret)
    await _swap_bodies(world, (letter_id, 1), (letter_id, 2))
    for number in (1, 2):
        response = await world.call(fac, "GET", f"/review/letters/{letter_id}/versions/{number}")
        assert_unreadable(response.text, response.status_code, secret.first, secret.revised)
    again = await world.call(case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert_unreadable(again.text, again.status_code, secret.first, secret.revised)


async def test_an_envelope_note_moved_to_another_letter_does_not_open(world: World) -> None:
    """Given two released letters with envelope notes, when the notes are swapped, the
    recipient's inbox and envelope answer 409 rather than showing the other letter's note."""
    case = world.case
    notes = [f"Open when ready ({uuid.uuid4().hex})" for _ in range(2)]
    letters = [
        await world.released_letter(case.responsible, letter_text(note), envelope_note=note)
        for note in notes
    ]
    table = SQLModel.metadata.tables["letter"]
    stored = {
        row.id: row.envelope_note
        for row in await run_sql(world.settings, select(table.c.id, table.c.envelope_note))
    }
    ids = [uuid.UUID(letter_id) for letter_id in letters]
    for mine, other in ((ids[0], ids[1]), (ids[1], ids[0])):
        await run_sql(
            world.settings,
            update(table).where(table.c.id == mine).values(envelope_note=stored[other]),
        )
    for url in [f"/cases/{case.case_id}/inbox", *(f"/inbox/{i}" for i in letters)]:
        response = await world.call(case.harmed, "GET", url)
        assert_unreadable(response.text, response.status_code, *notes)


async def test_the_review_record_answers_409_for_a_moved_envelope_note(world: World) -> None:
    """The facilitator's review record also refuses an envelope note moved between letters."""
    case = world.case
    letters = [
        await world.released_letter(case.responsible, letter_text(n), envelope_note=f"Note {n}")
        for n in ("one", "two")
    ]
    table = SQLModel.metadata.tables["letter"]
    first = (
        await run_sql(
            world.settings, select(table.c.envelope_note).where(table.c.id == uuid.UUID(letters[0]))
        )
    )[0][0]
    await run_sql(
        world.settings,
        update(table).where(table.c.id == uuid.UUID(letters[1])).values(envelope_note=first),
    )
    response = await world.call(world.fac1, "GET", f"/review/letters/{letters[1]}")
    assert_unreadable(response.text, response.status_code, "Note one")


async def test_a_tampered_case_key_answers_409_not_500(world: World) -> None:
    """A wrapped case key altered in the database opens nothing and crashes nothing."""
    case = world.case
    letter_id = await world.released_letter(case.responsible, letter_text("tampered-key"))
    table = SQLModel.metadata.tables["case_key"]
    wrapped = (await run_sql(world.settings, select(table.c.wrapped_key)))[0][0]
    flipped = wrapped[:-1] + bytes([wrapped[-1] ^ 1])
    await run_sql(world.settings, update(table).values(wrapped_key=flipped))
    response = await world.call(case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert response.status_code == 409
    assert response.json()["type"] == "urn:shuttle:problem:content-unreadable"

"""The master key ring, `shuttle keys rotate` and `shuttle keys destroy-case`.

In this module the app's master keys come from a key file (as `keys rotate` needs), not from
SHUTTLE_MASTER_KEYS: the `settings` and `keyring` fixtures below replace the shared ones.
"""

from __future__ import annotations

import base64
import json
import os
import stat
import uuid
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlmodel import SQLModel

from shuttle.app import create_app
from shuttle.cases.errors import CaseNotFound
from shuttle.commands import destroy_case, key_status, rewrap, rotate_master_key, verify_audit
from shuttle.config import Settings
from shuttle.crypto import aead
from shuttle.crypto.keyring import (
    KeyRing,
    KeyRingError,
    WrappedKey,
    generate_key_file,
    keyring_from_settings,
    load_key_file,
    parse_inline_keys,
    with_new_version,
    write_key_file,
)
from tests.conftest import inline_keys
from tests.fixtures.world import World, run_sql

LETTER = (
    "I was seventeen when I took your bag. I told myself it was only money, but your "
    "daughter's photographs were in it. I am sorry. I would like to give back what I can."
)


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """The shared settings, with master keys read from a fresh key file instead."""
    key_file = tmp_path / "keys" / "master-keys.json"
    generate_key_file(key_file)
    return settings.model_copy(update={"master_keys": None, "master_key_file": key_file})


@pytest.fixture
def keyring(settings: Settings) -> KeyRing:
    """The ring the app starts with, loaded from the key file."""
    return keyring_from_settings(settings)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---- shuttle/crypto, without a database ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("  ,  ", "empty"),
        ("no-version-here", "must look like"),
        ("one:" + base64.b64encode(os.urandom(32)).decode(), "must look like"),
        ("1:not*base64!", "not valid base64"),
        ("1:" + base64.b64encode(os.urandom(16)).decode(), "not 32 bytes"),
    ],
)
def test_malformed_inline_keys_are_refused_clearly(text: str, message: str) -> None:
    """Given a malformed SHUTTLE_MASTER_KEYS, when parsed, then KeyRingError says what is wrong."""
    with pytest.raises(KeyRingError, match=message):
        parse_inline_keys(text)


def test_inline_keys_make_the_highest_version_active() -> None:
    ring = parse_inline_keys(inline_keys(3, 1))
    assert ring.versions == [1, 3] and ring.active_version == 3 and ring.source is None


def test_a_ring_needs_keys_and_an_active_version_it_holds() -> None:
    with pytest.raises(KeyRingError, match="empty"):
        KeyRing({}, 1)
    with pytest.raises(KeyRingError, match="active master key version 2"):
        KeyRing({1: aead.new_data_key()}, 2)


def test_wrap_and_unwrap_round_trip_bound_to_the_case() -> None:
    """Given a wrapped case key, it opens for its own case only."""
    ring = parse_inline_keys(inline_keys(1))
    case_id, case_key = uuid.uuid4(), aead.new_data_key()
    wrapped = ring.wrap(case_id, case_key)
    assert wrapped.master_version == 1 and case_key not in wrapped.sealed
    assert ring.unwrap(case_id, wrapped) == case_key
    with pytest.raises(aead.DecryptionFailed):
        ring.unwrap(uuid.uuid4(), wrapped)
    with pytest.raises(aead.DecryptionFailed):
        # Flip a bit of the tag (replacing the last byte with a constant left it unchanged
        # one time in 256).
        ring.unwrap(case_id, WrappedKey(1, wrapped.sealed[:-1] + bytes([wrapped.sealed[-1] ^ 1])))
    with pytest.raises(KeyRingError, match="version 7 is not available"):
        ring.unwrap(case_id, WrappedKey(7, wrapped.sealed))


def test_a_different_master_key_does_not_unwrap() -> None:
    case_id = uuid.uuid4()
    wrapped = parse_inline_keys(inline_keys(1)).wrap(case_id, aead.new_data_key())
    with pytest.raises(aead.DecryptionFailed):
        parse_inline_keys(inline_keys(1)).unwrap(case_id, wrapped)


def test_key_file_is_owner_only_and_reads_back(tmp_path: Path) -> None:
    """Given a generated key file, it has mode 0600, no temp files linger, and it reloads."""
    path = tmp_path / "var" / "master-keys.json"
    ring = generate_key_file(path)
    assert mode(path) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["master-keys.json"]
    case_id = uuid.uuid4()
    wrapped = ring.wrap(case_id, b"k" * 32)
    loaded = load_key_file(path)
    assert loaded.versions == [1] and loaded.source == path
    assert loaded.unwrap(case_id, wrapped) == b"k" * 32


def test_unreadable_key_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    with pytest.raises(KeyRingError, match="cannot read"):
        load_key_file(path)
    path.write_text("{not json")
    with pytest.raises(KeyRingError, match="cannot read"):
        load_key_file(path)
    path.write_text(json.dumps({"active": 1}))
    with pytest.raises(KeyRingError, match="cannot read"):
        load_key_file(path)


def test_with_new_version_adds_an_active_key_and_keeps_the_old(tmp_path: Path) -> None:
    """Given a ring, with_new_version returns a copy whose new version wraps and old unwraps."""
    ring = generate_key_file(tmp_path / "keys.json")
    case_id = uuid.uuid4()
    old = ring.wrap(case_id, b"o" * 32)
    rotated = with_new_version(ring)
    assert rotated.versions == [1, 2] and rotated.active_version == 2
    assert rotated.source == ring.source and ring.versions == [1]
    assert rotated.unwrap(case_id, old) == b"o" * 32
    assert rotated.wrap(case_id, b"n" * 32).master_version == 2


def test_a_running_ring_reloads_its_file_for_an_unknown_version(tmp_path: Path) -> None:
    """Given a ring loaded before a rotation, it opens keys wrapped by the new version."""
    path = tmp_path / "keys.json"
    running = generate_key_file(path)
    rotated = with_new_version(load_key_file(path))
    write_key_file(path, rotated)
    assert mode(path) == 0o600
    case_id = uuid.uuid4()
    assert running.unwrap(case_id, rotated.wrap(case_id, b"x" * 32)) == b"x" * 32
    assert running.versions == [1, 2] and running.active_version == 2


def test_keyring_from_settings_fails_clearly_without_keys(tmp_path: Path) -> None:
    base = Settings(var_dir=tmp_path / "var", master_keys=None, master_key_file=None)
    with pytest.raises(KeyRingError, match="no master keys"):
        keyring_from_settings(base)
    with pytest.raises(KeyRingError, match="no master keys"):
        keyring_from_settings(base.model_copy(update={"env": "production"}), allow_generate=True)
    missing = base.model_copy(update={"master_key_file": tmp_path / "nope.json"})
    with pytest.raises(KeyRingError, match="does not exist"):
        keyring_from_settings(missing, allow_generate=True)
    generated = keyring_from_settings(base, allow_generate=True)
    assert generated.source == base.default_key_file and mode(base.default_key_file) == 0o600


async def test_rotate_refuses_inline_master_keys(tmp_path: Path) -> None:
    """Given keys in SHUTTLE_MASTER_KEYS, rotating says to add a version there instead."""
    inline = Settings(
        var_dir=tmp_path / "var",
        database_url=f"sqlite+aiosqlite:///{tmp_path}/unused.db",
        master_keys=SecretStr(inline_keys(1)),
    )
    with pytest.raises(KeyRingError, match=r"SHUTTLE_MASTER_KEYS.*keys rewrap"):
        await rotate_master_key(inline)
    assert not (tmp_path / "unused.db").exists()


# ---- shuttle keys rotate ------------------------------------------------------------------


async def case_key_versions(settings: Settings) -> list[int]:
    return [row[0] for row in await run_sql(settings, "SELECT master_version FROM case_key")]


async def test_rotation_rewraps_every_case_key_and_letters_still_open(
    world: World, settings: Settings
) -> None:
    """Given released letters in two cases, when the master key rotates and the case keys are
    re-wrapped, every case key moves to version 2 and the running app, a restarted app and
    new cases all keep working."""
    other = await world.new_case([world.fac1])
    first = await world.released_letter(world.case.responsible, LETTER)
    second = await world.released_letter(other.harmed, LETTER + " (2)", case=other)
    assert await case_key_versions(settings) == [1, 1]
    # When
    version, waiting = await rotate_master_key(settings)
    # Then the new version is active, and the keys wait for the re-wrap job
    assert (version, waiting) == (2, 2)
    assert await case_key_versions(settings) == [1, 1]
    assert await key_status(settings) == (2, {1: 2})
    assert await rewrap(settings) == 2
    assert await case_key_versions(settings) == [2, 2]
    assert await key_status(settings) == (2, {2: 2})
    assert settings.master_key_file is not None
    assert load_key_file(settings.master_key_file).versions == [1, 2]
    assert mode(settings.master_key_file) == 0o600
    running = world.client.app.state.keyring  # type: ignore[attr-defined]
    assert running.versions == [1]  # loaded before the rotation
    opened = await world.call(world.case.harmed, "POST", f"/inbox/{first}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == LETTER
    assert running.versions == [1, 2] and running.active_version == 2  # it reloaded the file
    mine = await world.call(other.harmed, "GET", f"/letters/{second}")
    assert mine.status_code == 200 and mine.json()["body"] == LETTER + " (2)"
    # A new case is wrapped by version 2, and its letters travel
    fresh = await world.new_case([world.fac2])
    assert sorted(await case_key_versions(settings)) == [2, 2, 2]
    third = await world.released_letter(fresh.responsible, LETTER, case=fresh)
    read = await world.call(fresh.harmed, "POST", f"/inbox/{third}/open", {})
    assert read.status_code == 200 and read.json()["body"] == LETTER
    # An app started after the rotation reads the file and opens the old letters too
    restarted = create_app(settings)
    async with (
        restarted.router.lifespan_context(restarted),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=restarted), base_url="http://testserver"
        ) as client,
    ):
        assert restarted.state.keyring.versions == [1, 2]
        again = await client.get(f"/letters/{second}", headers=other.harmed.headers)
        assert again.status_code == 200 and again.json()["body"] == LETTER + " (2)"
    assert (await verify_audit(settings)).ok


async def test_rotating_twice_keeps_every_version_usable(world: World, settings: Settings) -> None:
    letter_id = await world.released_letter(world.case.responsible, LETTER)
    assert (await rotate_master_key(settings))[0] == 2
    # The second rotation comes before any re-wrap: the key goes from 1 straight to 3
    assert (await rotate_master_key(settings)) == (3, 1)
    assert await rewrap(settings) == 1
    assert await case_key_versions(settings) == [3]
    opened = await world.call(world.case.harmed, "POST", f"/inbox/{letter_id}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == LETTER


# ---- shuttle keys destroy-case -------------------------------------------------------------


def assert_gone(response_status: int, headers: dict[str, str], body: dict[str, object]) -> None:
    assert response_status == 410, body
    assert headers["content-type"] == "application/problem+json"
    assert body["status"] == 410 and body["type"] == "urn:shuttle:problem:case-content-destroyed"


async def test_destroyed_case_answers_410_everywhere(world: World, settings: Settings) -> None:
    """Given a released letter with notes and an envelope, when its case key is destroyed,
    then every reader gets 410 problem details and the ciphertext columns are empty."""
    case, fac = world.case, world.fac1
    letter_id = await world.submitted_letter(case.responsible, LETTER)
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/claim")).is_success
    notes = {"notes": "Please leave out the street."}
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/return", notes)).is_success
    revise = {"body": LETTER + " Revised."}
    assert (
        await world.call(case.responsible, "POST", f"/letters/{letter_id}/revise", revise)
    ).is_success
    assert (await world.call(fac, "POST", f"/review/letters/{letter_id}/claim")).is_success
    envelope = {"envelope_note": "An apology."}
    released = await world.call(fac, "POST", f"/review/letters/{letter_id}/release", envelope)
    assert released.status_code == 200
    # When
    assert await destroy_case(settings, case.reference) is True
    # Then
    for actor, method, url in [
        (case.harmed, "GET", f"/cases/{case.case_id}/inbox"),
        (case.harmed, "GET", f"/inbox/{letter_id}"),
        (case.harmed, "POST", f"/inbox/{letter_id}/open"),
        (case.responsible, "GET", f"/letters/{letter_id}"),
        (fac, "GET", f"/review/letters/{letter_id}/versions/1"),
        (fac, "GET", f"/review/letters/{letter_id}/versions/2"),
    ]:
        response = await world.call(actor, method, url, {} if method == "POST" else None)
        assert_gone(response.status_code, dict(response.headers), response.json())
    # And no new letter can be written (sealed with the destroyed key), as draft or submitted
    for submit in (False, True):
        written = await world.call(
            case.responsible,
            "POST",
            f"/cases/{case.case_id}/letters",
            {"body": LETTER, "submit": submit},
        )
        assert_gone(written.status_code, dict(written.headers), written.json())
    sent = (await world.call(case.responsible, "GET", f"/cases/{case.case_id}/sent")).json()
    assert [s["id"] for s in sent] == [letter_id]
    tables = SQLModel.metadata.tables
    versions, notes_table = tables["letter_version"].c, tables["letter_note"].c
    letters = tables["letter"].c
    lid = uuid.UUID(letter_id)
    bodies = await run_sql(settings, select(versions.body).where(versions.letter_id == lid))
    notes_left = await run_sql(
        settings, select(notes_table.body).where(notes_table.letter_id == lid)
    )
    assert [b for (b,) in bodies] == [b"", b""] and [b for (b,) in notes_left] == [b""]
    envelope_left = await run_sql(settings, select(letters.envelope_note).where(letters.id == lid))
    assert [e for (e,) in envelope_left] == [None]
    keys = await run_sql(settings, "SELECT wrapped_key, destroyed_at FROM case_key")
    assert [(k.wrapped_key, k.destroyed_at is not None) for k in keys] == [(None, True)]
    assert (await verify_audit(settings)).ok


async def test_destroy_by_id_or_reference_once_and_unknown_cases(
    world: World, settings: Settings
) -> None:
    """Given two cases, destroying works by reference (any case) and by id, once each, and
    leaves other cases readable; an unknown case raises CaseNotFound naming it."""
    other = await world.new_case([world.fac1])
    kept = await world.released_letter(world.case.responsible, LETTER)
    assert await destroy_case(settings, other.reference.lower()) is True
    assert await destroy_case(settings, other.case_id) is False
    opened = await world.call(world.case.harmed, "POST", f"/inbox/{kept}/open", {})
    assert opened.status_code == 200 and opened.json()["body"] == LETTER
    assert await destroy_case(settings, world.case.case_id) is True
    assert await destroy_case(settings, world.case.reference) is False
    gone = await world.call(world.case.harmed, "POST", f"/inbox/{kept}/open", {})
    assert gone.status_code == 410
    with pytest.raises(CaseNotFound, match="no case 'SH-NOPE99'"):
        await destroy_case(settings, "SH-NOPE99")
    with pytest.raises(CaseNotFound, match=str(uuid.UUID(int=0))):
        await destroy_case(settings, str(uuid.UUID(int=0)))


async def test_destroying_leaves_no_copy_in_the_sqlite_log(
    world: World, settings: Settings
) -> None:
    """After destroy-case, neither the database file nor its WAL holds the old wrapped key."""
    if not settings.is_sqlite:
        pytest.skip("the write-ahead log file is SQLite's")
    await world.released_letter(world.case.responsible, LETTER)
    wrapped = (await run_sql(settings, "SELECT wrapped_key FROM case_key"))[0][0]
    assert await destroy_case(settings, world.case.reference) is True
    path = Path(settings.database_url.split("///", 1)[1])
    for candidate in (path, path.with_name(path.name + "-wal")):
        if candidate.exists():
            assert wrapped not in candidate.read_bytes(), candidate.name


def test_a_running_ring_wraps_with_the_version_a_rotation_wrote(tmp_path: Path) -> None:
    """A process that loaded the key file before `keys rotate` wraps new keys with the new
    version as soon as the file changes, so rotation leaves no case key behind."""
    path = tmp_path / "keys.json"
    running = generate_key_file(path)
    write_key_file(path, with_new_version(load_key_file(path)))
    case_id = uuid.uuid4()
    assert running.wrap(case_id, aead.new_data_key()).master_version == 2

"""The hash-chained audit log: what a real exchange records, and that tampering is caught."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.audit import service as audit
from shuttle.audit.models import AuditEntry
from shuttle.audit.service import entry_hash
from shuttle.commands import verify_audit
from shuttle.config import Settings
from shuttle.db import before_commit, create_engine, session_factory, transaction
from shuttle.timeutil import utcnow
from tests.fixtures.world import World, run_sql

AUDIT = SQLModel.metadata.tables["audit_entry"]
ENTRY = AUDIT.c
SHUTTLE = Path(sys.executable).parent / "shuttle"


def letter_text(marker: str) -> str:
    return (
        "You asked why I chose your car. The truth is there was no reason, and I know that "
        f"is hard to hear. I think about the {marker} you left on the seat and I am sorry."
    )


async def exchange(world: World, first: str, revised: str, notes: str) -> str:
    """Submit, claim, return, resubmit, claim, release, open and read again: a full round."""
    case, fac = world.case, world.fac1
    letter_id = await world.submitted_letter(case.responsible, first)
    base = f"/review/letters/{letter_id}"
    steps = [
        (fac, "POST", f"{base}/claim", None),
        (fac, "GET", f"{base}/versions/1", None),
        (fac, "POST", f"{base}/return", {"notes": notes}),
        (case.responsible, "GET", f"/letters/{letter_id}", None),
        (case.responsible, "POST", f"/letters/{letter_id}/revise", {"body": revised}),
        (fac, "POST", f"{base}/claim", None),
        (fac, "POST", f"{base}/release", {"envelope_note": "A reply to your question."}),
        (case.harmed, "POST", f"/inbox/{letter_id}/open", {"tell_author": True}),
        (case.harmed, "POST", f"/inbox/{letter_id}/open", {}),
    ]
    for actor, method, url, body in steps:
        response = await world.call(actor, method, url, body)
        assert response.status_code == 200, (url, response.text)
    return letter_id


async def entries(settings: Settings) -> list[AuditEntry]:
    rows = await run_sql(settings, select(AUDIT).order_by(ENTRY.seq))
    return [AuditEntry.model_validate(row._mapping) for row in rows]


async def last_seq(settings: Settings) -> int:
    return int((await run_sql(settings, select(func.max(ENTRY.seq))))[0][0])


async def assert_broken_at(settings: Settings, seq: int) -> None:
    report = await verify_audit(settings)
    assert not report.ok and report.first_bad_seq == seq, report
    assert report.problem is not None and str(seq) in report.problem


async def test_a_full_exchange_leaves_an_intact_chain_of_content_free_entries(
    world: World,
) -> None:
    """Given a full exchange, the chain verifies, holds every step, and never holds text."""
    markers = [f"m-{uuid.uuid4().hex}" for _ in range(3)]
    first, revised = letter_text(markers[0]), letter_text(markers[1])
    letter_id = await exchange(world, first, revised, f"Please leave out the {markers[2]}.")
    report = await verify_audit(world.settings)
    chain = await entries(world.settings)
    assert report.ok and report.checked == len(chain) and report.first_bad_seq is None
    assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
    for earlier, later in itertools.pairwise(chain):
        assert later.prev_hash == earlier.hash
    on_letter = [e.action for e in chain if e.letter_id == uuid.UUID(letter_id)]
    assert on_letter == [
        "letter.drafted",
        "letter.submitted",
        "letter.screened",
        "letter.claimed",
        "letter.read",
        "letter.returned",
        "letter.read",
        "letter.resubmitted",
        "letter.screened",
        "letter.claimed",
        "letter.released",
        "letter.delivered",
        "letter.opened",
        "letter.read",
    ]
    reads = [e.detail for e in chain if e.action in ("letter.read", "letter.opened")]
    assert [d["as"] for d in reads] == ["facilitator", "author", "recipient", "recipient"]
    everything = json.dumps([e.model_dump(mode="json") for e in chain])
    for fragment in [*markers, "leave out", "no reason", "A reply to your question"]:
        assert fragment not in everything


async def test_a_changed_action_or_detail_is_caught_at_that_entry(world: World) -> None:
    """Given an intact chain, when one entry's action and later another's detail is edited
    in the database, verification fails naming exactly that entry."""
    settings = world.settings
    await world.released_letter(world.case.responsible, letter_text("bicycle"))
    chain = await entries(settings)
    released = next(e for e in chain if e.action == "letter.released")
    await run_sql(
        settings,
        update(AUDIT).where(ENTRY.seq == released.seq).values(action="letter.held"),
    )
    await assert_broken_at(settings, released.seq)
    await run_sql(
        settings,
        update(AUDIT).where(ENTRY.seq == released.seq).values(action="letter.released"),
    )
    assert (await verify_audit(settings)).ok  # restored, byte for byte, the chain holds again
    consent = next(e for e in chain if e.action == "consent.given")
    forged = {**consent.detail, "party": str(uuid.uuid4())}
    await run_sql(settings, update(AUDIT).where(ENTRY.seq == consent.seq).values(detail=forged))
    await assert_broken_at(settings, consent.seq)


async def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(world: World) -> None:
    settings = world.settings
    chain = await entries(settings)
    target = chain[len(chain) // 2]
    detail = {**target.detail, "note": "rewritten"}
    digest = entry_hash(
        prev_hash=target.prev_hash,
        seq=target.seq,
        at_iso=target.at.isoformat(),
        actor_id=target.actor_id,
        action=target.action,
        case_id=target.case_id,
        letter_id=target.letter_id,
        detail=detail,
    )
    await run_sql(
        settings,
        update(AUDIT).where(ENTRY.seq == target.seq).values(detail=detail, hash=digest),
    )
    await assert_broken_at(settings, target.seq + 1)


async def test_a_deleted_middle_entry_is_named(world: World) -> None:
    settings = world.settings
    middle = (await last_seq(settings)) // 2
    await run_sql(settings, delete(AUDIT).where(ENTRY.seq == middle))
    await assert_broken_at(settings, middle)


async def test_a_deleted_last_entry_is_caught_by_the_head(world: World) -> None:
    settings = world.settings
    last = await last_seq(settings)
    await run_sql(settings, delete(AUDIT).where(ENTRY.seq == last))
    await assert_broken_at(settings, last)


async def _append_forged(settings: Settings, *, computed: bool) -> int:
    """Append an entry by SQL, bypassing the head; a made-up hash unless told to compute it."""
    last = (await entries(settings))[-1]
    seq, at = last.seq + 1, utcnow()
    detail = {"version": 1}
    digest = entry_hash(
        prev_hash=last.hash,
        seq=seq,
        at_iso=at.isoformat(),
        actor_id=None,
        action="letter.released",
        case_id=None,
        letter_id=None,
        detail=detail,
    )
    await run_sql(
        settings,
        insert(AUDIT).values(
            seq=seq,
            at=at,
            action="letter.released",
            detail=detail,
            prev_hash=last.hash,
            hash=digest if computed else "f" * 64,
        ),
    )
    return seq


async def test_an_appended_entry_with_a_made_up_hash_is_caught(world: World) -> None:
    seq = await _append_forged(world.settings, computed=False)
    await assert_broken_at(world.settings, seq)


async def test_an_appended_entry_with_a_valid_hash_but_no_head_update_is_caught(
    world: World,
) -> None:
    """Given a forged entry whose hash is right, the head that was not moved exposes it."""
    seq = await _append_forged(world.settings, computed=True)
    await assert_broken_at(world.settings, seq)
    head = await run_sql(world.settings, select(SQLModel.metadata.tables["audit_head"].c.seq))
    assert head == [(seq - 1,)]


async def test_appends_from_two_processes_at_once_and_a_rolled_back_one_keep_one_chain(
    world: World,
) -> None:
    """Each process appends onto the head it last wrote when it still is the head; here it
    seldom is: two engines (as two processes) append in turn, then at once, and one append
    rolls back after moving the head. The chain stays whole, in order, without the rollback."""
    settings = world.settings
    engines = [create_engine(settings), create_engine(settings)]
    factories = [session_factory(engine) for engine in engines]

    async def append(n: int, *, fail: bool = False) -> None:
        async with transaction(factories[n % 2]) as session:
            await audit.record(session, actor_id=None, action="test.append", detail={"n": n})
            if fail:

                async def fail_after_the_audit(_: AsyncSession) -> None:
                    raise RuntimeError("rolled back after the audit head moved")

                before_commit(session, fail_after_the_audit)

    try:
        for n in range(4):
            await append(n)
            await world.submitted_letter(world.case.responsible, letter_text(f"turn {n}"))
        with pytest.raises(RuntimeError):
            await append(4, fail=True)
        await append(5)
        await asyncio.gather(*(append(n) for n in range(6, 16)))
    finally:
        for engine in engines:
            await engine.dispose()
    report = await verify_audit(settings)
    chain = await entries(settings)
    assert report.ok and report.checked == len(chain), report
    appended = [e.detail["n"] for e in chain if e.action == "test.append"]
    assert appended[:5] == [0, 1, 2, 3, 5] and sorted(appended[5:]) == list(range(6, 16))


# ---- shuttle audit verify -----------------------------------------------------------------


async def cli_verify(settings: Settings, cwd: Path) -> tuple[int, str, str]:
    """Run `shuttle audit verify` as its own process against the test's database."""
    assert settings.master_keys is not None
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHUTTLE_")}
    env |= {
        "SHUTTLE_DATABASE_URL": settings.database_url,
        "SHUTTLE_MASTER_KEYS": settings.master_keys.get_secret_value(),
    }
    process = await asyncio.create_subprocess_exec(
        str(SHUTTLE),
        "audit",
        "verify",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.mark.slow
async def test_cli_verify_says_ok_then_names_the_tampered_entry(
    world: World, tmp_path: Path
) -> None:
    """Given an intact chain the CLI exits 0 saying OK; after tampering it exits 1 naming it."""
    settings = world.settings
    await world.released_letter(world.case.responsible, letter_text("bicycle"))
    count = await last_seq(settings)
    code, out, err = await cli_verify(settings, tmp_path)
    assert code == 0, err
    assert f"audit chain OK: {count} entries" in out
    target = count - 3
    await run_sql(
        settings,
        update(AUDIT).where(ENTRY.seq == target).values(actor_id=uuid.uuid4()),
    )
    code, out, err = await cli_verify(settings, tmp_path)
    assert code == 1 and "OK" not in out
    assert f"audit chain BROKEN at entry {target}:" in err
    assert f"({target - 1} entries verified before it)" in err


async def test_the_case_timeline_shows_staff_who_did_what_newest_first(world: World) -> None:
    """The case page's audit trail: the case's facilitators and coordinator, nobody else."""
    letter_id = await exchange(world, letter_text("kettle"), letter_text("scarf"), "Leave out.")
    case = world.case
    url = f"/cases/{case.case_id}/timeline"
    answer = await world.call(world.fac1, "GET", url)
    assert answer.status_code == 200
    timeline = answer.json()
    assert [e["seq"] for e in timeline] == sorted((e["seq"] for e in timeline), reverse=True)
    released = next(e for e in timeline if e["action"] == "letter.released")
    assert released["letter_id"] == letter_id
    assert (released["actor_name"], released["actor_role"]) == ("Rowan Facilitator", "facilitator")
    assert {"case.opened", "party.added", "letter.opened"} <= {e["action"] for e in timeline}
    assert "kettle" not in answer.text and "Leave out" not in answer.text
    assert (await world.call(world.coordinator, "GET", url)).status_code == 200
    other = await world.new_case([world.outsider])
    for stranger in (world.outsider, case.harmed, other.responsible):
        assert (await world.call(stranger, "GET", url)).status_code == 404

"""HTTP figures against one database: the submit path, the review queue, a participant's lists.

One uvicorn process (bench/app.py: Shuttle's app plus a bare baseline route) on loopback;
the load comes from bench/load.py in this process (the two share the machine's cores).

- submit_ratio: successful submits per second (POST /cases/{id}/letters with submit=true: a
  clean 250-word letter; authentication, access check, consent, screening, encryption, audit,
  events and outbox, one transaction) divided by successful baseline requests per second
  (POST /bench/baseline: one row inserted with SQLModel), both from 50 keep-alive clients
  sending back to back; the two alternate in short rounds so that drift hits both alike.
- submit_p99_ms: p99 latency of submits arriving at a steady 100 per second (open loop:
  arrivals never wait for answers; latency counts from when the request was due).
- queue_p99_ms / queue_growth: one facilitator assigned to 1,000 cases, one client asking for
  the first page of GET /review/queue (50 letters) again and again; with 1,000 letters waiting
  (one per case), then with 100,000 (100 per case); growth = p99 at 100,000 / p99 at 1,000.
- inbox_p99_ms: one client asking for GET /cases/{id}/inbox of the person harmed in a case
  where 500 letters have been delivered to them (sealed, each with an envelope note);
  sent_p99_ms: the same 500 letters in their writer's GET /cases/{id}/sent.
- scale_2_workers (PostgreSQL only): submits per second with `--workers 2` divided by the
  rate with one worker measured just before.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import seed
from bench.app import create_baseline_table
from bench.common import (
    Figure,
    MachineBusy,
    Server,
    at_least,
    at_most,
    below,
    bench_env,
    info,
    progress,
    start_bench_app,
)
from bench.load import LoadResult, closed_loop, open_loop, request_bytes, sequential
from bench.screening import letter_of
from moderation.screening.evaluation import load as load_letters
from shuttle.config import Settings
from shuttle.crypto.keyring import parse_inline_keys
from tests.fixtures.databases import create_run_database, drop_run_database, sqlite_url
from tests.fixtures.processes import shuttle
from tests.fixtures.world import CaseActors, World

LETTERS = Path(__file__).resolve().parent.parent / "tests" / "screening" / "eval_letters.txt"
CLIENTS = 50
OPEN_RATE = 100.0
SEEDED_CASES = 1_000
INBOX_LETTERS = 500
SUBMIT_CASES = 2  # cases whose authors submit (CLIENTS / SUBMIT_CASES clients each)


@dataclass
class Durations:
    """Seconds spent on each measurement (the whole `make bench` must stay under 5 minutes)."""

    closed_round: float = 2.5  # one round of baseline or submit; rounds alternate
    rounds: int = 2
    open_loop: float = 6.0
    read: float = 2.5  # each sequential read figure
    scale: float = 5.0  # PostgreSQL, 1 worker vs 2

    @classmethod
    def quick(cls) -> Durations:
        """For trying the harness out."""
        return cls(closed_round=1.5, rounds=1, open_loop=3.0, read=1.0, scale=2.0)


@dataclass
class SubmitFigures:
    """The closed-loop rounds, added up."""

    baseline: list[LoadResult] = field(default_factory=list)
    submit: list[LoadResult] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)  # server CPU seconds
    answered: dict[str, int] = field(default_factory=dict)

    def cpu_ms(self, what: str) -> float:
        """Server CPU milliseconds per request: robust to a busy machine, unlike rates."""
        return self.cpu[what] / self.answered[what] * 1000 if self.answered.get(what) else math.nan

    @staticmethod
    def rate(results: list[LoadResult]) -> float:
        """Successful answers per second over every round."""
        seconds = sum(r.seconds for r in results)
        return sum(r.ok for r in results) / seconds if seconds else math.nan


def letter_body() -> str:
    """A clean letter of about 250 words (no findings: the common case)."""
    texts = [letter.text for letter in load_letters(LETTERS) if not letter.labels]
    return letter_of(texts, 250)


def check(result: LoadResult, what: str) -> None:
    """Say so when requests failed: a figure of failures would mean nothing."""
    failed = sum(c for s, c in result.statuses.items() if not 200 <= s < 300) + result.errors
    if failed:
        progress(f"{what}: {failed} requests failed; first: {result.first_failure}")


async def build(
    server: Server, settings: Settings, env: dict[str, str]
) -> tuple[World, list[CaseActors], list[seed.SeededCase]]:
    """Staff, cases for the writers (through the API), and the seeded cases and letters."""
    async with httpx.AsyncClient(base_url=server.base_url, timeout=60) as client:
        world = await World.build(client, settings)
        writers = [world.case]
        for _ in range(SUBMIT_CASES - 1):
            writers.append(await world.new_case([world.fac1, world.fac2]))
    keyring = parse_inline_keys(env["SHUTTLE_MASTER_KEYS"])
    engine = seed.seeding_engine(settings)
    try:
        seeded = await seed.cases(
            engine,
            keyring,
            count=SEEDED_CASES,
            facilitator_id=world.fac1.id,
            coordinator_id=world.coordinator.id,
        )
        await seed.queued_letters(
            engine,
            seeded,
            per_case=1,
            writer_id=world.coordinator.id,
            facilitator_id=world.fac1.id,
            seed=1,
        )
        await seed.delivered_letters(
            engine,
            keyring,
            case_id=uuid.UUID(world.case.case_id),
            author_party_id=uuid.UUID(world.case.responsible_party_id),
            recipient_party_id=uuid.UUID(world.case.harmed_party_id),
            writer_id=world.case.responsible.id,
            facilitator_id=world.fac1.id,
            count=INBOX_LETTERS,
        )
        await seed.analyse(engine)
    finally:
        await engine.dispose()
    return world, writers, seeded


async def grow_queue(settings: Settings, world: World, seeded: list[seed.SeededCase]) -> None:
    """From one to 100 letters waiting per seeded case."""
    engine = seed.seeding_engine(settings)
    try:
        await seed.queued_letters(
            engine,
            seeded,
            per_case=99,
            writer_id=world.coordinator.id,
            facilitator_id=world.fac1.id,
            seed=2,
        )
        await seed.analyse(engine)
    finally:
        await engine.dispose()


async def read_p99(server: Server, path: str, token: str, seconds: float, what: str) -> LoadResult:
    """One client asking for `path` again and again."""
    request = request_bytes("GET", path, port=server.port, headers=_auth(token))
    result = await sequential(server.port, request, seconds=seconds)
    check(result, what)
    return result


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def submit_requests(server: Server, writers: list[CaseActors], body: str) -> Callable[[int], bytes]:
    """Client n submits, as the person responsible in writer case n % 5."""
    prepared = [
        request_bytes(
            "POST",
            f"/cases/{case.case_id}/letters",
            port=server.port,
            headers=_auth(case.responsible.token),
            body={"body": body, "submit": True},
        )
        for case in writers
    ]
    return lambda n: prepared[n % len(prepared)]


async def submit_rounds(
    server: Server, writers: list[CaseActors], body: str, durations: Durations
) -> SubmitFigures:
    """Baseline and submit, alternately, 50 clients each."""
    baseline = request_bytes("POST", "/bench/baseline", port=server.port, body={})
    submit = submit_requests(server, writers, body)
    figures = SubmitFigures()
    for _ in range(durations.rounds):
        for results, request_for, what in (
            (figures.baseline, lambda n: baseline, "baseline"),
            (figures.submit, submit, "submit"),
        ):
            cpu = server.cpu_seconds()
            result = await closed_loop(
                server.port,
                request_for,
                connections=CLIENTS,
                seconds=durations.closed_round,
                warmup=0.5,
            )
            figures.cpu[what] = figures.cpu.get(what, 0.0) + server.cpu_seconds() - cpu
            figures.answered[what] = figures.answered.get(what, 0) + result.answered
            check(result, what)
            results.append(result)
    return figures


async def measure_all(
    label: str,
    database_url: str,
    directory: Path,
    redis_url: str,
    durations: Durations,
    *,
    postgres: bool,
    profile: Path | None,
) -> list[Figure]:
    """Every HTTP figure on one database."""
    env = bench_env(directory, database_url, redis_url)
    if not postgres:
        migrated = shuttle(env, "migrate")
        if migrated.returncode != 0:
            raise RuntimeError(f"shuttle migrate failed:\n{migrated.stderr}")
    await create_baseline_table(database_url)
    settings = Settings(
        database_url=database_url,
        var_dir=directory / "var",
        argon2_memory_kib=64,
        argon2_time_cost=1,
        argon2_parallelism=1,
    )
    suffix = "" if label == "sqlite" else f"_{label}"
    figures: list[Figure] = []
    server = await asyncio.to_thread(start_bench_app, env, f"api-{label}", directory)
    try:
        progress(f"{label}: building {SUBMIT_CASES} cases over HTTP, seeding {SEEDED_CASES} more")
        started = time.perf_counter()
        world, writers, seeded = await build(server, settings, env)
        progress(f"{label}: built and seeded in {time.perf_counter() - started:.1f} s")
        fac = world.fac1.token

        small = await read_p99(server, "/review/queue", fac, durations.read, "queue (1,000)")
        inbox = await read_p99(
            server,
            f"/cases/{world.case.case_id}/inbox",
            world.case.harmed.token,
            durations.read,
            "inbox",
        )
        sent = await read_p99(
            server,
            f"/cases/{world.case.case_id}/sent",
            world.case.responsible.token,
            durations.read,
            "sent",
        )
        started = time.perf_counter()
        await grow_queue(settings, world, seeded)
        progress(f"{label}: 99,000 more letters queued in {time.perf_counter() - started:.1f} s")
        large = await read_p99(server, "/review/queue", fac, durations.read, "queue (100,000)")
        large_p99, small_p99 = large.p(99), small.p(99)
        figures += [
            below(f"queue_p99_ms{suffix}", large_p99, "ms", 25.0, f"p50 {large.p(50):.1f}"),
            at_most(
                f"queue_growth{suffix}",
                large_p99 / small_p99,
                "x",
                1.5,
                f"p99 {small_p99:.1f} ms with 1,000 waiting; p50 growth "
                f"{large.p(50) / small.p(50):.2f}",
            ),
        ]
        if not postgres:
            figures += [
                below("inbox_p99_ms", inbox.p(99), "ms", 20.0, f"p50 {inbox.p(50):.1f}"),
                below("sent_p99_ms", sent.p(99), "ms", 20.0, f"p50 {sent.p(50):.1f}"),
            ]

        progress(f"{label}: submit vs baseline, {CLIENTS} clients")
        body = letter_body()
        spy = _py_spy(server, profile, f"submit-{label}", durations) if profile else None
        rounds = await submit_rounds(server, writers, body, durations)
        if spy is not None:
            spy.wait()
        submit_rate = SubmitFigures.rate(rounds.submit)
        baseline_rate = SubmitFigures.rate(rounds.baseline)
        closed_p99 = max(r.p(99) for r in rounds.submit)
        progress(f"{label}: submits arriving at {OPEN_RATE:.0f}/s (open loop)")
        steady = await open_loop(
            server.port,
            submit_requests(server, writers, body),
            rate=OPEN_RATE,
            seconds=durations.open_loop,
        )
        check(steady, "open-loop submit")
        figures += [
            at_least(
                f"submit_ratio{suffix}",
                submit_rate / baseline_rate,
                "x",
                0.5,
                f"{submit_rate:.0f} submit/s vs {baseline_rate:.0f} baseline/s",
            ),
            info(
                f"submit_rps{suffix}",
                submit_rate,
                "req/s",
                f"p99 {closed_p99:.0f} ms; server CPU {rounds.cpu_ms('submit'):.1f} ms/request",
            ),
            info(
                f"baseline_rps{suffix}",
                baseline_rate,
                "req/s",
                f"server CPU {rounds.cpu_ms('baseline'):.1f} ms/request",
            ),
            info(
                f"submit_cpu_ratio{suffix}",
                rounds.cpu_ms("baseline") / rounds.cpu_ms("submit"),
                "x",
                "baseline CPU per request / submit CPU per request (the ratio a machine of "
                "its own would give, were the server CPU-bound)",
            ),
            below(
                f"submit_p99_ms{suffix}",
                steady.p(99)
                if not steady.errors and steady.ok == len(steady.latencies_ms)
                else math.inf,
                "ms",
                50.0,
                f"p50 {steady.p(50):.1f}, {steady.ok} answered, {steady.errors} dropped, "
                f"{steady.connections} conns",
            ),
        ]
        if postgres:
            server.stop()
            progress(f"{label}: submit with 1 worker, then 2 workers")
            rates = []
            busy = []
            for workers in (1, 2):
                server = await asyncio.to_thread(
                    start_bench_app, env, f"api-{label}-{workers}w", directory, workers=workers
                )
                machine_busy = MachineBusy()
                result = await closed_loop(
                    server.port,
                    submit_requests(server, writers, body),
                    connections=CLIENTS,
                    seconds=durations.scale,
                    warmup=1.0,
                )
                busy.append(machine_busy.share())
                check(result, f"submit with {workers} workers")
                rates.append(result.rate)
                server.stop()
            figures.append(
                at_least(
                    "scale_2_workers",
                    rates[1] / rates[0],
                    "x",
                    1.3,
                    f"{rates[0]:.0f} -> {rates[1]:.0f} submit/s; all CPUs busy "
                    f"{busy[0]:.0%} -> {busy[1]:.0%} (servers, PostgreSQL, load generator)",
                )
            )
    finally:
        server.stop()
    return figures


def _py_spy(
    server: Server, directory: Path, name: str, durations: Durations
) -> subprocess.Popen[bytes] | None:
    """A py-spy flame graph of the server during the submit rounds, when py-spy is there."""
    py_spy = shutil.which("py-spy") or str(Path(sys.prefix) / "bin" / "py-spy")
    if not Path(py_spy).exists():
        progress("py-spy is not installed; no profile")
        return None
    directory.mkdir(parents=True, exist_ok=True)
    seconds = int(durations.rounds * 2 * (durations.closed_round + 0.5)) + 1
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            py_spy,
            "record",
            "--pid",
            str(server.process.pid),
            "--duration",
            str(seconds),
            "--format",
            "speedscope",
            "--output",
            str(directory / f"{name}.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def run(
    redis_url: str, durations: Durations, *, postgres: bool, profile: Path | None
) -> list[Figure]:
    """SQLite always; PostgreSQL too when asked for (and reachable)."""
    figures: list[Figure] = []
    directory = Path(tempfile.mkdtemp(prefix="shuttle-bench-api-"))
    try:
        figures += asyncio.run(
            measure_all(
                "sqlite",
                sqlite_url(directory / "shuttle.db"),
                directory,
                redis_url,
                durations,
                postgres=False,
                profile=profile,
            )
        )
        if postgres:
            url = asyncio.run(create_run_database())
            try:
                figures += asyncio.run(
                    measure_all(
                        "pg",
                        url,
                        directory,
                        redis_url,
                        durations,
                        postgres=True,
                        profile=profile,
                    )
                )
            finally:
                with contextlib.suppress(Exception):
                    asyncio.run(drop_run_database(url))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return figures

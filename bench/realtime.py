"""Live events against real `shuttle serve` processes: release-to-frame latency, idle memory.

1. Release-to-frame latency. Two API processes, A and B, share one database and one Redis. The
   person harmed in a case listens on A's `/ws` with Shuttle's Python client; a facilitator
   releases letters the person responsible wrote beforehand, one at a time, alternately on A
   (the subscriber's own process: the hub is woken in-process) and on B (A's hub is woken by
   Redis pub/sub; the database poll is set to 30 s so that it cannot be what delivers).
   Measured: from just before the release request is sent to the `letter.waiting` frame
   arriving at the subscriber, so it includes the request itself; the request's own latency
   (send to response) is printed beside it. "commit -> frame" is the frame's arrival (wall
   clock) minus the event's `at` (stamped by the server just before its commit).
   Targets: p99 under 50 ms in one process, under 100 ms across two.

2. Memory per idle websocket. A fresh API process; its RSS (/proc/<pid>/status VmRSS) before and
   after opening N (5,000) authenticated idle websockets (hello sent, "ready" received).
   Done twice: with the client not offering per-message compression (as Shuttle's Python client
   does) and offering it (as every browser does; uvicorn negotiates it by default).
   Target: the process under 400 MB (400 x 10^6 bytes) RSS with 5,000 open.

SQLite and the Redis on 127.0.0.1:6379 by default (the embedded Redis when none answers there);
`--postgres` uses a fresh PostgreSQL database, dropped afterwards. Figures are printed, never
asserted. Run with `make bench` or `.venv/bin/python bench/realtime.py --help`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import secrets
import shutil
import signal
import sys
import tempfile
import time
from base64 import b64encode
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

from bench.common import Figure, Server, below, print_table, progress, start_server  # noqa: E402
from clients.python import Subscription  # noqa: E402
from shuttle.config import Settings  # noqa: E402
from shuttle.redis import EmbeddedRedis  # noqa: E402
from tests.fixtures.databases import (  # noqa: E402
    create_run_database,
    drop_run_database,
    postgres_reachable,
    reachable,
    sqlite_url,
)
from tests.fixtures.processes import FAST_ARGON2, clean_env, shuttle  # noqa: E402
from tests.fixtures.world import World  # noqa: E402

SAME_TARGET_MS = 50.0
CROSS_TARGET_MS = 100.0
MEMORY_TARGET_BYTES = 400_000_000
FRAME_TIMEOUT = 5.0  # a frame later than this counts as missed (the poll is 30 s)
WARMUP = 10  # releases per path not counted
LETTER = (
    "Thank you for agreeing to read this letter. I have thought a lot about what I did, and I "
    "would like to tell you what I have been doing since then. I am truly sorry. ({n})"
)


def raise_nofile(wanted: int) -> int:
    """Raise this process's open-file limit (children inherit it); returns the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ---- figures -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (inf for a missed frame sorts last)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def ms(value: float) -> str:
    """Milliseconds for the table."""
    if math.isinf(value):
        return f">{FRAME_TIMEOUT * 1000:.0f}"
    if math.isnan(value):
        return "-"
    return f"{value:.1f}"


@dataclass
class PathFigures:
    """One path's measurements, in milliseconds."""

    name: str
    target_ms: float
    frame: list[float] = field(default_factory=list)  # release sent -> frame (inf: missed)
    request: list[float] = field(default_factory=list)  # release sent -> response
    commit: list[float] = field(default_factory=list)  # event stamped -> frame (wall clocks)
    errors: int = 0

    @property
    def missed(self) -> int:
        """Frames that never came within FRAME_TIMEOUT."""
        return sum(1 for value in self.frame if math.isinf(value))


@dataclass
class MemoryFigures:
    """One idle-websocket run."""

    client: str
    wanted: int
    opened: int = 0
    failures: int = 0
    negotiated: str = "-"
    rss_before: int = 0
    rss_after: int = 0
    open_seconds: float = 0.0
    idle_cpu_percent: float = 0.0
    first_error: str = ""


# ---- release-to-frame latency ------------------------------------------------------------------


class Arrivals:
    """`letter.waiting` frames by letter id: when they arrived, and how old their event was."""

    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Future[tuple[float, float]]] = {}

    def expect(self, letter_id: str) -> asyncio.Future[tuple[float, float]]:
        """A future for this letter's frame: (perf_counter at arrival, commit -> frame ms)."""
        future: asyncio.Future[tuple[float, float]] = asyncio.get_running_loop().create_future()
        self._waiting[letter_id] = future
        return future

    async def collect(self, subscription: Subscription) -> None:
        """Note each frame the moment the client hands it over."""
        async for event in subscription:
            arrived = time.perf_counter()
            age_ms = (datetime.now(UTC) - event.at).total_seconds() * 1000
            if event.type != "letter.waiting" or event.letter_id is None:
                continue
            future = self._waiting.pop(str(event.letter_id), None)
            if future is not None and not future.done():
                future.set_result((arrived, age_ms))


async def write_letters(
    clients: list[httpx.AsyncClient], world: World, count: int, concurrency: int = 6
) -> list[str]:
    """`count` letters written and submitted by the person responsible, spread over servers."""
    case = world.case
    limit = asyncio.Semaphore(concurrency)
    ids: list[str | None] = [None] * count

    async def one(n: int) -> None:
        async with limit:
            response = await clients[n % len(clients)].post(
                f"/cases/{case.case_id}/letters",
                headers=case.responsible.headers,
                json={"body": LETTER.format(n=n), "submit": True},
            )
            if response.status_code != 201:
                raise RuntimeError(f"writing a letter failed: {response.text}")
            ids[n] = response.json()["id"]

    await asyncio.gather(*(one(n) for n in range(count)))
    return [letter_id for letter_id in ids if letter_id is not None]


async def claim_all(
    clients: list[httpx.AsyncClient],
    headers: dict[str, str],
    letters: list[str],
    concurrency: int = 6,
) -> None:
    """The facilitator claims every letter beforehand, so that each release is one request."""
    limit = asyncio.Semaphore(concurrency)

    async def one(n: int, letter_id: str) -> None:
        async with limit:
            claimed = await clients[n % len(clients)].post(
                f"/review/letters/{letter_id}/claim", headers=headers
            )
            if claimed.status_code != 200:
                raise RuntimeError(f"claiming a letter failed: {claimed.text}")

    await asyncio.gather(*(one(n, letter_id) for n, letter_id in enumerate(letters)))


async def measure_latency(
    a: Server, b: Server, settings: Settings, releases: int
) -> tuple[list[PathFigures], World]:
    """Build a case over HTTP, then time `releases` releases on each path."""
    timeout = httpx.Timeout(30.0)
    async with (
        httpx.AsyncClient(base_url=a.base_url, timeout=timeout) as client_a,
        httpx.AsyncClient(base_url=b.base_url, timeout=timeout) as client_b,
    ):
        progress("building a case over HTTP")
        world = await World.build(client_a, settings)
        paths = [
            (PathFigures("same process (release on A)", SAME_TARGET_MS), client_a),
            (PathFigures("across processes (B -> A)", CROSS_TARGET_MS), client_b),
        ]
        if releases <= 0:
            return [], world
        rounds = WARMUP + releases
        started = time.perf_counter()
        letters = await write_letters([client_a, client_b], world, rounds * len(paths))
        progress(f"{len(letters)} letters written in {time.perf_counter() - started:.1f} s")
        facilitator = world.case.facilitators[0]
        started = time.perf_counter()
        await claim_all([client_a, client_b], facilitator.headers, letters)
        progress(f"{len(letters)} letters claimed in {time.perf_counter() - started:.1f} s")

        arrivals = Arrivals()
        subscription = Subscription(a.ws_url, world.case.harmed.token)
        collector = asyncio.create_task(arrivals.collect(subscription))
        try:
            await asyncio.wait_for(subscription.ready.wait(), 10)
            await asyncio.sleep(0.5)  # anything the connection replays has gone by
            progress(f"releasing {rounds} letters on each path, alternately")
            queue = iter(letters)
            for round_number in range(rounds):
                for figures, client in paths:
                    letter_id = next(queue)
                    frame = arrivals.expect(letter_id)
                    sent = time.perf_counter()
                    response = await client.post(
                        f"/review/letters/{letter_id}/release",
                        headers=facilitator.headers,
                        json={"envelope_note": None},
                    )
                    answered = time.perf_counter()
                    if response.status_code != 200:
                        figures.errors += 1
                        frame.cancel()
                        continue
                    try:
                        arrived, age_ms = await asyncio.wait_for(frame, FRAME_TIMEOUT)
                    except TimeoutError:
                        arrived, age_ms = math.inf, math.inf
                    if round_number >= WARMUP:
                        figures.frame.append((arrived - sent) * 1000)
                        figures.request.append((answered - sent) * 1000)
                        figures.commit.append(age_ms)
                    await asyncio.sleep(0.02)  # let both processes settle between releases
        finally:
            await subscription.close()
            collector.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await collector
        return [figures for figures, _ in paths], world


def print_latency(results: list[PathFigures], releases: int) -> None:
    """The latency table."""
    print()
    print(f"release -> frame latency, {releases} releases per path (after {WARMUP} warm-up)")
    print(
        "  measured from just before the release request is sent to the letter.waiting frame\n"
        "  arriving at the subscriber (Shuttle's Python client on A): includes the request.\n"
        "  'request' is the release request alone (send -> response); 'commit->frame' is the\n"
        "  frame's arrival minus the event's server timestamp (same machine clock)."
    )
    header = (
        f"{'path':<29} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} | {'request p50':>11} "
        f"{'p99':>6} | {'commit->frame p50':>17} {'p99':>6} | {'missed':>6} | "
        f"{'target p99':>10}  ok"
    )
    print(header)
    print("-" * len(header))
    for figures in results:
        p99 = percentile(figures.frame, 99)
        ok = "yes" if p99 < figures.target_ms and not figures.errors else "NO"
        print(
            f"{figures.name:<29} {ms(percentile(figures.frame, 50)):>7} {ms(p99):>7} "
            f"{ms(max(figures.frame, default=math.nan)):>7} | "
            f"{ms(percentile(figures.request, 50)):>11} {ms(percentile(figures.request, 99)):>6} | "
            f"{ms(percentile(figures.commit, 50)):>17} {ms(percentile(figures.commit, 99)):>6} | "
            f"{figures.missed:>6} | {'< ' + format(figures.target_ms, '.0f') + ' ms':>10}  {ok}"
        )
        if figures.errors:
            print(f"  {figures.errors} release requests failed")


# ---- idle websockets ---------------------------------------------------------------------------


async def open_idle(
    server: Server,
    tokens: list[str],
    figures: MemoryFigures,
    compression: str | None,
    concurrency: int,
) -> list[ClientConnection]:
    """Open authenticated idle websockets, `concurrency` handshakes at a time."""
    limit = asyncio.Semaphore(concurrency)
    sockets: list[ClientConnection] = []
    negotiated: set[str] = set()

    async def one(n: int) -> None:
        async with limit:
            socket = None
            try:
                socket = await connect(
                    server.ws_url, compression=compression, open_timeout=60, close_timeout=2
                )
                hello = {"type": "hello", "token": tokens[n % len(tokens)]}
                await socket.send(json.dumps(hello))
                frame = json.loads(await asyncio.wait_for(socket.recv(), 60))
                if frame.get("type") != "ready":
                    raise RuntimeError(f"first frame {frame}")
            except Exception as exc:
                figures.failures += 1
                figures.first_error = figures.first_error or f"{type(exc).__name__}: {exc}"
                if socket is not None:
                    with contextlib.suppress(Exception):
                        await socket.close()
                return
            sockets.append(socket)
            handshake = socket.response
            extensions = handshake.headers.get("Sec-WebSocket-Extensions") if handshake else None
            negotiated.add(extensions or "none")

    await asyncio.gather(*(one(n) for n in range(figures.wanted)))
    figures.opened = len(sockets)
    figures.negotiated = ", ".join(sorted(negotiated)) or "-"
    return sockets


async def close_all(sockets: list[ClientConnection], concurrency: int) -> None:
    """Close the client side, a bounded number at a time."""
    limit = asyncio.Semaphore(concurrency)

    async def one(socket: ClientConnection) -> None:
        async with limit:
            with contextlib.suppress(Exception):
                await socket.close()

    await asyncio.gather(*(one(socket) for socket in sockets))


async def measure_memory(
    server: Server, tokens: list[str], figures: MemoryFigures, compression: str | None, width: int
) -> None:
    """RSS of `server` before and after opening `figures.wanted` idle websockets."""
    warm = MemoryFigures(figures.client, min(50, figures.wanted))
    warm_sockets = await open_idle(server, tokens, warm, compression, width)
    await close_all(warm_sockets, width)
    await asyncio.sleep(1.0)
    figures.rss_before = server.rss_bytes()
    started = time.perf_counter()
    sockets = await open_idle(server, tokens, figures, compression, width)
    figures.open_seconds = time.perf_counter() - started
    try:
        await asyncio.sleep(2.0)
        cpu = server.cpu_seconds()
        await asyncio.sleep(3.0)
        figures.idle_cpu_percent = (server.cpu_seconds() - cpu) / 3.0 * 100
        figures.rss_after = server.rss_bytes()
    finally:
        await close_all(sockets, width)


def print_memory(results: list[MemoryFigures]) -> None:
    """The memory table."""
    print()
    print("idle websockets held by one API process (RSS from /proc/<pid>/status VmRSS)")
    print(
        "  KiB/conn = (RSS with the sockets open - RSS before) / sockets open; CPU = the\n"
        "  server's CPU use over 3 s with them open and idle; target: the process's RSS with\n"
        "  5,000 open under 400 MB (400 x 10^6 bytes)."
    )
    header = (
        f"{'client':<30} {'negotiated':<20} {'open':>11} {'open s':>6} {'RSS before':>10} "
        f"{'RSS after':>9} {'delta':>8} {'KiB/conn':>8} {'CPU':>8} | "
        f"{'target':>9}  ok"
    )
    print(header)
    print("-" * len(header))
    for figures in results:
        delta = figures.rss_after - figures.rss_before
        per_conn = delta / figures.opened / 1024 if figures.opened else math.nan
        projected = figures.rss_before + (
            delta / figures.opened * 5000 if figures.opened else math.nan
        )
        ok = "yes" if figures.opened == figures.wanted and projected < MEMORY_TARGET_BYTES else "NO"
        mib = 1024 * 1024
        print(
            f"{figures.client:<30} {figures.negotiated.split(';')[0]:<20} "
            f"{figures.opened:>5}/{figures.wanted:<5} {figures.open_seconds:>6.1f} "
            f"{figures.rss_before / mib:>6.1f} MiB {figures.rss_after / mib:>5.1f} MiB "
            f"{delta / mib:>4.0f} MiB {per_conn:>8.1f} {figures.idle_cpu_percent:>7.1f}% | "
            f"{'< 400 MB':>9}  {ok}"
        )
        if ";" in figures.negotiated:
            print(f"  negotiated: {figures.negotiated}")
        if figures.failures:
            print(f"  {figures.failures} connections failed; first: {figures.first_error}")
        if figures.opened and figures.wanted != 5000:
            print(f"  projected to 5,000: {projected / mib:.0f} MiB")


# ---- the run -----------------------------------------------------------------------------------


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=200, help="counted releases per path")
    parser.add_argument("--connections", type=int, default=5000, help="idle websockets")
    parser.add_argument("--concurrency", type=int, default=200, help="handshakes at a time")
    parser.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL database")
    parser.add_argument(
        "--embedded-redis", action="store_true", help="the embedded Redis even if one answers"
    )
    parser.add_argument("--skip-memory", action="store_true", help="latency only")
    parser.add_argument(
        "--no-browser-like",
        action="store_true",
        help="skip the idle run whose clients offer per-message compression",
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> list[Figure]:
    """Start the processes, measure, print the tables, clean up; the figures for results.json."""
    figures: list[Figure] = []
    began = time.perf_counter()
    nofile = raise_nofile(args.connections * 2 + 1024)
    if nofile < args.connections + 512:
        print(
            f"open-file limit is {nofile}: opening {nofile - 512} websockets, not "
            f"{args.connections}",
            file=sys.stderr,
        )
        args.connections = max(0, nofile - 512)

    directory = Path(tempfile.mkdtemp(prefix="shuttle-bench-realtime-"))
    servers: list[Server] = []
    embedded: EmbeddedRedis | None = None
    postgres_url: str | None = None
    try:
        if not args.embedded_redis and reachable("127.0.0.1", 6379):
            redis_url, redis_label = "redis://127.0.0.1:6379/0", "Redis 127.0.0.1:6379"
        else:
            embedded = EmbeddedRedis(directory / "redis")
            embedded.start()
            redis_url, redis_label = embedded.url, "embedded Redis"
        if args.postgres and postgres_reachable():
            postgres_url = asyncio.run(create_run_database())
            database_url, database_label = postgres_url, "PostgreSQL"
        else:
            if args.postgres:
                print("PostgreSQL does not answer on 127.0.0.1:5432: using SQLite", file=sys.stderr)
            database_url, database_label = sqlite_url(directory / "shuttle.db"), "SQLite"
        env = clean_env(
            SHUTTLE_VAR_DIR=str(directory / "var"),
            SHUTTLE_DATABASE_URL=database_url,
            SHUTTLE_REDIS_URL=redis_url,
            SHUTTLE_MASTER_KEYS="1:" + b64encode(secrets.token_bytes(32)).decode(),
            SHUTTLE_RATE_LIMIT_PREFIX=f"bench-{secrets.token_hex(6)}",
            SHUTTLE_SIGN_IN_LIMIT_PER_ADDRESS="100000 per minute",
            **FAST_ARGON2,
        )
        if postgres_url is None:
            migrated = shuttle(env, "migrate")
            if migrated.returncode != 0:
                raise RuntimeError(f"shuttle migrate failed:\n{migrated.stderr}")
        settings = Settings(
            database_url=database_url,
            var_dir=directory / "var",
            argon2_memory_kib=64,
            argon2_time_cost=1,
            argon2_parallelism=1,
        )
        print(
            f"Shuttle live events: {database_label}, {redis_label}, shuttle serve (API only), "
            f"{os.cpu_count()} CPUs, open-file limit {nofile}"
        )

        progress("starting API processes A and B (event poll every 30 s)")
        poll = {"SHUTTLE_EVENTS_POLL_SECONDS": "30"}
        a = start_server(env, "A", directory, **poll)
        servers.append(a)
        b = start_server(env, "B", directory, **poll)
        servers.append(b)
        latency, world = asyncio.run(measure_latency(a, b, settings, args.releases))
        if latency:
            print_latency(latency, args.releases)
            for name, path in zip(
                ("release_to_ws_p99_ms", "release_to_ws_2proc_p99_ms"), latency, strict=True
            ):
                p99 = percentile(path.frame, 99)
                figures.append(
                    below(
                        name,
                        p99 if not path.errors else math.inf,
                        "ms",
                        path.target_ms,
                        f"p50 {ms(percentile(path.frame, 50))}, request p99 "
                        f"{ms(percentile(path.request, 99))}, {args.releases} releases",
                    )
                )
        for server in (a, b):
            server.stop()
        tokens = [
            world.case.harmed.token,
            world.case.responsible.token,
            world.fac1.token,
            world.fac2.token,
        ]

        if not args.skip_memory and args.connections > 0:
            runs: list[tuple[str, str | None]] = [("no compression (Python client)", None)]
            if not args.no_browser_like:
                runs.append(("offers deflate (as browsers)", "deflate"))
            memory: list[MemoryFigures] = []
            for label, compression in runs:
                progress(f"{args.connections} idle websockets, client {label}")
                server = start_server(env, f"memory-{compression or 'plain'}", directory)
                servers.append(server)
                held = MemoryFigures(label, args.connections)
                asyncio.run(measure_memory(server, tokens, held, compression, args.concurrency))
                server.stop()
                memory.append(held)
            print_memory(memory)
            plain = memory[0]
            if plain.opened:
                delta = plain.rss_after - plain.rss_before
                projected = plain.rss_before + delta / plain.opened * 5000
                if plain.opened < plain.wanted:
                    projected = math.inf
                figures.append(
                    below(
                        "ws_idle_mb_5000",
                        projected / 1e6,
                        "MB",
                        MEMORY_TARGET_BYTES / 1e6,
                        f"{plain.opened} sockets, {delta / plain.opened / 1024:.1f} KiB each",
                    )
                )
        print(f"\n(benchmark took {time.perf_counter() - began:.0f} s)")
    finally:
        for server in servers:
            with contextlib.suppress(Exception):
                server.stop()
        if embedded is not None:
            embedded.stop()
        if postgres_url is not None:
            with contextlib.suppress(Exception):
                asyncio.run(drop_run_database(postgres_url))
        shutil.rmtree(directory, ignore_errors=True)
    return figures


def main() -> None:
    """Run from the command line: the tables, then the figures' summary."""
    args = arguments()
    # Ctrl-C and `kill` both end in the clean-up below (a background job ignores SIGINT).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print_table(run(args))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("interrupted; processes stopped and temporary files removed", file=sys.stderr)
        sys.exit(130)

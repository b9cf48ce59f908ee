"""A small HTTP/1.1 load generator over keep-alive loopback connections.

Written for the benchmarks rather than using httpx: on a 2-core machine the load generator
shares the CPU with the server, and a client that spends 1 ms of Python per request would
measure itself. Here a request is one prepared byte string written to a socket and a response
is read by its Content-Length (uvloop when installed), tens of microseconds per request.

Two shapes of load:
- closed loop: `connections` clients, each sending its next request when the answer to the
  last one arrives, for a fixed time; gives the throughput.
- open loop: requests start at a fixed rate whether or not earlier ones have been answered
  (a new connection is opened when every open one is busy), so a slow answer cannot hold back
  the next arrival; latency is counted from the moment the request was due.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def request_bytes(
    method: str,
    path: str,
    *,
    port: int,
    headers: dict[str, str] | None = None,
    body: Any = None,
) -> bytes:
    """One HTTP/1.1 request, ready to write (JSON body when given)."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    payload = b""
    if body is not None:
        payload = json.dumps(body).encode()
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


class Connection:
    """One keep-alive connection that sends a request and reads its whole answer."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        """Connect to the server on loopback."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """The status and body of the answer to `request`."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
            elif name.strip().lower() == b"transfer-encoding":
                raise RuntimeError("chunked answers are not supported by the load generator")
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    async def close(self) -> None:
        """Close it."""
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


@dataclass
class LoadResult:
    """What a run of requests gave."""

    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    first_failure: str = ""
    connections: int = 0
    answered: int = 0  # every answer, in the window or not (for CPU per request)

    @property
    def ok(self) -> int:
        """Answers in the 2xx range."""
        return sum(count for status, count in self.statuses.items() if 200 <= status < 300)

    @property
    def rate(self) -> float:
        """Successful answers per second."""
        return self.ok / self.seconds if self.seconds else math.nan

    def p(self, q: float) -> float:
        """A latency percentile in milliseconds."""
        return percentile(self.latencies_ms, q)

    def note(self, status: int, body: bytes) -> None:
        """Count an answer, and keep the first failure to show."""
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if not 200 <= status < 300 and not self.first_failure:
            self.first_failure = f"{status} {body[:300].decode(errors='replace')}"


RequestFor = Callable[[int], bytes]  # client number -> the request it sends next


async def closed_loop(
    port: int, request_for: RequestFor, *, connections: int, seconds: float, warmup: float = 1.0
) -> LoadResult:
    """`connections` clients sending back to back; counts what completes after the warm-up."""
    result = LoadResult(connections=connections)
    opened = [await Connection.open(port) for _ in range(connections)]
    started = time.perf_counter()
    counting_from = started + warmup
    stop_at = counting_from + seconds

    async def client(number: int, connection: Connection) -> None:
        while True:
            sent = time.perf_counter()
            if sent >= stop_at:
                return
            try:
                status, body = await connection.send(request_for(number))
            except (OSError, asyncio.IncompleteReadError, RuntimeError) as exc:
                result.errors += 1
                result.first_failure = result.first_failure or f"{type(exc).__name__}: {exc}"
                return
            done = time.perf_counter()
            result.answered += 1
            # Throughput counts the answers that arrive inside the window, whenever sent.
            if counting_from <= done <= stop_at:
                result.note(status, body)
                result.latencies_ms.append((done - sent) * 1000)
            elif not 200 <= status < 300:
                result.note(status, body)

    try:
        await asyncio.gather(*(client(n, c) for n, c in enumerate(opened)))
    finally:
        for connection in opened:
            await connection.close()
    result.seconds = seconds
    return result


async def open_loop(
    port: int,
    request_for: RequestFor,
    *,
    rate: float,
    seconds: float,
    warmup: float = 1.0,
    max_in_flight: int = 100,
) -> LoadResult:
    """Requests due every 1/rate seconds regardless of answers; latency from when each was due.

    A server slower than the offered rate builds an ever-growing backlog; past `max_in_flight`
    outstanding requests new arrivals are dropped (counted in `errors`) so that the run ends.
    """
    result = LoadResult()
    idle: list[Connection] = []
    every: list[Connection] = []
    tasks: set[asyncio.Task[None]] = set()
    interval = 1.0 / rate
    started = time.perf_counter() + 0.05
    total = int((warmup + seconds) * rate)
    counted_from = int(warmup * rate)

    async def one(number: int, due: float) -> None:
        connection = idle.pop() if idle else None
        if connection is None:
            connection = await Connection.open(port)
            every.append(connection)
        try:
            status, body = await connection.send(request_for(number))
        except (OSError, asyncio.IncompleteReadError, RuntimeError) as exc:
            result.errors += 1
            result.first_failure = result.first_failure or f"{type(exc).__name__}: {exc}"
            return
        done = time.perf_counter()
        idle.append(connection)
        if number >= counted_from:
            result.note(status, body)
            result.latencies_ms.append((done - due) * 1000)

    try:
        for number in range(total):
            due = started + number * interval
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if len(tasks) >= max_in_flight:
                result.errors += 1
                result.first_failure = result.first_failure or "dropped: too many in flight"
                continue
            task = asyncio.create_task(one(number, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        if tasks:
            await asyncio.wait(tasks, timeout=30)
    finally:
        for task in tasks:
            task.cancel()
        for connection in every:
            await connection.close()
    result.seconds = seconds
    result.connections = len(every)
    return result


async def sequential(
    port: int, request: bytes, *, seconds: float, warmup: int = 20, at_most: int = 2000
) -> LoadResult:
    """One client, one request after another, for `seconds` (after `warmup` uncounted ones)."""
    result = LoadResult(connections=1)
    connection = await Connection.open(port)
    try:
        warm_until = time.perf_counter() + 1.0
        for _ in range(warmup):
            await connection.send(request)
            if time.perf_counter() > warm_until:
                break
        began = time.perf_counter()
        while time.perf_counter() - began < seconds and len(result.latencies_ms) < at_most:
            sent = time.perf_counter()
            status, body = await connection.send(request)
            result.latencies_ms.append((time.perf_counter() - sent) * 1000)
            result.note(status, body)
        result.seconds = time.perf_counter() - began
    finally:
        await connection.close()
    return result


def use_uvloop() -> None:
    """uvloop's event loop when installed (uvicorn[standard] brings it)."""
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())

"""What every benchmark shares: figures and results.json, server processes, environments."""

from __future__ import annotations

import json
import math
import os
import platform
import secrets
import signal
import subprocess
import sys
import time
from base64 import b64encode
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.fixtures.processes import FAST_ARGON2, SHUTTLE, clean_env, free_port  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
PYTHON = sys.executable


def progress(message: str) -> None:
    """A line on stderr, so that stdout holds only the figures."""
    print(f"  .. {message}", file=sys.stderr, flush=True)


# ---- figures -----------------------------------------------------------------------------------


@dataclass
class Figure:
    """One entry of bench/results.json; `compare` says how value meets target ("<", "<=" or
    ">="); `ok` is None when the figure could not be measured or has no target."""

    name: str
    value: float | None
    unit: str
    target: float | None
    compare: str = "<"
    note: str = ""

    @property
    def ok(self) -> bool | None:
        """Whether the target is met."""
        if self.value is None or math.isnan(self.value) or self.target is None:
            return None
        if self.compare == ">=":
            return self.value >= self.target
        if self.compare == "<=":
            return self.value <= self.target
        return self.value < self.target

    def entry(self) -> dict[str, Any]:
        """The JSON entry."""
        # JSON has no infinity: an unbounded figure (p99 of dropped requests) is null, not ok.
        finite = self.value is not None and math.isfinite(self.value)
        value = round(self.value, 3) if finite and self.value is not None else None
        entry: dict[str, Any] = {
            "name": self.name,
            "value": value,
            "unit": self.unit,
            "target": self.target,
            "ok": self.ok,
        }
        if self.target is not None:
            entry["compare"] = self.compare
        if self.note:
            entry["note"] = self.note
        return entry


def below(name: str, value: float | None, unit: str, target: float, note: str = "") -> Figure:
    """A figure that must stay under `target`."""
    return Figure(name, value, unit, target, "<", note)


def at_most(name: str, value: float | None, unit: str, target: float, note: str = "") -> Figure:
    """A figure that must not exceed `target`."""
    return Figure(name, value, unit, target, "<=", note)


def at_least(name: str, value: float | None, unit: str, target: float, note: str = "") -> Figure:
    """A figure that must reach `target`."""
    return Figure(name, value, unit, target, ">=", note)


def info(name: str, value: float | None, unit: str, note: str = "") -> Figure:
    """A figure printed for context, without a target."""
    return Figure(name, value, unit, None, note=note)


def fmt(value: float | None) -> str:
    """A value for the table."""
    if value is None or math.isnan(value):
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value < 1 else f"{value:.2f}"


def print_table(figures: list[Figure]) -> None:
    """Every figure with its target and whether it is met."""
    print()
    header = f"{'figure':<34} {'value':>10} {'unit':<6} {'target':>12}  {'ok':<4} note"
    print(header)
    print("-" * len(header))
    for figure in figures:
        target = "" if figure.target is None else f"{figure.compare} {fmt(figure.target)}"
        ok = {True: "yes", False: "NO", None: "-"}[figure.ok]
        print(
            f"{figure.name:<34} {fmt(figure.value):>10} {figure.unit:<6} {target:>12}  {ok:<4} "
            f"{figure.note}"
        )


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    with open("/proc/cpuinfo") as info_file:
        for line in info_file:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in load],
    }


class MachineBusy:
    """How busy all the machine's CPUs were between start and `share()` (from /proc/stat):
    1.0 is every core working, whoever for (servers, database, load generator, anything else)."""

    def __init__(self) -> None:
        self._start = self._read()

    @staticmethod
    def _read() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields) - idle, sum(fields)

    def share(self) -> float:
        busy, total = self._read()
        return (busy - self._start[0]) / max(1, total - self._start[1])


def write_results(figures: list[Figure], path: Path = RESULTS) -> None:
    """bench/results.json: one entry per figure."""
    path.write_text(json.dumps([figure.entry() for figure in figures], indent=2) + "\n")


# ---- processes ---------------------------------------------------------------------------------


@dataclass
class Server:
    """One API process (uvicorn or `shuttle serve`) on a loopback port."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base_url(self) -> str:
        """Its HTTP address."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        """Its live-events address."""
        return f"ws://127.0.0.1:{self.port}/ws"

    def rss_bytes(self) -> int:
        """Resident set size now."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM to its process group (uvicorn shuts down gracefully); kill if it lingers."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def start_process(
    command: list[str], env: dict[str, str], name: str, directory: Path, **extra: str
) -> Server:
    """Start an API process on a free port and wait until /readyz answers 200."""
    port = free_port()
    server_env = {
        **env,
        "SHUTTLE_HOST": "127.0.0.1",
        "SHUTTLE_PORT": str(port),
        "SHUTTLE_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        **extra,
    }
    log = directory / f"serve-{name}.log"
    command = [part.replace("{port}", str(port)) for part in command]
    with log.open("wb") as sink:
        process = subprocess.Popen(  # noqa: S603 - our own executables, fixed arguments
            command,
            env=server_env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, process, log)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server {name} exited:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"server {name} never became ready; see {log}")
        time.sleep(0.1)


def start_server(env: dict[str, str], name: str, directory: Path, **extra: str) -> Server:
    """`shuttle serve` (API only), as an operator runs it."""
    return start_process([SHUTTLE, "serve"], env, name, directory, **extra)


def start_bench_app(
    env: dict[str, str], name: str, directory: Path, *, workers: int = 1, **extra: str
) -> Server:
    """uvicorn serving bench/app.py (the app plus the baseline route), as `shuttle serve` does."""
    command = [
        PYTHON,
        "-m",
        "uvicorn",
        "bench.app:create_bench_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
        "--ws-per-message-deflate",
        "false",
    ]
    return start_process(command, env, name, directory, **extra)


def bench_env(directory: Path, database_url: str, redis_url: str) -> dict[str, str]:
    """The environment of a benchmark's servers: a fresh key ring, fast argon2."""
    return clean_env(
        PYTHONPATH=str(ROOT),  # the servers and `shuttle migrate` run this checkout's code
        SHUTTLE_VAR_DIR=str(directory / "var"),
        SHUTTLE_DATABASE_URL=database_url,
        SHUTTLE_REDIS_URL=redis_url,
        SHUTTLE_MASTER_KEYS="1:" + b64encode(secrets.token_bytes(32)).decode(),
        SHUTTLE_LOG_LEVEL="WARNING",
        # Each run counts its own sign-in attempts: runs one after another never hit a limit.
        SHUTTLE_RATE_LIMIT_PREFIX=f"bench-{secrets.token_hex(6)}",
        # Building the cases signs hundreds of people in from one address; not what is measured.
        SHUTTLE_SIGN_IN_LIMIT_PER_ADDRESS="100000 per minute",
        **FAST_ARGON2,
    )

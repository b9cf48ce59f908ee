"""What one submit costs in process: CPU milliseconds and SQL statements, no HTTP server.

    .venv/bin/python bench/submit_cost.py [--requests 300] [--rounds 3] [--postgres]
                                          [--show] [--profile FILE]

The app (create_app, lifespan started) is called over ASGI by httpx in the same process, with
a Redis of its own (pub/sub channels are shared by every client of a server, and other runs
announce events on the same channel). The author submits a clean 250-word letter (submit=true)
one request after another; CPU is `time.process_time()` over each round with no profiler, so a
busy machine changes it much less than a rate (the in-process client's share is included; GET
/me is printed as a yardstick). Statements are counted with a `before_cursor_execute`
listener: those of one submit are listed with --show, and the hub's reads of new events after
the commit are counted apart. --profile writes a pyinstrument profile of 200 more submits.
Timings are printed, never asserted (tests/test_round_trips.py pins the statement count).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import event  # noqa: E402

from shuttle.app import create_app  # noqa: E402
from shuttle.config import Settings  # noqa: E402
from shuttle.crypto.keyring import parse_inline_keys  # noqa: E402
from shuttle.redis import EmbeddedRedis  # noqa: E402
from tests.fixtures import databases  # noqa: E402
from tests.fixtures.world import World  # noqa: E402

BODY = (
    "I have thought about that night every day since. I am sorry for the fear I caused you "
    "and your family, and I want to answer any question you have about why it happened. "
) * 8
HUB_READ = "FROM event_recipient WHERE event_recipient.seq >"


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="submits per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite")
    parser.add_argument("--show", action="store_true", help="list one submit's statements")
    parser.add_argument("--profile", type=Path, help="write a pyinstrument profile here")
    return parser.parse_args()


async def measure(args: argparse.Namespace, url: str, directory: Path) -> None:
    """Build a case over HTTP, then submit in rounds and print the figures."""
    keys = "1:" + base64.b64encode(os.urandom(32)).decode()
    redis = EmbeddedRedis(directory / "redis")
    redis.start()
    try:
        settings = Settings(
            database_url=url,
            redis_url=redis.url,
            var_dir=directory / "var",
            master_keys=keys,  # type: ignore[arg-type]
            argon2_time_cost=1,
            argon2_memory_kib=64,
            argon2_parallelism=1,
            public_base_url="http://testserver",
        )
        app = create_app(settings, parse_inline_keys(keys))
        async with app.router.lifespan_context(app):
            statements: list[str] = []

            def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
                statements.append(" ".join(statement.split()))

            event.listen(app.state.engine.sync_engine, "before_cursor_execute", note)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver"
            ) as client:
                client.app = app  # type: ignore[attr-defined]
                world = await World.build(client, settings)
                author = world.case.responsible
                path = f"/cases/{world.case.case_id}/letters"
                letter = {"body": BODY, "submit": True}

                async def submits(count: int) -> None:
                    for _ in range(count):
                        response = await client.post(path, headers=author.headers, json=letter)
                        assert response.status_code == 201, response.text

                await submits(30)  # warm: compiled statements, the audit head known
                await asyncio.sleep(0.1)
                statements.clear()
                await submits(1)
                one = list(statements)
                await asyncio.sleep(0.1)
                request = [s for s in one if HUB_READ not in s]
                print(
                    f"one submit: {len(request)} statements, "
                    f"{len(statements) - len(request)} reads by the hub"
                )
                if args.show:
                    for statement in request:
                        print("   ", statement[:150])
                if args.profile:
                    from pyinstrument import Profiler

                    profiler = Profiler(interval=0.0005)
                    profiler.start()
                    await submits(200)
                    profiler.stop()
                    args.profile.write_text(profiler.output_text(unicode=False))
                rounds = []
                for _ in range(args.rounds):
                    statements.clear()
                    started = time.process_time()
                    await submits(args.requests)
                    rounds.append((time.process_time() - started) / args.requests * 1000)
                await asyncio.sleep(0.1)
                per_submit = len(statements) / args.requests
                started = time.process_time()
                for _ in range(args.requests):
                    await client.get("/me", headers=author.headers)
                me = (time.process_time() - started) / args.requests * 1000
                print(
                    f"CPU ms per submit, {args.rounds} rounds of {args.requests}: "
                    + ", ".join(f"{r:.2f}" for r in rounds)
                    + f" (median {sorted(rounds)[len(rounds) // 2]:.2f}); "
                    f"statements per submit with the hub's {per_submit:.2f}; GET /me {me:.2f} ms"
                )
                print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    finally:
        redis.stop()


def main() -> None:
    """Run on a fresh database: a migrated SQLite file, or a PostgreSQL database of its own."""
    args = arguments()
    directory = Path(tempfile.mkdtemp(prefix="shuttle-submit-cost-"))
    try:
        if args.postgres:
            url = asyncio.run(databases.create_run_database())
            try:
                asyncio.run(measure(args, url, directory))
            finally:
                asyncio.run(databases.drop_run_database(url))
        else:
            (directory / "template").mkdir()
            template = databases.make_sqlite_template(directory / "template")
            url = databases.fresh_sqlite(template, directory / "db")
            asyncio.run(measure(args, url, directory))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()

"""`make bench`: every figure, a table, and bench/results.json.

    .venv/bin/python bench/run.py [--quick] [--no-postgres] [--only api,realtime,cpu]
                                  [--profile DIR]

Figures, targets and how each is measured: docs/performance.md. Timings are printed and
written, never asserted. The machine is shared and noisy: compare ratios from one run.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import api, crypto, realtime, screening  # noqa: E402
from bench.common import RESULTS, Figure, machine, print_table, progress, write_results  # noqa: E402
from bench.load import use_uvloop  # noqa: E402
from tests.fixtures.databases import postgres_reachable, reachable  # noqa: E402


def arguments() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs, to try the harness")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument(
        "--only", default="cpu,api,realtime", help="comma-separated: cpu, api, realtime"
    )
    parser.add_argument(
        "--profile", type=Path, help="py-spy flame graphs of the server under submit load here"
    )
    parser.add_argument("--releases", type=int, default=60, help="counted releases per path")
    parser.add_argument("--connections", type=int, default=5000, help="idle websockets")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where results go")
    return parser.parse_args()


def main() -> None:
    """Run the parts, print the table, write the results."""
    args = arguments()
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    use_uvloop()
    parts = set(args.only.split(","))
    began = time.perf_counter()
    about = machine()
    print(
        f"Shuttle benchmarks: {about['cpus']} CPUs ({about['cpu']}), Python {about['python']}, "
        f"load average {about['load_average_at_start']}"
    )
    figures: list[Figure] = []
    if "cpu" in parts:
        progress("screening and encryption")
        figures += screening.figures(rounds=100 if args.quick else 200)
        figures += crypto.figures()
    redis_url = "redis://127.0.0.1:6379/0"
    if ("api" in parts or "realtime" in parts) and not reachable("127.0.0.1", 6379):
        redis_url = ""
    postgres = not args.no_postgres and postgres_reachable()
    if "api" in parts:
        if not redis_url:
            progress("no Redis on 127.0.0.1:6379: the API figures need one; skipped")
        else:
            if not postgres:
                progress("PostgreSQL not used (unreachable or --no-postgres)")
            durations = api.Durations.quick() if args.quick else api.Durations()
            figures += api.run(redis_url, durations, postgres=postgres, profile=args.profile)
    if "realtime" in parts:
        progress("live events (bench/realtime.py)")
        argv = [
            "--releases",
            str(20 if args.quick else args.releases),
            "--connections",
            str(500 if args.quick else args.connections),
            "--no-browser-like",
        ]
        if not redis_url:
            argv.append("--embedded-redis")
        figures += realtime.run(realtime.arguments(argv))
    print_table(figures)
    write_results(figures, args.output)
    took = time.perf_counter() - began
    print(f"\n{len(figures)} figures in {took:.0f} s; written to {args.output}")
    missed = [f.name for f in figures if f.ok is False]
    if missed:
        print("targets missed: " + ", ".join(missed))
    (args.output.with_suffix(".machine.json")).write_text(
        json.dumps({**about, "seconds": round(took)}, indent=2) + "\n"
    )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("interrupted; processes stopped and temporary files removed", file=sys.stderr)
        sys.exit(130)

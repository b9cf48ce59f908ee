"""The `shuttle` command: serve, worker, migrate, users, demo, keys and audit."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from shuttle.accounts.models import Role
from shuttle.config import Settings, get_settings
from shuttle.crypto.keyring import KeyRingError, keyring_from_settings
from shuttle.errors import ShuttleError

app = typer.Typer(
    help="Shuttle: mediated, encrypted letter exchange.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
keys_app = typer.Typer(help="Master keys and case keys.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
user_app = typer.Typer(help="Accounts.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")
app.add_typer(user_app, name="user")

log = logging.getLogger("shuttle.cli")
T = TypeVar("T")


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _run(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine; turn expected failures into one clear line and a non-zero exit."""
    try:
        return asyncio.run(make())  # type: ignore[arg-type]
    except (ShuttleError, KeyRingError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{type(exc).__name__}: {exc}") from None


def _logging(settings: Settings, *, migrations: bool = False) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # Alembic narrates every schema check; only `migrate` needs to hear it.
    logging.getLogger("alembic").setLevel(logging.INFO if migrations else logging.WARNING)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (and, in development, create the key ring)."""
    from shuttle.migrate import upgrade

    settings = get_settings()
    _logging(settings, migrations=True)
    try:
        keyring_from_settings(settings, allow_generate=True)
        upgrade(settings.database_url)
    except KeyRingError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:
        raise _fail(f"migration failed: {type(exc).__name__}: {exc}") from None
    typer.echo("database is up to date")


@app.command()
def serve(
    with_worker: Annotated[bool, typer.Option(help="also run the background worker")] = False,
    workers: Annotated[int, typer.Option(min=1, help="uvicorn worker processes")] = 1,
) -> None:
    """Serve the API (and, with --with-worker, the worker); embedded Redis when none is set."""
    import uvicorn

    from shuttle.commands import check_ready_to_serve
    from shuttle.redis import EmbeddedRedis

    settings = get_settings()
    _logging(settings)
    _run(lambda: check_ready_to_serve(settings))
    embedded = None
    if settings.redis_url is None:
        embedded = EmbeddedRedis(settings.var_dir)
        embedded.start()
        os.environ["SHUTTLE_REDIS_URL"] = embedded.url
        get_settings.cache_clear()
        typer.echo(f"embedded Redis on {embedded.socket}")
    supervisor = _WorkerSupervisor() if with_worker else None
    # uvicorn stops gracefully on SIGTERM, then raises the signal again once it has restored
    # the handler it found: with the default one the process would die there, leaving the
    # worker and the embedded Redis running. Ending with SystemExit runs the `finally` below.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        if supervisor:
            supervisor.start()
        typer.echo(f"Shuttle on http://{settings.host}:{settings.port}/portal  (API docs at /docs)")
        uvicorn.run(
            "shuttle.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level=settings.log_level.lower(),
            access_log=False,
            # Frames are tiny JSON: compression saves nothing and costs ~40 KiB a socket.
            ws_per_message_deflate=False,
        )
    finally:
        if supervisor:
            supervisor.stop()
        if embedded:
            embedded.stop()
        typer.echo("Shuttle stopped")


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


class _WorkerSupervisor:
    """Runs `shuttle worker` as a child and restarts it if it dies (arq can stop on Redis loss)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "shuttle", "worker"], start_new_session=True
        )

    def _watch(self) -> None:
        while not self._stopping.wait(1.0):
            if self._process is not None and self._process.poll() is not None:
                log.warning("worker exited with %s; restarting", self._process.returncode)
                self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()


@app.command()
def worker() -> None:
    """Run the background worker (arq)."""
    from arq import run_worker

    from shuttle.worker import WorkerSettings, redis_settings

    settings = get_settings()
    _logging(settings)
    try:
        run_worker(WorkerSettings, redis_settings=redis_settings())  # type: ignore[arg-type]
    except RuntimeError as exc:
        raise _fail(str(exc)) from None


@user_app.command("create")
def user_create(
    login: Annotated[str, typer.Option(help="sign-in name")],
    name: Annotated[str, typer.Option(help="display name (staff see it)")],
    role: Annotated[Role, typer.Option(help="the account's role")],
    area: Annotated[str | None, typer.Option(help="a coordinator's area")] = None,
    specialist: Annotated[bool, typer.Option(help="specialist-trained facilitator")] = False,
    email: Annotated[str | None, typer.Option(help="for content-free notifications")] = None,
    passphrase_stdin: Annotated[
        bool, typer.Option("--passphrase-stdin", help="read the passphrase from standard input")
    ] = False,
) -> None:
    """Create an account (the first coordinator, usually)."""
    from shuttle.accounts.passwords import Passphrases, WeakPassphrase, check_strength
    from shuttle.commands import create_user

    if passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\n")
    else:
        passphrase = typer.prompt("Passphrase", hide_input=True, confirmation_prompt=True)
    try:
        check_strength(passphrase, about=(login, name))
    except WeakPassphrase as exc:
        raise _fail(exc.detail) from exc
    settings = get_settings()
    hashed = Passphrases(settings).hash_sync(passphrase)
    account = _run(
        lambda: create_user(
            settings,
            login=login,
            name=name,
            role=role,
            area=area,
            specialist=specialist,
            email=email,
            passphrase_hash=hashed,
        )
    )
    typer.echo(f"created {account.role.value} {account.login} ({account.id})")


@app.command()
def demo(
    if_empty: Annotated[bool, typer.Option("--if-empty", help="only on an empty database")] = False,
) -> None:
    """Create the demo case and accounts, and print their logins."""
    from shuttle.demo import create_demo

    settings = get_settings()
    text = _run(lambda: create_demo(settings, only_if_empty=if_empty))
    typer.echo(text)


@keys_app.command("init")
def keys_init(
    path: Annotated[Path, typer.Argument(help="where to write the new key file (mode 0600)")],
) -> None:
    """Create a production master key ring; point SHUTTLE_MASTER_KEY_FILE at it. Keep a copy
    somewhere safe: without it no letter can ever be read again."""
    from shuttle.crypto.keyring import KeyRingError, generate_key_file

    try:
        generate_key_file(path, development=False)
    except KeyRingError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(f"wrote a new master key ring to {path}; set SHUTTLE_MASTER_KEY_FILE={path}")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Add a master key version to the key file; the worker re-wraps case keys under it."""
    from shuttle.commands import rotate_master_key

    settings = get_settings()
    _logging(settings)
    version, count = _run(lambda: rotate_master_key(settings))
    typer.echo(
        f"master key version {version} is active; the worker's keys.rewrap job re-wraps "
        f"{count} case keys in batches within a minute (`shuttle keys rewrap` does it now, "
        "`shuttle keys status` shows progress)"
    )


@keys_app.command("rewrap")
def keys_rewrap() -> None:
    """Re-wrap case keys still under an older master version (resumes an interrupted rotate)."""
    from shuttle.commands import rewrap

    settings = get_settings()
    count = _run(lambda: rewrap(settings))
    typer.echo(f"re-wrapped {count} case keys")


@keys_app.command("status")
def keys_status() -> None:
    """Which master version is active, and how many case keys each version still wraps."""
    from shuttle.commands import key_status

    settings = get_settings()
    active, counts = _run(lambda: key_status(settings))
    typer.echo(f"active master key version: {active}")
    for version in sorted(counts):
        mark = " (active)" if version == active else " (waiting for keys.rewrap)"
        typer.echo(f"  version {version}: {counts[version]} case keys{mark}")
    if not counts:
        typer.echo("  no live case keys")


@keys_app.command("destroy-case")
def keys_destroy_case(
    case: Annotated[str, typer.Argument(help="case id or reference (SH-XXXXXX)")],
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Destroy a case key: the case's letters are gone for good (410 Gone)."""
    from shuttle.commands import destroy_case

    if not yes:
        typer.confirm(f"Destroy every letter of case {case} for good?", abort=True)
    settings = get_settings()
    destroyed = _run(lambda: destroy_case(settings, case))
    typer.echo(f"case {case}: key destroyed" if destroyed else f"case {case}: already destroyed")


@audit_app.command("verify")
def audit_verify() -> None:
    """Check the audit chain; exit non-zero naming the first bad entry."""
    from shuttle.commands import verify_audit

    settings = get_settings()
    _logging(settings)
    report = _run(lambda: verify_audit(settings))
    if not report.ok:
        typer.echo(
            f"audit chain BROKEN at entry {report.first_bad_seq}: {report.problem} "
            f"({report.checked} entries verified before it)",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"audit chain OK: {report.checked} entries")


@app.command()
def screen(
    file: Annotated[str, typer.Argument(help="a text file, or - for standard input")] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON findings")] = False,
) -> None:
    """Screen a letter's text and show what a facilitator must look at."""
    import json
    from pathlib import Path

    from moderation.screening import screen as screen_text

    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {file}: {exc}") from None
    findings = screen_text(text)
    if as_json:
        typer.echo(json.dumps({"findings": [f.as_dict() for f in findings]}, ensure_ascii=False))
        return
    if not findings:
        typer.echo("no findings")
    for f in findings:
        typer.echo(
            f"{f.start:>6}-{f.end:<6} {f.category.value:<16} {f.severity.value:<7} "
            f"{f.reason}: {f.text!r}"
        )


@app.command("screen-eval")
def screen_eval(
    path: Annotated[str, typer.Option(help="a labelled evaluation file, or a folder of them")] = (
        "tests/screening"
    ),
    split: Annotated[str, typer.Option(help="dev, holdout or all")] = "all",
    show_misses: Annotated[bool, typer.Option(help="list missed spans and false flags")] = False,
) -> None:
    """Recall per category and the false-flag rate on clean letters, over a labelled set."""
    from pathlib import Path

    from moderation.screening.evaluation import EvaluationSetError, evaluate, format_report, load

    if split not in ("dev", "holdout", "all"):
        raise _fail("--split must be dev, holdout or all")
    try:
        letters = load(Path(path))
    except (OSError, EvaluationSetError) as exc:
        raise _fail(str(exc)) from None
    chosen = [letter for letter in letters if split in ("all", letter.split)]
    report = evaluate(chosen)
    typer.echo(format_report(report))
    if show_misses:
        typer.echo("\nmissed:")
        for letter_id, category, text in report.misses:
            typer.echo(f"  {letter_id} {category.value}: {text!r}")
        typer.echo("\nflagged in clean letters:")
        for letter_id, finding in report.false_flags:
            typer.echo(
                f"  {letter_id} {finding.category.value} ({finding.reason}): {finding.text!r}"
            )


if __name__ == "__main__":
    app()

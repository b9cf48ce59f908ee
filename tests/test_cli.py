"""The `shuttle` command, run as a real process, as an operator would."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from shuttle.config import Settings
from tests.fixtures import second_step
from tests.fixtures.databases import make_sqlite_template, sqlite_url
from tests.fixtures.processes import clean_env, served_demo, shuttle

SHUTTLE = str(Path(sys.executable).parent / "shuttle")


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHUTTLE_")}
    assert settings.master_keys is not None
    env.update(
        SHUTTLE_DATABASE_URL=settings.database_url,
        SHUTTLE_MASTER_KEYS=settings.master_keys.get_secret_value(),
        SHUTTLE_VAR_DIR=str(settings.var_dir),
        SHUTTLE_ARGON2_TIME_COST="1",
        SHUTTLE_ARGON2_MEMORY_KIB="64",
        SHUTTLE_ARGON2_PARALLELISM="1",
    )
    env.update(extra)
    return env


def _shuttle(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SHUTTLE, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_user_create_then_a_duplicate_fails_with_one_line(settings: Settings) -> None:
    env = _env(settings)
    args = [
        "user",
        "create",
        "--login",
        "ops",
        "--name",
        "Ops Person",
        "--role",
        "coordinator",
        "--passphrase-stdin",
    ]
    created = _shuttle(env, *args, stdin="a long enough passphrase\n")
    assert created.returncode == 0, created.stderr
    assert "created coordinator ops" in created.stdout
    again = _shuttle(env, *args, stdin="a long enough passphrase\n")
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0
    assert again.stderr.startswith("error: the login 'ops' is already in use")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["keys", "destroy-case", "SH-NOPE99", "--yes"], "error: no case 'SH-NOPE99'"),
        (
            [
                "user",
                "create",
                "--login",
                "x1",
                "--name",
                "X",
                "--role",
                "facilitator",
                "--passphrase-stdin",
            ],
            "error: A passphrase needs at least 12 characters.",
        ),
    ],
)
def test_errors_print_one_clear_line(settings: Settings, args: list[str], message: str) -> None:
    result = _shuttle(_env(settings), *args, stdin="short\n")
    assert result.returncode != 0
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]
    assert result.stderr.startswith(message)


def test_commands_refuse_an_unmigrated_database(settings: Settings, tmp_path: Path) -> None:
    env = _env(settings, SHUTTLE_DATABASE_URL=sqlite_url(tmp_path / "empty.db"))
    for args in (["audit", "verify"], ["serve"]):
        result = _shuttle(env, *args)
        assert result.returncode == 1, args
        assert "run `shuttle migrate`" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_production_refuses_to_generate_keys(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHUTTLE_")}
    env.update(
        SHUTTLE_ENV="production",
        SHUTTLE_VAR_DIR=str(tmp_path),
        SHUTTLE_DATABASE_URL=sqlite_url(tmp_path / "db.sqlite"),
    )
    result = subprocess.run(
        [SHUTTLE, "migrate"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    assert "no master keys" in result.stderr
    assert not (tmp_path / "master-keys.json").exists()


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_runs_api_worker_and_embedded_redis_and_stops_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """What `make run` does: migrate, demo, serve with a worker and embedded Redis; then Ctrl-C,
    or the SIGTERM of a service manager: either way the worker and Redis stop with it."""
    with served_demo(tmp_path, stop) as served:
        worker_pid = _worker_pid(served.var)
        served.wait_for_output("Starting worker")
        ready = httpx.get(f"{served.base_url}/readyz")
        assert ready.json()["checks"] == {"database": "ok", "redis": "ok"}
        login = httpx.post(
            f"{served.base_url}/auth/login",
            json={"login": "harmed", "passphrase": "demo-harmed-pass"},
        )
        assert login.status_code == 200
        assert (served.var / "redis.sock").exists()
        assert (served.var / "master-keys.json").stat().st_mode & 0o777 == 0o600
    assert served.process.returncode == 0, served.output
    assert "Shuttle stopped" in served.output
    assert "worker: shutdown on SIGTERM" in served.output
    assert not (served.var / "redis.sock").exists()
    assert not _running(worker_pid)


def _worker_pid(var: Path) -> int:
    """The pid of the `shuttle worker` child serving from this var directory."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if command[-2:] == [b"worker", b""] and f"SHUTTLE_VAR_DIR={var}".encode() in environ:
            return int(entry.name)
    raise AssertionError("no worker process found")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_first_migrate_warns_that_production_needs_its_own_keys(tmp_path: Path) -> None:
    env = clean_env(
        SHUTTLE_VAR_DIR=str(tmp_path), SHUTTLE_DATABASE_URL=sqlite_url(tmp_path / "shuttle.db")
    )
    first = shuttle(env, "migrate")
    assert first.returncode == 0, first.stderr
    assert "production must supply its own" in first.stderr
    assert (tmp_path / "master-keys.json").stat().st_mode & 0o777 == 0o600
    assert "production must supply" not in shuttle(env, "migrate").stderr


def test_template_helper_is_reusable(tmp_path: Path) -> None:
    assert make_sqlite_template(tmp_path).exists()


def test_production_refuses_to_start_and_says_every_reason(tmp_path: Path) -> None:
    # Given a database the demo filled, with its development key ring
    development = clean_env(
        SHUTTLE_VAR_DIR=str(tmp_path), SHUTTLE_DATABASE_URL=sqlite_url(tmp_path / "db.sqlite")
    )
    assert shuttle(development, "migrate").returncode == 0
    assert shuttle(development, "demo").returncode == 0
    # When it is served in production with nothing else set
    env = {
        **development,
        "SHUTTLE_ENV": "production",
        "SHUTTLE_MASTER_KEY_FILE": str(tmp_path / "master-keys.json"),
    }
    refused = shuttle(env, "serve")
    # Then it refuses, naming every problem
    assert refused.returncode == 1
    for reason in (
        "generated for development",
        "SHUTTLE_SMTP_HOST is not set",
        "SHUTTLE_MAIL_FROM is the example address",
        "SHUTTLE_REDIS_URL is not set",
        "SHUTTLE_PUBLIC_BASE_URL",
        "SHUTTLE_COOKIE_SECURE is off",
        "demo accounts exist (coordinator, facilitator1",
    ):
        assert reason in refused.stderr, reason
    # When an operator makes a production key ring and sets everything, on a fresh database
    keys = tmp_path / "production-keys.json"
    made = shuttle(env, "keys", "init", str(keys))
    assert made.returncode == 0, made.stderr
    assert keys.stat().st_mode & 0o777 == 0o600
    assert shuttle(env, "keys", "init", str(keys)).returncode == 1  # never overwritten
    ready = {
        **env,
        "SHUTTLE_MASTER_KEY_FILE": str(keys),
        "SHUTTLE_DATABASE_URL": sqlite_url(tmp_path / "fresh.sqlite"),
        "SHUTTLE_SMTP_HOST": "smtp.example.org",
        "SHUTTLE_MAIL_FROM": "Shuttle <no-reply@shuttle.example.org>",
        "SHUTTLE_REDIS_URL": "redis://127.0.0.1:6379/9",
        "SHUTTLE_PUBLIC_BASE_URL": "https://shuttle.example.org",
        "SHUTTLE_COOKIE_SECURE": "true",
    }
    assert shuttle(ready, "migrate").returncode == 0
    # Then none of the reasons is left (serve would start: the check is what it runs first)
    from shuttle.commands import check_ready_to_serve
    from shuttle.config import Settings as ProductionSettings

    settings = ProductionSettings(
        **{
            k.removeprefix("SHUTTLE_").lower(): v
            for k, v in ready.items()
            if k.startswith("SHUTTLE_")
        }
    )
    asyncio.run(check_ready_to_serve(settings))


def test_the_demo_never_runs_in_production(tmp_path: Path) -> None:
    env = clean_env(
        SHUTTLE_ENV="production",
        SHUTTLE_VAR_DIR=str(tmp_path),
        SHUTTLE_DATABASE_URL=sqlite_url(tmp_path / "db.sqlite"),
    )
    result = shuttle(env, "demo")
    assert result.returncode == 1
    assert result.stderr.startswith("error: the demo case has published passphrases")


def test_the_demo_case_shows_live_updates_in_two_clients(tmp_path: Path) -> None:
    """`make run`, then `python -m clients.python watch` for a facilitator and the person harmed."""
    with served_demo(tmp_path) as served:
        # The facilitator set up their authenticator app in the portal at first sign-in
        with httpx.Client(base_url=served.base_url) as portal:
            second_step.sign_in(portal, "facilitator1", "demo-facilitator-pass")
        phone = second_step.SECRETS[(served.base_url.rstrip("/"), "facilitator1")]
        watchers = {}
        for login, passphrase in (
            ("facilitator1", "demo-facilitator-pass"),
            ("harmed", "demo-harmed-pass"),
        ):
            code = second_step.code_now(phone) if login == "facilitator1" else ""
            out = tmp_path / f"watch-{login}.txt"
            with out.open("wb") as sink:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "clients.python",
                        "watch",
                        "--login",
                        login,
                        "--url",
                        served.base_url,
                    ],
                    env={**served.env, "SHUTTLE_PASSPHRASE": passphrase, "SHUTTLE_CODE": code},
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                )
            watchers[login] = (process, out)
        try:
            for _, out in watchers.values():
                _wait_for_text(out, "watching events")

            def as_(login: str, passphrase: str) -> dict[str, str]:
                with httpx.Client(base_url=served.base_url) as client:
                    token = second_step.sign_in(client, login, passphrase)["token"]
                return {"Authorization": f"Bearer {token}"}

            author = as_("responsible", "demo-responsible-pass")
            facilitator = as_("facilitator1", "demo-facilitator-pass")
            case_id = httpx.get(f"{served.base_url}/cases", headers=author).json()[0]["id"]
            letter = httpx.post(
                f"{served.base_url}/cases/{case_id}/letters",
                headers=author,
                json={"body": "I am sorry for what I did to your home.", "submit": True},
            ).json()
            _wait_for_text(watchers["facilitator1"][1], "the review queue changed")
            for step in ("claim", "release"):
                done = httpx.post(
                    f"{served.base_url}/review/letters/{letter['id']}/{step}",
                    headers=facilitator,
                    json={} if step == "release" else None,
                )
                assert done.status_code == 200, done.text
            _wait_for_text(
                watchers["harmed"][1],
                f"a letter is waiting for you (case {case_id} letter {letter['id']})",
            )
            assert "sorry" not in watchers["harmed"][1].read_text()
        finally:
            for process, _ in watchers.values():
                process.terminate()
                process.wait(timeout=10)


def _wait_for_text(path: Path, text: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in path.read_text(errors="replace"):
        if time.monotonic() > deadline:
            raise AssertionError(f"{path.name} never showed {text!r}:\n{path.read_text()}")
        time.sleep(0.1)

"""The README is the user's manual: its walk-through runs, and it documents every setting."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from shuttle.config import Settings
from tests.fixtures.processes import SHUTTLE, served_demo

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _walk_through() -> str:
    section = README.split("## Walk-through", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert match, "the walk-through has no sh block"
    return match.group(1)


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`SHUTTLE_{name.upper()}`" in README, name


def test_make_run_and_make_test_are_the_set_up() -> None:
    assert "make run" in README and "make test" in README


@pytest.mark.slow
def test_the_walk_through_works_against_make_run(tmp_path: Path) -> None:
    """The README's curl session, run verbatim against the demo, ends with a verified audit."""
    with served_demo(tmp_path) as served:
        env = dict(served.env, SHUTTLE_URL=served.base_url, SHUTTLE=SHUTTLE)
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", _walk_through()],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["queued", "in_review"]
    assert "returned" in lines and "2" in lines and "delivered" in lines
    assert "A letter of apology. Open it when you feel ready." in lines
    assert lines[-2] == "read"
    assert lines[-1].startswith("audit chain OK")

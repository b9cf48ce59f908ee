"""Screening measured against labelled letters (tests/screening/)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from moderation.screening.evaluation import (
    EvaluationSetError,
    LabelledLetter,
    Report,
    evaluate,
    load,
    parse_letter,
)
from moderation.screening.findings import Category
from tests.fixtures.processes import SHUTTLE

SETS = Path(__file__).resolve().parent / "screening"
DEVELOPMENT = SETS / "eval_letters.txt"


def _split(name: str) -> list[LabelledLetter]:
    return [letter for letter in load(SETS) if letter.split == name]


def _assert_good_enough(report: Report) -> None:
    for category, score in report.categories.items():
        assert score.labelled > 0, category
        assert score.recall >= 0.9, f"{category.value}: recall {score.recall:.2f}"
    assert report.false_flag_rate <= 0.1, f"false-flag rate {report.false_flag_rate:.2f}"


def test_the_sets_are_big_and_varied_enough() -> None:
    letters = load(SETS)
    assert len(letters) >= 150
    clean = [letter for letter in letters if not letter.labels]
    assert len(clean) * 3 >= len(letters)
    labelled = {label.category for letter in letters for label in letter.labels}
    assert labelled == set(Category)
    assert {letter.side for letter in letters} == {"harmed", "responsible"}


def test_recall_and_false_flags_on_the_development_letters() -> None:
    """Every category found at least 9 times in 10; at most 1 clean letter in 10 flagged."""
    letters = _split("dev")
    assert len(letters) >= 275
    _assert_good_enough(evaluate(letters))


@pytest.mark.xfail(
    strict=True,
    reason="known gap (issue 3): screening is not yet at recall 0.9 in every category and "
    "false flags 0.1 on letters written blind (holdout8, scored once with the sixth round as "
    "merged, 1bb8331: threat 0.85, self-harm 0.89, location 0.92, contact requests 0.92, "
    "identity 0.96, contact 0.97; 5 of 66 clean letters flagged, 0.08)",
)
def test_recall_and_false_flags_on_letters_the_screening_never_saw() -> None:
    letters = _split("holdout")
    if not letters:
        pytest.skip("no blind set in tests/screening/ while the next one is written")
    assert len(letters) >= 140
    _assert_good_enough(evaluate(letters))


def test_labels_are_parsed_into_offsets() -> None:
    letter = parse_letter(
        "T1",
        "dev",
        "harmed",
        "Ring {{contact:07700 900461}} or call at {{location:14 Alder Road}}.",
    )
    assert letter.text == "Ring 07700 900461 or call at 14 Alder Road."
    assert [(label.category, letter.text[label.start : label.end]) for label in letter.labels] == [
        (Category.contact, "07700 900461"),
        (Category.location, "14 Alder Road"),
    ]


def test_malformed_sets_are_refused(tmp_path: Path) -> None:
    bad_header = tmp_path / "bad.txt"
    bad_header.write_text("=== X1 somewhere harmed\nHello.\n")
    with pytest.raises(EvaluationSetError, match="malformed header"):
        load(bad_header)
    with pytest.raises(EvaluationSetError, match="unknown category"):
        parse_letter("T2", "dev", "harmed", "{{colour:blue}}")
    duplicate = tmp_path / "dup.txt"
    duplicate.write_text("=== A1 dev harmed\nOne.\n=== A1 dev harmed\nTwo.\n")
    with pytest.raises(EvaluationSetError, match="not unique"):
        load(duplicate)


def test_screen_eval_prints_recall_per_category() -> None:
    result = subprocess.run(
        [SHUTTLE, "screen-eval", "--path", str(DEVELOPMENT)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for category in Category:
        assert category.value in result.stdout
    assert "false-flag rate on clean letters" in result.stdout

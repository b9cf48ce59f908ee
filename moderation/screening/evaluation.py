"""Measure screening against a labelled set of letters: recall per category, false flags.

The set is a text file of letters, each starting with a header line
`=== <id> <split> <side>`; labelled spans are written inline as `{{category:span text}}`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from moderation.screening.engine import screen
from moderation.screening.findings import Category, Finding

_HEADER = re.compile(r"^=== (\S+) (dev|holdout) (harmed|responsible)\s*$")
_MARK = re.compile(r"\{\{([a-z_]+):(.+?)\}\}", re.DOTALL)


class EvaluationSetError(ValueError):
    """The evaluation file is malformed."""


@dataclass(frozen=True)
class Label:
    """A labelled span."""

    category: Category
    start: int
    end: int


@dataclass(frozen=True)
class LabelledLetter:
    """One letter of the set, with its labelled spans."""

    id: str
    split: str
    side: str
    text: str
    labels: tuple[Label, ...]


def parse_letter(letter_id: str, split: str, side: str, marked: str) -> LabelledLetter:
    """Strip `{{category:text}}` markers, keeping where each labelled span lies."""
    parts: list[str] = []
    labels: list[Label] = []
    cursor = length = 0
    for match in _MARK.finditer(marked):
        before = marked[cursor : match.start()]
        parts.append(before)
        length += len(before)
        try:
            category = Category(match.group(1))
        except ValueError:
            raise EvaluationSetError(f"{letter_id}: unknown category {match.group(1)!r}") from None
        span = match.group(2)
        labels.append(Label(category, length, length + len(span)))
        parts.append(span)
        length += len(span)
        cursor = match.end()
    parts.append(marked[cursor:])
    text = "".join(parts)
    if "{{" in text or "}}" in text:
        raise EvaluationSetError(f"{letter_id}: an unclosed or nested label")
    return LabelledLetter(letter_id, split, side, text, tuple(labels))


def load(path: Path) -> list[LabelledLetter]:
    """Read an evaluation file, or every `*.txt` file in a folder."""
    if path.is_dir():
        every = [letter for file in sorted(path.glob("*.txt")) for letter in load(file)]
        if len({letter.id for letter in every}) != len(every):
            raise EvaluationSetError(f"{path}: letter ids are not unique across files")
        return every
    letters: list[LabelledLetter] = []
    header: re.Match[str] | None = None
    body: list[str] = []

    def flush() -> None:
        if header is not None:
            text = "\n".join(body).rstrip()
            letters.append(parse_letter(header.group(1), header.group(2), header.group(3), text))

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("==="):
            flush()
            header, body = _HEADER.match(line), []
            if header is None:
                raise EvaluationSetError(f"{path}:{number}: malformed header {line!r}")
        elif header is not None:
            body.append(line)
    flush()
    ids = [letter.id for letter in letters]
    if len(ids) != len(set(ids)):
        raise EvaluationSetError(f"{path}: letter ids are not unique")
    return letters


@dataclass
class CategoryScore:
    """How one category did."""

    labelled: int = 0
    found: int = 0
    clean_letters_flagged: int = 0

    @property
    def recall(self) -> float:
        """Share of labelled spans overlapped by a finding of the same category."""
        return self.found / self.labelled if self.labelled else 1.0


@dataclass
class Report:
    """The evaluation's outcome."""

    letters: int = 0
    clean_letters: int = 0
    clean_letters_flagged: int = 0
    categories: dict[Category, CategoryScore] = field(
        default_factory=lambda: {c: CategoryScore() for c in Category}
    )
    misses: list[tuple[str, Category, str]] = field(default_factory=list)
    false_flags: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def false_flag_rate(self) -> float:
        """Share of clean letters with any finding."""
        return self.clean_letters_flagged / self.clean_letters if self.clean_letters else 0.0


def _overlaps(finding: Finding, label: Label) -> bool:
    same = finding.category is label.category
    return same and finding.start < label.end and label.start < finding.end


def evaluate(
    letters: Iterable[LabelledLetter], screener: Callable[[str], list[Finding]] = screen
) -> Report:
    """Screen every letter and score the findings against the labels."""
    report = Report()
    for letter in letters:
        findings = screener(letter.text)
        report.letters += 1
        if not letter.labels:
            report.clean_letters += 1
            if findings:
                report.clean_letters_flagged += 1
                report.false_flags.extend((letter.id, f) for f in findings)
            for category in {f.category for f in findings}:
                report.categories[category].clean_letters_flagged += 1
            continue
        for label in letter.labels:
            score = report.categories[label.category]
            score.labelled += 1
            if any(_overlaps(f, label) for f in findings):
                score.found += 1
            else:
                report.misses.append(
                    (letter.id, label.category, letter.text[label.start : label.end])
                )
    return report


def format_report(report: Report) -> str:
    """The table `shuttle screen-eval` prints."""
    lines = [
        f"{report.letters} letters, {report.clean_letters} clean",
        "",
        f"{'category':<16} {'labelled':>8} {'found':>6} {'recall':>7} {'clean flagged':>14}",
    ]
    for category, score in report.categories.items():
        rate = score.clean_letters_flagged / report.clean_letters if report.clean_letters else 0.0
        lines.append(
            f"{category.value:<16} {score.labelled:>8} {score.found:>6} "
            f"{score.recall:>7.2f} {rate:>14.2f}"
        )
    lines += [
        "",
        f"false-flag rate on clean letters: {report.false_flag_rate:.2f} "
        f"({report.clean_letters_flagged} of {report.clean_letters})",
    ]
    return "\n".join(lines)

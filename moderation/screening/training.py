"""Train the screening model (model.py) and measure how it generalises, in pure Python.

    .venv/bin/python -m moderation.screening.training            # cross-validation only
    .venv/bin/python -m moderation.screening.training --write    # ... then train and save

What it learns from: every letter of the files in tests/screening/ whose split is `dev`
(a sentence is a positive example of a category when it overlaps a span labelled with it), and
the extra sentences in tests/screening/training/extra_sentences.txt (written for training
only; never scored). What it learns: one logistic regression per category (threat, self_harm,
contact_request) over the features of model.reference_features, by stochastic gradient
descent with L2 regularisation, in a fixed order (a seeded shuffle): the same files give the
same weights, to the last digit written.

How well it generalises is measured by file: for each development file, a model is trained on
the other files (and the extra sentences) and scored on it, with thresholds chosen from the
training files alone (the same procedure one level down). Those figures are what a letter
from a new writer can expect, within the noise of a few dozen examples per category; they
are printed, and written into the weights file.

Thresholds: each category has `first`, the score a sentence must reach to be a finding, and
`further`, the lower score that is enough in a letter that already has a finding of that
category. They are chosen on scores of letters each model did not see (a model per file,
trained on the others): one threshold for the three categories and one drop to `further`,
the pair with the highest mean recall of the three categories that flags at most
MAX_FALSE_FLAGS of the clean letters (counting the rules' findings of the other categories
too). Few choices, so they carry over to letters no model saw.

Words and pairs of words seen in a single letter are not learned (MIN_LETTERS); weights are
written to ROUND decimals, and those that round to zero are left out.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from moderation.screening.evaluation import LabelledLetter, load
from moderation.screening.findings import Category
from moderation.screening.model import (
    CATEGORIES,
    NORM,
    WEIGHTS,
    lower,
    prepare,
    reference_features,
    segments,
)

ROOT = Path(__file__).resolve().parents[2]
SETS = ROOT / "tests" / "screening"
EXTRA = SETS / "training" / "extra_sentences.txt"

# Training settings, chosen by cross-validation (see docs/screening.md).
L2 = 3e-4  # per example and step
EPOCHS = 15
RATE = 0.2
POSITIVE_WEIGHT = 3.0  # positives are rare: each counts this much
MIN_LETTERS = 2  # a word or pair is only learned if it occurs in at least this many letters
SEED = 7
MAX_FALSE_FLAGS = 0.09  # clean letters flagged, at most, when thresholds are chosen
ROUND = 4  # decimals written
DROPS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)  # how much lower `further` may be


@dataclass
class Sample:
    """One sentence: where it comes from, what it has, and which categories it is."""

    letter: int
    start: int
    end: int
    features: dict[str, float]
    labels: tuple[bool, ...]


@dataclass
class Letter:
    """One letter (or extra sentence) prepared for training and scoring."""

    id: str
    file: str
    text: str
    labels: list[tuple[Category, int, int]]
    other_findings: bool  # a rule finding of another category (contact, location, identity)
    samples: list[Sample] = field(default_factory=list)


def _letters_from_sets(sets: Path) -> list[Letter]:
    from moderation.screening.engine import rule_findings

    letters = []
    for path in sorted(sets.glob("*.txt")):
        for labelled in load(path):
            if labelled.split != "dev":
                continue
            letters.append(_letter(labelled, path.stem, rule_findings))
    return letters


def _letter(labelled: LabelledLetter, file: str, rule_findings: object) -> Letter:
    findings = rule_findings(labelled.text)  # type: ignore[operator]
    other = any(f.category not in CATEGORIES for f in findings)
    labels = [(label.category, label.start, label.end) for label in labelled.labels]
    return Letter(labelled.id, file, labelled.text, labels, other)


def _extra_letters(path: Path) -> list[Letter]:
    letters = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        category, _, text = line.partition("|")
        labels = [] if category == "clean" else [(Category(category), 0, len(text))]
        letters.append(Letter(f"extra-{number}", "extra", text, labels, False))
    return letters


def prepare_samples(letters: list[Letter]) -> list[Sample]:
    """Every sentence with a word, of every letter, as a training sample."""
    samples = []
    for index, letter in enumerate(letters):
        low = prepare(lower(letter.text))
        for start, end in segments(low):
            features = reference_features(low, start, end)
            if not features:
                continue
            labels = tuple(
                any(c is category and s < end and start < e for c, s, e in letter.labels)
                for category in CATEGORIES
            )
            sample = Sample(index, start, end, features, labels)
            letter.samples.append(sample)
            samples.append(sample)
    return samples


# ---- learning -------------------------------------------------------------------------------


@dataclass
class Weights:
    """One category's learned weights."""

    bias: float
    weights: dict[str, float]

    def score(self, features: dict[str, float]) -> float:
        """The sentence's score (a log-odds)."""
        get = self.weights.get
        return self.bias + sum(get(name, 0.0) * value for name, value in features.items())


def _learnable(samples: Sequence[Sample], letters: Sequence[Letter]) -> set[str]:
    """Features seen in at least MIN_LETTERS letters (constructions, classes: always)."""
    seen: dict[str, set[int]] = {}
    for sample in samples:
        for name in sample.features:
            seen.setdefault(name, set()).add(sample.letter)
    return {
        name
        for name, where in seen.items()
        if len(where) >= MIN_LETTERS or not name.startswith(("w:", "b:"))
    }


def train(samples: Sequence[Sample], category: int, learnable: set[str]) -> Weights:
    """Logistic regression by SGD with L2, in a seeded order; the weights as a table."""
    rows = [
        (
            [(name, value) for name, value in s.features.items() if name in learnable],
            s.labels[category],
        )
        for s in samples
    ]
    weights: dict[str, float] = {}
    bias, shrink, step = 0.0, 1.0, 0
    order = list(range(len(rows)))
    rng = random.Random(SEED)  # noqa: S311 - a fixed order for training, not a secret
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            features, positive = rows[index]
            step += 1
            rate = RATE / (1 + RATE * L2 * step)
            z = bias + shrink * sum(weights.get(name, 0.0) * value for name, value in features)
            z = max(-30.0, min(30.0, z))
            p = 1 / (1 + math.exp(-z))
            gradient = (p - 1) * POSITIVE_WEIGHT if positive else p
            # Exact L2: every weight shrinks, kept as one factor until it gets small.
            shrink *= 1 - rate * L2
            if shrink < 1e-6:
                weights = {name: value * shrink for name, value in weights.items()}
                shrink = 1.0
            move = rate * gradient / shrink
            for name, value in features:
                weights[name] = weights.get(name, 0.0) - move * value
            bias -= rate * gradient * 0.1
    return Weights(bias, {name: value * shrink for name, value in weights.items()})


# ---- thresholds and evaluation --------------------------------------------------------------


@dataclass
class Outcome:
    """How a set of thresholds does on letters: recall per category, clean letters flagged."""

    found: list[int]
    labelled: list[int]
    clean: int
    flagged: int

    @property
    def recall(self) -> list[float]:
        """Recall per category (CATEGORIES order)."""
        return [f / n if n else 1.0 for f, n in zip(self.found, self.labelled, strict=True)]

    @property
    def false_flags(self) -> float:
        """The share of clean letters with any finding."""
        return self.flagged / self.clean if self.clean else 0.0


Scores = dict[int, list[tuple[float, ...]]]  # letter -> per sample, the 3 scores


def outcome(
    letters: Sequence[Letter],
    scores: Scores,
    first: Sequence[float],
    further: Sequence[float],
    which: Iterable[int],
) -> Outcome:
    """Score letters `which` as the model's findings would: first, then further thresholds."""
    found, labelled = [0, 0, 0], [0, 0, 0]
    clean = flagged = 0
    for index in which:
        letter, sentence_scores = letters[index], scores[index]
        firsts = [any(s[c] >= first[c] for s in sentence_scores) for c in range(3)]
        # A letter with a finding of a category is read more closely for that category.
        limits = [min(a, b) if hit else a for a, b, hit in zip(first, further, firsts, strict=True)]
        hits = [[s[c] >= limits[c] for s in sentence_scores] for c in range(3)]
        if not letter.labels:
            clean += 1
            if letter.other_findings or any(any(h) for h in hits):
                flagged += 1
            continue
        for category, start, end in letter.labels:
            if category not in CATEGORIES:
                continue
            c = CATEGORIES.index(category)
            labelled[c] += 1
            if any(
                hit and sample.start < end and start < sample.end
                for hit, sample in zip(hits[c], letter.samples, strict=True)
            ):
                found[c] += 1
    return Outcome(found, labelled, clean, flagged)


def choose_thresholds(
    letters: Sequence[Letter], scores: Scores, which: Sequence[int]
) -> tuple[list[float], list[float]]:
    """The thresholds with the best mean recall at most MAX_FALSE_FLAGS clean letters flagged.

    One threshold for the three categories and one drop for `further` (few choices, so
    they carry over from the letters they are chosen on to letters no model saw): every pair
    on a grid is tried; ties go to the higher thresholds.
    """
    best: tuple[tuple[float, float, float], list[float], list[float]] | None = None
    for step in range(-8, 25):
        threshold = step / 4
        for drop in DROPS:
            first = [threshold] * 3
            further = [threshold - drop] * 3
            result = outcome(letters, scores, first, further, which)
            if result.false_flags > MAX_FALSE_FLAGS:
                continue
            key = (sum(result.recall), threshold, -drop)
            if best is None or key > best[0]:
                best = (key, first, further)
    if best is None:
        return [6.0] * 3, [6.0] * 3
    return best[1], best[2]


def _score_all(
    models: Sequence[Weights], letters: Sequence[Letter], which: Iterable[int]
) -> Scores:
    return {
        index: [tuple(m.score(s.features) for m in models) for s in letters[index].samples]
        for index in which
    }


def _fit(letters: Sequence[Letter], which: Sequence[int]) -> list[Weights]:
    samples = [s for index in which for s in letters[index].samples]
    learnable = _learnable(samples, letters)
    return [train(samples, c, learnable) for c in range(3)]


def out_of_file_scores(
    letters: Sequence[Letter], files: Sequence[str], training: Sequence[int]
) -> Scores:
    """Scores of the letters of each file by a model trained without that file."""
    scores: Scores = {}
    for file in files:
        held = [i for i in training if letters[i].file == file]
        rest = [i for i in training if letters[i].file != file]
        scores.update(_score_all(_fit(letters, rest), letters, held))
    return scores


@dataclass
class FileFigures:
    """The cross-validation figures of one held-out file."""

    file: str
    outcome: Outcome
    first: list[float]
    further: list[float]


def cross_validate(
    letters: Sequence[Letter], log: bool = True
) -> tuple[list[FileFigures], Outcome]:
    """Leave one file out: train on the rest, choose thresholds by an inner leave-one-out."""
    files = sorted({letter.file for letter in letters} - {"extra"})
    extra = [i for i, letter in enumerate(letters) if letter.file == "extra"]
    figures = []
    for file in files:
        held = [i for i, letter in enumerate(letters) if letter.file == file]
        inner_files = [f for f in files if f != file]
        inner = [i for i, letter in enumerate(letters) if letter.file in inner_files]
        inner_scores = out_of_file_scores(letters, inner_files, inner + extra)
        first, further = choose_thresholds(letters, inner_scores, inner)
        models = _fit(letters, inner + extra)
        scores = _score_all(models, letters, held)
        result = outcome(letters, scores, first, further, held)
        figures.append(FileFigures(file, result, first, further))
        if log:
            print(_line(file, result), file=sys.stderr, flush=True)
    pooled = Outcome([0, 0, 0], [0, 0, 0], 0, 0)
    for figure in figures:
        for c in range(3):
            pooled.found[c] += figure.outcome.found[c]
            pooled.labelled[c] += figure.outcome.labelled[c]
        pooled.clean += figure.outcome.clean
        pooled.flagged += figure.outcome.flagged
    return figures, pooled


def _line(name: str, result: Outcome) -> str:
    recall = "  ".join(
        f"{category.value} {r:.2f} ({f}/{n})"
        for category, r, f, n in zip(
            CATEGORIES, result.recall, result.found, result.labelled, strict=True
        )
    )
    return (
        f"{name:<10} {recall}  false flags {result.false_flags:.2f} "
        f"({result.flagged}/{result.clean})"
    )


def fit_final(letters: Sequence[Letter]) -> dict[str, object]:
    """Train on everything; thresholds from out-of-file scores of all the files."""
    files = sorted({letter.file for letter in letters} - {"extra"})
    everything = list(range(len(letters)))
    development = [i for i, letter in enumerate(letters) if letter.file != "extra"]
    scores = out_of_file_scores(letters, files, everything)
    first, further = choose_thresholds(letters, scores, development)
    models = _fit(letters, everything)
    categories = {}
    for c, category in enumerate(CATEGORIES):
        weights = models[c].weights
        table: dict[str, dict[str, float]] = {"w": {}, "b": {}, "c": {}, "k": {}}
        question = 0.0
        for name, value in sorted(weights.items()):
            value = round(value, ROUND)
            if not value:
                continue
            if name == "q":
                question = value
            else:
                kind, _, rest = name.partition(":")
                table[kind][rest] = value
        categories[category.value] = {
            "bias": round(models[c].bias, ROUND),
            "first": first[c],
            "further": further[c],
            "q": question,
            **table,
        }
    return {
        "about": "screening model weights; written by moderation/screening/training.py",
        "settings": {
            "norm": NORM,
            "l2": L2,
            "epochs": EPOCHS,
            "rate": RATE,
            "positive_weight": POSITIVE_WEIGHT,
            "min_letters": MIN_LETTERS,
            "seed": SEED,
            "max_false_flags": MAX_FALSE_FLAGS,
        },
        "trained_on": sorted({letter.file for letter in letters}),
        "categories": categories,
    }


def load_letters() -> list[Letter]:
    """The development letters and the extra sentences, with their samples."""
    letters = _letters_from_sets(SETS) + _extra_letters(EXTRA)
    prepare_samples(letters)
    return letters


def main(argv: list[str] | None = None) -> None:
    """Cross-validate, and with --write train on everything and write the weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="train and write the weights")
    parser.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    parser.add_argument("--output", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    letters = load_letters()
    cv: dict[str, object] = {}
    if not args.no_cv:
        print("cross-validation by file (thresholds chosen without the file):", file=sys.stderr)
        figures, pooled = cross_validate(letters)
        print(_line("all", pooled), file=sys.stderr)
        cv = {
            figure.file: {
                "recall": dict(
                    zip(
                        [c.value for c in CATEGORIES],
                        [round(r, 2) for r in figure.outcome.recall],
                        strict=True,
                    )
                ),
                "false_flags": f"{figure.outcome.flagged}/{figure.outcome.clean}",
            }
            for figure in figures
        }
    if args.write:
        data = fit_final(letters)
        if cv:
            data["cross_validation"] = cv
        args.output.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
        print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()

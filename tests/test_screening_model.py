"""The screening model (moderation/screening/model.py): fast scoring, decisions, reasons."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from moderation.screening.evaluation import LabelledLetter, load
from moderation.screening.findings import Category
from moderation.screening.lexicon import CLASSES, CONSTRUCTIONS
from moderation.screening.model import (
    _ITEM,
    CATEGORIES,
    PREFIX,
    WEIGHTS,
    Model,
    items_of,
    lower,
    model,
    prepare,
    reference_features,
    segments,
    words_of,
)
from moderation.screening.training import Sample, train

SETS = Path(__file__).resolve().parent / "screening"


@pytest.fixture(scope="module")
def letters() -> list[LabelledLetter]:
    return load(SETS)


def _reference_scores(m: Model, low: str) -> dict[tuple[int, int], list[float]]:
    """Each sentence's scores from the features training sees and the weights file."""
    scores = {}
    for start, end in segments(low):
        features = reference_features(low, start, end)
        if not features:
            continue
        per_category = []
        for category in CATEGORIES:
            weights = m.data["categories"][category.value]
            total = weights["bias"]
            for name, value in features.items():
                if name == "q":
                    total += weights["q"] * value
                else:
                    kind, _, rest = name.partition(":")
                    total += weights[kind].get(rest, 0.0) * value
            per_category.append(total)
        scores[(start, end)] = per_category
    return scores


def _items_by_regex(low: str) -> list[str]:
    """The items as the regex defines them, a line break given as "." (as items_of does)."""
    return ["." if item == "\n" else item for item in _ITEM.findall(low)]


def test_items_are_the_regex_items(letters: list[LabelledLetter]) -> None:
    # Given every labelled letter, and odd strings: apostrophes in every place, digits after
    # them, capitals, characters beyond ASCII (accents, curly quotes, emoji, a lone surrogate,
    # other digits), and whitespace that str.split would split at
    texts = [prepare(lower(letter.text)) for letter in letters]
    rng = random.Random(6)
    alphabet = "ab9'' .!?\nZé£\u201c\U0001f600\t-,x0y'\ud800\u0130\u0663\x85\x0b\x1c"
    texts += ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(20_000)]
    for text in texts:
        # When they are cut into items, Then the items are those of the regex
        assert items_of(text) == _items_by_regex(text), repr(text)


def test_lowering_keeps_offsets_and_is_str_lower_otherwise() -> None:
    # Given Latin-1 letters (lowered byte by byte), others, and one whose lower case is longer
    rng = random.Random(5)
    latin = ["".join(map(chr, rng.choices(range(256), k=40))) for _ in range(2_000)]
    others = ["Ring ME \u201cnow\u201d, ΟΔΟΣ", "ÀÉ £5 MAY", "İstanbul ÀB"]
    for text in [*latin, *others]:
        # When it is lowered, Then it is str.lower (character by character if that is longer)
        expected = text.lower()
        if len(expected) != len(text):
            expected = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        assert lower(text) == expected, repr(text)


def test_fast_scores_equal_the_features_training_sees(letters: list[LabelledLetter]) -> None:
    # Given the committed model and every labelled letter
    m = model()
    for letter in letters:
        low = prepare(lower(letter.text))
        # When each sentence is scored by the fast path and from the reference features
        fast = {(s.start, s.end): s.scores for s in m.score(low)}
        reference = _reference_scores(m, low)
        # Then they are the same sentences with the same scores
        assert fast.keys() == reference.keys(), letter.id
        for span, scores in reference.items():
            assert fast[span] == pytest.approx(scores, abs=1e-9), (letter.id, span)


def test_findings_are_the_sentences_over_the_thresholds(letters: list[LabelledLetter]) -> None:
    """The fast path gives up on sentences early; it must flag exactly what full scores would."""
    m = model()
    for letter in letters:
        low = prepare(lower(letter.text))
        reference = _reference_scores(m, low)
        limits = list(m.first)
        for c in range(3):
            if any(scores[c] >= m.first[c] for scores in reference.values()):
                limits[c] = m.further[c]
        expected = {
            (CATEGORIES[c], span)
            for span, scores in reference.items()
            for c in range(3)
            if scores[c] >= limits[c]
        }
        found = {(f.category, f.start) for f in m.findings(letter.text, lower(letter.text))}
        starts = {(category, span[0]) for category, span in expected}
        # Spans are trimmed of leading spaces and quotes: compare by the sentence they start in.
        assert len(found) == len(starts), letter.id
        for category, start in found:
            assert any(c is category and s <= start < e for c, (s, e) in expected), (
                letter.id,
                category,
                start,
            )


def test_deciding_by_bounds_finds_what_full_scores_find(
    letters: list[LabelledLetter], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path settles most sentences by bounds; any it cannot settle (a score too near
    a limit) it scores in full, in the order the full scorer adds. With the margin made huge,
    every sentence that may reach a limit is scored in full: the findings must not change."""
    m = model()
    by_bounds = [m.findings(letter.text, lower(letter.text)) for letter in letters]
    monkeypatch.setattr("moderation.screening.model._MARGIN", 1e9)
    in_full = [m.findings(letter.text, lower(letter.text)) for letter in letters]
    assert by_bounds == in_full


def test_reasons_are_fixed_words(letters: list[LabelledLetter]) -> None:
    # Given every reason the model gives over the labelled letters
    pieces = {
        *(word_class.description for word_class in CLASSES),
        *(construction.description for construction in CONSTRUCTIONS),
        "wording like the letters it learned from",
    }
    m = model()
    reasons = {f.reason for letter in letters for f in m.findings(letter.text, lower(letter.text))}
    assert reasons
    for reason in reasons:
        # Then each is a category's words and descriptions written in the lexicon, short
        # enough for the stored column, never words from the letter
        prefix, _, rest = reason.partition(": ")
        assert prefix in PREFIX.values(), reason
        assert all(piece in pieces for piece in rest.split("; ")), reason
        assert len(reason) <= 120


def test_the_weights_file_names_only_what_the_lexicon_has() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    classes = {word_class.name for word_class in CLASSES}
    constructions = {construction.name for construction in CONSTRUCTIONS}
    for category in CATEGORIES:
        weights = data["categories"][category.value]
        assert set(weights["c"]) <= classes
        assert set(weights["k"]) <= constructions
        assert weights["further"] <= weights["first"]


def test_key_words_are_words_the_model_reads() -> None:
    for construction in CONSTRUCTIONS:
        assert construction.keys, construction.name
        for key in construction.keys:
            assert words_of(key) == [key], (construction.name, key)
    for word_class in CLASSES:
        for member in word_class.words:
            assert words_of(member) == [member], (word_class.name, member)


def test_training_gives_the_same_weights_every_time() -> None:
    samples = [
        Sample(0, 0, 1, {"w:meet": 1.0, "w:me": 1.0, "k:in_person": 1.0}, (False, False, True)),
        Sample(1, 0, 1, {"w:thank": 1.0, "w:you": 1.0}, (False, False, False)),
        Sample(2, 0, 1, {"w:meet": 1.0, "c:arranged": 1.0}, (False, False, False)),
    ]
    learnable = {"w:meet", "w:me", "k:in_person", "w:thank", "w:you", "c:arranged"}
    first = train(samples, 2, learnable)
    again = train(samples, 2, learnable)
    assert first == again
    assert first.score(samples[0].features) > first.score(samples[2].features)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I know what time your daughter walks home, and so do my mates.", "threat"),
        ("I've been keeping my tablets back and I nearly have enough now.", "self_harm"),
        ("Just ring me yourself, there's no need for the service to know.", "contact_request"),
    ],
)
def test_a_finding_says_why_in_the_categorys_words(text: str, category: str) -> None:
    findings = [f for f in model().findings(text, lower(text)) if f.category.value == category]
    assert findings, text
    assert findings[0].reason.startswith(PREFIX[Category(category)])

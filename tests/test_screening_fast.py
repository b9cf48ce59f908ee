"""What lets constructions be tried quickly (moderation/screening/lexicon/fast.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moderation.screening.evaluation import load
from moderation.screening.lexicon import CONSTRUCTIONS
from moderation.screening.lexicon.fast import Needs, quick, required
from moderation.screening.model import lower, prepare, segments, words_of

SETS = Path(__file__).resolve().parent / "screening"


def _texts() -> list[str]:
    texts = [letter.text for letter in load(SETS)]
    extra = (SETS / "training" / "extra_sentences.txt").read_text(encoding="utf-8")
    texts += [
        line.partition("|")[2] for line in extra.splitlines() if line and not line.startswith("#")
    ]
    return texts


def test_the_fast_forms_never_turn_away_a_match() -> None:
    # Given every construction and every sentence of the letters and the training sentences
    needs = Needs([construction.needs for construction in CONSTRUCTIONS])
    for text in _texts():
        low = prepare(lower(text))
        for lo, hi in segments(low):
            present = set(words_of(low, lo, hi))
            strings = needs.present(low, lo, hi)
            for bit, construction in enumerate(CONSTRUCTIONS):
                if construction.keys.isdisjoint(present):
                    continue
                # When it is searched as defined and as the model searches it
                plain = construction.pattern.search(low, lo, hi)
                fast = construction.quick.search(low, lo, hi)
                # Then both find the same, and a match has every string its pattern needs
                assert (plain and plain.span()) == (fast and fast.span()), construction.name
                if plain:
                    assert strings & needs.of[bit] == needs.of[bit], construction.name


@pytest.mark.parametrize(
    ("pattern", "groups"),
    [
        (r"\bshame (?:\w+ ){0,2}(?:if|for|when)\b", (("for", "if", "when"), ("shame ",))),
        (r"\b(?:see|watch) what happens", ((" what happens",), ("see", "watch"))),
        (r"\bi (?:will )?(?:call|ring)", (("call", "ring"), ("i ",))),  # optional: nothing
        (r"\b(?:call me|\w+ing)", (("call me", "ing"),)),
        (r"\b(?:call me|\w+)", ()),  # a branch that needs no literal: the choice needs none
        (r"(?<=shame )if\b", (("if",),)),  # a look-behind may see before the sentence
        (r"(?!never)ever", (("ever",),)),
        (r"(?i)shame", ()),  # a case-insensitive pattern is left alone
    ],
)
def test_required_strings_are_only_what_every_match_has(
    pattern: str, groups: tuple[tuple[str, ...], ...]
) -> None:
    # Given a pattern, When its required strings are read, Then they are these groups
    assert required(re.compile(pattern)) == groups


@pytest.mark.parametrize(
    ("pattern", "quick_form"),
    [
        (r"\b(?:can you|would you)", r"(?=[cw])(?:\b(?:can you|would you))"),
        (r"\b(?:x?y|z)", r"(?=[xyz])(?:\b(?:x?y|z))"),  # an optional first character
        (r"\b\w+ing", r"\b\w+ing"),  # it may begin with any letter: left as it is
        (r"(?:a)?", r"(?:a)?"),  # it may match nothing: left as it is
    ],
)
def test_quick_looks_ahead_for_the_first_characters(pattern: str, quick_form: str) -> None:
    # Given a pattern, When it is made quick, Then it has the look-ahead (or is as it was)
    assert quick(re.compile(pattern)).pattern == quick_form


def test_a_sentence_holds_the_groups_of_the_strings_it_has() -> None:
    # Given two patterns' required strings
    needs = Needs([(("or else", "you'll"), ("regret",)), (("shame ",),)])
    # When a sentence is read, Then it holds a group only if it has one of its strings in it
    text = "so what. you'll regret it. a shame"
    assert needs.present(text, 9, 26) == 0b011
    assert needs.present(text, 0, 9) == 0
    assert needs.present(text, 26, len(text)) == 0  # "shame" without the space after it
    assert needs.of == [0b011, 0b100]

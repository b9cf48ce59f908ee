"""What lets a construction's pattern be tried quickly, read from the pattern itself.

Two things, each certain (never a match turned away), both found in the parsed pattern:

- `required`: the literal strings every match must contain;
- `quick`: the pattern with a look-ahead for the characters a match can begin with.

A construction's pattern is tried only in a sentence that has one of its key words; most such
tries still fail (on the 2,000-word benchmark letter, five in six). Half of those fail for
want of a fixed piece of text the pattern cannot match without: "and you'll" or "or else"
for a condition with a consequence, "if", "for" or "when" after "shame". `required` reads those
pieces from the parsed pattern, as groups of alternatives (one string of each group must
occur). `Needs` finds every such string of every construction in a sentence in one pass
(an Aho-Corasick automaton, as the rules use), the first time the model has to search the
sentence; a construction lacking one of its groups there is then settled without a search.

A pattern that starts with `\\b` gives the regex engine no way to pass over places where it
cannot match: at every word it tries the whole alternation, branch by branch. `quick` puts
`(?=[...])` in front, the characters a match can begin with, so that most words are passed
over after one look (about a sixth less time per search on the benchmark letter).

Only what is certain is taken: literals outside optional parts, a choice only when every
branch of it needs a literal, and nothing from look-behinds (they may look before the
sentence) or from negative look-arounds, and nothing from a case-insensitive pattern. A
test checks, over every letter and sentence, that neither ever turns away a match.
"""

from __future__ import annotations

import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # the stdlib's own parser
from collections.abc import Sequence
from functools import reduce
from operator import itemgetter, or_
from typing import Any

import ahocorasick

_MIN_LENGTH = 2  # shorter strings (a space, one letter) are in nearly every sentence

Group = tuple[str, ...]

_LITERAL = sre_parse.LITERAL
_IN = sre_parse.IN
_BRANCH = sre_parse.BRANCH
_SUBPATTERN = sre_parse.SUBPATTERN
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT)
_ASSERT = sre_parse.ASSERT
_ATOMIC = sre_parse.ATOMIC_GROUP
_RANGE = sre_parse.RANGE
_ZERO_WIDTH = (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)
_MAX_RANGE = 128  # a wider range of first characters is not worth a look-ahead


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, with a look-ahead for the characters its matches can begin with in front."""
    if pattern.flags & re.IGNORECASE:
        return pattern
    # It compiled, so it parses.
    first, empty = _firsts(sre_parse.parse(pattern.pattern, pattern.flags))
    if first is None or empty or not first:
        return pattern  # it may begin with anything, or match nothing at all
    chars = "".join(re.escape(char) for char in sorted(first))
    return re.compile(f"(?=[{chars}])(?:{pattern.pattern})", pattern.flags)


def _firsts(items: Any) -> tuple[set[str] | None, bool]:
    """The characters a match of the sequence can begin with (None: any), and if it may be empty."""
    found: set[str] = set()
    for op, value in items:
        first, empty = _first_of(op, value)
        if first is None:
            return None, False
        found |= first
        if not empty:
            return found, False
    return found, True


def _first_of(op: Any, value: Any) -> tuple[set[str] | None, bool]:
    if op is _LITERAL:
        return {chr(value)}, False
    if op is _IN:
        chars: set[str] = set()
        for kind, item in value:
            if kind is _LITERAL:
                chars.add(chr(item))
            elif kind is _RANGE and item[1] - item[0] < _MAX_RANGE:
                chars.update(map(chr, range(item[0], item[1] + 1)))
            else:
                return None, False  # a negated class, \w, \d ...: anything
        return chars, False
    if op in _ZERO_WIDTH:
        return set(), True  # it consumes nothing: what follows begins the match
    if op is _SUBPATTERN:
        return (None, False) if value[1] & re.IGNORECASE else _firsts(value[3])
    if op is _ATOMIC:
        return _firsts(value)
    if op in _REPEATS:
        first, empty = _firsts(value[2])
        return first, empty or value[0] == 0
    if op is _BRANCH:
        chars, empty = set(), False
        for branch in value[1]:
            first, branch_empty = _firsts(branch)
            if first is None:
                return None, False
            chars |= first
            empty = empty or branch_empty
        return chars, empty
    return None, False


def required(pattern: re.Pattern[str]) -> tuple[Group, ...]:
    """Groups of strings: every match of `pattern` contains one string of each group."""
    if pattern.flags & re.IGNORECASE:
        return ()
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    groups = {group for group in _sequence(parsed) if min(map(len, group)) >= _MIN_LENGTH}
    return tuple(sorted(groups))


_VALUE = itemgetter(1)


class Needs:
    """The required strings of many patterns, found in a sentence in one pass.

    Each group of each pattern is a bit; a string's value is the bits of the groups it is in.
    A sentence's `present` bits are those of the strings it holds, and a pattern may match
    in it only if all its group bits (`of[i]`) are present.
    """

    def __init__(self, required: Sequence[tuple[Group, ...]]) -> None:
        values: dict[str, int] = {}
        self.of: list[int] = []
        bit = 0
        for groups in required:
            mask = 0
            for group in groups:
                for string in group:
                    values[string] = values.get(string, 0) | 1 << bit
                mask |= 1 << bit
                bit += 1
            self.of.append(mask)
        self._automaton = ahocorasick.Automaton() if values else None
        if self._automaton is not None:
            for string in sorted(values):
                self._automaton.add_word(string, values[string])
            self._automaton.make_automaton()

    def present(self, text: str, start: int, end: int) -> int:
        """The group bits of the strings that occur within text[start:end]."""
        if self._automaton is None:
            return 0
        # The automaton copies the whole text it is given (to four bytes a character), even
        # when told to search only part of it: it is given the sentence alone.
        return reduce(or_, map(_VALUE, self._automaton.iter(text[start:end])), 0)


def _sequence(items: Any) -> list[Group]:
    """The groups a sequence of parsed items needs: runs of literals, and what parts need."""
    groups: list[Group] = []
    run: list[str] = []

    def close() -> None:
        if run:
            groups.append(("".join(run),))
            run.clear()

    for op, value in items:
        character = _character(op, value)
        if character is not None:
            run.append(character)
            continue
        close()
        groups.extend(_item(op, value))
    close()
    return groups


def _character(op: Any, value: Any) -> str | None:
    """The one character an item matches, if it is a literal (or a class of one literal)."""
    if op is _LITERAL:
        return chr(value)
    if op is _IN and len(value) == 1 and value[0][0] is _LITERAL:
        return chr(value[0][1])
    return None


def _item(op: Any, value: Any) -> list[Group]:
    if op is _SUBPATTERN:
        _, add_flags, _, inner = value
        return [] if add_flags & re.IGNORECASE else _sequence(inner)
    if op is _ATOMIC:
        return _sequence(value)
    if op in _REPEATS:
        least, _, inner = value
        return _sequence(inner) if least >= 1 else []
    if op is _ASSERT:
        direction, inner = value
        # A look-ahead sees only up to the end of the search (the sentence); a look-behind
        # may see before its start, so it proves nothing about the sentence.
        return _sequence(inner) if direction == 1 else []
    if op is _BRANCH:
        choices: list[str] = []
        for branch in value[1]:
            best = _best(_sequence(branch))
            if best is None:
                return []  # a branch that needs no literal: the choice needs none
            choices.extend(best)
        return [tuple(sorted(set(choices)))]
    return []


def _best(groups: list[Group]) -> Group | None:
    """The group of a branch most worth checking: its shortest string the longest."""
    if not groups:
        return None
    return max(groups, key=lambda group: (min(map(len, group)), -len(group)))

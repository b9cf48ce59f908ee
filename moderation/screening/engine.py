"""Run every rule and the model over a letter; return the findings, merged, in reading order.

Identifiers, contact details and places (contact, location, identity) are found by the phrase
rules of rules/ and the `phonenumbers` library; threats, self-harm and contact requests by
the model of model.py, sentence by sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain

import phonenumbers

from moderation.screening.findings import Category, Finding, Severity
from moderation.screening.model import lower, model
from moderation.screening.rules import AROUND_DIGITS, RULES, Rule
from moderation.screening.words import WordIndex

# Digits with the separators people write phone numbers with; phonenumbers decides.
_PHONE_CANDIDATE = re.compile(r"(?<![\w£$€.,/])(?:\+|00)?\(?\d[\d \t().-]{6,18}\d(?![\w/])")
# The characters a phone candidate is made of (those of the pattern above, and the "+").
_PHONE_CHAR = re.compile(r"[+\d \t().-]")
_PHONE_CHARS = re.compile(r"[+\d \t().-]*")
_DIGIT = re.compile(r"\d")
# For speed (see _digits_at): in Latin-1 the only digits are 0-9; each becomes "0", all else " ".
_DIGITS_TO_ZERO = bytes(ord("0") if chr(byte) in "0123456789" else ord(" ") for byte in range(256))
_ZERO = re.compile(rb"0")
_SENTENCE_END = re.compile(r"[.!?\n]")
_TRIM = " \t\n.,;:!?'\"\u2019)(-"


def screen(text: str) -> list[Finding]:
    """Everything in `text` a facilitator must look at before it crosses, in reading order."""
    lowered = lower(text)
    found = _rule_findings(text, lowered)
    for finding in model().findings(text, lowered):
        start, end = _trim(text, finding.start, finding.end)
        if end > start:
            found.append(
                Finding(finding.category, start, end, "", finding.reason, finding.severity)
            )
    return [
        Finding(f.category, f.start, f.end, text[f.start : f.end], f.reason, f.severity)
        for f in _merge(found)
    ]


def rule_findings(text: str) -> list[Finding]:
    """What the rules alone find (contact, location, identity), unmerged."""
    return _rule_findings(text, lower(text))


def _rule_findings(text: str, lowered: str) -> list[Finding]:
    at = _Positions(text, lowered)
    found = _phone_numbers(text, at.digits_at)
    for rule in RULES:
        haystack = lowered if rule.lowered else text
        if rule.starts:
            matches: Iterable[re.Match[str]] = _matches_at(rule, at, haystack)
        else:
            windows = at.windows(rule)
            if not windows:
                continue
            finditer = rule.pattern.finditer
            matches = chain.from_iterable(finditer(haystack, lo, hi) for lo, hi in windows)
        for match in matches:
            if rule.word_start and match.start() > 0 and _is_word_char(haystack[match.start() - 1]):
                continue
            start, end = match.span(rule.group)
            start, end = _trim(text, start, end)
            if end <= start:
                continue
            if rule.context and not rule.context.search(_sentence(text, start, end)):
                continue
            found.append(
                Finding(rule.category, start, end, text[start:end], rule.reason, rule.severity)
            )
    return found


def _matches_at(rule: Rule, at: _Positions, haystack: str) -> Iterator[re.Match[str]]:
    """The rule's matches that start where one of its needed words or its anchor starts."""
    match = rule.pattern.match
    if rule.anchor is not None:
        starts: Iterable[int] = (found.start() for found in at.anchored(rule.anchor))
    else:
        # Two needed words may start at the same place ("under my ", "under my full").
        starts = set(chain.from_iterable(map(at.words.at, at.words.present(rule.needs))))
    for start in starts:
        found = match(haystack, start)
        if found:
            yield found


# A match lies within this many characters before and after one of its rule's needed words.
# Every rule's matches are shorter; halving the old 120/240 changed no finding in any of the
# 415 evaluation letters and took about 0.6 ms off a 2,000-word letter.
_BEFORE, _AFTER = 60, 120
# A rule that `ends` with a needed word ends at most this many characters after the word's end.
_PAST_END = 12


_INDEX = WordIndex({word for rule in RULES for word in rule.needs})
_NEEDED = _INDEX.words


class _Positions:
    """Where each rule may match in one letter: windows around its needed words or anchors."""

    def __init__(self, text: str, lowered: str) -> None:
        self.text, self.length = text, len(text)
        self.words = _INDEX.find(lowered)
        self.digits_at = _digits_at(text)
        # Windows are worked out once per needed word, anchor and set of needed words: many
        # rules share them.
        self._around_word: dict[str, list[tuple[int, int]]] = {}
        self._by_needs: dict[frozenset[str], list[tuple[int, int]]] = {}
        self._by_anchor: dict[re.Pattern[str], list[tuple[int, int]]] = {}
        self._ending: dict[frozenset[str], list[tuple[int, int]]] = {}

    def windows(self, rule: Rule) -> list[tuple[int, int]]:
        """Stretches of the letter the rule must search, merged; empty when it cannot match."""
        if rule.anchor is not None:
            if rule.anchor not in self._by_anchor:
                length = self.length
                spans = [
                    (max(0, m.start() - _BEFORE), min(length, m.end() + _AFTER))
                    for m in self.anchored(rule.anchor)
                ]
                self._by_anchor[rule.anchor] = _merged(sorted(spans))
            return self._by_anchor[rule.anchor]
        if not rule.needs:
            return [(0, self.length)]
        if rule.ends:
            return self._before(rule.needs)
        if rule.needs not in self._by_needs:
            present = self.words.present(rule.needs)
            if len(present) == 1:
                windows = self._around(next(iter(present)))
            else:
                windows = _merged(sorted(chain.from_iterable(map(self._around, present))))
            self._by_needs[rule.needs] = windows
        return self._by_needs[rule.needs]

    def _before(self, needs: frozenset[str]) -> list[tuple[int, int]]:
        """Windows for a rule whose matches end with one of `needs`: the stretch before each."""
        if needs not in self._ending:
            length, at = self.length, self.words.at
            spans = [
                (max(0, start - _BEFORE), min(length, start + len(word) + _PAST_END))
                for word in self.words.present(needs)
                for start in at(word)
            ]
            self._ending[needs] = _merged(sorted(spans))
        return self._ending[needs]

    def anchored(self, anchor: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches of `anchor` in the letter, as its `finditer` gives them."""
        if anchor.pattern not in AROUND_DIGITS:
            return anchor.finditer(self.text)
        # Each match lies in a stretch of digits (one other character at most between two)
        # and the few characters before it; such stretches are searched, one by one.
        before = AROUND_DIGITS[anchor.pattern]
        stretches: list[tuple[int, int]] = []
        for digit in self.digits_at:
            if stretches and digit - before <= stretches[-1][1] + 1:
                stretches[-1] = (stretches[-1][0], digit + 1)
            else:
                stretches.append((max(0, digit - before), digit + 1))
        return chain.from_iterable(anchor.finditer(self.text, lo, hi) for lo, hi in stretches)

    def _around(self, word: str) -> list[tuple[int, int]]:
        """The merged windows around every occurrence of one needed word (which occurs)."""
        if word not in self._around_word:
            starts, reach = self.words.at(word), len(word) + _AFTER
            windows: list[tuple[int, int]] = []
            # Every window is as wide, so two in a row join when their starts are close enough.
            first = last = starts[0]
            for at in starts[1:]:
                if at - last > reach + _BEFORE:
                    windows.append((max(0, first - _BEFORE), min(self.length, last + reach)))
                    first = at
                last = at
            windows.append((max(0, first - _BEFORE), min(self.length, last + reach)))
            self._around_word[word] = windows
        return self._around_word[word]


def _digits_at(text: str) -> list[int]:
    """Where the digits of `text` are, as the regex \\d finds them.

    A letter in Latin-1 is searched as bytes with every digit made "0": the search for one
    byte is much faster than \\d's test of every character.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        return [match.start() for match in _DIGIT.finditer(text)]
    return [match.start() for match in _ZERO.finditer(data.translate(_DIGITS_TO_ZERO))]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans joined where they overlap or touch."""
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _phone_numbers(text: str, digits_at: list[int]) -> list[Finding]:
    """Phone numbers in `text`, whose digits are at `digits_at`."""
    findings = []
    for match in _phone_candidates(text, digits_at):
        candidate = match.group().strip()
        digits = re.sub(r"\D", "", candidate)
        international = candidate.startswith(("+", "00"))
        # National UK numbers start with 0; anything else without + is a count, a year or money.
        if not international and not digits.startswith("0"):
            continue
        if len(digits) < (8 if international else 10):
            continue
        try:
            number = phonenumbers.parse(candidate, "GB")
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_possible_number(number):
            continue
        start, end = _trim(text, match.start(), match.end())
        findings.append(
            Finding(
                Category.contact, start, end, text[start:end], "a phone number", Severity.medium
            )
        )
    return findings


def _phone_candidates(text: str, digits_at: list[int]) -> Iterator[re.Match[str]]:
    """The matches of _PHONE_CANDIDATE in `text`, in order, as its `finditer` gives them.

    A match is made of phone characters and holds a digit, so it lies in a run of phone
    characters around a digit; only those runs are searched, with the character after each
    (the look-ahead at the end of a match reads it; the look-behind reads back on its own).
    Digits are rare in letters, and the look-behind at the start of the pattern keeps
    `finditer` from skipping ahead: on its own it tries every character of the letter.
    """
    end = 0
    for digit in digits_at:
        if digit < end:  # in the run just searched
            continue
        start = digit
        while start > 0 and _PHONE_CHAR.match(text, start - 1):
            start -= 1
        run = _PHONE_CHARS.match(text, start)
        end = run.end() if run else digit + 1  # the pattern ends with *: it always matches
        yield from _PHONE_CANDIDATE.finditer(text, start, end + 1)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and punctuation at the ends, but keep brackets that pair up inside."""
    while start < end and text[start] in _TRIM:
        if text[start] == "(" and ")" in text[start:end]:
            break
        start += 1
    while end > start and text[end - 1] in _TRIM:
        if text[end - 1] == ")" and "(" in text[start : end - 1]:
            break
        end -= 1
    return start, end


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end]: from the last mark before it to the next after."""
    # The last mark before `start`: each mark is only looked for after the nearest found so
    # far, so a rare one ("?") does not send the search back to the start of a long letter.
    before = -1
    for mark in ".\n!?":
        before = max(before, text.rfind(mark, before + 1, start))
    before += 1
    after = _SENTENCE_END.search(text, end)
    return text[before : after.start() if after else len(text)]


def _merge(findings: list[Finding]) -> list[Finding]:
    """One finding per overlapping run of the same category, keeping the first rule's reason."""
    findings.sort(key=lambda f: (f.category.value, f.start, -f.end))
    merged: list[Finding] = []
    for finding in findings:
        last = merged[-1] if merged else None
        if last and last.category is finding.category and finding.start < last.end:
            if finding.end > last.end:
                merged[-1] = Finding(
                    last.category, last.start, finding.end, "", last.reason, last.severity
                )
            continue
        merged.append(finding)
    return sorted(merged, key=lambda f: (f.start, f.end, f.category.value))

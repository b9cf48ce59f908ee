"""Run every rule over a letter and return its findings, merged and in reading order."""

from __future__ import annotations

import re

import phonenumbers

from moderation.screening.findings import Category, Finding, Severity
from moderation.screening.rules import BYPASS, FACILITATED, RULES, Rule

# Digits with the separators people write phone numbers with; phonenumbers decides.
_PHONE_CANDIDATE = re.compile(r"(?<![\w£$€.,/])(?:\+|00)?\(?\d[\d \t().-]{6,18}\d(?![\w/])")
_SENTENCE_END = re.compile(r"[.!?\n]")
_TRIM = " \t\n.,;:!?'\"\u2019)(-"
# A request the writer declines is not a request: "I'm not ready to meet you".
_DECLINED = re.compile(r"(?:\bnot|n't|\bnever|\bno)\b[^.!?\n,;]{0,25}$", re.IGNORECASE)


def screen(text: str) -> list[Finding]:
    """Everything in `text` a facilitator must look at before it crosses, in reading order."""
    found = [*_phone_numbers(text)]
    lowered = text.lower()
    # Lower-casing keeps offsets unless a character changes length (rare: "İ"); then fall back.
    same_offsets = len(lowered) == len(text)
    at = _Positions(text, lowered)
    for rule in RULES:
        windows = at.windows(rule)
        if not windows:
            continue
        if rule.lowered and same_offsets:
            haystack, pattern = lowered, rule.pattern
        elif rule.lowered:
            haystack, pattern = text, rule.fallback
        else:
            haystack, pattern = text, rule.pattern
        for match in (m for lo, hi in windows for m in pattern.finditer(haystack, lo, hi)):
            if (
                rule.word_start
                and pattern is not rule.fallback
                and match.start() > 0
                and _is_word_char(haystack[match.start() - 1])
            ):
                continue
            start, end = match.span(rule.group)
            start, end = _trim(text, start, end)
            if end <= start:
                continue
            if rule.unless_facilitated and (
                _facilitated(text, start, end) or _DECLINED.search(text[max(0, start - 40) : start])
            ):
                continue
            if rule.context and not rule.context.search(_sentence(text, start, end)):
                continue
            found.append(
                Finding(rule.category, start, end, text[start:end], rule.reason, rule.severity)
            )
    return [
        Finding(f.category, f.start, f.end, text[f.start : f.end], f.reason, f.severity)
        for f in _merge(found)
    ]


# A match lies within this many characters before and after one of its rule's needed words.
_BEFORE, _AFTER = 120, 240


def _trie(words: set[str]) -> str:
    """One pattern matching the longest of `words` at a position, branching a letter at a time."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        arms = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(root)


_NEEDED = sorted({word for rule in RULES for word in rule.needs})
# Every needed word in one pass; a lookahead, so words that overlap are all seen.
_NEEDED_PATTERN = re.compile(f"(?=({_trie(set(_NEEDED))}))")
# The needed words a longest match also contains at the same place ("kill" in "killing").
_PREFIXES = {word: [other for other in _NEEDED if word.startswith(other)] for word in _NEEDED}


class _Positions:
    """Where each rule may match in one letter: windows around its needed words or anchors."""

    def __init__(self, text: str, lowered: str) -> None:
        self.text, self.length = text, len(text)
        self.words: dict[str, list[int]] = {}
        for match in _NEEDED_PATTERN.finditer(lowered):
            for word in _PREFIXES[match.group(1)]:
                self.words.setdefault(word, []).append(match.start())
        self.anchors: dict[re.Pattern[str], list[tuple[int, int]]] = {}

    def windows(self, rule: Rule) -> list[tuple[int, int]]:
        """Stretches of the letter the rule must search, merged; empty when it cannot match."""
        if rule.anchor is not None:
            if rule.anchor not in self.anchors:
                self.anchors[rule.anchor] = [m.span() for m in rule.anchor.finditer(self.text)]
            spans = self.anchors[rule.anchor]
        elif rule.needs:
            spans = [(at, at + len(word)) for word in rule.needs for at in self.words.get(word, ())]
        else:
            return [(0, self.length)]
        spans = sorted((max(0, lo - _BEFORE), min(self.length, hi + _AFTER)) for lo, hi in spans)
        merged: list[tuple[int, int]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _phone_numbers(text: str) -> list[Finding]:
    findings = []
    for match in _PHONE_CANDIDATE.finditer(text):
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
    before = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    after = _SENTENCE_END.search(text, end)
    return text[before : after.start() if after else len(text)]


def _facilitated(text: str, start: int, end: int) -> bool:
    """A request to meet or be in touch that goes through the process is not a finding."""
    sentence = _sentence(text, start, end)
    return bool(FACILITATED.search(sentence)) and not BYPASS.search(sentence)


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

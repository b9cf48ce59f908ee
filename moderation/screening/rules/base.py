"""A rule: a pattern with its reason in plain words, and what keeps it fast (see the package)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.screening.findings import Category, Severity

I = re.IGNORECASE  # noqa: E741 - the conventional flag name reads best in long rule lists


@dataclass(frozen=True)
class Rule:
    """A compiled rule; the package docstring says what each option means."""

    category: Category
    reason: str
    pattern: re.Pattern[str]
    group: int | str
    severity: Severity
    lowered: bool
    word_start: bool
    needs: frozenset[str]
    anchor: re.Pattern[str] | None
    context: re.Pattern[str] | None
    starts: bool
    ends: bool


def rule(
    category: Category,
    reason: str,
    pattern: str,
    flags: int = 0,
    *,
    group: int | str = 0,
    needs: tuple[str, ...] = (),
    anchor: str | None = None,
    context: str | None = None,
    starts: bool = False,
    ends: bool = False,
    first: str | None = None,
) -> Rule:
    """Compile one rule."""
    if starts and not (needs or anchor):
        raise ValueError(f"rule {reason!r} starts at its needed words but needs none")
    if ends and not needs:
        raise ValueError(f"rule {reason!r} ends with its needed words but needs none")
    urgent = category in (Category.threat, Category.self_harm)
    # A leading \b is checked in Python: with it first, the regex engine cannot skip ahead.
    word_start = pattern.startswith(r"\b")
    body = pattern[2:] if word_start else pattern
    if first:
        body = f"(?=[{first}]){body}"
    lowered = bool(flags & re.IGNORECASE)
    if lowered:
        if re.search(r"\\[SWDBAZ]|\[A-Z]|\(\?P<[^>]*[A-Z]", body):
            raise ValueError(f"case-insensitive rule {reason!r} must not depend on capitals")
        compiled = re.compile(body.lower(), flags & ~re.IGNORECASE)
    else:
        compiled = re.compile(body, flags)
    return Rule(
        category,
        reason,
        compiled,
        group,
        Severity.high if urgent else Severity.medium,
        lowered,
        word_start,
        frozenset(needs),
        re.compile(anchor) if anchor else None,
        re.compile(context, I) if context else None,
        starts,
        ends,
    )

"""The screening rules: explainable patterns, grouped by category.

Each rule says in plain words why it fires; that reason is what the facilitator reads.
To add a rule, add a `rule(...)` to its category's list (`contact.py`, `location.py`,
`identity.py`; shared patterns are in `vocabulary.py`, what a rule is in `base.py`), and a
letter that needs it to the evaluation set (tests/screening/eval_letters.txt); check with
`shuttle screen-eval`.

Options, all optional:
- flags=I: case-insensitive. Such patterns must not depend on capitals; they are compiled in
  lower case and run over a lower-cased copy of the letter, which is much faster.
- group: the named group that is the span to report (default: the whole match).
- needs: lower-case words one of which every match contains; the rule then only runs near
  them (a cheap way to stay under a few milliseconds for a long letter).
- anchor: a cheap case-sensitive pattern every match contains ("[A-Z]\\s?\\d" for codes like
  postcodes); like needs, the rule then only runs near its matches.
- context: the match counts only when its sentence also matches this (case-insensitive).
- first: the characters every match begins with, written as the inside of a character class
  ("fFaA"); the regex engine then passes over every other place at once (a case-insensitive
  alternation at the start of a pattern is otherwise tried, branch by branch, everywhere).
- ends: every match ends within a few characters (a plural, a second word) after one of its
  needed words ("Moorfield Park"); the rule then only runs just before them.
- starts: every match starts where one of its needed words (or its anchor's matches)
  starts ("my brother ..."); the pattern is then only tried at those places, not searched
  for around them, which costs next to nothing however common the words are.
"""

from __future__ import annotations

from moderation.screening.rules.base import I, Rule, rule
from moderation.screening.rules.contact import CONTACT_RULES
from moderation.screening.rules.identity import IDENTITY_RULES
from moderation.screening.rules.location import LOCATION_RULES
from moderation.screening.rules.vocabulary import AROUND_DIGITS

# In this order: where two findings of a category overlap, the first rule's reason is kept.
RULES: list[Rule] = [
    *CONTACT_RULES,
    *LOCATION_RULES,
    *IDENTITY_RULES,
]

__all__ = ["AROUND_DIGITS", "RULES", "I", "Rule", "rule"]

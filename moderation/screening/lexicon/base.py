"""The parts the lexicon is made of: classes, constructions, and patterns they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from moderation.screening.lexicon.fast import Group, quick, required


@dataclass(frozen=True)
class WordClass:
    """Words that play the same part in a sentence."""

    name: str
    description: str
    words: frozenset[str]


@dataclass(frozen=True)
class Construction:
    """A pattern a sentence may be built from, tried only when it has one of `keys`.

    `pattern` is the definition; the model searches with `quick` (the same matches, found
    faster) and only in a sentence that holds a string of each group of `needs` (fast.py).
    """

    name: str
    description: str
    keys: frozenset[str]
    pattern: re.Pattern[str]
    quick: re.Pattern[str] = field(init=False, compare=False, repr=False)
    needs: tuple[Group, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quick", quick(self.pattern))
        object.__setattr__(self, "needs", required(self.pattern))


def words_of(text: str) -> frozenset[str]:
    """The distinct words of `text`, split at spaces."""
    return frozenset(text.split())


def word_class(name: str, description: str, words: str) -> WordClass:
    """A class of the words in `words` (separated by spaces)."""
    return WordClass(name, description, words_of(words))


WORD = r"(?:[\w',-]+ )"  # a word and the space after it
YOU = r"(?:you|your|yours|yourself|ya|yer|ur|u|ye|you're|you've|you'll|you'd)"
KIN = (
    r"(?:wife|husband|missus|partner|son|daughter|kids?|children|child|boys?|girls?|lad|"
    r"mum|mam|mom|mother|dad|father|nan|nana|gran|granny|grandad|grandson|granddaughter|"
    r"grandkids|grandchildren|sister|brother|family|baby|youngest|eldest|little ones?|"
    r"girlfriend|boyfriend|fiancee?|parents|nephew|niece|auntie|aunt|uncle|cousin|dog|cat)"
)
ALLY = (
    r"(?:mates?|lads|boys|brothers?|cousins?|uncles?|friends?|pals?|people|folk|family|"
    r"crew|associates|contacts|husband|boyfriend|partner|fella|dad|sons?|nephews?)"
)
ALLY_WORDS = (
    "mate mates lads boys brother brothers cousin cousins uncle uncles friend friends pal pals "
    "people folk family crew associates contacts husband boyfriend partner fella dad son sons "
    "nephew nephews"
)


# A time someone keeps: every morning, most nights, of a Thursday, at eight, after work.
WHEN = (
    r"(?:(?:every|most|each|usually|always|still|same|of an?|on) (?:\w+ ){0,2}(?:morning|"
    r"night|evening|afternoon|day|week|weekend|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|time|run|route|shift)s?|mondays|tuesdays|wednesdays|thursdays|fridays|"
    r"saturdays|sundays|weekends|nights|mornings|evenings|school run|o'clock|"
    r"(?:after|before) (?:work|school|dark|closing)|at (?:about |around )?(?:\d+|half|quarter|"
    r"ten|twenty|one|two|three|four|five|six|seven|eight|nine|eleven|twelve)\b)"
)


def construction(name: str, description: str, keys: str, pattern: str) -> Construction:
    """A construction tried in sentences that have one of `keys` (separated by spaces)."""
    return Construction(name, description, words_of(keys), re.compile(pattern))

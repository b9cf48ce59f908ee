"""The screening model: threats, self-harm and contact requests, sentence by sentence.

Each sentence gets a score per category: a sum of weights, one for each thing the sentence
has, learned from the labelled letters (training.py; the weights are in model_weights.json).
What a sentence has:

- its words and its pairs of neighbouring words (`w:` and `b:` in the weights file), weighed
  less in a long sentence than in a short one (each group is scaled by sqrt(10 / count) once
  it has more than ten), so a long sentence is not flagged for being long;
- the classes of word it holds (`c:`, lexicon.CLASSES), counted like words: people close to
  the reader, harm, the times of someone's routine ...;
- the constructions it is built from (`k:`, lexicon.CONSTRUCTIONS): a misfortune wished on
  someone, advice that sounds like a warning, a means of self-harm, leaving the process out;
- whether it ends with a question mark (`q`).

A sentence whose score reaches the category's threshold is a finding; once a letter has a
finding of a category, its other sentences need only reach a lower threshold for it
(`further`): a letter that threatens once is read more closely for threats. The reason given
is the category's words and the descriptions of the two classes or constructions that
weighed most, all fixed words.

Speed: the words and pairs of words of the whole letter are looked up at once (a `map` over
one list each; a word's three weights travel packed in one integer), and a sentence's sums
are differences of running totals. A construction's pattern is only tried in a sentence that
has one of its key words and every group of strings the pattern needs (found for the sentence
in one pass, lexicon/fast.py), only while the constructions still untried could lift the
sentence to a threshold, and with a look-ahead for the characters a match can begin with.
`reference_features` is the slow, plain definition that training uses; a test holds the two
equal.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import reduce
from itertools import accumulate, compress, count, pairwise, repeat
from operator import itemgetter, or_
from pathlib import Path
from typing import Any

from moderation.screening.findings import Category, Finding, Severity
from moderation.screening.lexicon import CLASSES, CONSTRUCTIONS
from moderation.screening.lexicon.fast import Needs

WEIGHTS = Path(__file__).with_name("model_weights.json")
CATEGORIES = (Category.threat, Category.self_harm, Category.contact_request)

# The letter is cut into items: words (letters and digits, with an apostrophe inside:
# "don't", "you'll") and the marks that end a sentence (. ! ? and a line break, each on its
# own). Every other character separates words. (Possessive, since nothing after a word could
# make it give characters back: the same items, found about a tenth faster.)
WORD = r"[a-z0-9]++(?:'[a-z]++)*+"
MARK = r"[.!?\n]"
_WORD = re.compile(WORD)
_ITEM = re.compile(f"{WORD}|{MARK}")  # what items_of gives, found faster (a test holds them equal)
_MARK = re.compile(MARK)
_BREAK = "."
_MARKS = frozenset(".!?")
# An apostrophe is in a word only between a letter or digit and a letter ("don't", not "dogs'"
# or "'tis"), and the letters after it end the word at a digit ("a'b9" is "a'b" and "9").
_LOOSE_APOSTROPHE = re.compile(rb"'(?:(?![a-z])|(?<![a-z0-9]'))")
_APOSTROPHE_BEFORE_DIGIT = re.compile(rb"'(?<=[a-z0-9]')[a-z]++(?=[0-9])")


def _kept(byte: int) -> int:
    """What items_of makes of one byte of the letter: itself, a space, or "." for a line break."""
    if byte == ord("\n"):
        return ord(".")
    return byte if chr(byte) in "abcdefghijklmnopqrstuvwxyz0123456789'.!?" else ord(" ")


_KEPT = bytes(map(_kept, range(256)))


def items_of(low: str) -> list[str]:
    """The words and sentence marks of `low` (see `prepare`), in order: the matches of _ITEM,
    but "." for a line break (the scorer treats every mark alike but "?").

    For speed the letter is cut without the regex (about three times faster): every byte but
    a-z, 0-9, ' and the marks becomes a space (a character beyond ASCII is encoded in UTF-8 as
    bytes from 0x80, all of them spaces), apostrophes outside words become spaces too, the
    marks get spaces around them, and str.split does the rest.
    """
    data = low.encode("utf-8", "surrogatepass").translate(_KEPT)
    if b"'" in data:
        data = _LOOSE_APOSTROPHE.sub(b" ", data)
        data = _APOSTROPHE_BEFORE_DIGIT.sub(rb"\g<0> ", data)
    data = data.replace(b".", b" . ").replace(b"!", b" ! ").replace(b"?", b" ? ")
    return data.decode("ascii").split()


def words_of(low: str, start: int = 0, end: int | None = None) -> list[str]:
    """The words of low[start:end]."""
    return _WORD.findall(low, start, len(low) if end is None else end)


NORM = 10  # a group of more than this many words is scaled by sqrt(NORM / count)

PREFIX = {
    Category.threat: "reads as a threat",
    Category.self_harm: "reads as the writer thinking of harming themselves",
    Category.contact_request: "reads as a request for contact outside the process",
}
_LEARNED = "wording like the letters it learned from"
_REASON_LENGTH = 120  # the stored reason's column


_LOWER_LATIN1 = bytes(ord(chr(byte).lower()) for byte in range(256))


def lower(text: str) -> str:
    """`text` in lower case, with the same offsets.

    A character whose lower case is longer ("İ") would shift every offset: it is kept as is.
    """
    if not text.isascii():
        # For speed: every character of Latin-1 lowers to one character of Latin-1, so such a
        # letter is lowered byte by byte (str.lower looks each one up in the Unicode tables).
        try:
            return text.encode("latin-1").translate(_LOWER_LATIN1).decode("latin-1")
        except UnicodeEncodeError:
            pass
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def prepare(lowered: str) -> str:
    """The lower-cased letter with either apostrophe as ' (same length, same offsets)."""
    return lowered.replace("\u2019", "'")


def scale(words: int) -> float:
    """How much a group of `words` words counts: 1, or less for a long group."""
    return 1.0 if words <= NORM else math.sqrt(NORM / words)


def segments(low: str) -> list[tuple[int, int]]:
    """Each sentence's span, its closing marks included; the spans follow each other."""
    spans, start = [], 0
    for mark in _MARK.finditer(low):
        spans.append((start, mark.end()))
        start = mark.end()
    spans.append((start, len(low)))
    return spans


def reference_features(low: str, start: int, end: int) -> dict[str, float]:
    """What the sentence low[start:end] has, feature by feature: how training sees it.

    The scorer below computes the same sums much faster; a test holds them equal.
    """
    tokens = words_of(low, start, end)
    features: dict[str, float] = {}
    if not tokens:
        return features
    words = scale(len(tokens))
    for token in tokens:
        features[f"w:{token}"] = features.get(f"w:{token}", 0.0) + words
        for word_class in CLASSES:
            if token in word_class.words:
                name = f"c:{word_class.name}"
                features[name] = features.get(name, 0.0) + words
    if len(tokens) > 1:
        pairs = scale(len(tokens) - 1)
        for first, second in pairwise(tokens):
            name = f"b:{first} {second}"
            features[name] = features.get(name, 0.0) + pairs
    present = set(tokens)
    for construction in CONSTRUCTIONS:
        if not construction.keys.isdisjoint(present) and construction.pattern.search(
            low, start, end
        ):
            features[f"k:{construction.name}"] = 1.0
    if "?" in low[start:end]:
        features["q"] = 1.0
    return features


@dataclass(frozen=True)
class Scored:
    """A sentence's span and its score per category (in CATEGORIES order)."""

    start: int
    end: int
    scores: tuple[float, float, float]
    constructions: int  # bit i: CONSTRUCTIONS[i] holds
    classes: int  # bit i: the sentence has a word of CLASSES[i]
    words: int


_MAX_SCALED = 512
_MARGIN = 1e-9  # a score nearer its limit than this is worked out exactly (Model._decide)
_REMEMBERED = 4096  # sets of key words whose constructions are kept at hand
_SCALES = [scale(n) for n in range(_MAX_SCALED)]


# A sentence as the scorer keeps it: its index among the spans, its first and last item,
# its three scores before constructions, the key words it has (as construction bits), the
# most each score could reach with the constructions those key words allow, and the classes
# of its words (bits).
Row = tuple[int, int, int, float, float, float, int, float, float, float, int]
# Constructions (bits) most promising first, what they may add at most and take away at most,
# and, for each set of categories still open, the order to try them in (see Model._tries).
Present = tuple[
    list[int], tuple[float, float, float], tuple[float, float, float], list[list[int] | None]
]
_WEIGHT = itemgetter(0)
_NONE_PRESENT: Present = ([], (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), [[] for _ in range(8)])
# What is known of a sentence's scores: with the constructions found so far, what those not yet
# tried could add (three) and take away (three), and its constructions (Present).
Bounds = tuple[float, float, float, float, float, float, float, float, float, Present]


class _Letter:
    """One letter's sentences, each with its score before constructions, worked out at once."""

    def __init__(self, model: Model, low: str) -> None:
        self.low = low
        items = items_of(low)
        size = len(items)
        zero = model.zero
        # Each item's weights and, above them, its bits (see Model.values).
        values = list(map(model.values.get, items, repeat(zero)))
        words = list(accumulate(values, initial=0))
        pair_sums = list(accumulate(map(model.pairs.get, pairwise(items), repeat(zero)), initial=0))
        marks = list(compress(count(), map(_MARKS.__contains__, items)))
        marks.append(size)
        (bias_t, bias_h, bias_r), question = model.bias, model.question
        scales, unit = _SCALES_IN_UNITS, 1 / _UNIT
        classes_at, class_mask = len(CLASSES), (1 << len(CLASSES)) - 1
        field, offset = _FIELD_MASK, _OFFSET
        items.append(_BREAK)  # a last mark, so every sentence has one after it
        present, present_in = model.present, model.present_in
        rows: list[Row] = []
        append = rows.append
        start = 0
        for index, stop in enumerate(marks):
            if stop > start:
                n = stop - start
                if n >= _MAX_SCALED:
                    scale_words, scale_pairs = scale(n) * unit, scale(n - 1) * unit
                else:
                    scale_words, scale_pairs = scales[n], scales[n - 1]
                # Three sums in one integer: threat, self-harm and contact request, each offset
                # by `offset` per word (or pair) so that none is negative.
                total, shift = words[stop] - words[start], n * offset
                pair_total, pair_shift = pair_sums[stop - 1] - pair_sums[start], shift - offset
                t = bias_t + scale_words * ((total >> _T & field) - shift)
                t += scale_pairs * ((pair_total >> _T) - pair_shift)
                h = bias_h + scale_words * ((total >> _H & field) - shift)
                h += scale_pairs * ((pair_total >> _H & field) - pair_shift)
                r = bias_r + scale_words * ((total & field) - shift)
                r += scale_pairs * ((pair_total & field) - pair_shift)
                if items[stop] == "?":
                    t, h, r = t + question[0], h + question[1], r + question[2]
                bits = reduce(or_, values[start:stop]) >> _MASKS
                keys, classes = bits >> classes_at, bits & class_mask
                if keys:
                    gain = (present.get(keys) or present_in(keys))[1]
                    reach_t, reach_h, reach_r = t + gain[0], h + gain[1], r + gain[2]
                    append((index, start, stop, t, h, r, keys, reach_t, reach_h, reach_r, classes))
                else:
                    append((index, start, stop, t, h, r, 0, t, h, r, classes))
            start = stop + 1
        self.rows = rows
        self._spans: list[tuple[int, int]] | None = None
        # Per sentence: the constructions tried so far, and those of them that hold.
        self.tried: dict[int, tuple[int, int]] = {}
        # Per sentence searched: the constructions whose required strings it has.
        self.possible: dict[int, int] = {}
        # Sentences scored in full (a score too near a limit to be settled by bounds), and
        # those that reached the first limits (see Model._decide).
        self.exact: dict[int, Scored] = {}
        self.reached_first: set[int] = set()
        # Per sentence decided by bounds: see Model._bounds.
        self.bounds: dict[int, Bounds] = {}

    def span(self, index: int) -> tuple[int, int]:
        """The character span of sentence `index` (found on first use: most letters need none)."""
        if self._spans is None:
            self._spans = segments(self.low)
        return self._spans[index]


class Model:
    """The weights of one trained model, arranged for fast scoring."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.categories = [data["categories"][category.value] for category in CATEGORIES]
        self.first = [float(weights["first"]) for weights in self.categories]
        self.further = [
            min(float(weights["further"]), float(weights["first"])) for weights in self.categories
        ]
        t, h, r = self.categories
        self.bias = (float(t["bias"]), float(h["bias"]), float(r["bias"]))
        self.question = (float(t.get("q", 0.0)), float(h.get("q", 0.0)), float(r.get("q", 0.0)))
        # A word's weight is its own plus those of its classes (a class counts like a word).
        vocabulary = {word for weights in self.categories for word in weights["w"]} | {
            word for word_class in CLASSES for word in word_class.words
        }
        totals = [self._word_weights(weights, vocabulary) for weights in self.categories]
        self.zero = _pack(0.0, 0.0, 0.0)
        self.words = {
            word: _pack(
                totals[0].get(word, 0.0), totals[1].get(word, 0.0), totals[2].get(word, 0.0)
            )
            for word in totals[0].keys() | totals[1].keys() | totals[2].keys()
        }
        # Bits: classes first, then the constructions whose key words a word is.
        masks: dict[str, int] = {}
        for index, word_class in enumerate(CLASSES):
            for word in word_class.words:
                masks[word] = masks.get(word, 0) | 1 << index
        for index, construction in enumerate(CONSTRUCTIONS):
            for word in construction.keys:
                masks[word] = masks.get(word, 0) | 1 << (len(CLASSES) + index)
        self.masks = masks
        # A word's weights and its bits in one integer, the bits above the weights: the sums of
        # a sentence's values hold its weights, and their OR (shifted down) its bits.
        self.values = {
            word: self.words.get(word, self.zero) | masks.get(word, 0) << _MASKS
            for word in self.words.keys() | masks.keys()
        }
        # A pair's words are the very strings of the words' table (for speed: a pair found in
        # the table is then compared with strings just read, not with copies of them).
        canonical = {word: word for word in self.values}
        self.pairs = {
            _pair(pair, canonical): _pack(
                t["b"].get(pair, 0.0), h["b"].get(pair, 0.0), r["b"].get(pair, 0.0)
            )
            for pair in t["b"].keys() | h["b"].keys() | r["b"].keys()
        }
        self.construction_weights = [
            [float(weights["k"].get(c.name, 0.0)) for c in CONSTRUCTIONS]
            for weights in self.categories
        ]
        # Per construction: what it adds to each category's score, and at most (if positive).
        self.adds = [
            (t["k"].get(c.name, 0.0), h["k"].get(c.name, 0.0), r["k"].get(c.name, 0.0))
            for c in CONSTRUCTIONS
        ]
        self.gain = [(max(0.0, a), max(0.0, b), max(0.0, c)) for a, b, c in self.adds]
        self.loss = [(min(0.0, a), min(0.0, b), min(0.0, c)) for a, b, c in self.adds]
        # Per set of categories (bit c for CATEGORIES[c]), per construction: how much it weighs,
        # either way, in the most of them, negated (0 if in none): a key to sort by.
        self.against = [
            [
                -max((abs(add[c]) for c in range(3) if categories >> c & 1), default=0.0)
                for add in self.adds
            ]
            for categories in range(8)
        ]
        self.class_weights = [
            [float(weights["c"].get(c.name, 0.0)) for c in CLASSES] for weights in self.categories
        ]
        # Per category: the constructions and classes that weigh for it (bits), for reasons.
        self.weighing = [
            (_mask(w > 0 for w in self.construction_weights[c]), _mask(w > 0 for w in classes))
            for c, classes in enumerate(self.class_weights)
        ]
        # The most promising constructions first.
        self.order = sorted(range(len(CONSTRUCTIONS)), key=lambda bit: -max(self.gain[bit]))
        self.rank = [0] * len(CONSTRUCTIONS)  # each construction's place in that order
        for place, bit in enumerate(self.order):
            self.rank[bit] = place
        # Per set of key words seen: its constructions in that order, and their gains.
        self.present: dict[int, Present] = {}
        self.needs = Needs([c.needs for c in CONSTRUCTIONS])
        self.searches = [c.quick.search for c in CONSTRUCTIONS]

    def _possible(self, letter: _Letter, index: int, keys: int) -> int:
        """Of the constructions in `keys`, those that may hold in sentence `index`.

        A construction whose pattern needs a string (of a group of them) that the sentence
        lacks cannot hold; which strings the sentence has is found once (lexicon/fast.py).
        """
        possible = letter.possible.get(index)
        if possible is None:
            lo, hi = letter.span(index)
            strings, of = self.needs.present(letter.low, lo, hi), self.needs.of
            possible = 0
            for bit in (self.present.get(keys) or self.present_in(keys))[0]:
                if strings & of[bit] == of[bit]:
                    possible |= 1 << bit
            letter.possible[index] = possible
        return possible

    @staticmethod
    def _word_weights(weights: dict[str, Any], vocabulary: set[str]) -> dict[str, float]:
        own, of_class = weights["w"], weights["c"]
        table = {}
        for word in vocabulary:
            total = own.get(word, 0.0) + sum(
                of_class.get(word_class.name, 0.0)
                for word_class in CLASSES
                if word in word_class.words
            )
            if total:
                table[word] = total
        return table

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Model:
        """The model in a weights file."""
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _check(self, letter: _Letter, row: Row, limits: list[float]) -> Scored | None:
        """The sentence scored in full if it reaches `limits` in some category, else None.

        Only the constructions that could lift a category still able to reach its limit are
        tried at first, the most promising first; once no category can, the sentence is given
        up. A sentence that reaches a limit is then scored in full.
        """
        index, _, _, t, h, r, keys, reach_t, reach_h, reach_r, _ = row
        lt, lh, lr = limits
        if not keys:
            return (
                self._scored(letter, row, (t, h, r), 0) if t >= lt or h >= lh or r >= lr else None
            )
        possible = self._possible(letter, index, keys)
        present, gain, _, _ = self.present.get(possible) or self.present_in(possible)
        if possible != keys:  # what constructions may add is less than the key words allowed
            reach_t, reach_h, reach_r = t + gain[0], h + gain[1], r + gain[2]
        alive_t, alive_h, alive_r = reach_t >= lt, reach_h >= lh, reach_r >= lr
        if not (alive_t or alive_h or alive_r):
            return None
        up_t, up_h, up_r = reach_t - t, reach_h - h, reach_r - r  # what constructions may add
        lo, hi = letter.span(index)
        low, adds, gains, searches = letter.low, self.adds, self.gain, self.searches
        # Constructions already tried in this sentence (by an earlier, stricter pass).
        tried, held = letter.tried.get(index, (0, 0))
        found = 0
        for bit in present:
            gain = gains[bit]
            if not ((alive_t and gain[0]) or (alive_h and gain[1]) or (alive_r and gain[2])):
                continue  # it cannot lift a category that may still reach its limit
            up_t, up_h, up_r = up_t - gain[0], up_h - gain[1], up_r - gain[2]
            flag = 1 << bit
            if not tried & flag:
                tried |= flag
                if searches[bit](low, lo, hi):
                    held |= flag
            if held & flag:
                found |= flag
                add = adds[bit]
                t, h, r = t + add[0], h + add[1], r + add[2]
            else:
                alive_t = alive_t and t + up_t >= lt
                alive_h = alive_h and h + up_h >= lh
                alive_r = alive_r and r + up_r >= lr
                if not (alive_t or alive_h or alive_r):
                    letter.tried[index] = (tried, held)
                    return None
        # What is left can only lower a category still in play: if none has reached its limit,
        # none will; if one has, the rest are tried for the exact scores.
        if not ((alive_t and t >= lt) or (alive_h and h >= lh) or (alive_r and r >= lr)):
            letter.tried[index] = (tried, held)
            return None
        for bit in present:
            flag = 1 << bit
            if found & flag:
                continue
            if not tried & flag:
                tried |= flag
                if searches[bit](low, lo, hi):
                    held |= flag
            if held & flag:
                found |= flag
                add = adds[bit]
                t, h, r = t + add[0], h + add[1], r + add[2]
        letter.tried[index] = (tried, held)
        if t >= lt or h >= lh or r >= lr:
            return self._scored(letter, row, (t, h, r), found)
        return None

    def present_in(self, keys: int) -> Present:
        """The constructions of `keys`, most promising first, what they may add at most, and
        what they may take away."""
        # For speed: only the bits of `keys` are walked (a few of the 72), then put in order.
        present = sorted(_bits(keys), key=self.rank.__getitem__)
        gains, losses = self.gain, self.loss
        up_t = up_h = up_r = down_t = down_h = down_r = 0.0
        for bit in present:
            gain, loss = gains[bit], losses[bit]
            up_t, up_h, up_r = up_t + gain[0], up_h + gain[1], up_r + gain[2]
            down_t, down_h, down_r = down_t + loss[0], down_h + loss[1], down_r + loss[2]
        up, down = (up_t, up_h, up_r), (down_t, down_h, down_r)
        tries: list[list[int] | None] = [None] * 8  # filled in as needed (Model._tries)
        if len(self.present) >= _REMEMBERED:
            self.present.clear()
        self.present[keys] = (present, up, down, tries)
        return present, up, down, tries

    def _tries(self, known: Present, opened: int) -> list[int]:
        """Of the constructions `known`, those that weigh in a category of `opened` (bit c for
        CATEGORIES[c]), in the order to try them: the one that weighs most, either way, first.
        Worked out once per set of constructions and of categories (kept in `known`)."""
        present, tries, against = known[0], known[3], self.against[opened]
        order = tries[opened]
        if order is None:
            order = sorted(filter(against.__getitem__, present), key=against.__getitem__)
            tries[opened] = order
        return order

    def _scored(
        self, letter: _Letter, row: Row, scores: tuple[float, float, float], found: int
    ) -> Scored:
        index, start, stop = row[0], row[1], row[2]
        lo, hi = letter.span(index)
        return Scored(lo, hi, scores, found, row[10], stop - start)

    def _complete(self, letter: _Letter, row: Row) -> Scored:
        """The sentence's exact scores: every construction tried."""
        index, _, _, t, h, r, keys = row[:7]
        lo, hi = letter.span(index)
        found = 0
        for bit in _bits(self._possible(letter, index, keys) if keys else 0):
            if self.searches[bit](letter.low, lo, hi):
                found |= 1 << bit
                add = self.adds[bit]
                t, h, r = t + add[0], h + add[1], r + add[2]
        return self._scored(letter, row, (t, h, r), found)

    def _decide(self, letter: _Letter, row: Row, limits: list[float], first: bool) -> int:
        """The categories whose limits the sentence reaches: bit c for CATEGORIES[c].

        The sentence's constructions are tried only until every category is settled: a
        category is settled once what the constructions found so far add, with all that those
        not yet tried could take away (or add), still reaches its limit (or still falls short).
        Only a category not yet settled needs another construction tried. A score within
        _MARGIN of a limit is not settled by bounds: the sentence is then scored in full by
        _check, the same sums in the same order, so that every decision is the one full scores
        give. (The caller has checked the row's reach: it may reach some limit.)
        """
        index = row[0]
        lt, lh, lr = limits
        exact = letter.exact.get(index)
        if exact is not None:
            s = exact.scores
            return (s[0] >= lt) | (s[1] >= lh) << 1 | (s[2] >= lr) << 2
        bounds = letter.bounds.get(index) or self._bounds(letter, row)
        t, h, r, up_t, up_h, up_r, down_t, down_h, down_r, known = bounds
        tried, held = letter.tried.get(index, (0, 0))
        searched = False
        while True:
            reached = opened = 0  # bit c for CATEGORIES[c]: settled as reached, still open
            if t + down_t >= lt + _MARGIN:
                reached = 1
            elif t + up_t >= lt - _MARGIN:
                opened = 1
            if h + down_h >= lh + _MARGIN:
                reached |= 2
            elif h + up_h >= lh - _MARGIN:
                opened |= 2
            if r + down_r >= lr + _MARGIN:
                reached |= 4
            elif r + up_r >= lr - _MARGIN:
                opened |= 4
            if not opened:
                break
            for bit in known[3][opened] or self._tries(known, opened):
                if not tried >> bit & 1:
                    break
            else:
                # Every construction that could move an open category has been tried: its
                # score is known, within _MARGIN of its limit.
                letter.tried[index] = (tried, held)
                return self._exact(letter, row, limits, first)
            flag = 1 << bit
            tried |= flag
            gain, loss = self.gain[bit], self.loss[bit]
            up_t, up_h, up_r = up_t - gain[0], up_h - gain[1], up_r - gain[2]
            down_t, down_h, down_r = down_t - loss[0], down_h - loss[1], down_r - loss[2]
            lo, hi = letter.span(index)
            searched = True
            if self.searches[bit](letter.low, lo, hi):
                held |= flag
                add = self.adds[bit]
                t, h, r = t + add[0], h + add[1], r + add[2]
        if searched:
            letter.tried[index] = (tried, held)
            letter.bounds[index] = (t, h, r, up_t, up_h, up_r, down_t, down_h, down_r, known)
        if first and reached:
            letter.reached_first.add(index)
        return reached

    def _bounds(self, letter: _Letter, row: Row) -> Bounds:
        """The sentence's scores with the constructions found so far, and what those not yet
        tried could add and take away."""
        index, _, _, t, h, r, keys = row[:7]
        if not keys:
            bounds: Bounds = (t, h, r, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, _NONE_PRESENT)
            letter.bounds[index] = bounds
            return bounds
        possible = self._possible(letter, index, keys)
        known = self.present.get(possible) or self.present_in(possible)
        present, up, down, _ = known
        tried, held = letter.tried.get(index, (0, 0))
        if not tried:
            bounds = (t, h, r, *up, *down, known)
            letter.bounds[index] = bounds
            return bounds
        adds, gains, losses = self.adds, self.gain, self.loss
        up_t = up_h = up_r = down_t = down_h = down_r = 0.0
        for bit in present:
            flag = 1 << bit
            if held & flag:
                add = adds[bit]
                t, h, r = t + add[0], h + add[1], r + add[2]
            elif not tried & flag:
                gain, loss = gains[bit], losses[bit]
                up_t, up_h, up_r = up_t + gain[0], up_h + gain[1], up_r + gain[2]
                down_t, down_h, down_r = down_t + loss[0], down_h + loss[1], down_r + loss[2]
        bounds = (t, h, r, up_t, up_h, up_r, down_t, down_h, down_r, known)
        letter.bounds[index] = bounds
        return bounds

    def _exact(self, letter: _Letter, row: Row, limits: list[float], first: bool) -> int:
        """_decide for a sentence scored in full, as _check scores it when the first pass (or,
        if it reached no first limit, the pass at `limits`) finds it."""
        index = row[0]
        main = self.first if first or index in letter.reached_first else limits
        scored = self._check(letter, row, main)
        if scored is None:
            return 0
        letter.exact[index] = scored
        if first:
            letter.reached_first.add(index)
        s = scored.scores
        return (s[0] >= limits[0]) | (s[1] >= limits[1]) << 1 | (s[2] >= limits[2]) << 2

    def score(self, low: str) -> list[Scored]:
        """Every sentence of `low` (see `prepare`) with a word, scored in full."""
        letter = _Letter(self, low)
        return [self._complete(letter, row) for row in letter.rows]

    def _reached(self, letter: _Letter, limits: list[float], first: bool) -> list[int]:
        """Per sentence, the categories whose limits it reaches (see `_decide`)."""
        lt, lh, lr = limits
        decide = self._decide
        return [
            0
            if row[7] < lt and row[8] < lh and row[9] < lr  # even every construction it may hold
            else decide(letter, row, limits, first)
            for row in letter.rows
        ]

    def findings(self, text: str, lowered: str) -> list[Finding]:
        """The sentences of `text` the model flags, with their reasons."""
        letter = _Letter(self, prepare(lowered))
        limits = self.first
        reached = self._reached(letter, limits, True)
        flagged = reduce(or_, reached, 0)
        if not flagged:
            return []
        # A letter with a finding of a category is read more closely for that category.
        limits = [
            further if flagged >> c & 1 else first
            for c, (first, further) in enumerate(zip(self.first, self.further, strict=True))
        ]
        if limits != self.first:
            reached = self._reached(letter, limits, False)
        findings = []
        for row, categories in zip(letter.rows, reached, strict=True):
            if not categories:
                continue
            start, end = _trimmed(text, *letter.span(row[0]))
            if end <= start:
                continue
            for c, category in enumerate(CATEGORIES):
                if categories >> c & 1:
                    urgent = category in (Category.threat, Category.self_harm)
                    findings.append(
                        Finding(
                            category,
                            start,
                            end,
                            text[start:end],
                            self._reason_of(c, letter, row),
                            Severity.high if urgent else Severity.medium,
                        )
                    )
        return findings

    def _reason_of(self, c: int, letter: _Letter, row: Row) -> str:
        """The reason for category c of a sentence that reached its limit (see `reason`).

        Only the constructions that could be among the two that weigh most are tried.
        """
        index, start, stop, keys = row[0], row[1], row[2], row[6]
        exact = letter.exact.get(index)
        if exact is not None:
            return self.reason(c, exact)
        tried, held = letter.tried.get(index, (0, 0))
        weighing = self.weighing[c]
        candidates = (self._possible(letter, index, keys) if keys else 0) & weighing[0]
        classes = row[10] & weighing[1]
        constructions, class_weights, words = (
            self.construction_weights[c],
            self.class_weights[c],
            scale(stop - start),
        )
        # As `reason` orders them: constructions, then classes, each by weight (stably).
        parts = [
            (constructions[bit], bit, CONSTRUCTIONS[bit].description) for bit in _bits(candidates)
        ]
        parts += [
            (class_weights[bit] * words, -1, CLASSES[bit].description) for bit in _bits(classes)
        ]
        parts.sort(key=_WEIGHT, reverse=True)  # (reversed, a sort is still stable)
        said: list[str] = []
        lo, hi = letter.span(index)
        for _, bit, description in parts:
            if bit >= 0:
                flag = 1 << bit
                if not tried & flag:
                    tried |= flag
                    if self.searches[bit](letter.low, lo, hi):
                        held |= flag
                if not held & flag:
                    continue
            if description not in said:
                said.append(description)
                if len(said) == 2:
                    break
        letter.tried[index] = (tried, held)
        return self._worded(c, said)

    def reason(self, c: int, sentence: Scored) -> str:
        """The category's words, and what weighed most for it in the sentence."""
        parts: list[tuple[float, str]] = []
        constructions, weighing = self.construction_weights[c], self.weighing[c]
        for bit in _bits(sentence.constructions & weighing[0]):
            parts.append((constructions[bit], CONSTRUCTIONS[bit].description))
        classes, words = self.class_weights[c], scale(sentence.words)
        for bit in _bits(sentence.classes & weighing[1]):
            parts.append((classes[bit] * words, CLASSES[bit].description))
        parts.sort(key=lambda part: -part[0])
        said: list[str] = []
        for _, description in parts:
            if description not in said:
                said.append(description)
        return self._worded(c, said)

    @staticmethod
    def _worded(c: int, said: list[str]) -> str:
        """The category's words, and the first one or two of `said` if they fit."""
        reason = PREFIX[CATEGORIES[c]]
        if not said:
            return f"{reason}: {_LEARNED}"
        for shown in (2, 1):
            candidate = f"{reason}: {'; '.join(said[:shown])}"
            if len(candidate) <= _REASON_LENGTH:
                return candidate
        return reason


def _mask(flags: Iterable[bool]) -> int:
    """The bits whose flags are true (bit i for the i-th flag)."""
    return sum(1 << bit for bit, flag in enumerate(flags) if flag)


def _bits(mask: int) -> Iterator[int]:
    """The positions of the bits set in `mask`, lowest first."""
    while mask:
        lowest = mask & -mask
        yield lowest.bit_length() - 1
        mask ^= lowest


# Weights are written with ROUND (4) decimals, so in units of 1/_UNIT they are whole numbers,
# and a word's three weights fit in one integer: three fields of 64 bits, each offset by
# _OFFSET so that it is never negative. Sums of such integers add each field on its own.
_UNIT = 10_000
_OFFSET = 1 << 32
_H, _T = 64, 128
_FIELD_MASK = (1 << 64) - 1
_MASKS = 192  # where a word's class and construction bits start, above its three weights
# The scales of a group's sums, times 1/_UNIT (the scorer's own product: the same floats).
_SCALES_IN_UNITS = [factor * (1 / _UNIT) for factor in _SCALES]


def _pair(name: str, canonical: dict[str, str]) -> tuple[str, str]:
    first, _, second = name.partition(" ")
    return canonical.setdefault(first, first), canonical.setdefault(second, second)


def _pack(threat: float, self_harm: float, request: float) -> int:
    """One word's (or pair's) three weights as one integer."""
    fields = [round(weight * _UNIT) + _OFFSET for weight in (threat, self_harm, request)]
    return fields[0] << _T | fields[1] << _H | fields[2]


_TRIM_START = " \t\r\n\"'\u2019\u201c\u201d(-"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM_START:
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return start, end


_MODEL: Model | None = None


def model() -> Model:
    """The committed model, loaded once."""
    global _MODEL
    if _MODEL is None:
        _MODEL = Model.load()
    return _MODEL

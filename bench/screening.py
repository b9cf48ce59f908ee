"""Per-letter screening time for a 2,000-word letter (target: under 5 ms).

Two letters are timed: one made of the development letters as written (with findings in
most paragraphs, the costly case) and one made of the clean letters only (the common case).
Run with `make bench` or `.venv/bin/python bench/screening.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import Figure, below  # noqa: E402
from moderation.screening import screen  # noqa: E402
from moderation.screening.evaluation import load  # noqa: E402

LETTERS = Path(__file__).resolve().parent.parent / "tests" / "screening" / "eval_letters.txt"
WORDS = 2_000
ROUNDS = 200
TARGET_MS = 5.0


def letter_of(texts: list[str], words: int = WORDS) -> str:
    """Paragraphs taken in turn until the letter has `words` words."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = texts[len(paragraphs) % len(texts)]
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def time_ms(text: str, rounds: int = ROUNDS) -> list[float]:
    """Milliseconds per screening, one figure per round."""
    for _ in range(5):
        screen(text)
    figures = []
    for _ in range(rounds):
        started = time.perf_counter()
        screen(text)
        figures.append((time.perf_counter() - started) * 1000)
    return figures


def letters() -> dict[str, str]:
    """The two 2,000-word letters."""
    every = load(LETTERS)
    return {
        "mixed (findings throughout)": letter_of([letter.text for letter in every]),
        "clean letters only": letter_of([letter.text for letter in every if not letter.labels]),
    }


def figures(rounds: int = ROUNDS) -> list[Figure]:
    """screen_ms_2000_words: the median for the costly (mixed) letter; the clean one beside it."""
    medians = {name: statistics.median(time_ms(text, rounds)) for name, text in letters().items()}
    mixed, clean = medians["mixed (findings throughout)"], medians["clean letters only"]
    return [
        below("screen_ms_2000_words", mixed, "ms", TARGET_MS, f"median; clean letter {clean:.2f}")
    ]


def main() -> None:
    """Print the figures."""
    cases = letters()
    print(f"screening a {WORDS:,}-word letter, {ROUNDS} rounds (target: under {TARGET_MS} ms)")
    print(f"{'letter':<30} {'words':>6} {'findings':>9} {'median ms':>10} {'p95 ms':>8}  ok")
    for name, text in cases.items():
        figures = sorted(time_ms(text))
        median = statistics.median(figures)
        p95 = figures[int(len(figures) * 0.95) - 1]
        print(
            f"{name:<30} {len(text.split()):>6} {len(screen(text)):>9} {median:>10.2f} "
            f"{p95:>8.2f}  {'yes' if median < TARGET_MS else 'NO'}"
        )


if __name__ == "__main__":
    main()

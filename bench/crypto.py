"""Per-letter encryption cost: AES-256-GCM over a 4 KiB letter (target: under 50 µs).

Timed as the service calls it (shuttle.crypto.aead.encrypt: a fresh nonce from the OS, the
cipher set up with the case key, the letter's associated data); the note beside it gives
decryption and unwrapping a case key with the master key ring, which each request pays once
per case key it needs. Run with `make bench` or `.venv/bin/python bench/crypto.py`.
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import Figure, below, print_table  # noqa: E402
from shuttle.crypto import aead  # noqa: E402
from shuttle.crypto.keyring import KeyRing  # noqa: E402

TARGET_US = 50.0
SIZE = 4096
ROUNDS = 20_000


def per_call_us(call: Callable[[], object], rounds: int = ROUNDS, batches: int = 20) -> float:
    """Median over batches of the mean microseconds per call."""
    for _ in range(1000):
        call()
    each = max(1, rounds // batches)
    means = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(each):
            call()
        means.append((time.perf_counter() - started) / each * 1e6)
    return statistics.median(means)


def figures() -> list[Figure]:
    """encrypt_us_4kib."""
    key = aead.new_data_key()
    case_id, letter_id = uuid.uuid4(), uuid.uuid4()
    context = aead.letter_context(case_id, letter_id, 1)
    text = (b"I am sorry for what I did. " * 200)[:SIZE]
    sealed = aead.encrypt(key, text, context)
    ring = KeyRing({1: aead.new_data_key()}, 1)
    wrapped = ring.wrap(case_id, key)
    encrypt = per_call_us(lambda: aead.encrypt(key, text, context))
    decrypt = per_call_us(lambda: aead.decrypt(key, sealed, context))
    unwrap = per_call_us(lambda: ring.unwrap(case_id, wrapped))
    return [
        below(
            "encrypt_us_4kib",
            encrypt,
            "us",
            TARGET_US,
            f"decrypt {decrypt:.1f} us, case key unwrap {unwrap:.1f} us",
        )
    ]


if __name__ == "__main__":
    print_table(figures())

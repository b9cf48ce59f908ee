"""Argon2id passphrase hashing, off the event loop and with bounded concurrency, and the
strength check every new passphrase must pass."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shuttle.accounts.models import PASSPHRASE_MIN
from shuttle.config import Settings
from shuttle.errors import Invalid

# zxcvbn's score runs from 0 (guessed at once) to 4; 3 resists an offline attack for years.
STRENGTH_MIN = 3
# zxcvbn refuses longer input; a passphrase whose first 72 characters are strong is strong.
_STRENGTH_CHARS = 72


class WeakPassphrase(Invalid):
    """A new passphrase that is too short or too easy to guess."""

    title = "Passphrase too easy to guess"


def check_strength(passphrase: str, *, about: Iterable[str | None] = ()) -> None:
    """Refuse a passphrase shorter than 12 characters or scoring under 3, saying how to make a
    better one. `about` holds words tied to the person (login, name), which make it weaker."""
    if len(passphrase) < PASSPHRASE_MIN:
        raise WeakPassphrase(
            f"A passphrase needs at least {PASSPHRASE_MIN} characters. Three or four ordinary "
            "words that have nothing to do with each other, with spaces between them, make "
            "one that is long, strong and easy to remember."
        )
    # Imported here: its dictionaries hold about 12 MB, which serving processes need only on
    # the rare request that sets a passphrase.
    from zxcvbn import zxcvbn

    words = [t.lower() for t in about if t]
    words += [w for text in words for w in re.split(r"[\s._@+-]+", text) if len(w) > 2]
    result = zxcvbn(passphrase[:_STRENGTH_CHARS], user_inputs=words)
    if result["score"] >= STRENGTH_MIN:
        return
    feedback = result["feedback"]
    advice = " ".join(
        part.strip()
        for part in (feedback.get("warning") or "", *feedback.get("suggestions", []))
        if part.strip()
    )
    raise WeakPassphrase(
        "This passphrase would be too easy to guess. "
        + (f"{advice} " if advice else "")
        + "Try three or four ordinary words that have nothing to do with each other and "
        "nothing to do with you (not your name, login, birthday or street)."
    )


class Passphrases:
    """Hash and verify passphrases without starving the event loop."""

    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )
        self._slots = asyncio.Semaphore(settings.argon2_max_concurrent)
        # Verified when an account does not exist, so both paths cost the same.
        self._decoy = self._hasher.hash("decoy passphrase that matches nothing")

    def hash_sync(self, passphrase: str) -> str:
        """Hash in the calling thread (command line)."""
        return self._hasher.hash(passphrase)

    async def hash(self, passphrase: str) -> str:
        """Hash in a worker thread."""
        async with self._slots:
            return await asyncio.to_thread(self._hasher.hash, passphrase)

    async def verify(self, stored_hash: str | None, passphrase: str) -> bool:
        """True if the passphrase matches; spends the same effort when there is no account."""
        async with self._slots:
            return await asyncio.to_thread(self._verify, stored_hash, passphrase)

    def _verify(self, stored_hash: str | None, passphrase: str) -> bool:
        try:
            self._hasher.verify(stored_hash or self._decoy, passphrase)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return stored_hash is not None

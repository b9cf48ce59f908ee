"""Argon2id passphrase hashing, off the event loop and with bounded concurrency."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shuttle.config import Settings


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

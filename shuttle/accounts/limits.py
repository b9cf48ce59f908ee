"""Rate limits on sign-in, per login and per network address, counted in Redis.

The `limits` library's moving window: at most N attempts in any span of the set length. Without
Redis (development without `make run`'s embedded one) the counts live in the process.
"""

from __future__ import annotations

import math
import time

import limits
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from shuttle.config import Settings
from shuttle.errors import TooManyRequests


def _storage_uri(redis_url: str) -> str:
    """The `limits` form of a Redis URL: redis://… → async+redis://…, unix://… → async+redis+unix://…"""
    if redis_url.startswith("unix://"):
        return "async+redis+unix://" + redis_url.removeprefix("unix://")
    return "async+" + redis_url


class SignInLimits:
    """Counts sign-in attempts and refuses, with 429 and Retry-After, past the limits."""

    def __init__(self, settings: Settings) -> None:
        self._storage: Storage
        if settings.redis_url:
            self._storage = RedisStorage(
                _storage_uri(settings.redis_url),
                implementation="redispy",
                key_prefix=f"{settings.rate_limit_prefix}:limits",
                socket_timeout=5,
                socket_connect_timeout=5,
            )
        else:
            self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._per_account = limits.parse(settings.sign_in_limit_per_account)
        self._per_address = limits.parse(settings.sign_in_limit_per_address)

    async def attempt(self, *, login: str, address: str | None) -> None:
        """Count one attempt for this login (any string: unknown logins are counted the same)
        and this address; refuse if either is over its limit."""
        await self._hit(self._per_account, "login", login.strip().lower())
        if address:
            await self._hit(self._per_address, "address", address)

    async def code_attempt(self, account_key: str) -> None:
        """Count one try of a second-step code (or current passphrase) for an account."""
        await self._hit(self._per_account, "code", account_key)

    async def _hit(self, item: limits.RateLimitItem, kind: str, key: str) -> None:
        if not await self._limiter.hit(item, "sign-in", kind, key):
            stats = await self._limiter.get_window_stats(item, "sign-in", kind, key)
            wait = max(1, math.ceil(stats.reset_time - time.time()))
            raise TooManyRequests(
                f"Too many attempts. Please wait {_minutes(wait)} and try again.",
                retry_after=wait,
            )

    async def reset(self) -> None:
        """Forget every count (tests and `shuttle` maintenance only)."""
        await self._storage.reset()


def _minutes(seconds: int) -> str:
    minutes = math.ceil(seconds / 60)
    return "a minute" if minutes <= 1 else f"{minutes} minutes"

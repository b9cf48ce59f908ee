"""What runs when a letter version goes into review: screening, registered by the app factory.

Core never imports moderation; `shuttle.app` and `shuttle.worker` register moderation's
screener here, so every submission and resubmission is screened in its own transaction.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.letters.models import Letter, LetterVersion

SubmittedHook = Callable[[AsyncSession, Letter, LetterVersion, str], Awaitable[object]]

_submitted: list[SubmittedHook] = []


def on_version_submitted(hook: SubmittedHook) -> None:
    """Run `hook(session, letter, version, text)` whenever a version is queued for review."""
    if hook not in _submitted:
        _submitted.append(hook)


async def version_submitted(
    session: AsyncSession, letter: Letter, version: LetterVersion, text: str
) -> None:
    """Run every registered hook, in the caller's transaction."""
    for hook in _submitted:
        await hook(session, letter, version, text)

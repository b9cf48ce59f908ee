"""Errors of the letters domain."""

from __future__ import annotations

from collections.abc import Iterable

from shuttle.errors import Conflict, Invalid, NotFound


class LetterNotFound(NotFound):
    """No such letter, or not one the caller may see."""

    title = "Letter not found"


class InvalidTransition(Conflict):
    """The action is not allowed from the letter's current state."""

    title = "Not allowed in this state"

    def __init__(self, action: str, state: str, allowed: Iterable[str]) -> None:
        allowed_states = sorted(set(allowed))
        super().__init__(
            f"cannot {action} a letter that is {state}; {action} is allowed only when the "
            f"letter is {' or '.join(allowed_states)}",
            action=action,
            state=state,
            allowed_states=allowed_states,
        )


class LetterTextInvalid(Invalid):
    """Empty, whitespace-only or over-long text."""

    title = "Letter text not acceptable"


class ConsentMissing(Conflict):
    """Letters need both sides' recorded consent."""

    title = "Consent not recorded"


class ClaimHeld(Conflict):
    """Another facilitator holds a live claim on the letter."""

    title = "Claimed by another facilitator"


class SecondApprovalBySameFacilitator(Conflict):
    """The second approval must come from a different facilitator."""

    title = "Second approval needs another facilitator"


class SpanInvalid(Invalid):
    """A span that does not lie inside the letter's text."""

    title = "Span not inside the letter"

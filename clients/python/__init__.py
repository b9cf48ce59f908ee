"""Shuttle's typed Python client: the HTTP API and live events."""

from clients.python.client import LetterRef, QueueEntry, Sealed, ShuttleClient, ShuttleError
from clients.python.events import Event, SignInRefused, Subscription

__all__ = [
    "Event",
    "LetterRef",
    "QueueEntry",
    "Sealed",
    "ShuttleClient",
    "ShuttleError",
    "SignInRefused",
    "Subscription",
]

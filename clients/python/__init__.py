"""Shuttle's typed Python client: the HTTP API and live events."""

from clients.python.client import (
    LetterRef,
    PrintJob,
    QueueEntry,
    ScanReceived,
    Sealed,
    SecondStepNeeded,
    ShuttleClient,
    ShuttleError,
)
from clients.python.events import Event, SignInRefused, Subscription

__all__ = [
    "Event",
    "LetterRef",
    "PrintJob",
    "QueueEntry",
    "ScanReceived",
    "Sealed",
    "SecondStepNeeded",
    "ShuttleClient",
    "ShuttleError",
    "SignInRefused",
    "Subscription",
]

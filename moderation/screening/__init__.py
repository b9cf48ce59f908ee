"""Automatic screening of letters: explainable rules, deterministic, offline, no I/O."""

from moderation.screening.engine import screen
from moderation.screening.findings import URGENT, Category, Finding, Severity

__all__ = ["URGENT", "Category", "Finding", "Severity", "screen"]

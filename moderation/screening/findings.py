"""What screening reports: a category, a span of the letter, and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Category(StrEnum):
    """What a finding is about (the issue's names, exactly)."""

    contact = "contact"
    location = "location"
    identity = "identity"
    threat = "threat"
    contact_request = "contact_request"
    self_harm = "self_harm"


class Severity(StrEnum):
    """How urgently a facilitator should look."""

    high = "high"
    medium = "medium"


URGENT = frozenset({Category.threat, Category.self_harm})


@dataclass(frozen=True, slots=True)
class Finding:
    """One span of a letter that must not cross as it is, and the rule that found it."""

    category: Category
    start: int
    end: int
    text: str
    reason: str
    severity: Severity

    def as_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        data = asdict(self)
        data["category"] = self.category.value
        data["severity"] = self.severity.value
        return data

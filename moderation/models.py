"""Every moderation table, imported in one place for migrations and tests."""

from moderation.screening.models import SafeguardingAlert, ScreeningFinding, ScreeningResult

__all__ = ["SafeguardingAlert", "ScreeningFinding", "ScreeningResult"]

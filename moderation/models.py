"""Every moderation table, imported in one place for migrations and tests."""

from moderation.queue.reminders import ReviewReminder
from moderation.screening.models import SafeguardingAlert, ScreeningFinding, ScreeningResult

__all__ = ["ReviewReminder", "SafeguardingAlert", "ScreeningFinding", "ScreeningResult"]

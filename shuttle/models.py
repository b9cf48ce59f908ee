"""Every table, imported in one place for migrations and tests."""

from shuttle.accounts.models import Account, AuthSession
from shuttle.audit.models import AuditEntry, AuditHead
from shuttle.cases.models import Case, CaseFacilitator, CaseKey, ConsentRecord, Invitation, Party
from shuttle.letters.models import Delivery, Letter, LetterNote, LetterVersion
from shuttle.outbox.models import OutboxItem
from shuttle.realtime.models import Event, EventCounter, EventRecipient
from shuttle.relay.models import Establishment, PrintJob, Scan, ScanChunk

__all__ = [
    "Account",
    "AuditEntry",
    "AuditHead",
    "AuthSession",
    "Case",
    "CaseFacilitator",
    "CaseKey",
    "ConsentRecord",
    "Delivery",
    "Establishment",
    "Event",
    "EventCounter",
    "EventRecipient",
    "Invitation",
    "Letter",
    "LetterNote",
    "LetterVersion",
    "OutboxItem",
    "Party",
    "PrintJob",
    "Scan",
    "ScanChunk",
]

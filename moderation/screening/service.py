"""Screen each submitted version and keep what was found: categories and spans, no text."""

from __future__ import annotations

import uuid
from collections import Counter

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from moderation.screening.engine import screen
from moderation.screening.findings import URGENT, Category, Finding
from moderation.screening.model import model
from moderation.screening.models import SafeguardingAlert, ScreeningFinding, ScreeningResult
from shuttle.accounts.models import Account
from shuttle.audit import service as audit
from shuttle.cases.models import CaseFacilitator
from shuttle.db import insert_new
from shuttle.errors import NotFound
from shuttle.letters.models import Letter, LetterVersion
from shuttle.realtime import service as realtime
from shuttle.realtime.models import EventType
from shuttle.timeutil import utcnow


class AlertNotFound(NotFound):
    """No such safeguarding alert in the caller's cases."""

    title = "Alert not found"


def load_model() -> None:
    """Load the screening model now (at start-up) rather than with the first letter."""
    model()


async def screen_version(
    session: AsyncSession, letter: Letter, version: LetterVersion, text: str
) -> list[Finding]:
    """Screen one version as it enters review; a self-harm finding raises an alert at once."""
    findings = screen(text)
    counts = Counter(f.category.value for f in findings)
    rows: list[SQLModel] = [
        ScreeningResult(
            letter_version_id=version.id,
            letter_id=letter.id,
            version=version.number,
            counts=dict(counts),
            urgent=any(f.category in URGENT for f in findings),
        )
    ]
    rows += [
        ScreeningFinding(
            letter_version_id=version.id,
            category=finding.category,
            start=finding.start,
            end=finding.end,
            severity=finding.severity,
            reason=finding.reason,
        )
        for finding in findings
    ]
    await audit.record(
        session,
        actor_id=None,
        action="letter.screened",
        case_id=letter.case_id,
        letter_id=letter.id,
        detail={"version": version.number, "counts": dict(sorted(counts.items()))},
    )
    if counts.get(Category.self_harm.value):
        rows.append(
            SafeguardingAlert(case_id=letter.case_id, letter_id=letter.id, version=version.number)
        )
        await audit.record(
            session,
            actor_id=None,
            action="safeguarding.alert_raised",
            case_id=letter.case_id,
            letter_id=letter.id,
            detail={"version": version.number},
        )
        realtime.emit(
            session,
            EventType.safeguarding_alert,
            case_id=letter.case_id,
            letter_id=letter.id,
            accounts=await realtime.facilitators(session, letter.case_id),
        )
    await insert_new(session, *rows)
    return findings


async def stored_findings(session: AsyncSession, version_id: uuid.UUID) -> list[ScreeningFinding]:
    """A version's findings, in reading order."""
    result = await session.exec(
        select(ScreeningFinding)
        .where(ScreeningFinding.letter_version_id == version_id)
        .order_by(col(ScreeningFinding.start), col(ScreeningFinding.end))
    )
    return list(result.all())


async def open_alerts(session: AsyncSession, *, actor: Account) -> list[SafeguardingAlert]:
    """Unacknowledged safeguarding alerts in the facilitator's cases, oldest first."""
    result = await session.exec(
        select(SafeguardingAlert)
        .join(CaseFacilitator, CaseFacilitator.case_id == SafeguardingAlert.case_id)  # type: ignore[arg-type]
        .where(
            CaseFacilitator.account_id == actor.id, col(SafeguardingAlert.acknowledged_at).is_(None)
        )
        .order_by(col(SafeguardingAlert.raised_at))
    )
    return list(result.all())


async def acknowledge_alert(
    session: AsyncSession, *, actor: Account, alert_id: uuid.UUID
) -> SafeguardingAlert:
    """A facilitator of the case records that they have acted on an alert."""
    alert = await session.get(SafeguardingAlert, alert_id, with_for_update=True)
    if alert is None or await session.get(CaseFacilitator, (alert.case_id, actor.id)) is None:
        raise AlertNotFound("no such alert")
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = actor.id, utcnow()
        session.add(alert)
        await audit.record(
            session,
            actor_id=actor.id,
            action="safeguarding.alert_acknowledged",
            case_id=alert.case_id,
            letter_id=alert.letter_id,
        )
        await session.flush()
    return alert

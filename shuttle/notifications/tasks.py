"""arq jobs that send notifications. Each takes an outbox row's id, never an address or text."""

from __future__ import annotations

import asyncio
import logging
import smtplib
import uuid
from typing import Any

from arq import Retry
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts.models import Account
from shuttle.config import Settings
from shuttle.db import transaction
from shuttle.notifications import mailer
from shuttle.outbox.models import OutboxItem
from shuttle.timeutil import utcnow

log = logging.getLogger("shuttle.notifications")


async def notify_email(ctx: dict[str, Any], outbox_id: int) -> str:
    """notify.email: send the content-free e-mail an outbox row asks for.

    Safe to run again: the row records when its e-mail went, and a run for a row already done
    does nothing. The address is read at sending time, so a changed or removed address is
    respected. One gap is left by SMTP itself: a worker killed after the server accepted the
    message but before the row was marked would send it again; the Message-ID is the row's,
    so mail systems can drop that copy.
    """
    settings: Settings = ctx["settings"]
    sessions = ctx["sessions"]
    async with transaction(sessions) as session:
        item = await session.get(OutboxItem, outbox_id)
        if item is None or item.completed_at is not None:
            return "done already"
        account = await session.get(Account, uuid.UUID(item.payload["account_id"]))
        template = str(item.payload["template"])
        outcome = None
        if account is None or account.disabled_at is not None or not account.email:
            outcome = "skipped: no address"
        elif settings.smtp_host is None:
            outcome = "skipped: no mail server configured"
        elif template not in mailer.TEMPLATES:
            outcome = "skipped: unknown template"
        if outcome is not None:
            _complete(item, outcome)
            session.add(item)
            return outcome
        assert account is not None and account.email is not None
        address = account.email
    mail = mailer.message(
        settings,
        template=template,
        to=address,
        message_id=f"<outbox-{outbox_id}@{_mail_domain(settings)}>",
    )
    try:
        await asyncio.to_thread(mailer.send, settings, mail)
    except smtplib.SMTPRecipientsRefused:
        # Retrying cannot help an address the server refuses: finish, do not loop for ever.
        log.warning("e-mail for outbox row %d refused by the mail server", outbox_id)
        return await _finish(sessions, outbox_id, "refused by the mail server")
    except (OSError, smtplib.SMTPException) as exc:
        tries = int(ctx.get("job_try", 1))
        log.warning("e-mail for outbox row %d not sent (try %d): %s", outbox_id, tries, exc)
        raise Retry(defer=min(5 * 2**tries, 300)) from exc
    log.info("e-mail for outbox row %d sent", outbox_id)
    return await _finish(sessions, outbox_id, "sent")


async def _finish(sessions: async_sessionmaker[AsyncSession], outbox_id: int, outcome: str) -> str:
    async with transaction(sessions) as session:
        item = await session.get(OutboxItem, outbox_id, with_for_update=True)
        assert item is not None
        _complete(item, outcome)
        session.add(item)
    return outcome


def _complete(item: OutboxItem, outcome: str) -> None:
    item.completed_at = utcnow()
    item.outcome = outcome
    item.attempts += 1


def _mail_domain(settings: Settings) -> str:
    return settings.mail_from.rsplit("@", 1)[-1].strip("> ") or "shuttle.invalid"

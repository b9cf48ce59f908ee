"""The words of each notification, and sending one through the configured SMTP server.

Wording is neutral enough to be read over someone's shoulder: no letter content, no name, no
case, no mention of crime or justice. The link is the portal's front page.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate

from shuttle.config import Settings


@dataclass(frozen=True)
class Wording:
    """Subject and body of one kind of notification."""

    subject: str
    body: str


TEMPLATES: dict[str, Wording] = {
    "new_message": Wording(
        "You have a new message",
        "Hello,\n\nYou have a new message in your portal.\n\nSign in to read it when it suits "
        "you: {portal}\n\nThis is an automatic message; replies to it are not read.\n",
    ),
    "needs_attention": Wording(
        "An item in your queue needs attention",
        "Hello,\n\nAn item in your review queue has been marked as needing prompt attention.\n\n"
        "Sign in to see it: {portal}\n\nThis is an automatic message; replies to it are not "
        "read.\n",
    ),
    "review_reminder": Wording(
        "Items are waiting in your queue",
        "Hello,\n\nAn item in your review queue has been waiting longer than it should.\n\n"
        "Sign in to see it: {portal}\n\nThis is an automatic message; replies to it are not "
        "read.\n",
    ),
    "review_escalation": Wording(
        "An item in your area is overdue for review",
        "Hello,\n\nAn item in a review queue in your area has been waiting well beyond the "
        "expected time and may need someone to pick it up.\n\nSign in to see it: {portal}\n\n"
        "This is an automatic message; replies to it are not read.\n",
    ),
}


def message(settings: Settings, *, template: str, to: str, message_id: str) -> EmailMessage:
    """The e-mail for one notification."""
    wording = TEMPLATES[template]
    mail = EmailMessage()
    mail["From"] = settings.mail_from
    mail["To"] = to
    mail["Subject"] = wording.subject
    mail["Date"] = formatdate(localtime=False)
    # Stable per outbox row: a resend after a crash carries the same id, so mail systems
    # and mail programs can recognise the copy.
    mail["Message-ID"] = message_id
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(wording.body.format(portal=settings.public_base_url))
    return mail


def send(settings: Settings, mail: EmailMessage) -> None:
    """Hand one e-mail to the SMTP server (blocking: run it in a thread)."""
    assert settings.smtp_host is not None
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(mail)

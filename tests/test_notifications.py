"""Content-free e-mails through a real local SMTP server: once, neutral, and retried on failure."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from arq import Retry
from sqlalchemy import select
from sqlmodel import SQLModel

from shuttle.config import Settings
from shuttle.db import create_engine, session_factory
from shuttle.notifications.tasks import notify_email
from tests.fixtures.processes import free_port
from tests.fixtures.smtp import Mailbox, smtp_server
from tests.fixtures.world import World, run_sql

OUTBOX = SQLModel.metadata.tables["outbox"]
LETTER = "I am writing to say I am sorry. I have thought about the damage to your home every day."


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture
def settings(settings: Settings, mailbox: Mailbox) -> Settings:
    """The test's settings, with the local SMTP server (no TLS on loopback)."""
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": mailbox.port,
            "smtp_starttls": False,
            "mail_from": "Portal <no-reply@portal.example>",
        }
    )


@pytest.fixture
async def ctx(settings: Settings) -> AsyncIterator[dict[str, Any]]:
    """What the worker gives a job."""
    engine = create_engine(settings)
    yield {"settings": settings, "sessions": session_factory(engine), "job_try": 1}
    await engine.dispose()


async def email_row(world: World) -> dict[str, Any]:
    rows = await run_sql(
        world.settings, select(OUTBOX).where(OUTBOX.c.kind == "notify.email").order_by(OUTBOX.c.id)
    )
    assert rows, "no e-mail was asked for"
    return dict(rows[-1]._mapping)


async def released_to_harmed(world: World, email: str | None = "avery@example.org") -> None:
    if email:
        chosen = await world.call(world.case.harmed, "PUT", "/me/notifications", {"email": email})
        assert chosen.status_code == 200, chosen.text
    await world.released_letter(world.case.responsible, LETTER, envelope_note="A first letter")


async def test_a_waiting_letter_sends_one_neutral_email(
    world: World, ctx: dict[str, Any], mailbox: Mailbox
) -> None:
    # Given a letter released to someone who asked for e-mail
    await released_to_harmed(world)
    row = await email_row(world)
    # When the job runs, twice (a retry, or a duplicate)
    assert await notify_email(ctx, row["id"]) == "sent"
    assert await notify_email(ctx, row["id"]) == "done already"
    # Then exactly one e-mail arrived, to them, saying only that a message is waiting
    [mail] = mailbox.received()
    assert mail["To"] == "avery@example.org"
    assert mail["Subject"] == "You have a new message"
    assert mail["Message-ID"] == f"<outbox-{row['id']}@portal.example>"
    text = mail.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert "new message in your portal" in text and world.settings.public_base_url in text
    for secret in ("sorry", "damage", "A first letter", "Jordan", "Responsible", "Avery"):
        assert secret not in mail.as_string()
    done = await email_row(world)
    assert done["completed_at"] is not None and done["outcome"] == "sent"


async def test_no_address_no_email(world: World, ctx: dict[str, Any], mailbox: Mailbox) -> None:
    # Participants start without an address: the row is completed as skipped, never retried
    await world.call(world.fac1, "PUT", "/me/notifications", {"email": None})
    await world.submitted_letter(
        world.case.responsible, "Some nights I think everyone would be better off without me."
    )
    rows = await run_sql(world.settings, select(OUTBOX).where(OUTBOX.c.kind == "notify.email"))
    outcomes = {}
    for row in rows:
        outcomes[row.payload["account_id"]] = await notify_email(ctx, row.id)
    # The safeguarding alert reaches the facilitator who has an address, not the one without
    assert outcomes[str(world.fac1.id)] == "skipped: no address"
    assert outcomes[str(world.fac2.id)] == "sent"
    [mail] = mailbox.received()
    assert mail["To"] == "fac2@example.org"
    assert mail["Subject"] == "An item in your queue needs attention"


async def test_a_mail_server_that_is_down_means_a_retry_not_a_loss(
    world: World, ctx: dict[str, Any]
) -> None:
    await released_to_harmed(world)
    row = await email_row(world)
    down = {**ctx, "settings": ctx["settings"].model_copy(update={"smtp_port": free_port()})}
    with pytest.raises(Retry):
        await notify_email(down, row["id"])
    assert (await email_row(world))["completed_at"] is None
    assert await notify_email(ctx, row["id"]) == "sent"


async def test_without_a_mail_server_emails_are_recorded_as_skipped(
    world: World, ctx: dict[str, Any], mailbox: Mailbox
) -> None:
    await released_to_harmed(world)
    row = await email_row(world)
    unset = {**ctx, "settings": ctx["settings"].model_copy(update={"smtp_host": None})}
    assert await notify_email(unset, row["id"]) == "skipped: no mail server configured"
    assert mailbox.received() == []

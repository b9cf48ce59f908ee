"""The demo case: a coordinator, two facilitators and both sides of one case, ready to write.

Everything here is invented. The passphrases are fixed so the README's walk-through can be
copied, which is why `shuttle demo` refuses to run in production.
"""

from __future__ import annotations

from sqlmodel import select

from shuttle.accounts import service as accounts_service
from shuttle.accounts.models import Account, Role
from shuttle.accounts.passwords import Passphrases
from shuttle.cases import service as cases_service
from shuttle.cases.models import Consent, OffenceCategory, Side
from shuttle.commands import database
from shuttle.config import Settings
from shuttle.crypto.keyring import keyring_from_settings
from shuttle.db import transaction
from shuttle.delivery import service as delivery_service
from shuttle.errors import Conflict

AREA = "Northshire"


class DemoRefused(Conflict):
    """The demo is for development only."""

    title = "Demo refused"


STAFF = [
    ("coordinator", "Alex Marsh (demo coordinator)", Role.coordinator, "demo-coordinator-pass"),
    ("facilitator1", "Priya Hale (demo facilitator)", Role.facilitator, "demo-facilitator-pass"),
    ("facilitator2", "Tom Brennan (demo facilitator)", Role.facilitator, "demo-facilitator-pass"),
]
PARTIES = [
    ("harmed", "Morgan Ellery (demo)", Side.harmed, "the person harmed", "demo-harmed-pass"),
    (
        "responsible",
        "Sam Tiverton (demo)",
        Side.responsible,
        "the person responsible",
        "demo-responsible-pass",
    ),
]


def _logins_text(reference: str) -> str:
    rows = [(login, role.value, passphrase) for login, _, role, passphrase in STAFF]
    rows += [
        (login, f"participant, {label}", passphrase) for login, _, _, label, passphrase in PARTIES
    ]
    lines = [f"Demo case {reference} ({AREA}, burglary). Demo logins:"]
    lines += [f"  {login:<13} {passphrase:<24} {role}" for login, role, passphrase in rows]
    return "\n".join(lines)


async def create_demo(settings: Settings, *, only_if_empty: bool = False) -> str:
    """Create the demo data; with only_if_empty, just print the logins if accounts exist."""
    if settings.env == "production":
        raise DemoRefused("the demo case has published passphrases; it never runs in production")
    keyring = keyring_from_settings(settings, allow_generate=True)
    passphrases = Passphrases(settings)
    async with database(settings) as sessions, transaction(sessions) as session:
        if (await session.exec(select(Account.id).limit(1))).first() is not None:
            if not only_if_empty:
                return "the database already has accounts; the demo needs an empty database"
            saved = settings.var_dir / "demo-logins.txt"
            return saved.read_text() if saved.exists() else "accounts exist; demo not created"
        staff: dict[str, Account] = {}
        for login, name, role, passphrase in STAFF:
            staff[login] = await accounts_service.create_account(
                session,
                login=login,
                display_name=name,
                role=role,
                passphrase_hash=await passphrases.hash(passphrase),
                area=AREA if role is Role.coordinator else None,
            )
        case = await cases_service.open_case(
            session,
            keyring,
            actor=staff["coordinator"],
            area=AREA,
            offence_category=OffenceCategory.burglary,
            risk_flags=[],
        )
        for login in ("facilitator1", "facilitator2"):
            await cases_service.assign_facilitator(
                session, actor=staff["coordinator"], case_id=case.id, account_id=staff[login].id
            )
        facilitator = staff["facilitator1"]
        for login, name, side, label, passphrase in PARTIES:
            issued = await cases_service.add_party(
                session,
                settings,
                actor=facilitator,
                case=case,
                side=side,
                supporter=False,
                label=label,
                display_name=name,
            )
            await cases_service.accept_invitation(
                session,
                token=issued.token,
                login=login,
                passphrase_hash=await passphrases.hash(passphrase),
            )
            await delivery_service.record_consent(
                session, actor=facilitator, party=issued.party, consent=Consent.given
            )
        text = _logins_text(case.reference)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    saved = settings.var_dir / "demo-logins.txt"
    saved.write_text(text + "\n")
    saved.chmod(0o600)
    return text

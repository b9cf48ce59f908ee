"""The demo: a coordinator, two facilitators and two cases, ready to write.

The first case is between two people on the portal. In the second, the person responsible is
in a demo prison: their letters are printed and their replies scanned by the prison's relay
officer (`shuttle-relay`, docs/relay.md).

Everything here is invented. The passphrases are fixed so the README's walk-through can be
copied, which is why `shuttle demo` refuses to run in production.
"""

from __future__ import annotations

import uuid

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from shuttle.accounts import service as accounts_service
from shuttle.accounts.models import Account, Role
from shuttle.accounts.passwords import Passphrases
from shuttle.cases import service as cases_service
from shuttle.cases.models import Case, Consent, OffenceCategory, Side
from shuttle.commands import database
from shuttle.config import Settings
from shuttle.crypto.keyring import KeyRing, keyring_from_settings
from shuttle.db import transaction
from shuttle.delivery import service as delivery_service
from shuttle.errors import Conflict
from shuttle.relay import service as relay_service
from shuttle.relay.models import Channel, ChannelUpdate

AREA = "Northshire"
PRISON = "HMP Ashcombe Vale (demo)"


class DemoRefused(Conflict):
    """The demo is for development only."""

    title = "Demo refused"


STAFF = [
    ("coordinator", "Alex Marsh (demo coordinator)", Role.coordinator, "demo-coordinator-pass"),
    ("facilitator1", "Priya Hale (demo facilitator)", Role.facilitator, "demo-facilitator-pass"),
    ("facilitator2", "Tom Brennan (demo facilitator)", Role.facilitator, "demo-facilitator-pass"),
]
RELAY = ("relay1", "Dana Whitcombe (demo relay officer)", "demo-relay-pass")
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
# The second case: the person harmed on the portal, the person responsible in prison.
PARTIES_2 = [("harmed2", "Jo Penrose (demo)", "the person harmed", "demo-harmed2-pass")]
PRISONER = ("Lee Carver (demo)", "A4821DK", "CARVER, Lee")
# Production refuses to start while any of these exists: their passphrases are published.
DEMO_LOGINS = [s[0] for s in STAFF] + [RELAY[0]] + [p[0] for p in PARTIES + PARTIES_2]


def _logins_text(first: str, second: str) -> str:
    rows = [(login, role.value, passphrase) for login, _, role, passphrase in STAFF]
    rows += [
        (login, f"participant in {first}, {label}", passphrase)
        for login, _, _, label, passphrase in PARTIES
    ]
    rows += [
        (login, f"participant in {second}, {label}", passphrase)
        for login, _, label, passphrase in PARTIES_2
    ]
    rows.append((RELAY[0], f"relay officer at {PRISON}", RELAY[2]))
    name, number, _ = PRISONER
    lines = [
        f"Demo case {first} ({AREA}, burglary): both sides on the portal.",
        f"Demo case {second} ({AREA}, robbery): {name} is at {PRISON}, prison number {number};",
        "  their letters go through the prison's relay officer (shuttle-relay).",
        "Demo logins:",
    ]
    lines += [f"  {login:<13} {passphrase:<24} {role}" for login, role, passphrase in rows]
    lines += [
        "Staff (coordinator, facilitators, relay) set up an authenticator app at their first",
        "sign-in: the portal shows a QR code and its key (any TOTP app works).",
    ]
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
        first = await _open_case(session, keyring, staff, OffenceCategory.burglary)
        for login, name, side, label, passphrase in PARTIES:
            await _add_portal_party(
                session, settings, passphrases, first, staff, login, name, side, label, passphrase
            )
        prison = await relay_service.create_establishment(
            session, actor=staff["coordinator"], name=PRISON, security_check=False
        )
        login, name, passphrase = RELAY
        await accounts_service.create_account(
            session,
            login=login,
            display_name=name,
            role=Role.relay,
            passphrase_hash=await passphrases.hash(passphrase),
            establishment_id=prison.id,
        )
        second = await _open_case(session, keyring, staff, OffenceCategory.robbery)
        for login, name, label, passphrase in PARTIES_2:
            await _add_portal_party(
                session,
                settings,
                passphrases,
                second,
                staff,
                login,
                name,
                Side.harmed,
                label,
                passphrase,
            )
        await _add_prisoner(session, settings, second, staff["facilitator1"], prison.id)
        text = _logins_text(first.reference, second.reference)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    saved = settings.var_dir / "demo-logins.txt"
    saved.write_text(text + "\n")
    saved.chmod(0o600)
    return text


async def _open_case(
    session: AsyncSession, keyring: KeyRing, staff: dict[str, Account], offence: OffenceCategory
) -> Case:
    case = await cases_service.open_case(
        session,
        keyring,
        actor=staff["coordinator"],
        area=AREA,
        offence_category=offence,
        risk_flags=[],
    )
    for login in ("facilitator1", "facilitator2"):
        await cases_service.assign_facilitator(
            session, actor=staff["coordinator"], case_id=case.id, account_id=staff[login].id
        )
    return case


async def _add_portal_party(
    session: AsyncSession,
    settings: Settings,
    passphrases: Passphrases,
    case: Case,
    staff: dict[str, Account],
    login: str,
    name: str,
    side: Side,
    label: str,
    passphrase: str,
) -> None:
    facilitator = staff["facilitator1"]
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
        session, token=issued.token, login=login, passphrase_hash=await passphrases.hash(passphrase)
    )
    await delivery_service.record_consent(
        session, actor=facilitator, party=issued.party, consent=Consent.given
    )


async def _add_prisoner(
    session: AsyncSession,
    settings: Settings,
    case: Case,
    facilitator: Account,
    prison_id: uuid.UUID,
) -> None:
    """The person responsible, in prison: no portal account; the relay officer acts for them."""
    name, number, prison_name = PRISONER
    issued = await cases_service.add_party(
        session,
        settings,
        actor=facilitator,
        case=case,
        side=Side.responsible,
        supporter=False,
        label="the person responsible",
        display_name=name,
    )
    await delivery_service.set_channel(
        session,
        actor=facilitator,
        case=case,
        party=issued.party,
        update=ChannelUpdate(
            channel=Channel.relay,
            establishment_id=prison_id,
            prison_number=number,
            prison_name=prison_name,
        ),
    )
    await delivery_service.record_consent(
        session, actor=facilitator, party=issued.party, consent=Consent.given
    )

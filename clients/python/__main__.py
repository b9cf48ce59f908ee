"""`python -m clients.python watch`: sign in and print live events as they arrive.

    .venv/bin/python -m clients.python watch --login facilitator1
    .venv/bin/python -m clients.python watch --login harmed --url http://127.0.0.1:8000

The passphrase is asked for (or read from SHUTTLE_PASSPHRASE). Events carry no content; the
line says what happened and which letter, and the portal or API shows the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from clients.python.client import SecondStepNeeded, ShuttleClient, ShuttleError
from clients.python.events import SignInRefused

WHAT = {
    "queue.changed": "the review queue changed",
    "safeguarding.alert": "SAFEGUARDING ALERT: a letter needs prompt attention",
    "letter.waiting": "a letter is waiting for you",
    "letter.returned": "your letter was returned with notes",
    "case.paused": "the case is paused",
    "case.resumed": "the case has resumed",
    "case.closed": "the case is closed",
    "case.withdrawn": "someone in the case has withdrawn",
    "letter.withheld": "a prison's security check withheld a letter",
    "print.queue_changed": "your prison's print queue changed",
}


def _code() -> str:
    """The second step's code: from SHUTTLE_CODE, or asked for."""
    return os.environ.get("SHUTTLE_CODE") or input("code from your authenticator app: ").strip()


async def watch(url: str, login: str, passphrase: str, last_event_id: int | None) -> int:
    """Print events until interrupted."""
    async with ShuttleClient(url) as client:
        try:
            await client.login(login, passphrase, code=_code)
        except (ShuttleError, SecondStepNeeded) as exc:
            print(f"cannot sign in: {exc}", file=sys.stderr)
            return 1
        subscription = client.subscribe(last_event_id=last_event_id)
        print(f"watching events for {login} at {url} (Ctrl-C to stop)", flush=True)
        try:
            async for event in subscription:
                letter = f" letter {event.letter_id}" if event.letter_id else ""
                what = WHAT.get(event.type, event.type)
                print(
                    f"#{event.id} {event.at:%H:%M:%S} {what} (case {event.case_id}{letter})",
                    flush=True,
                )
        except SignInRefused as exc:
            print(f"the server ended the session: {exc}", file=sys.stderr)
            return 1
    return 0


def main() -> int:
    """Parse arguments and watch."""
    parser = argparse.ArgumentParser(prog="python -m clients.python")
    commands = parser.add_subparsers(dest="command", required=True)
    watching = commands.add_parser("watch", help="print live events for one account")
    watching.add_argument("--url", default=os.environ.get("SHUTTLE_URL", "http://127.0.0.1:8000"))
    watching.add_argument("--login", required=True)
    watching.add_argument("--after", type=int, default=None, help="replay events after this id")
    args = parser.parse_args()
    passphrase = os.environ.get("SHUTTLE_PASSPHRASE") or getpass.getpass("passphrase: ")
    try:
        return asyncio.run(watch(args.url, args.login, passphrase, args.after))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""`shuttle-relay`: print letters for prisoners, record hand-over, and upload scanned replies.

    shuttle-relay login relay1 --server https://shuttle.example.org
    shuttle-relay queue
    shuttle-relay print                      # every letter waiting to be printed, one PDF
    shuttle-relay handed-over RL-ABCD-EFGH
    shuttle-relay undeliverable RL-ABCD-EFGH --reason transferred
    shuttle-relay upload reply.pdf           # reference read from the reply sheet's QR code

The session is kept in ``$SHUTTLE_RELAY_HOME/session.json`` (default
``~/.config/shuttle-relay``), readable by you alone. The guide is docs/relay.md.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import sys
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import click
import pypdfium2 as pdfium
import typer

from clients.python.client import PrintJob, SecondStepNeeded, ShuttleClient, ShuttleError

app = typer.Typer(
    help="Shuttle for prison relay staff: print letters, record hand-over, upload replies.",
    no_args_is_help=True,
    add_completion=False,
)

DEFAULT_SERVER = "http://127.0.0.1:8000"
# Letters printed per request: each batch is marked printed together, and the bar moves on.
BATCH = 10
T = TypeVar("T")


class Reason(StrEnum):
    """Why a letter could not be handed over."""

    transferred = "transferred"
    released = "released"
    refused = "refused"


# ---- the saved session ----------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    """Where the server is and the signed-in session's token."""

    server: str
    token: str


def _home() -> Path:
    if home := os.environ.get("SHUTTLE_RELAY_HOME"):
        return Path(home)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "shuttle-relay"


def _session_file() -> Path:
    return _home() / "session.json"


def _save(session: Session) -> None:
    path = _session_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Created readable by the owner alone, before the token is written into it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump({"server": session.server, "token": session.token}, handle)


def _load() -> Session:
    try:
        data = json.loads(_session_file().read_text())
        return Session(server=str(data["server"]), token=str(data["token"]))
    except (OSError, ValueError, KeyError, TypeError):
        _fail("you are not signed in: run `shuttle-relay login YOUR-LOGIN` first")


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


def _explain(error: ShuttleError) -> str:
    if error.status == 401:
        return "your session has ended: run `shuttle-relay login YOUR-LOGIN` again"
    detail = error.problem.get("detail") or error.problem.get("title") or "refused"
    if isinstance(detail, list):  # validation errors: say which field and why
        detail = "; ".join(str(item.get("msg", item)) for item in detail)
    return str(detail)


def _run(work: Callable[[ShuttleClient], Awaitable[T]], session: Session | None = None) -> T:
    """Run one piece of work with a signed-in client; a refusal is printed, not a traceback."""
    saved = session or _load()

    async def go() -> T:
        async with ShuttleClient(saved.server, token=saved.token) as client:
            return await work(client)

    try:
        return asyncio.run(go())
    except ShuttleError as error:
        _fail(_explain(error))
    except SecondStepNeeded as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"cannot reach {saved.server}: {error}")


# ---- references -----------------------------------------------------------------------------


def _code(text: str) -> str:
    """A reference as people type it ("rl abcd efgh"), in the form it is printed."""
    letters = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    if not letters.startswith("RL"):
        letters = "RL" + letters
    return f"{letters[:2]}-{letters[2:6]}-{letters[6:]}"


def _pick(jobs: Sequence[PrintJob], references: Iterable[str]) -> list[PrintJob]:
    by_code = {job.reference: job for job in jobs}
    picked = []
    for reference in references:
        job = by_code.get(_code(reference))
        if job is None:
            _fail(
                f"{_code(reference)} is not in your queue in a state that allows this "
                "(run `shuttle-relay queue --all` to see where it is)"
            )
        picked.append(job)
    return picked


# ---- commands -------------------------------------------------------------------------------


@app.command()
def login(
    login: Annotated[str, typer.Argument(help="your Shuttle login")],
    server: Annotated[
        str, typer.Option(envvar="SHUTTLE_URL", help="the Shuttle address")
    ] = DEFAULT_SERVER,
    passphrase_stdin: Annotated[
        bool, typer.Option(help="read the passphrase from standard input (for scripts)")
    ] = False,
    code: Annotated[
        str | None,
        typer.Option(
            envvar="SHUTTLE_CODE",
            help="the code from your authenticator app (asked for when needed if not given)",
        ),
    ] = None,
) -> None:
    """Sign in with your passphrase and the code from your authenticator app; the session is
    kept for the other commands. Set up the app in the portal at your first sign-in."""
    if passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\n")
    else:
        passphrase = os.environ.get("SHUTTLE_PASSPHRASE") or typer.prompt(
            "Passphrase", hide_input=True
        )
    server = server.rstrip("/")

    async def sign_in(client: ShuttleClient) -> str:
        await client.login(
            login, passphrase, code=code or (lambda: typer.prompt("Code from your app"))
        )
        assert client.token is not None
        return client.token

    token = _run(sign_in, Session(server=server, token=""))
    _save(Session(server=server, token=token))
    typer.echo(f"Signed in to {server} as {login}.")


@app.command()
def logout() -> None:
    """End the session on the server and forget it here."""
    session = _load()
    try:
        _run(lambda client: client.logout(), session)
    finally:
        _session_file().unlink(missing_ok=True)
    typer.echo("Signed out.")


_STATE_WORDS = {
    "security_check": "security check",
    "ready": "to print",
    "printed": "printed",
    "handed_over": "handed over",
    "undeliverable": "undeliverable",
    "withheld": "withheld",
    "cancelled": "cancelled",
}
_ALL_STATES = ("ready", "printed", "handed_over", "undeliverable")


@app.command()
def queue(
    all_: Annotated[
        bool, typer.Option("--all", help="also letters handed over or undeliverable")
    ] = False,
) -> None:
    """Letters for people at your prison: to print, and printed but not yet handed over."""
    states = _ALL_STATES if all_ else ("ready", "printed")
    jobs = _run(lambda client: client.print_queue(states))
    if not jobs:
        typer.echo("Nothing to print or hand over.")
        return
    typer.echo(f"{'Reference':<14} {'Prison no.':<10} {'Name':<24} {'State':<14} {'Released':<16}")
    for job in jobs:
        copies = f" ({job.print_count} copies)" if job.print_count > 1 else ""
        typer.echo(
            f"{job.reference:<14} {job.prison_number:<10} {job.prison_name[:24]:<24} "
            f"{_STATE_WORDS.get(job.state, job.state):<14} "
            f"{job.released_at.astimezone():%d %b %Y %H:%M}{copies}"
        )


@app.command(name="print")
def print_(
    references: Annotated[
        list[str] | None,
        typer.Argument(help="the letters to print (default: every letter waiting to be printed)"),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="where to save the PDF")
    ] = None,
) -> None:
    """Save letters to print, each with its reply sheet, as one PDF; they are marked printed.

    Print it on A4, single-sided, then delete the file."""
    session = _load()
    if references:
        waiting = _run(lambda client: client.print_queue(("ready", "printed")), session)
        jobs = _pick(waiting, references)
    else:
        jobs = _run(lambda client: client.print_queue(("ready",)), session)
    if not jobs:
        typer.echo("Nothing waiting to be printed.")
        return
    target = output or Path(f"letters-{datetime.now():%Y-%m-%d-%H%M%S}.pdf")
    parts: list[bytes] = []
    failure: str | None = None
    with typer.progressbar(length=len(jobs), label=f"Printing {len(jobs)} letters") as bar:

        async def print_batches(client: ShuttleClient) -> None:
            nonlocal failure
            for start in range(0, len(jobs), BATCH):
                batch = [job.id for job in jobs[start : start + BATCH]]
                try:
                    parts.append(await client.print_letters(batch))
                except ShuttleError as error:
                    failure = _explain(error)
                    return
                except OSError as error:
                    failure = f"cannot reach {session.server}: {error}"
                    return
                bar.update(len(batch))

        _run(print_batches, session)
    printed = min(len(parts) * BATCH, len(jobs))
    if parts:
        _write_private(target, _merge(parts))
        typer.echo(f"Saved {printed} letters to {target}. Print it, then delete the file.")
    if failure:
        _fail(f"{len(jobs) - printed} letters were not printed: {failure}")


def _merge(parts: list[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    merged = pdfium.PdfDocument.new()
    for part in parts:
        merged.import_pages(pdfium.PdfDocument(part))
    buffer = io.BytesIO()
    merged.save(buffer)
    return buffer.getvalue()


def _write_private(path: Path, content: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)


@app.command(name="handed-over")
def handed_over(
    references: Annotated[list[str], typer.Argument(help="the letters handed over")],
) -> None:
    """Record that printed letters are in the person's hands."""
    session = _load()
    jobs = _pick(_run(lambda client: client.print_queue(("printed",)), session), references)

    async def mark(client: ShuttleClient) -> None:
        for job in jobs:
            await client.mark_handed_over(job.id)
            typer.echo(f"{job.reference}: handed over to {job.prison_name} ({job.prison_number}).")

    _run(mark, session)


@app.command()
def undeliverable(
    reference: Annotated[str, typer.Argument(help="the letter that cannot be handed over")],
    reason: Annotated[Reason, typer.Option(help="why it cannot be handed over")],
) -> None:
    """Record that a letter cannot be handed over.

    Destroy any printed copy as confidential waste."""
    session = _load()
    (job,) = _pick(
        _run(lambda client: client.print_queue(("ready", "printed")), session), [reference]
    )
    _run(lambda client: client.mark_undeliverable(job.id, reason.value), session)
    typer.echo(f"{job.reference}: recorded as undeliverable ({reason.value}).")


@app.command()
def upload(
    scan: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True, help="PDF, JPEG or PNG"),
    ],
    ref: Annotated[
        str | None,
        typer.Option(help="the reference, if the reply sheet's QR code will not read"),
    ] = None,
    transcription: Annotated[
        Path | None,
        typer.Option(help="a file with the typed reply (- for standard input)", allow_dash=True),
    ] = None,
) -> None:
    """Upload a scanned reply, then send its typed transcription to the facilitator.

    Without --transcription, your editor opens with the OCR draft (when there is one) to correct
    against the handwriting; outside a terminal, the draft is printed and `reply` sends the
    transcription later."""
    session = _load()
    size = scan.stat().st_size
    with typer.progressbar(length=size, label=f"Uploading {scan.name}") as bar:
        received = _run(
            lambda client: client.upload_scan(scan, reference=ref, progress=bar.update), session
        )
    typer.echo(
        f"Received reply to {received.reference} ({received.pages} pages), stored encrypted."
    )
    text = _transcription_from(transcription, draft=received.ocr_draft)
    if text is None:
        if received.ocr_draft:
            typer.echo("Draft transcription read from the scan (correct it word for word):")
            typer.echo(received.ocr_draft)
        typer.echo(
            "Type the reply into a file, then run:\n"
            f"  shuttle-relay reply {received.id} --transcription FILE"
        )
        return
    _send(session, received.id, text)


@app.command()
def reply(
    scan_id: Annotated[uuid.UUID, typer.Argument(help="the scan id `upload` printed")],
    transcription: Annotated[
        Path,
        typer.Option(help="a file with the typed reply (- for standard input)", allow_dash=True),
    ],
) -> None:
    """Send the typed transcription of an uploaded scan to the facilitator."""
    session = _load()
    text = _transcription_from(transcription, draft=None)
    assert text is not None
    _send(session, scan_id, text)


def _transcription_from(source: Path | None, *, draft: str | None) -> str | None:
    if source is not None:
        text = sys.stdin.read() if str(source) == "-" else source.read_text()
    elif sys.stdin.isatty() and sys.stdout.isatty():
        typer.echo("Your editor opens with the draft: correct it against the handwriting.")
        text = click.edit(draft or "", extension=".txt") or ""
    else:
        return None
    if not text.strip():
        _fail("the transcription is empty: nothing was sent")
    return text


def _send(session: Session, scan_id: uuid.UUID, text: str) -> None:
    _run(lambda client: client.send_transcription(scan_id, text), session)
    typer.echo("Sent to the facilitator for review. Delete your copy of the scan.")


def main() -> None:
    """Entry point of the `shuttle-relay` command."""
    app(prog_name="shuttle-relay")

"""A typed client for Shuttle's HTTP API and live events (httpx and websockets)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from clients.python.events import Subscription


class ShuttleError(Exception):
    """The server refused a request; `problem` is its RFC 9457 problem-details body."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


class SecondStepNeeded(Exception):
    """Signing in needs a code from an authenticator app, or setting one up in the portal."""


@dataclass(frozen=True)
class LetterRef:
    """A letter's id and state, as the author sees them."""

    id: uuid.UUID
    state: str
    version: int


@dataclass(frozen=True)
class QueueEntry:
    """One letter in a facilitator's queue (no content)."""

    letter_id: uuid.UUID
    case_id: uuid.UUID
    state: str
    urgent: bool
    finding_counts: dict[str, int]


@dataclass(frozen=True)
class Sealed:
    """A letter waiting for its recipient: the envelope."""

    id: uuid.UUID
    from_label: str
    envelope_note: str | None
    opened: bool


@dataclass(frozen=True)
class PrintJob:
    """A letter for a prisoner at the relay staff's own prison (nothing about the other side)."""

    id: uuid.UUID
    reference: str
    prison_number: str
    prison_name: str
    state: str
    released_at: datetime
    printed_at: datetime | None
    print_count: int

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> PrintJob:
        """Parse a `/relay/queue` item."""
        printed = row["printed_at"]
        return cls(
            uuid.UUID(row["id"]),
            row["reference"],
            row["prison_number"],
            row["prison_name"],
            row["state"],
            datetime.fromisoformat(row["released_at"]),
            datetime.fromisoformat(printed) if printed else None,
            row["print_count"],
        )


@dataclass(frozen=True)
class ScanReceived:
    """A scanned reply stored; its transcription is still to be sent."""

    id: uuid.UUID
    reference: str
    pages: int
    ocr_draft: str | None


# Uploads are sent in pieces of this size, so a scan is never held whole in memory.
UPLOAD_CHUNK = 64 * 1024


class ShuttleClient:
    """One signed-in person's view of Shuttle. Use as an async context manager."""

    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)

    async def __aenter__(self) -> ShuttleClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connection pool."""
        await self._http.aclose()

    @property
    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def _call(self, method: str, path: str, json: Any = None, *, params: Any = None) -> Any:
        response = await self._http.request(
            method, path, json=json, params=params, headers=self._auth
        )
        _raise_for_problem(response)
        return response.json() if response.content else None

    # ---- signing in ----------------------------------------------------------------------

    async def login(
        self, login: str, passphrase: str, code: str | Callable[[], str] | None = None
    ) -> uuid.UUID:
        """Sign in; the client keeps the session token. Returns the account id.

        Accounts with a second step need `code`: the 6 digits from the authenticator app or a
        recovery code, or a function asked for it only when it is needed. Staff who have not
        set up their second step must do that in the portal first.
        """
        body = await self._call("POST", "/auth/login", {"login": login, "passphrase": passphrase})
        self.token = body["token"]
        if body["stage"] == "enrol":
            raise SecondStepNeeded(
                "set up your second sign-in step in the portal first "
                f"({self.base_url.rstrip('/')}/portal), then sign in here"
            )
        if body["stage"] == "second_factor":
            typed = code() if callable(code) else code
            if not typed:
                raise SecondStepNeeded("this account needs a code from its authenticator app")
            body = await self._call("POST", "/auth/second-factor", {"code": typed})
            self.token = body["token"]
        return uuid.UUID(body["account"]["id"])

    async def logout(self) -> None:
        """End the session."""
        await self._call("POST", "/auth/logout")
        self.token = None

    async def set_notification_email(self, email: str | None) -> None:
        """Where "you have a new message" e-mails go (None: nowhere)."""
        await self._call("PUT", "/me/notifications", {"email": email})

    # ---- participants ----------------------------------------------------------------------

    async def write_letter(self, case_id: uuid.UUID | str, body: str, *, submit: bool) -> LetterRef:
        """Write a letter to the case (a draft, or sent to review at once)."""
        data = await self._call(
            "POST", f"/cases/{case_id}/letters", {"body": body, "submit": submit}
        )
        return LetterRef(uuid.UUID(data["id"]), data["state"], data["version"])

    async def inbox(self, case_id: uuid.UUID | str) -> list[Sealed]:
        """Letters delivered to you in the case, sealed."""
        rows = await self._call("GET", f"/cases/{case_id}/inbox")
        return [
            Sealed(
                uuid.UUID(r["id"]), r["from_label"], r["envelope_note"], r["opened_at"] is not None
            )
            for r in rows
        ]

    async def open_letter(self, letter_id: uuid.UUID | str, *, tell_author: bool = False) -> str:
        """Open a delivered letter; returns its text."""
        data = await self._call("POST", f"/inbox/{letter_id}/open", {"tell_author": tell_author})
        return str(data["body"])

    # ---- facilitators ----------------------------------------------------------------------

    async def queue(self) -> list[QueueEntry]:
        """Your review queue, urgent letters first."""
        rows = await self._call("GET", "/review/queue")
        return [
            QueueEntry(
                uuid.UUID(r["letter_id"]),
                uuid.UUID(r["case_id"]),
                r["state"],
                r["urgent"],
                r["finding_counts"],
            )
            for r in rows
        ]

    async def claim(self, letter_id: uuid.UUID | str) -> None:
        """Take a lease on a queued letter."""
        await self._call("POST", f"/review/letters/{letter_id}/claim")

    async def release(self, letter_id: uuid.UUID | str, envelope_note: str | None = None) -> None:
        """Release the claimed letter to the other side."""
        await self._call(
            "POST", f"/review/letters/{letter_id}/release", {"envelope_note": envelope_note}
        )

    async def return_letter(self, letter_id: uuid.UUID | str, notes: str) -> None:
        """Return the claimed letter to its author with notes."""
        await self._call("POST", f"/review/letters/{letter_id}/return", {"notes": notes})

    # ---- relay staff -------------------------------------------------------------------------

    async def print_queue(self, states: Sequence[str] = ("ready", "printed")) -> list[PrintJob]:
        """Letters for prisoners at your prison in these states, oldest first."""
        rows = await self._call("GET", "/relay/queue", params={"state": list(states)})
        return [PrintJob.from_json(row) for row in rows]

    async def print_letters(self, job_ids: Sequence[uuid.UUID]) -> bytes:
        """One print-ready PDF for these letters, each with its reply sheet; all are marked
        printed together, or none is."""
        response = await self._http.post(
            "/relay/print", json={"job_ids": [str(i) for i in job_ids]}, headers=self._auth
        )
        _raise_for_problem(response)
        return response.content

    async def mark_handed_over(self, job_id: uuid.UUID) -> PrintJob:
        """The printed letter is in the prisoner's hands."""
        return PrintJob.from_json(await self._call("POST", f"/relay/jobs/{job_id}/handed-over"))

    async def mark_undeliverable(self, job_id: uuid.UUID, reason: str) -> PrintJob:
        """The letter could not be handed over: `transferred`, `released` or `refused`."""
        row = await self._call("POST", f"/relay/jobs/{job_id}/undeliverable", {"reason": reason})
        return PrintJob.from_json(row)

    async def upload_scan(
        self,
        path: Path,
        *,
        reference: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> ScanReceived:
        """Upload a scanned reply (PDF, JPEG or PNG) a piece at a time. The reference is read
        from the reply sheet's QR code unless given. `progress` is told each piece's size."""

        async def pieces() -> AsyncIterator[bytes]:
            with path.open("rb") as handle:
                while piece := handle.read(UPLOAD_CHUNK):
                    if progress is not None:
                        progress(len(piece))
                    yield piece

        response = await self._http.post(
            "/relay/scans",
            content=pieces(),
            params={"ref": reference} if reference else None,
            headers={**self._auth, "Content-Type": "application/octet-stream"},
        )
        _raise_for_problem(response)
        data = response.json()
        return ScanReceived(
            uuid.UUID(data["id"]), data["reference"], data["pages"], data["ocr_draft"]
        )

    async def send_transcription(self, scan_id: uuid.UUID, transcription: str) -> None:
        """The reply as typed from the handwriting: it goes to the facilitator's review."""
        await self._call("POST", f"/relay/scans/{scan_id}/reply", {"transcription": transcription})

    # ---- live events -----------------------------------------------------------------------

    @property
    def ws_url(self) -> str:
        """The events endpoint (ws:// or wss://)."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urlunsplit((scheme, parts.netloc, parts.path + "/ws", "", ""))

    def subscribe(
        self, *, last_event_id: int | None = None, reconnect: bool = True
    ) -> Subscription:
        """Live events for the signed-in account: `async for event in client.subscribe(): ...`.

        The token goes in the first frame, never in the URL. With `last_event_id`, events
        after it are replayed first; reconnects resume where they left off.
        """
        if self.token is None:
            raise RuntimeError("sign in before subscribing")
        return Subscription(
            self.ws_url, self.token, last_event_id=last_event_id, reconnect=reconnect
        )


def _raise_for_problem(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    try:
        problem = response.json()
    except ValueError:
        problem = {"title": response.reason_phrase, "detail": response.text[:200]}
    raise ShuttleError(response.status_code, problem)

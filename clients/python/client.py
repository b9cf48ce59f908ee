"""A typed client for Shuttle's HTTP API and live events (httpx and websockets)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
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

    async def _call(self, method: str, path: str, json: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response = await self._http.request(method, path, json=json, headers=headers)
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {"title": response.reason_phrase, "detail": response.text[:200]}
            raise ShuttleError(response.status_code, problem)
        return response.json() if response.content else None

    # ---- signing in ----------------------------------------------------------------------

    async def login(self, login: str, passphrase: str) -> uuid.UUID:
        """Sign in; the client keeps the session token. Returns the account id."""
        body = await self._call("POST", "/auth/login", {"login": login, "passphrase": passphrase})
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

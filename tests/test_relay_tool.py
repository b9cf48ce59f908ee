"""`shuttle-relay` against `make run`'s demo: the full loop from a letter to a prisoner to the
reply reaching the person harmed, with every relay step done through the tool."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pypdfium2 as pdfium
from fpdf import FPDF

from clients.relay.cli import _merge
from tests.fixtures import second_step
from tests.fixtures.processes import Served, served_demo
from tests.test_relay import reply_sheet_png

RELAY_TOOL = str(Path(sys.executable).parent / "shuttle-relay")

LETTER = (
    "Lee,\n\nI have gone back and forth about writing this. Since that night I have not been able "
    "to close the shop on my own, and my daughter asks why I jump at the door. I want you to "
    "know that. I also want to know why you chose my shop, and whether you think about it.\n\n"
    "Jo"
)
REPLY = (
    "Jo,\n\nThank you for writing. I think about it most days. I chose your shop because it was "
    "the last one open on the parade and I thought nobody would get hurt. I was wrong about "
    "that and I am sorry for what it has done to you and your daughter.\n\nLee"
)


def relay(
    served: Served, home: Path, *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """Run `shuttle-relay` as relay staff would, with its session kept under `home`."""
    return subprocess.run(
        [RELAY_TOOL, *args],
        env={**served.env, "SHUTTLE_RELAY_HOME": str(home)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=home,
        check=False,
    )


def sign_in(served: Served, login: str, passphrase: str) -> httpx.Client:
    """An HTTP client signed in as a demo account (the facilitator and the portal user)."""
    client = httpx.Client(base_url=served.base_url, timeout=30)
    second_step.sign_in(client, login, passphrase)
    return client


def wait_for(check: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Poll `check()` until it is true."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_the_demo_prison_loop_runs_through_the_relay_tool(tmp_path: Path) -> None:
    with served_demo(tmp_path) as served:
        home = tmp_path / "relay-desk"
        home.mkdir()
        # Given the demo's second case: the person harmed on the portal, the person responsible
        # in the demo prison
        harmed = sign_in(served, "harmed2", "demo-harmed2-pass")
        facilitator = sign_in(served, "facilitator1", "demo-facilitator-pass")
        (case,) = harmed.get("/cases").json()
        # And a letter from the person harmed, released by the facilitator
        letter = harmed.post(
            f"/cases/{case['id']}/letters", json={"body": LETTER, "submit": True}
        ).json()
        assert facilitator.post(f"/review/letters/{letter['id']}/claim").status_code == 200
        released = facilitator.post(
            f"/review/letters/{letter['id']}/release",
            json={"envelope_note": "Jo wrote this after a long talk with me. Take your time."},
        )
        assert released.status_code == 200, released.text

        # When the relay officer signs in with the tool
        before = relay(served, home, "queue")
        assert before.returncode == 1 and "not signed in" in before.stderr
        login = ["login", "relay1", "--server", served.base_url, "--passphrase-stdin"]
        first = relay(served, home, *login, stdin="demo-relay-pass\n")
        # (the first time, they are sent to the portal to set up their authenticator app)
        assert first.returncode == 1 and "set up your second sign-in step" in first.stderr
        sign_in(served, "relay1", "demo-relay-pass").close()
        secret = second_step.SECRETS[(served.base_url.rstrip("/"), "relay1")]
        code = second_step.code_now(secret)
        signed = relay(served, home, *login, "--code", code, stdin="demo-relay-pass\n")
        assert signed.returncode == 0, signed.stderr
        session_file = home / "session.json"
        assert stat.S_IMODE(session_file.stat().st_mode) == 0o600

        # Then the letter is in the prison's queue, under the prisoner's number and prison name
        def queued() -> bool:
            return "A4821DK" in relay(served, home, "queue").stdout

        wait_for(queued, "the letter in the print queue")
        listing = relay(served, home, "queue").stdout
        assert "CARVER, Lee" in listing and "to print" in listing
        assert "Jo Penrose" not in listing  # nothing about the other side
        reference = next(w for w in listing.split() if w.startswith("RL-"))

        # When it is printed as a batch
        printed = relay(served, home, "print", "--output", "letters.pdf")
        assert printed.returncode == 0, printed.stderr
        pdf_path = home / "letters.pdf"
        assert stat.S_IMODE(pdf_path.stat().st_mode) == 0o600
        assert "Saved 1 letters" in printed.stdout
        text = "".join(
            page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf_path)
        )
        assert "A4821DK" in text and reference in text and "chose my shop" in text
        assert "Take your time" in text
        assert "Nothing waiting" in relay(served, home, "print").stdout  # each printed once

        # And handed over
        handed = relay(served, home, "handed-over", reference.lower().replace("-", " "))
        assert handed.returncode == 0, handed.stderr
        assert f"{reference}: handed over" in handed.stdout
        again = relay(served, home, "handed-over", reference)
        assert again.returncode == 1 and "not in your queue" in again.stderr

        # And the reply is scanned: the reference comes from the reply sheet's QR code
        scan = home / "reply.png"
        scan.write_bytes(reply_sheet_png(pdf_path.read_bytes()))
        uploaded = relay(served, home, "upload", str(scan), "--transcription", "-", stdin=REPLY)
        assert uploaded.returncode == 0, uploaded.stderr
        assert f"Received reply to {reference}" in uploaded.stdout
        assert "Sent to the facilitator" in uploaded.stdout
        twice = relay(served, home, "upload", str(scan), "--transcription", "-", stdin=REPLY)
        assert twice.returncode == 1 and "already been received" in twice.stderr

        # Then the reply is in review as the prisoner's letter, with the scan attached
        queue = facilitator.get("/review/queue").json()
        (entry,) = [e for e in queue if e["case_id"] == case["id"]]
        reply_id = entry["letter_id"]
        scan_view = facilitator.get(f"/review/letters/{reply_id}/scan")
        assert scan_view.status_code == 200 and scan_view.json()["kind"] == "png"
        assert facilitator.post(f"/review/letters/{reply_id}/claim").status_code == 200
        assert facilitator.post(f"/review/letters/{reply_id}/release", json={}).status_code == 200

        # And the person harmed opens it in the portal
        def delivered() -> bool:
            return bool(harmed.get(f"/cases/{case['id']}/inbox").json())

        wait_for(delivered, "the reply in the inbox")
        (sealed,) = harmed.get(f"/cases/{case['id']}/inbox").json()
        opened = harmed.post(f"/inbox/{sealed['id']}/open", json={"tell_author": False})
        assert opened.json()["body"] == REPLY

        # And the facilitator sees who printed and handed over the letter, and when
        (step,) = facilitator.get(f"/cases/{case['id']}/custody").json()
        assert step["reference"] == reference and step["state"] == "handed_over"
        assert step["printed_by"] and step["handed_over_by"] and step["handed_over_at"]
        assert "handed over" in relay(served, home, "queue", "--all").stdout

        # And signing out ends the session on the server too
        token = json.loads(session_file.read_text())["token"]
        assert relay(served, home, "logout").returncode == 0
        assert not session_file.exists()
        old = httpx.get(
            f"{served.base_url}/relay/queue", headers={"Authorization": f"Bearer {token}"}
        )
        assert old.status_code == 401
        after = relay(served, home, "queue")
        assert after.returncode == 1 and "not signed in" in after.stderr


def test_batches_are_merged_into_one_pdf_in_order() -> None:
    """`print` asks for ten letters at a time; the batches become one file, in order."""

    def pdf(*pages: str) -> bytes:
        document = FPDF()
        document.set_font("Helvetica")
        for text in pages:
            document.add_page()
            document.cell(text=text)
        return bytes(document.output())

    merged = pdfium.PdfDocument(_merge([pdf("first", "second"), pdf("third")]))
    texts = [page.get_textpage().get_text_range().strip() for page in merged]
    assert texts == ["first", "second", "third"]

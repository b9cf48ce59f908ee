"""Relay staff's and coordinators' portal screens in a real headless Chromium, against
`make run`'s demo (as tests/test_portal.py does for participants).

With SHUTTLE_SCREENSHOTS=1 the views are saved under docs/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, FilePayload, WebSocket, expect

from tests.fixtures import second_step
from tests.fixtures.browser import Portal, needs_chromium
from tests.fixtures.processes import Served, served_demo
from tests.test_relay import reply_sheet_png

pytestmark = needs_chromium

LETTER = (
    "Lee,\n\nSince that night I have not been able to close the shop on my own. I want to know "
    "why you chose my shop, and whether you think about it.\n\nJo"
)
REPLY = (
    "Jo,\n\nThank you for writing. I think about it most days. I chose your shop because it was "
    "the last one open on the parade. I was wrong, and I am sorry.\n\nLee"
)
# A code in the right form that belongs to no letter.
UNKNOWN_REFERENCE = "RL-2345-6789"


def api_client(served: Served, login: str, passphrase: str) -> httpx.Client:
    """An HTTP client signed in as a demo account."""
    client = httpx.Client(base_url=served.base_url, timeout=30)
    second_step.sign_in(client, login, passphrase)
    return client


def sign_in_live(portal: Portal, login: str, passphrase: str) -> None:
    """Sign in, and wait until the page's websocket is ready, so no live event is missed."""
    frames: list[str] = []

    def watch(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: frames.append(str(payload)))

    portal.page.on("websocket", watch)
    with portal.page.expect_websocket() as opened:
        portal.sign_in(login, passphrase)
    if not any('"ready"' in frame for frame in frames):
        opened.value.wait_for_event(
            "framereceived", predicate=lambda payload: '"ready"' in str(payload)
        )


def file(name: str, mime: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": mime, "buffer": content}


def test_relay_officer_prints_hands_over_and_sends_the_reply(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        harmed = api_client(served, "harmed2", "demo-harmed2-pass")
        facilitator = api_client(served, "facilitator1", "demo-facilitator-pass")
        (case,) = harmed.get("/cases").json()
        written = harmed.post(f"/cases/{case['id']}/letters", json={"body": LETTER, "submit": True})
        assert written.status_code == 201, written.text
        letter = written.json()["id"]
        assert facilitator.post(f"/review/letters/{letter}/claim").status_code == 200

        # Given the relay officer with the print queue open, and nothing in it
        officer = Portal(browser, served)
        page = officer.page
        sign_in_live(officer, "relay1", "demo-relay-pass")
        expect(page.get_by_role("heading", name="Print queue")).to_be_visible()
        expect(page.get_by_text("Nothing to print or hand over.")).to_be_visible()

        # When the facilitator releases the letter, it arrives without reloading the page
        released = facilitator.post(
            f"/review/letters/{letter}/release", json={"envelope_note": "Take your time."}
        )
        assert released.status_code == 200, released.text
        expect(
            page.get_by_role("status").filter(has_text="The print queue has changed.")
        ).to_be_visible()
        row = page.get_by_role("row").filter(has_text="A4821DK")
        expect(row).to_contain_text("CARVER, Lee")
        expect(row).to_contain_text("To print")
        expect(page.get_by_text("Jo Penrose")).to_have_count(0)  # nothing about the other side
        reference = row.get_by_role("rowheader").inner_text().strip()
        assert re.fullmatch(r"RL-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
        assert page.url == f"{served.base_url}/portal" and page.title() == "Shuttle"
        officer.check("relay-queue")

        # Printing with nothing chosen says what to do
        page.get_by_role("button", name="Print the chosen letters").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose the letters to print")

        # Then the chosen letter downloads as a PDF and is marked printed
        page.get_by_label(f"Choose {reference}").check()
        with page.expect_download() as downloading:
            page.get_by_role("button", name="Print the chosen letters").click()
        printed = downloading.value
        assert printed.suggested_filename == "shuttle-letters.pdf"
        pdf = Path(printed.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        expect(page.get_by_role("status").filter(has_text="1 letter saved")).to_be_visible()
        expect(row).to_contain_text("Printed, to hand over")

        # And handed over: it leaves the queue
        page.get_by_role("button", name=f"Mark as handed over ({reference})").click()
        expect(
            page.get_by_role("status").filter(has_text=f"{reference} is recorded as handed over")
        ).to_be_visible()
        expect(page.get_by_text("Nothing to print or hand over.")).to_be_visible()
        page.get_by_role("button", name="Also show letters already handed over").click()
        expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Handed over")

        # When the reply is uploaded, refusals are explained
        page.get_by_role("button", name="Upload a reply").click()
        expect(page.get_by_role("heading", name="Upload a reply")).to_be_visible()
        officer.check("relay-upload")
        scan = reply_sheet_png(pdf)
        page.get_by_label("Scanned reply").set_input_files(
            file("reply.txt", "text/plain", b"not a scan")
        )
        page.get_by_role("button", name="Upload the scan").click()
        expect(page.get_by_role("alert")).to_contain_text("not a scan we can read")
        page.get_by_label("Scanned reply").set_input_files(file("reply.png", "image/png", scan))
        page.get_by_label("Reference code").fill(UNKNOWN_REFERENCE)
        page.get_by_role("button", name="Upload the scan").click()
        expect(page.get_by_role("alert")).to_contain_text(
            f"{UNKNOWN_REFERENCE} is not a reference for a letter handed over"
        )
        huge = tmp_path / "huge.pdf"  # over the demo's 20 MB limit; a path is not copied
        with huge.open("wb") as sink:
            sink.write(b"%PDF-1.4\n")
            sink.truncate(20_000_001)
        page.get_by_label("Scanned reply").set_input_files(huge)
        page.get_by_label("Reference code").fill("")
        page.get_by_role("button", name="Upload the scan").click()
        # Chromium sends the whole body before it reads the early 413: give it time
        expect(page.get_by_role("alert")).to_contain_text("too large", timeout=30_000)
        officer.check("relay-upload-refused")

        # Then the reference is read from the reply sheet's QR code, and the draft corrected
        page.get_by_label("Scanned reply").set_input_files(file("reply.png", "image/png", scan))
        page.get_by_role("button", name="Upload the scan").click()
        expect(page.get_by_role("heading", name=f"Type the reply to {reference}")).to_be_visible()
        # (leaving the page open, the scan waits to be typed)
        page.get_by_role("button", name="Finish this later").click()
        expect(page.get_by_role("heading", name="Replies still to type")).to_be_visible()
        page.get_by_role("button", name=f"Type the reply to {reference}").click()
        transcription = page.get_by_label("Transcription")
        expect(transcription).to_be_editable()
        officer.check("relay-transcription")
        transcription.fill(REPLY)
        page.get_by_role("button", name="Send to the facilitator").click()
        expect(
            page.get_by_role("status").filter(has_text="sent to the facilitator for review")
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Print queue")).to_be_visible()

        # And the reply is in the facilitator's review queue, as typed, with the scan attached
        queue: list[dict[str, Any]] = facilitator.get("/review/queue").json()
        (entry,) = [e for e in queue if e["case_id"] == case["id"]]
        reply = entry["letter_id"]
        version = facilitator.get(f"/review/letters/{reply}/versions/1").json()
        assert version["body"] == REPLY
        attached = facilitator.get(f"/review/letters/{reply}/scan")
        assert attached.status_code == 200 and attached.json()["kind"] == "png"
        officer.close()
        harmed.close()
        facilitator.close()


def test_coordinator_opens_a_case_and_assigns_a_facilitator(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        coordinator = Portal(browser, served)
        page = coordinator.page
        coordinator.sign_in("coordinator", "demo-coordinator-pass")
        expect(page.get_by_role("heading", name="Cases")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("Priya Hale (demo facilitator)")
        coordinator.check("coordinator-cases")

        # When the coordinator opens a case in their area
        page.get_by_role("button", name="Open a case").click()
        expect(page.get_by_role("heading", name="Open a case")).to_be_visible()
        expect(page.get_by_label("Area")).not_to_have_value("")
        page.get_by_role("button", name="Open the case").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose the offence")
        page.get_by_label("Offence", exact=True).select_option(label="Criminal damage")
        page.get_by_label("A vulnerable adult is involved").check()
        coordinator.check("coordinator-open-case")
        page.get_by_role("button", name="Open the case").click()

        # Then the new case is shown, ready for its facilitators
        status = page.get_by_role("status").filter(has_text="is open")
        expect(status).to_be_visible()
        found = re.search(r"SH-[A-Z0-9]+", status.inner_text())
        assert found is not None
        reference = found.group(0)
        expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
        expect(page.get_by_text("No facilitator is assigned yet.")).to_be_visible()
        coordinator.check("coordinator-assign")

        # When facilitator2 is assigned
        page.get_by_label("Assign a facilitator").select_option(
            label="Tom Brennan (demo facilitator)"
        )
        page.get_by_role("button", name="Assign", exact=True).click()
        expect(
            page.get_by_role("status").filter(has_text="Tom Brennan (demo facilitator) is assigned")
        ).to_be_visible()
        expect(page.get_by_role("listitem").filter(has_text="Tom Brennan")).to_be_visible()

        # Then the list of cases shows who is assigned, by name
        page.get_by_role("button", name="Back to cases").click()
        row = page.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text("Criminal damage")
        expect(row).to_contain_text("A vulnerable adult is involved")
        expect(row).to_contain_text("Tom Brennan (demo facilitator)")

        # And its case page has the facts and the timeline
        page.get_by_role("button", name=f"Case page for {reference}").click()
        expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
        expect(page.get_by_role("table")).to_contain_text("assigned a facilitator")
        coordinator.check("coordinator-case")
        page.get_by_role("button", name="Back to cases").click()
        expect(page.get_by_role("heading", name="Cases")).to_be_visible()

        # A high-risk case needs a specialist: the refusal is shown plainly
        page.get_by_role("button", name="Open a case").click()
        page.get_by_label("Offence", exact=True).select_option(label="Violence")
        page.get_by_label("Domestic abuse").check()
        page.get_by_role("button", name="Open the case").click()
        expect(page.get_by_role("status").filter(has_text="is open")).to_be_visible()
        page.get_by_label("Assign a facilitator").select_option(
            label="Tom Brennan (demo facilitator)"
        )
        page.get_by_role("button", name="Assign", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("specialist")

        # And the assignment is real: facilitator2 now sees the case
        facilitator2 = api_client(served, "facilitator2", "demo-facilitator-pass")
        references = [c["reference"] for c in facilitator2.get("/cases").json()]
        facilitator2.close()
        assert reference in references
        assert page.url == f"{served.base_url}/portal" and page.title() == "Shuttle"
        coordinator.close()


def test_security_staff_pass_or_withhold_letters_in_the_portal(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        # Given a prison with its own security check, its security officer, and the demo's
        # prisoner moved there (the case re-assessed and resumed)
        coordinator = api_client(served, "coordinator", "demo-coordinator-pass")
        made = coordinator.post(
            "/establishments", json={"name": "HMP Eastfield (test)", "security_check": True}
        )
        assert made.status_code == 201, made.text
        prison = made.json()["id"]
        officer_account = {
            "login": "security.east",
            "display_name": "Sam Okafor (security)",
            "role": "relay",
            "passphrase": "security east passphrase",
            "establishment_id": prison,
            "security_staff": True,
        }
        assert coordinator.post("/accounts", json=officer_account).status_code == 201
        harmed = api_client(served, "harmed2", "demo-harmed2-pass")
        facilitator = api_client(served, "facilitator1", "demo-facilitator-pass")
        (case,) = harmed.get("/cases").json()
        parties = facilitator.get(f"/cases/{case['id']}/parties").json()
        (prisoner,) = [p for p in parties if p["side"] == "responsible"]
        moved = facilitator.put(
            f"/cases/{case['id']}/parties/{prisoner['id']}/channel",
            json={
                "channel": "relay",
                "establishment_id": prison,
                "prison_number": "A4821DK",
                "prison_name": "CARVER, Lee",
            },
        )
        assert moved.status_code == 200, moved.text
        assert facilitator.post(f"/cases/{case['id']}/resume").status_code == 200

        officer = Portal(browser, served)
        page = officer.page
        sign_in_live(officer, "security.east", "security east passphrase")
        expect(page.get_by_role("heading", name="Print queue")).to_be_visible()

        # When two letters are released, they wait for the check, not in the print queue
        for n in (1, 2):
            written = harmed.post(
                f"/cases/{case['id']}/letters", json={"body": f"{LETTER} ({n})", "submit": True}
            )
            letter = written.json()["id"]
            assert facilitator.post(f"/review/letters/{letter}/claim").status_code == 200
            assert facilitator.post(f"/review/letters/{letter}/release", json={}).status_code == 200
        expect(page.get_by_text("2 letters are waiting for the security check.")).to_be_visible()
        expect(page.get_by_text("Nothing to print or hand over.")).to_be_visible()
        page.get_by_role("button", name="Security check", exact=True).click()
        expect(page.get_by_role("heading", name="Security check")).to_be_visible()
        rows = page.get_by_role("row").filter(has_text="A4821DK")
        expect(rows).to_have_count(2)
        first = rows.nth(0).get_by_role("rowheader").inner_text().strip()
        second = rows.nth(1).get_by_role("rowheader").inner_text().strip()
        officer.check("relay-security")

        # Then the officer reads a letter as it would be printed, and lets it in
        with page.expect_download() as downloading:
            page.get_by_role("button", name=f"Read the letter {first}").click()
        assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")
        page.get_by_role("button", name=f"Let it go in ({first})").click()
        expect(
            page.get_by_role("status").filter(has_text=f"{first} passed the check")
        ).to_be_visible()

        # And withholds the other, with a reason for the facilitator
        page.get_by_role("button", name=f"Withhold ({second})").click()
        expect(page.get_by_role("heading", name=f"Withhold letter {second}")).to_be_visible()
        page.get_by_role("button", name="Withhold this letter").click()
        expect(page.get_by_role("alert")).to_contain_text("Say why")
        reason = "Mentions a member of staff by name; please ask for it to be removed."
        page.get_by_label("Why it is withheld").fill(reason)
        officer.check("relay-withhold")
        page.get_by_role("button", name="Withhold this letter").click()
        expect(page.get_by_role("status").filter(has_text=f"{second} is withheld")).to_be_visible()
        expect(page.get_by_text("No letters are waiting for the security check.")).to_be_visible()

        # And the letter let in is in the print queue; the facilitator has the reason
        page.get_by_role("button", name="Print queue").click()
        expect(page.get_by_role("row").filter(has_text=first)).to_contain_text("To print")

        # When it cannot be handed over, the officer confirms why
        page.get_by_role("button", name=f"Cannot hand over ({first})").click()
        expect(
            page.get_by_role("heading", name=f"Record that {first} cannot be handed over")
        ).to_be_visible()
        page.get_by_role("button", name="Record as not handed over").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose why")
        page.get_by_label("Moved to another prison").check()
        officer.check("relay-undeliverable")
        page.get_by_role("button", name="Record as not handed over").click()
        expect(page.get_by_role("status").filter(has_text=f"{first} is recorded")).to_be_visible()
        expect(page.get_by_text("Nothing to print or hand over.")).to_be_visible()

        # Then the facilitator sees both steps, and the reason for withholding
        steps = {s["reference"]: s for s in facilitator.get(f"/cases/{case['id']}/custody").json()}
        assert steps[second]["state"] == "withheld"
        assert steps[second]["withheld_reason"] == reason
        assert steps[first]["state"] == "undeliverable"
        assert steps[first]["undeliverable_reason"] == "transferred"
        officer.close()
        for client in (coordinator, harmed, facilitator):
            client.close()

"""The facilitators' post desk in a real headless Chromium, against `make run`'s demo: letters
by post printed, posted, come back, and their replies scanned and typed (as
tests/test_portal_staff.py does for a prison's relay staff).

With SHUTTLE_SCREENSHOTS=1 the views are saved under docs/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.fixtures.browser import Portal, needs_chromium
from tests.fixtures.processes import served_demo
from tests.test_portal_staff import api_client, file, sign_in_live
from tests.test_relay import reply_sheet_png

pytestmark = needs_chromium

LETTER = (
    "Sam,\n\nI still lock the back door twice every night. I would like to know what you "
    "remember of that evening, and what you would say to me now.\n\nMorgan"
)
SECOND = "Sam,\n\nI wrote again because I had not heard back. There is no hurry.\n\nMorgan"
REPLY = (
    "Morgan,\n\nYour letter came on a Tuesday. I remember the dog barking and running. I am "
    "sorry you still lock the door twice. I would like to keep writing.\n\nSam"
)


def release(harmed: httpx.Client, facilitator: httpx.Client, case: str, body: str) -> None:
    """The person harmed writes a letter and facilitator1 releases it."""
    written = harmed.post(f"/cases/{case}/letters", json={"body": body, "submit": True})
    assert written.status_code == 201, written.text
    letter = written.json()["id"]
    assert facilitator.post(f"/review/letters/{letter}/claim").status_code == 200
    released = facilitator.post(f"/review/letters/{letter}/release", json={})
    assert released.status_code == 200, released.text


def print_one(page: Page, reference: str) -> bytes:
    """Choose the letter, print it, and give back the downloaded PDF."""
    page.get_by_label(f"Choose {reference}").check()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Print the chosen letters").click()
    printed = downloading.value
    assert printed.suggested_filename == "shuttle-letters.pdf"
    pdf = Path(printed.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    expect(page.get_by_role("status").filter(has_text="1 letter saved")).to_be_visible()
    return pdf


def test_facilitator_prints_posts_and_types_the_reply_by_post(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        # Given the demo's first case, with the person responsible now receiving letters by post
        harmed = api_client(served, "harmed", "demo-harmed-pass")
        facilitator = api_client(served, "facilitator1", "demo-facilitator-pass")
        (case,) = harmed.get("/cases").json()
        parties = facilitator.get(f"/cases/{case['id']}/parties").json()
        (responsible,) = [p for p in parties if p["side"] == "responsible"]
        moved = facilitator.put(
            f"/cases/{case['id']}/parties/{responsible['id']}/channel", json={"channel": "post"}
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["channel"] == "post"

        # And facilitator1 with the post desk open, and nothing in it
        desk = Portal(browser, served)
        page = desk.page
        sign_in_live(desk, "facilitator1", "demo-facilitator-pass")
        expect(page.get_by_role("heading", name="Letters to review")).to_be_visible()
        page.get_by_role("button", name="Letters by post").click()
        expect(page.get_by_role("heading", name="Letters by post")).to_be_visible()
        expect(page.get_by_text("Nothing to print or post.")).to_be_visible()
        expect(page.get_by_text("addressed from the case file").first).to_be_visible()

        # When a letter is released, it arrives without reloading the page
        release(harmed, facilitator, case["id"], LETTER)
        row = page.get_by_role("row").filter(has_text="Sam Tiverton")
        expect(row).to_contain_text(case["reference"])
        expect(row).to_contain_text("To print")
        expect(page.get_by_role("columnheader", name="Prison number")).to_have_count(0)
        reference = row.get_by_role("rowheader").inner_text().strip()
        assert re.fullmatch(r"RL-[A-Z0-9]{4}-[A-Z0-9]{4}", reference)
        assert page.url == f"{served.base_url}/portal" and page.title() == "Shuttle"
        desk.check("post-queue")

        # Then it prints as a PDF, is marked printed, and then posted
        pdf = print_one(page, reference)
        expect(row).to_contain_text("Printed, to post")
        page.get_by_role("button", name=f"Mark as posted ({reference})").click()
        expect(
            page.get_by_role("status").filter(has_text=f"{reference} is recorded as posted")
        ).to_be_visible()
        expect(page.get_by_text("Nothing to print or post.")).to_be_visible()
        page.get_by_role("button", name="Also show letters already posted").click()
        expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Posted")
        desk.check("post-queue-all")
        page.get_by_role("button", name="Show only letters to print or post").click()
        expect(page.get_by_text("Nothing to print or post.")).to_be_visible()

        # When the reply comes back by post, its scan is uploaded: the code is read from the QR
        page.get_by_role("button", name="Upload a reply").click()
        expect(page.get_by_role("heading", name="Upload a reply")).to_be_visible()
        desk.check("post-upload")
        page.get_by_label("Scanned reply").set_input_files(
            file("reply.png", "image/png", reply_sheet_png(pdf))
        )
        page.get_by_role("button", name="Upload the scan").click()
        expect(page.get_by_role("heading", name=f"Type the reply to {reference}")).to_be_visible()
        # (leaving it for later, the scan waits to be typed)
        page.get_by_role("button", name="Finish this later").click()
        expect(page.get_by_role("heading", name="Replies still to type")).to_be_visible()
        page.get_by_role("button", name=f"Type the reply to {reference}").click()
        transcription = page.get_by_label("Transcription")
        expect(transcription).to_be_editable()
        desk.check("post-transcription")
        transcription.fill(REPLY)
        page.get_by_role("button", name="Send for review").click()
        expect(
            page.get_by_role("status").filter(has_text=f"The reply to {reference} is in the review")
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Replies still to type")).to_have_count(0)

        # Then the reply is in the review queue, as typed, with the scan attached
        queue: list[dict[str, Any]] = facilitator.get("/review/queue").json()
        (entry,) = [e for e in queue if e["case_id"] == case["id"]]
        reply = entry["letter_id"]
        version = facilitator.get(f"/review/letters/{reply}/versions/1").json()
        assert version["body"] == REPLY
        attached = facilitator.get(f"/review/letters/{reply}/scan")
        assert attached.status_code == 200 and attached.json()["kind"] == "png"

        # When a second letter is posted and comes back, the facilitator records why
        release(harmed, facilitator, case["id"], SECOND)
        second = page.get_by_role("row").filter(has_text="To print")
        expect(second).to_contain_text("Sam Tiverton")
        returned = second.get_by_role("rowheader").inner_text().strip()
        with page.expect_download() as downloading:
            page.get_by_role("button", name="Print all waiting").click()
        assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")
        page.get_by_role("button", name=f"Mark as posted ({returned})").click()
        expect(
            page.get_by_role("status").filter(has_text=f"{returned} is recorded as posted")
        ).to_be_visible()
        page.get_by_role("button", name="Also show letters already posted").click()
        page.get_by_role("button", name=f"Came back ({returned})").click()
        expect(
            page.get_by_role("heading", name=f"Record that {returned} was not delivered")
        ).to_be_visible()
        page.get_by_role("button", name="Record as not delivered").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose what happened")
        page.get_by_label("The post brought it back").check()
        desk.check("post-undeliverable")
        page.get_by_role("button", name="Record as not delivered").click()
        expect(
            page.get_by_role("status").filter(has_text=f"{returned} is recorded as not delivered")
        ).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=returned)).to_contain_text("Not delivered")

        # And the case's custody shows both letters' steps
        steps = {s["reference"]: s for s in facilitator.get(f"/cases/{case['id']}/custody").json()}
        assert steps[reference]["state"] == "handed_over"
        assert steps[returned]["state"] == "undeliverable"
        assert steps[returned]["undeliverable_reason"] == "returned"

        # And the desk leads back to the review queue
        page.get_by_role("button", name="Letters to review").click()
        expect(page.get_by_role("heading", name="Letters to review")).to_be_visible()
        desk.close()
        harmed.close()
        facilitator.close()

"""The web portal in a real headless Chromium, against `make run`'s demo.

Chromium comes from Debian (`/usr/bin/chromium`, installed by `make test` when it can be);
Playwright drives it and axe-core checks every view. With SHUTTLE_SCREENSHOTS=1 the views are
saved under docs/screenshots/ for the README.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.fixtures.processes import Served, served_demo

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
NEUTRAL = "https://www.bbc.co.uk/weather"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)"
)

LETTER = (
    "Sam,\n\nIt has taken me a long time to be able to write this. After the break-in I moved "
    "my bed away from the window and I still check the back door three times a night.\n\n"
    "I want to know whether you knew anyone was home. I think I need to hear it from you.\n\n"
    "Morgan"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


class Portal:
    """One person's browser tab on the portal, checked by axe-core on every view."""

    def __init__(self, browser: Browser, served: Served) -> None:
        self.context = browser.new_context(base_url=served.base_url)
        self.page: Page = self.context.new_page()
        self.console: list[str] = []
        self.page.on("console", lambda message: self.console.append(message.text))
        # The quick exit's neutral site, served locally: the tests never reach the internet.
        self.context.route(
            re.compile(r"^https://www\.bbc\.co\.uk/.*"),
            lambda route: route.fulfill(
                status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
            ),
        )
        self.axe = Axe()

    def check(self, name: str) -> None:
        """No serious or critical accessibility violations; screenshot when asked."""
        results = self.axe.run(self.page)
        serious = [
            f"{v['id']}: {v['help']}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{name}: {serious}"
        if os.environ.get("SHUTTLE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def sign_in(self, login: str, passphrase: str) -> None:
        self.page.goto("/portal")
        expect(self.page.get_by_role("heading", name="Sign in")).to_be_visible()
        self.page.get_by_label("Login").fill(login)
        self.page.get_by_label("Passphrase").fill(passphrase)
        self.page.get_by_role("button", name="Sign in").click()

    def close(self) -> None:
        assert not [c for c in self.console if "Content Security Policy" in c], self.console
        self.context.close()


def facilitator_releases(served: Served, note: str) -> None:
    """The facilitator's part, through the API (their screens come later)."""
    with httpx.Client(base_url=served.base_url) as client:
        token = client.post(
            "/auth/login", json={"login": "facilitator1", "passphrase": "demo-facilitator-pass"}
        ).json()["token"]
        client.headers["Authorization"] = f"Bearer {token}"
        (entry,) = client.get("/review/queue").json()
        letter = entry["letter_id"]
        assert client.post(f"/review/letters/{letter}/claim").status_code == 200
        released = client.post(f"/review/letters/{letter}/release", json={"envelope_note": note})
        assert released.status_code == 200, released.text


def test_a_letter_goes_from_author_to_recipient_in_the_portal(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        author, reader = Portal(browser, served), Portal(browser, served)
        # The page is sent with the safety headers, and its title says nothing about the case
        response = httpx.get(f"{served.base_url}/portal")
        assert response.headers["cache-control"] == "no-store"
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp

        author.sign_in("harmed", "not-the-passphrase")
        expect(author.page.get_by_role("alert")).to_contain_text("not right")
        author.check("sign-in")
        author.sign_in("harmed", "demo-harmed-pass")
        expect(author.page.get_by_role("heading", name="Your letters")).to_be_visible()
        assert author.page.title() == "Shuttle"
        author.page.get_by_role("button", name="Write a letter").click()
        expect(author.page.get_by_role("heading", name="Write a letter")).to_be_visible()
        author.page.get_by_label("Your letter").fill(LETTER)
        author.check("write")
        author.page.get_by_role("button", name="Send to your facilitator").click()
        expect(
            author.page.get_by_role("heading", name=re.compile("sent to your facilitator"))
        ).to_be_visible()
        author.page.get_by_role("button", name="Back to your letters").click()
        expect(author.page.get_by_text("With your facilitator")).to_be_visible()
        author.check("home-author")
        assert author.page.url == f"{served.base_url}/portal"  # nothing about the case in URLs

        # The reader has the portal open when the letter is released: it arrives live
        reader.sign_in("responsible", "demo-responsible-pass")
        expect(reader.page.get_by_text("There are no letters waiting for you.")).to_be_visible()
        facilitator_releases(served, "Morgan wrote this after our last meeting. Take your time.")
        expect(reader.page.get_by_role("status").filter(has_text="A new letter")).to_be_visible()
        expect(reader.page.get_by_text("Take your time.")).to_be_visible()
        reader.check("home-sealed")
        reader.page.get_by_role("button", name="Open this letter").click()
        expect(reader.page.get_by_text("I still check the back door")).to_be_visible()
        reader.check("read")

        # Quick exit: Shift three times replaces the page, and Back does not bring it back
        reader.page.keyboard.press("Shift")
        reader.page.keyboard.press("Shift")
        reader.page.keyboard.press("Shift")
        reader.page.wait_for_url(NEUTRAL)
        reader.page.go_back()
        assert "/portal" not in reader.page.url
        # The exit also signed the reader out
        again = reader.context.new_page()
        again.goto(f"{served.base_url}/portal")
        expect(again.get_by_role("heading", name="Sign in")).to_be_visible()

        # The button does the same
        author.page.get_by_role("button", name="Exit this page").click()
        author.page.wait_for_url(NEUTRAL)
        for portal in (author, reader):
            portal.close()


def test_cookie_sessions_need_the_csrf_header(tmp_path: Path) -> None:
    with served_demo(tmp_path) as served, httpx.Client(base_url=served.base_url) as client:
        signed = client.post(
            "/auth/login", json={"login": "harmed", "passphrase": "demo-harmed-pass"}
        )
        assert signed.status_code == 200
        csrf = client.cookies["shuttle_csrf"]
        (case,) = client.get("/cases").json()  # reading needs no header
        letter = {"body": "A short letter.", "submit": False}
        forged = client.post(f"/cases/{case['id']}/letters", json=letter)
        assert forged.status_code == 403
        assert forged.headers["content-type"] == "application/problem+json"
        wrong = client.post(
            f"/cases/{case['id']}/letters", json=letter, headers={"X-CSRF-Token": "0" * 64}
        )
        assert wrong.status_code == 403
        written = client.post(
            f"/cases/{case['id']}/letters", json=letter, headers={"X-CSRF-Token": csrf}
        )
        assert written.status_code == 201, written.text

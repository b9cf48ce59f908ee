"""Signing in safely, in a real headless Chromium against `make run`'s demo: a coordinator adds
a facilitator, who sets up an authenticator app from the QR code's key, keeps the recovery
codes, signs in again with a code, sees their sessions and changes their passphrase; a
participant locked out by failed sign-ins is let back in by their facilitator.

With SHUTTLE_SCREENSHOTS=1 the views are saved under docs/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.fixtures.browser import Portal, needs_chromium
from tests.fixtures.processes import served_demo
from tests.fixtures.second_step import code_now, sign_in

pytestmark = needs_chromium


def test_a_new_facilitator_sets_up_a_second_step_in_the_portal(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        # Given a coordinator who adds a facilitator from the staff page
        coordinator = Portal(browser, served)
        coordinator.sign_in("coordinator", "demo-coordinator-pass")
        page = coordinator.page
        page.get_by_role("button", name="Staff accounts").click()
        expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
        page.get_by_label("Name").fill("Nadia Fenwick")
        page.get_by_label("Login").fill("nadia.f")
        page.get_by_label("First passphrase").fill("password1234")
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("too easy to guess")
        page.get_by_label("First passphrase").fill("quarry lantern tide")
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.get_by_text("Nadia Fenwick can now sign in as nadia.f")).to_be_visible()
        row = page.get_by_role("row", name="Nadia Fenwick")
        expect(row).to_contain_text("Not yet")
        coordinator.check("coordinator-staff")

        # When the new facilitator signs in for the first time
        nadia = Portal(browser, served)
        screen = nadia.page
        screen.goto("/portal")
        screen.get_by_label("Login").fill("nadia.f")
        screen.get_by_label("Passphrase").fill("quarry lantern tide")
        screen.get_by_role("button", name="Sign in").click()
        # Then before anything else they are shown how to set up the app, with a QR code
        expect(
            screen.get_by_role("heading", name="Set up your second sign-in step")
        ).to_be_visible()
        qr = screen.get_by_role("img", name="QR code to add Shuttle to your authenticator app")
        expect(qr).to_be_visible()
        assert qr.evaluate("image => image.naturalWidth") > 0
        nadia.check("enrol")
        secret = screen.locator("code.secret").inner_text().replace(" ", "")
        # When they type a wrong code, Then they are told, and can try again
        screen.get_by_label("Code from the app").fill("000000")
        screen.get_by_role("button", name="Turn it on").click()
        expect(screen.get_by_role("alert")).to_contain_text("does not match")
        # When they type the code the app shows, Then they get ten recovery codes, once
        screen.get_by_label("Code from the app").fill(code_now(secret))
        screen.get_by_role("button", name="Turn it on").click()
        expect(screen.get_by_role("heading", name="Your recovery codes")).to_be_visible()
        expect(screen.locator("ul.codes li")).to_have_count(10)
        nadia.check("recovery-codes")
        screen.get_by_role("button", name="I have kept them safe").click()
        expect(screen.get_by_role("heading", name="Letters to review")).to_be_visible()

        # And the coordinator sees it is set up
        page.get_by_role("button", name="Back to cases").click()
        page.get_by_role("button", name="Staff accounts").click()
        expect(page.get_by_role("row", name="Nadia Fenwick")).to_contain_text("Set up")

        # When they sign out and in again, Then the code is asked for after the passphrase
        screen.get_by_role("button", name="Sign out").click()
        screen.get_by_label("Login").fill("nadia.f")
        screen.get_by_label("Passphrase").fill("quarry lantern tide")
        screen.get_by_role("button", name="Sign in").click()
        expect(screen.get_by_role("heading", name="Enter your code")).to_be_visible()
        nadia.check("second-step")
        screen.get_by_label("Code").fill(code_now(secret))
        screen.get_by_role("button", name="Continue").click()
        expect(screen.get_by_role("heading", name="Letters to review")).to_be_visible()

        # And their security page lists where they are signed in
        screen.get_by_role("button", name="Your security").click()
        expect(screen.get_by_role("heading", name="Your security")).to_be_visible()
        expect(screen.get_by_role("cell", name="Chrome on Linux (this one)")).to_be_visible()
        nadia.check("security")
        # When they change their passphrase, Then every session ends and the new one works
        screen.get_by_label("Current passphrase").fill("quarry lantern tide")
        screen.get_by_label("New passphrase").fill("harbour velvet signal")
        screen.get_by_role("button", name="Change passphrase").click()
        expect(screen.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(screen.get_by_text("every session has ended")).to_be_visible()
        screen.get_by_label("Login").fill("nadia.f")
        screen.get_by_label("Passphrase").fill("harbour velvet signal")
        screen.get_by_role("button", name="Sign in").click()
        expect(screen.get_by_role("heading", name="Enter your code")).to_be_visible()
        coordinator.close()
        nadia.close()


def test_a_facilitator_lets_a_locked_out_participant_back_in(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path, SHUTTLE_LOCKOUT_AFTER="3") as served:
        # Given someone guessing the person harmed's passphrase three times
        person = Portal(browser, served)
        for _ in range(3):
            person.sign_in("harmed", "is it this one maybe")
            expect(person.page.get_by_role("alert")).to_contain_text("not right")
        # When the right passphrase is then typed, Then it is refused the same way
        person.sign_in("harmed", "demo-harmed-pass")
        expect(person.page.get_by_role("alert")).to_contain_text("ask your facilitator")

        # When their facilitator opens the case, Then the lock shows, and they lift it
        with httpx.Client(base_url=served.base_url) as api:
            sign_in(api, "facilitator1", "demo-facilitator-pass")
            for case in api.get("/cases").json():
                names = [p["display_name"] for p in api.get(f"/cases/{case['id']}/parties").json()]
                if "Morgan Ellery (demo)" in names:
                    reference = case["reference"]
        facilitator = Portal(browser, served)
        facilitator.sign_in("facilitator1", "demo-facilitator-pass")
        page = facilitator.page
        page.get_by_role("button", name=f"Case {reference}").click()
        row = page.get_by_role("row", name="Morgan Ellery (demo) Harmed")
        expect(row).to_contain_text("locked after failed sign-ins")
        facilitator.check("case-locked-party")
        row.get_by_role("button", name="Unlock the account of Morgan Ellery (demo)").click()
        expect(page.get_by_text("Morgan Ellery (demo) can sign in again.")).to_be_visible()

        # Then the person harmed signs in
        person.sign_in("harmed", "demo-harmed-pass")
        expect(person.page.get_by_role("heading", name="Your letters")).to_be_visible()
        person.close()
        facilitator.close()

"""The web portal in a real headless Chromium, against `make run`'s demo.

Chromium comes from Debian (`/usr/bin/chromium`, installed by `make test` when it can be);
Playwright drives it and axe-core checks every view. With SHUTTLE_SCREENSHOTS=1 the views are
saved under docs/screenshots/ for the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.fixtures.browser import NEUTRAL, Portal, needs_chromium
from tests.fixtures.processes import Served, served_demo
from tests.fixtures.second_step import sign_in

pytestmark = needs_chromium

LETTER = (
    "Sam,\n\nIt has taken me a long time to be able to write this. After the break-in I moved "
    "my bed away from the window and I still check the back door three times a night.\n\n"
    "I want to know whether you knew anyone was home. I think I need to hear it from you.\n\n"
    "Morgan"
)


def facilitator_releases(served: Served, note: str) -> None:
    """The facilitator's part, through the API (their screens come later)."""
    with httpx.Client(base_url=served.base_url) as client:
        sign_in(client, "facilitator1", "demo-facilitator-pass")
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
        expect(reader.page.locator("#announce").filter(has_text="A new letter")).to_be_visible()
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


FIRST_DRAFT = (
    "Jordan,\n\nI have started this letter more times than I can count. Since the night you "
    "took the car I have not been able to leave it on the street. If you want to explain "
    "yourself you can find me at 27 Wren Close.\n\nI want to know if you planned it or if "
    "it was just my car because it was there.\n\nCasey"
)
REVISED = FIRST_DRAFT.replace(
    " If you want to explain yourself you can find me at 27 Wren Close.", ""
)


def open_case_for(served: Served, *facilitators: str) -> str:
    """The coordinator's part: a new case with its facilitators (their screens have their own
    test). Returns the case reference."""
    with httpx.Client(base_url=served.base_url) as client:
        sign_in(client, "coordinator", "demo-coordinator-pass")
        case = client.post(
            "/cases", json={"area": "Northshire", "offence_category": "theft"}
        ).json()
        people = {a["login"]: a["id"] for a in client.get("/facilitators").json()}
        for login in facilitators:
            assigned = client.post(
                f"/cases/{case['id']}/facilitators", json={"account_id": people[login]}
            )
            assert assigned.status_code == 200, assigned.text
        return str(case["reference"])


def add_party(facilitator: Portal, name: str, label: str, side: str) -> str:
    """On the case page: add a person and read their one-time invitation link."""
    page = facilitator.page
    page.get_by_text("Add a person to this case").click()
    page.get_by_label("Their name").fill(name)
    page.get_by_label("What the other side sees").fill(label)
    page.get_by_role("radio", name=re.compile(side)).check()
    page.get_by_role("button", name="Add and make an invitation link").click()
    expect(page.get_by_role("heading", name=f"Invitation for {name}")).to_be_visible()
    link = page.get_by_label("Invitation link").input_value()
    assert "#invitation=" in link
    return link


def join(portal: Portal, link: str, login: str, passphrase: str) -> None:
    page = portal.page
    page.goto(link)
    expect(page.get_by_role("heading", name="Join Shuttle")).to_be_visible()
    assert "invitation" not in page.url  # the token is taken out of the address at once
    page.get_by_label("Choose a login").fill(login)
    page.get_by_label("Choose a passphrase").fill(passphrase)
    page.get_by_label("Type the passphrase again").fill(passphrase)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name="Your letters")).to_be_visible()


def test_the_whole_exchange_runs_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    """Invite, accept, write (draft kept as you type), screen, return with notes, revise,
    release, open; the facilitator's queue changes live."""
    with served_demo(tmp_path) as served:
        reference = open_case_for(served, "facilitator1")
        facilitator = Portal(browser, served)
        harmed, responsible = Portal(browser, served), Portal(browser, served)

        # The facilitator adds both people, and records their consent
        facilitator.sign_in("facilitator1", "demo-facilitator-pass")
        expect(facilitator.page.get_by_role("heading", name="Letters to review")).to_be_visible()
        facilitator.page.get_by_role("button", name=f"Case {reference}").click()
        expect(facilitator.page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
        harmed_link = add_party(
            facilitator, "Casey Norland", "the person harmed", "The person harmed"
        )
        facilitator.check("facilitator-invitation")
        responsible_link = add_party(
            facilitator, "Jordan Pike", "the person responsible", "The person responsible"
        )
        for name in ("Casey Norland", "Jordan Pike"):
            facilitator.page.get_by_role("button", name=f"Record consent given for {name}").click()
            expect(facilitator.page.get_by_text(f"Consent recorded for {name}")).to_be_visible()

        # Each accepts their invitation and chooses a passphrase
        join(harmed, harmed_link, "casey.n", "lantern orchard pebble")
        harmed.check("participant-home-new")
        join(responsible, responsible_link, "jordan.p", "copper meadow thistle")

        # The person harmed writes; the draft is kept on the server as they type
        facilitator.page.get_by_role("button", name="Back to the queue").click()
        expect(facilitator.page.get_by_text("No letters are waiting for review.")).to_be_visible()
        harmed.page.get_by_role("button", name="Write a letter").click()
        harmed.page.get_by_label("Your letter").fill(FIRST_DRAFT)
        expect(harmed.page.get_by_text(re.compile(r"^Draft saved at"))).to_be_visible()
        harmed.page.get_by_role("button", name="Save and go back").click()
        harmed.page.get_by_role("button", name="Carry on writing").click()
        expect(harmed.page.get_by_label("Your letter")).to_have_value(FIRST_DRAFT)
        harmed.page.get_by_role("button", name="Send to your facilitator").click()
        expect(harmed.page.get_by_role("heading", name=re.compile("sent to your"))).to_be_visible()

        # The facilitator's queue shows it without a reload, with what screening found
        row = facilitator.page.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text("Location: 1")
        expect(facilitator.page.locator("#announce")).to_contain_text("queue has changed")
        facilitator.check("facilitator-queue")
        row.get_by_role("button", name="Review").click()
        facilitator.page.get_by_role("button", name="Claim this letter").click()
        expect(facilitator.page.get_by_text("You have claimed this letter")).to_be_visible()
        letter_box = facilitator.page.locator("#letter-text")
        expect(letter_box.locator("mark").filter(has_text="27 Wren Close")).to_be_visible()
        facilitator.check("facilitator-review")
        facilitator.page.get_by_label(re.compile("Location")).check()
        facilitator.page.get_by_label("Notes for the author").fill(
            "Thank you for this. Please take out where you live: letters never say how to "
            "find you. The question at the end is a good one to keep."
        )
        facilitator.page.get_by_role("button", name="Return with notes").click()
        expect(facilitator.page.locator("#announce")).to_contain_text("returned to its author")

        # The author is told, sees the note pointing at the words, and revises
        harmed.page.get_by_role("button", name="Back to your letters").click()
        expect(harmed.page.get_by_role("button", name="Read the notes")).to_be_visible()
        harmed.page.get_by_role("button", name="Read the notes").click()
        expect(harmed.page.locator("q.quoted")).to_have_text("27 Wren Close")
        harmed.check("participant-returned")
        harmed.page.get_by_role("button", name="Change your letter").click()
        harmed.page.get_by_label("Your letter").fill(REVISED)
        expect(harmed.page.locator("#changes del")).to_contain_text("27 Wren Close")
        harmed.check("participant-revise")
        harmed.page.get_by_role("button", name="Send the changed letter").click()
        expect(
            harmed.page.get_by_role("heading", name=re.compile("changed letter"))
        ).to_be_visible()

        # The facilitator sees version 2 arrive, what changed, and releases it
        row = facilitator.page.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text("Nothing found")
        row.get_by_role("button", name="Review").click()
        facilitator.page.get_by_role("button", name="Claim this letter").click()
        expect(facilitator.page.get_by_text("You have claimed this letter")).to_be_visible()
        facilitator.page.get_by_text("What changed since version 1").click()
        expect(facilitator.page.locator(".diff del")).to_contain_text("27 Wren Close")
        facilitator.page.get_by_label("A note on the envelope (optional)").fill(
            "Casey wrote this after our last call. It asks you a question."
        )
        facilitator.page.get_by_role("button", name="Release this letter").click()
        expect(facilitator.page.get_by_text("The letter is released.")).to_be_visible()

        # The person responsible has it sealed, with the note, and opens it
        expect(responsible.page.get_by_text("It asks you a question.")).to_be_visible()
        responsible.page.get_by_label("Let the person harmed know I have read it").check()
        responsible.page.get_by_role("button", name="Open this letter").click()
        expect(responsible.page.get_by_text("just my car because it was there")).to_be_visible()
        assert "Wren Close" not in responsible.page.inner_text("main")

        # The author sees it was read; the case page's timeline shows each step
        harmed.page.get_by_role("button", name="Back to your letters").click()
        expect(harmed.page.get_by_text(re.compile("Delivered and read"))).to_be_visible()
        facilitator.page.get_by_role("button", name="Case page").click()
        timeline = facilitator.page.get_by_role("table").filter(has_text="released a letter")
        expect(timeline).to_contain_text("returned a letter with notes")
        facilitator.check("facilitator-case")
        for portal in (facilitator, harmed, responsible):
            portal.close()


def test_a_participant_pauses_chooses_times_gives_feedback_and_stops(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        person = Portal(browser, served)
        page = person.page
        page.clock.install()  # the idle warning's timers run on a clock the test moves
        person.sign_in("harmed", "demo-harmed-pass")
        page.get_by_role("button", name="Pausing, timing and taking part").click()
        expect(page.get_by_role("heading", name="Your choices")).to_be_visible()
        person.check("participant-choices")

        page.get_by_role("button", name="Pause letters to me").click()
        expect(page.locator("#announce")).to_contain_text("Letters to you are paused.")
        page.get_by_role("button", name="Resume letters").click()
        expect(page.locator("#announce")).to_contain_text("resumed")

        page.get_by_label("Monday to Friday only").check()
        page.get_by_label("From").select_option("9")
        page.get_by_label("Until").select_option("17")
        page.get_by_role("button", name="Save when letters arrive").click()
        expect(page.locator("#announce")).to_contain_text("has been saved")
        expect(page.get_by_label("Monday to Friday only")).to_be_checked()
        expect(page.get_by_label("From")).to_have_value("9")

        page.get_by_role("button", name="Give feedback").click()
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose an answer or write a comment")
        page.get_by_label("Helpful", exact=True).check()
        page.get_by_label("Anything you would like to tell us (optional)").fill(
            "Being able to pause made this bearable."
        )
        person.check("participant-feedback")
        page.get_by_role("button", name="Send feedback").click()
        expect(page.locator("#announce")).to_contain_text("Thank you")

        # Two minutes before the session would end, the page asks; carrying on keeps it
        page.clock.fast_forward("28:30")
        dialog = page.get_by_role("alertdialog", name="Are you still there?")
        expect(dialog).to_be_visible()
        person.check("idle-warning")
        dialog.get_by_role("button", name="Stay signed in").click()
        expect(dialog).to_be_hidden()

        page.get_by_role("button", name="Stop taking part").click()
        page.get_by_role("button", name="Yes, stop taking part").click()
        expect(page.get_by_text("You have stopped taking part.").first).to_be_visible()
        with httpx.Client(base_url=served.base_url) as client:
            sign_in(client, "facilitator1", "demo-facilitator-pass")
            for case in client.get("/cases").json():
                parties = client.get(f"/cases/{case['id']}/parties").json()
                harmed = next(p for p in parties if p["side"] == "harmed")
                if harmed["display_name"].startswith("Morgan Ellery"):
                    break
            assert harmed["consent"] == "withdrawn"
            (feedback,) = client.get(f"/cases/{case['id']}/feedback").json()
            assert feedback["rating"] == 4

        # Left alone until the end, the page signs out by itself
        page.clock.run_for("31:00")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        expect(page.get_by_text("not used for a while")).to_be_visible()
        person.close()


THREATENING = (
    "Dear Casey,\n\nI have done the course and I know I hurt you. I still drive past your mum's "
    "on Cobb Lane most Sundays, so you know where I'll be.\n\nRyan"
)


def high_risk_case(served: Served) -> tuple[str, httpx.Client]:
    """A high-risk case with two specialist facilitators and both people joined (through the
    API: the screens for these steps are tested above). Returns the reference and the
    author's signed-in client."""
    base = served.base_url
    with httpx.Client(base_url=base) as coordinator:
        sign_in(coordinator, "coordinator", "demo-coordinator-pass")
        ids = []
        for login, name in (("spec1", "Ngozi Hart"), ("spec2", "Ewan Doyle")):
            made = coordinator.post(
                "/accounts",
                json={
                    "login": login,
                    "display_name": name,
                    "role": "facilitator",
                    "passphrase": "specialist-pass-phrase",
                    "specialist": True,
                },
            )
            assert made.status_code == 201, made.text
            ids.append(made.json()["id"])
        case = coordinator.post(
            "/cases",
            json={
                "area": "Northshire",
                "offence_category": "domestic_abuse",
                "risk_flags": ["domestic_abuse"],
            },
        ).json()
        for account_id in ids:
            coordinator.post(f"/cases/{case['id']}/facilitators", json={"account_id": account_id})
    with httpx.Client(base_url=base) as facilitator:
        sign_in(facilitator, "spec1", "specialist-pass-phrase")
        for side, login in (("harmed", "casey.h"), ("responsible", "ryan.r")):
            issued = facilitator.post(
                f"/cases/{case['id']}/parties",
                json={"side": side, "label": f"the person {side}", "display_name": login},
            ).json()
            token = issued["invitation_url"].rsplit("=", 1)[-1]
            joined = httpx.post(
                f"{base}/invitations/{token}/accept",
                json={"login": login, "passphrase": "a long enough passphrase"},
            )
            assert joined.status_code == 201, joined.text
            consent = facilitator.post(
                f"/cases/{case['id']}/parties/{issued['party']['id']}/consent",
                json={"consent": "given"},
            )
            assert consent.status_code == 200, consent.text
    author = httpx.Client(base_url=base)
    sign_in(author, "ryan.r", "a long enough passphrase")
    return str(case["reference"]), author


def test_redaction_and_a_second_approval_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    with served_demo(tmp_path) as served:
        reference, author = high_risk_case(served)
        first, second = Portal(browser, served), Portal(browser, served)
        first.sign_in("spec1", "specialist-pass-phrase")
        second.sign_in("spec2", "specialist-pass-phrase")
        try:
            (case,) = author.get("/cases").json()
            sent = author.post(
                f"/cases/{case['id']}/letters", json={"body": THREATENING, "submit": True}
            )
            assert sent.status_code == 201, sent.text

            # The first facilitator removes the sentence screening marked, then releases
            row = first.page.get_by_role("row").filter(has_text=reference)
            expect(row).to_contain_text("Needs two facilitators")
            row.get_by_role("button", name="Review").click()
            first.page.get_by_role("button", name="Claim this letter").click()
            expect(first.page.get_by_text("You have claimed this letter")).to_be_visible()
            finding = first.page.get_by_label(re.compile("Threat"))
            finding.check()
            first.page.get_by_role("button", name="Remove the chosen words").click()
            expect(first.page.get_by_text("The chosen words were removed.")).to_be_visible()
            letter_box = first.page.locator("#letter-text")
            expect(letter_box).to_contain_text("[removed by your facilitator]")
            expect(letter_box).not_to_contain_text("Cobb Lane")
            first.page.get_by_role("button", name="Release for second approval").click()
            expect(first.page.get_by_text("A second facilitator must approve it.")).to_be_visible()
            expect(first.page.get_by_role("button", name="Approve and release")).to_have_count(0)

            # The second approves it from their queue
            row = second.page.get_by_role("row").filter(has_text="Needs a second approval")
            row.get_by_role("button", name="Review").click()
            second.check("facilitator-second-approval")
            second.page.get_by_role("button", name="Approve and release").click()
            expect(second.page.get_by_text("You gave the second approval.")).to_be_visible()

            # The author is told what was removed
            (mine,) = author.get(f"/cases/{case['id']}/sent").json()
            letter = author.get(f"/letters/{mine['id']}").json()
            assert letter["redacted_by_facilitator"] and "Cobb Lane" in letter["previous_body"]

            # On the case page, the facilitator moves the person harmed to letters by post
            first.page.get_by_role("button", name="Back to the queue").click()
            first.page.get_by_role("button", name=f"Case {reference}").click()
            first.page.get_by_text("Change how letters reach a person").click()
            first.page.get_by_label("Person", exact=True).select_option(label="casey.h")
            first.page.get_by_label(re.compile("^By post")).check()
            first.check("facilitator-channel")
            first.page.get_by_role("button", name="Save", exact=True).click()
            expect(first.page.get_by_text("Letters now reach casey.h: By post")).to_be_visible()
        finally:
            author.close()
        for portal in (first, second):
            portal.close()


def tab_to(page: Page, name: str, *, most: int = 25) -> None:
    """Press Tab until the element named `name` has the focus (as a keyboard user would)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.id || e.getAttribute('aria-label') || e.textContent.trim(); }"
        )
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_letter_can_be_written_and_sent_with_the_keyboard_alone(
    browser: Browser, tmp_path: Path
) -> None:
    with served_demo(tmp_path) as served:
        person = Portal(browser, served)
        page = person.page
        page.goto("/portal")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        tab_to(page, "login")
        page.keyboard.type("harmed")
        tab_to(page, "passphrase")
        page.keyboard.type("demo-harmed-pass")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Your letters")).to_be_focused()
        tab_to(page, "Write a letter")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Write a letter")).to_be_focused()
        tab_to(page, "letter-body")
        page.keyboard.type("Sam, I wanted you to know that the garden is coming back.")
        tab_to(page, "Send to your facilitator")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=re.compile("sent to your"))).to_be_focused()
        person.close()

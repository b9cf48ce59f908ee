// Signing in safely: the second step (a code from an authenticator app, or a recovery code),
// setting one up (staff must, before anything else), and each person's own security page:
// their sessions, their passphrase, their second step.
import { api, button, field, form, h, show, state, when } from "./core.js";

function success(message) {
  return message ? h("p", { class: "success", role: "status" }, message) : null;
}

function codeInput(id = "code") {
  return h("input", {
    type: "text", id, name: "code", inputmode: "numeric", autocomplete: "one-time-code",
    required: true, maxlength: "40", "aria-describedby": `${id}-hint`,
  });
}

// The second step of signing in. `done` carries on into the portal.
export function codeView(done, signOut) {
  const entry = form({}, async (data) => {
    try {
      await api("POST", "/auth/second-factor", { code: data.get("code").trim() });
    } catch (e) {
      entry.querySelector("#code").value = "";
      throw e;
    }
    await done();
  },
    field("code", "Code", codeInput(), "The 6 digits your authenticator app shows for Shuttle now. Lost your phone? Type one of your recovery codes instead."),
    h("button", { type: "submit" }, "Continue"),
  );
  show("second-step",
    h("h1", {}, "Enter your code"),
    h("p", {}, "Your passphrase was right. Now open your authenticator app and type the code it shows."),
    entry,
    button("Cancel and sign out", signOut, "link"),
  );
}

// Setting up the second step: the QR code to scan (or the secret to type), then a first code.
export async function enrolView(done, { required, signOut } = {}) {
  const offer = await api("POST", "/auth/totp/enrol");
  const grouped = offer.secret.match(/.{1,4}/g).join(" ");
  const confirm = form({}, async (data) => {
    const enabled = await api("POST", "/auth/totp/confirm", { code: data.get("code").trim() });
    recoveryCodesView(enabled.recovery_codes, done);
  },
    field("code", "Code from the app", codeInput(), "Type the 6 digits the app now shows for Shuttle."),
    h("button", { type: "submit" }, "Turn it on"),
  );
  show("enrol",
    h("h1", {}, "Set up your second sign-in step"),
    required
      ? h("p", {}, "Staff sign in with a passphrase and a code from an app on their phone, so a passphrase on its own is never enough to reach people's letters. Set this up once, now.")
      : h("p", {}, "With a second step, signing in needs your passphrase and a code from an app on your phone."),
    h("ol", { class: "steps" },
      h("li", {}, "Install an authenticator app on your phone if you have none (any app that reads a QR code for sign-in codes works)."),
      h("li", {}, "In the app, add an account and scan this code:",
        h("img", { src: offer.qr_image, alt: "QR code to add Shuttle to your authenticator app", class: "qr", width: "200", height: "200" }),
        h("p", {}, "Can't scan it? Type this key into the app instead: ", h("code", { class: "secret" }, grouped)),
        h("p", { class: "hint" }, `The app will show it as "${offer.issuer}".`)),
      h("li", {}, "Type the code the app shows.", confirm),
    ),
    signOut ? button("Not now: sign out", signOut, "link") : button("Cancel", () => securityView(), "link"),
  );
}

// Recovery codes, shown once: each lets you in once if your phone is lost.
export function recoveryCodesView(codes, done) {
  show("recovery-codes",
    h("h1", {}, "Your recovery codes"),
    h("p", {}, "If you lose your phone, each of these codes lets you sign in once instead of a code from the app. They are shown only now: print them or write them down, and keep them somewhere safe and private."),
    h("ul", { class: "codes" }, codes.map((code) => h("li", {}, h("code", {}, code)))),
    button("Print them", () => window.print(), "secondary"),
    button("I have kept them safe", () => done()),
  );
}

// ---- a person's own security page -----------------------------------------------------------

export async function securityView(message) {
  const sessions = await api("GET", "/me/sessions");
  const staff = state.me.role !== "participant";
  show("security",
    h("h1", {}, "Your security"),
    success(message),
    h("h2", {}, "Where you are signed in"),
    h("p", {}, "If you see a place you don't recognise, end it and change your passphrase."),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Device", "Signed in", "Last used", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, sessions.map((s) => h("tr", {},
        h("td", {}, s.device || "Unknown device", s.current ? h("strong", {}, " (this one)") : null),
        h("td", {}, when(s.created_at)),
        h("td", {}, when(s.last_seen_at)),
        h("td", {}, s.current ? null : button(`End the session on ${s.device || "an unknown device"}`, async () => {
          await api("DELETE", `/me/sessions/${s.id}`);
          await securityView("That session has ended.");
        }, "link")),
      )))),
    h("h2", {}, "Second sign-in step"),
    state.me.second_factor ? secondStepOn(staff) : secondStepOff(),
    h("h2", {}, "Change your passphrase"),
    passphraseForm(),
    button("Back", () => state.home(), "secondary"),
  );
}

function secondStepOn(staff) {
  const codes = form({}, async (data) => {
    const fresh = await api("POST", "/me/recovery-codes", { code: data.get("code").trim() });
    recoveryCodesView(fresh.recovery_codes, () => securityView("Your new recovery codes are ready; the old ones no longer work."));
  },
    field("codes-code", "Code from your app", h("input", { type: "text", id: "codes-code", name: "code", inputmode: "numeric", autocomplete: "one-time-code", required: true, maxlength: "40" })),
    h("button", { type: "submit", class: "secondary" }, "Get new recovery codes"),
  );
  const off = staff ? null : form({}, async (data) => {
    await api("POST", "/auth/totp/disable", { code: data.get("code").trim() });
    state.me.second_factor = false;
    await securityView("The second step is off: signing in needs only your passphrase.");
  },
    field("off-code", "Code from your app", h("input", { type: "text", id: "off-code", name: "code", inputmode: "numeric", autocomplete: "one-time-code", required: true, maxlength: "40" })),
    h("button", { type: "submit", class: "secondary" }, "Turn the second step off"),
  );
  return [
    h("p", {}, "On: signing in needs your passphrase and a code from your app."),
    codes,
    off,
    staff ? h("p", { class: "hint" }, "Lost your phone? Sign in with a recovery code and ask a coordinator to reset your second step.") : null,
  ];
}

function secondStepOff() {
  return [
    h("p", {}, "Off. With a second step, someone who learns your passphrase still cannot sign in without your phone."),
    button("Set up a second step", () => enrolView(async () => {
      state.me = await api("GET", "/me");
      await securityView("The second step is on.");
    })),
  ];
}

function passphraseForm() {
  return form({}, async (data) => {
    await api("POST", "/me/passphrase", {
      current_passphrase: data.get("current_passphrase"),
      new_passphrase: data.get("new_passphrase"),
    });
    // Every session has ended, this one too: the portal asks for the new passphrase.
    document.dispatchEvent(new CustomEvent("shuttle:signed-out", { detail: "Your passphrase has changed and every session has ended. Sign in with your new passphrase." }));
  },
    field("current_passphrase", "Current passphrase", h("input", { type: "password", id: "current_passphrase", name: "current_passphrase", autocomplete: "current-password", required: true })),
    field("new_passphrase", "New passphrase", h("input", { type: "password", id: "new_passphrase", name: "new_passphrase", autocomplete: "new-password", required: true, minlength: "12", "aria-describedby": "new_passphrase-hint" }),
      "At least 12 characters. Three or four ordinary words that have nothing to do with each other or with you make a strong one."),
    h("button", { type: "submit" }, "Change passphrase"),
  );
}

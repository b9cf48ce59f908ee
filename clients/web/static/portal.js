// The portal: views switched in place on one page, every action a call to Shuttle's HTTP API.
// Text from the server is only ever set as text (never parsed as HTML).
import { installQuickExit } from "./exit.js";

const main = document.getElementById("main");
const announcer = document.getElementById("announce");
const state = { me: null, cases: [], socket: null };

// ---- the API ------------------------------------------------------------------------------

function csrfToken() {
  const found = document.cookie.split("; ").find((c) => c.startsWith("shuttle_csrf="));
  return found ? decodeURIComponent(found.split("=")[1]) : "";
}

class Refused extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || "Something went wrong");
    this.status = status;
  }
}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && path !== "/auth/login") {
    signedOut("Your session has ended. Please sign in again.");
    throw new Refused(401, { detail: "signed out" });
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const detail = Array.isArray(data?.detail) ? data.detail.map((d) => d.msg).join("; ") : data?.detail;
    throw new Refused(response.status, { ...data, detail });
  }
  return data;
}

// ---- building pages -------------------------------------------------------------------------

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "on") for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (value === true) node.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

function show(...children) {
  announcer.textContent = "";
  main.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  window.scrollTo(0, 0);
}

function announce(message) {
  announcer.textContent = message;
}

function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, error.message);
}

function when(iso) {
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
}

const STATE_WORDS = {
  draft: "Draft, not sent",
  queued: "With your facilitator",
  in_review: "Your facilitator is reading it",
  returned: "Returned to you with notes",
  released: "Approved, waiting to be delivered",
  delivered: "Delivered",
  withdrawn: "Withdrawn",
};

// ---- signing in and out ---------------------------------------------------------------------

function signInView(message) {
  const error = h("div");
  const form = h(
    "form",
    { novalidate: true, on: { submit: async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      try {
        await api("POST", "/auth/login", { login: data.get("login"), passphrase: data.get("passphrase") });
        await start();
      } catch (e) {
        error.replaceChildren(errorBox(new Error("The login or passphrase is not right. Please try again.")));
        form.querySelector("#passphrase").value = "";
      }
    } } },
    h("label", { for: "login" }, "Login"),
    h("input", { type: "text", id: "login", name: "login", autocomplete: "username", required: true }),
    h("label", { for: "passphrase" }, "Passphrase"),
    h("input", { type: "password", id: "passphrase", name: "passphrase", autocomplete: "current-password", required: true }),
    h("button", { type: "submit" }, "Sign in"),
  );
  setChrome(false);
  show(
    h("h1", {}, "Sign in"),
    message ? h("p", { class: "success", role: "status" }, message) : null,
    error,
    form,
  );
}

function setChrome(signedIn) {
  document.getElementById("account").hidden = !signedIn;
  const participant = signedIn && state.me?.role === "participant";
  document.getElementById("exit").hidden = !signedIn || !participant;
  document.getElementById("exit-hint").hidden = !signedIn || !participant;
}

function signedOut(message) {
  state.me = null;
  if (state.socket) state.socket.close();
  state.socket = null;
  signInView(message);
}

async function signOut() {
  try {
    await api("POST", "/auth/logout");
  } finally {
    signedOut("You have signed out.");
  }
}

// ---- participants ---------------------------------------------------------------------------

async function homeView() {
  const [caseInfo] = state.cases;
  if (!caseInfo) {
    show(h("h1", {}, "Your letters"), h("p", {}, "You are not part of an exchange yet."));
    return;
  }
  const [inbox, sent] = await Promise.all([
    api("GET", `/cases/${caseInfo.id}/inbox`),
    api("GET", `/cases/${caseInfo.id}/sent`),
  ]);
  const waiting = inbox.filter((l) => !l.opened_at);
  const opened = inbox.filter((l) => l.opened_at);
  show(
    h("h1", {}, "Your letters"),
    statusLine(caseInfo),
    h("h2", {}, "Letters waiting for you"),
    waiting.length
      ? h("ul", { class: "plain" }, waiting.map((letter) => sealedCard(letter)))
      : h("p", { class: "muted" }, "There are no letters waiting for you."),
    h("h2", {}, "Letters you have written"),
    sent.length
      ? h("ul", { class: "plain" }, sent.map((letter) => h("li", { class: "card" },
          h("h3", {}, `Started ${when(letter.created_at)}`),
          h("p", {}, h("span", { class: "state" }, STATE_WORDS[letter.state] || letter.state),
            letter.read_by_recipient_at ? ` · Read ${when(letter.read_by_recipient_at)}` : ""))))
      : h("p", { class: "muted" }, "You have not written a letter yet."),
    caseInfo.status === "open" && !caseInfo.me.paused
      ? h("button", { type: "button", on: { click: () => writeView() } }, "Write a letter")
      : null,
    opened.length ? h("h2", {}, "Letters you have opened") : null,
    opened.length
      ? h("ul", { class: "plain" }, opened.map((letter) => h("li", { class: "card" },
          h("h3", {}, `From ${letter.from_label}`),
          h("p", {}, `Opened ${when(letter.opened_at)}`),
          h("button", { type: "button", class: "secondary", on: { click: () => readView(letter) } }, "Read again"))))
      : null,
  );
}

function statusLine(caseInfo) {
  if (caseInfo.status === "closed") return h("p", {}, "This exchange has ended.");
  if (caseInfo.status === "paused") return h("p", {}, "This exchange is paused for now. Your facilitator will be in touch.");
  if (caseInfo.me.paused) return h("p", {}, "You have paused letters for now.");
  return h("p", { class: "muted" }, `You are writing with ${caseInfo.other_side_label || "the other person"}, through your facilitator.`);
}

function sealedCard(letter) {
  return h("li", { class: "card" },
    h("h3", {}, `A letter from ${letter.from_label}`),
    h("p", { class: "muted" }, `Arrived ${when(letter.delivered_at)}`),
    letter.envelope_note ? h("div", {}, h("p", {}, "A note from your facilitator:"), h("p", { class: "note" }, letter.envelope_note)) : null,
    h("p", {}, "Open it when you are ready. There is no rush."),
    h("button", { type: "button", on: { click: () => readView(letter) } }, "Open this letter"),
  );
}

async function readView(letter) {
  let opened;
  try {
    opened = await api("POST", `/inbox/${letter.id}/open`, { tell_author: false });
  } catch (error) {
    show(h("h1", {}, "This letter cannot be opened"), errorBox(error), backButton());
    return;
  }
  show(
    h("h1", {}, `A letter from ${opened.from_label}`),
    h("p", { class: "muted" }, `Arrived ${when(opened.delivered_at)}`),
    h("div", { class: "letter" }, opened.body),
    h("p", {}, "If reading this has been hard, you can talk to your facilitator before you do anything else."),
    backButton(),
  );
}

function writeView() {
  const [caseInfo] = state.cases;
  const error = h("div");
  const form = h("form", { on: { submit: async (event) => {
      event.preventDefault();
      const body = form.querySelector("#letter-body").value;
      if (!body.trim()) {
        error.replaceChildren(errorBox(new Error("Write your letter before sending it.")));
        return;
      }
      try {
        await api("POST", `/cases/${caseInfo.id}/letters`, { body, submit: true });
        show(h("h1", {}, "Your letter has been sent to your facilitator"),
          h("p", {}, "Your facilitator reads every letter before it goes on. They may come back to you with notes."),
          backButton());
      } catch (e) {
        error.replaceChildren(errorBox(e));
      }
    } } },
    h("label", { for: "letter-body" }, "Your letter",
      h("span", { class: "hint" }, "Write in your own words. Do not include addresses, phone numbers or other ways to contact you: your facilitator will remove them.")),
    h("textarea", { id: "letter-body", name: "body", rows: "14" }),
    h("button", { type: "submit" }, "Send to your facilitator"),
    h("button", { type: "button", class: "secondary", on: { click: () => homeView() } }, "Cancel"),
  );
  show(h("h1", {}, "Write a letter"), error, form);
}

function backButton() {
  return h("button", { type: "button", class: "secondary", on: { click: () => homeView() } }, "Back to your letters");
}

// ---- staff ----------------------------------------------------------------------------------

function staffView() {
  show(
    h("h1", {}, `Signed in as ${state.me.display_name}`),
    h("p", {}, "The screens for staff are on their way. Until then, use the API or the relay tool (see the README)."),
  );
}

// ---- live updates ---------------------------------------------------------------------------

function listen() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws`);
  state.socket = socket;
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "hello" })));
  socket.addEventListener("message", (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === "letter.waiting") {
      const message = "A new letter has arrived for you.";
      if (main.querySelector("h1")?.textContent === "Your letters") homeView().then(() => announce(message));
      else announce(message);
    } else if (frame.type === "letter.returned") {
      announce("Your facilitator has returned a letter to you with notes.");
    }
  });
}

// ---- start ----------------------------------------------------------------------------------

async function start() {
  const me = await fetch("/me", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!me.ok) {
    signInView();
    return;
  }
  state.me = await me.json();
  setChrome(true);
  if (state.me.role === "participant") {
    state.cases = await api("GET", "/cases");
    await homeView();
  } else {
    staffView();
  }
  listen();
}

installQuickExit(document.getElementById("exit"), () => {
  fetch("/auth/logout", { method: "POST", credentials: "same-origin", keepalive: true, headers: { "X-CSRF-Token": csrfToken() } });
});
document.getElementById("sign-out").addEventListener("click", signOut);
start();

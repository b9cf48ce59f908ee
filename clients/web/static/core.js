// What every screen of the portal shares: the API, building and showing views, live events and
// the idle warning. Text from the server is only ever set as text (never parsed as HTML).

const main = document.getElementById("main");
const announcer = document.getElementById("announce");

export const state = { me: null, cases: [], socket: null, home: null };

// ---- the API ------------------------------------------------------------------------------

export function csrfToken() {
  const found = document.cookie.split("; ").find((c) => c.startsWith("shuttle_csrf="));
  return found ? decodeURIComponent(found.split("=")[1]) : "";
}

export class Refused extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || "Something went wrong");
    this.status = status;
  }
}

let onSignedOut = () => {};
export function whenSignedOut(handler) {
  onSignedOut = handler;
}

function problemOf(data) {
  const detail = Array.isArray(data?.detail) ? data.detail.map((d) => d.msg).join("; ") : data?.detail;
  return { ...data, detail };
}

async function send(method, path, { json, form, raw } = {}) {
  const headers = { Accept: raw ? "*/*" : "application/json" };
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form;
  }
  const response = await fetch(path, { method, headers, credentials: "same-origin", body });
  idle.activity();
  if (!response.ok) {
    const text = await response.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = { detail: `The server answered ${response.status}.` };
    }
    // A 401 means the session is over, except a refused sign-in or a mistyped code.
    const retry = path === "/auth/login" || data?.type === "urn:shuttle:problem:code-not-right";
    if (response.status === 401 && !retry) {
      onSignedOut("Your session has ended. Please sign in again.");
      throw new Refused(401, { detail: "signed out" });
    }
    throw new Refused(response.status, problemOf(data));
  }
  return response;
}

export async function api(method, path, body) {
  const response = await send(method, path, { json: body });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// A file upload: `body` is a File (sent as the raw request body, with its own content type,
// as POST /relay/scans expects) or a FormData.
export async function upload(path, body) {
  const response = await send("POST", path, { form: body });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// A file from the API (a PDF, a scan), handed to the browser as a download.
export async function download(method, path, body, filename) {
  const response = await send(method, path, { json: body, raw: true });
  const blob = await response.blob();
  const extension = { "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg" }[blob.type] || "";
  const name = /\.[a-z]+$/.test(filename) ? filename : filename + extension;
  const link = h("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  return response;
}

// ---- building pages -------------------------------------------------------------------------

export function h(tag, attrs = {}, ...children) {
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

// The view's name is kept so that live events can tell which view is on screen.
export function show(name, ...children) {
  announcer.textContent = "";
  main.dataset.view = name;
  main.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  const heading = main.querySelector("h1");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  window.scrollTo(0, 0);
}

export function currentView() {
  return main.dataset.view || "";
}

// Two live events can arrive together (a release changes the review queue and a print queue):
// a message that comes within two seconds of the last is added to it, not written over it.
let announcedAt = 0;

export function announce(message) {
  const now = Date.now();
  const current = announcer.textContent;
  announcer.textContent = current && now - announcedAt < 2000 && !current.includes(message)
    ? `${current} ${message}` : message;
  announcedAt = now;
}

export function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, error.message);
}

// A form whose submit runs `action`; a refusal is shown above the form, the button is disabled
// while the request runs so a double click cannot send twice.
export function form(attrs, action, ...fields) {
  const error = h("div", { class: "form-error" });
  const node = h("form", { novalidate: true, ...attrs }, error, ...fields);
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    const buttons = [...node.querySelectorAll("button[type=submit]")];
    buttons.forEach((b) => (b.disabled = true));
    error.replaceChildren();
    try {
      await action(new FormData(node), event.submitter);
    } catch (e) {
      if (e.status === 401 && e.message === "signed out") return;
      error.replaceChildren(errorBox(e));
      error.querySelector("[role=alert]")?.focus?.();
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });
  return node;
}

export function field(id, label, input, hint) {
  return [
    h("label", { for: id }, label, hint ? h("span", { class: "hint", id: `${id}-hint` }, hint) : null),
    input,
  ];
}

export function button(label, onClick, cls) {
  return h("button", { type: "button", class: cls, on: { click: onClick } }, label);
}

export function when(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString("en-GB", { dateStyle: "long", timeStyle: "short" });
}

export function age(iso) {
  const minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

// ---- live events ----------------------------------------------------------------------------

const listeners = new Map();

// Call `handler(frame)` for every live event of this type (several views may listen).
export function onEvent(type, handler) {
  if (!listeners.has(type)) listeners.set(type, []);
  listeners.get(type).push(handler);
}

export function listen() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/ws`);
  state.socket = socket;
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "hello" })));
  socket.addEventListener("message", (message) => {
    const frame = JSON.parse(message.data);
    for (const handler of listeners.get(frame.type) || []) handler(frame);
  });
}

export function stopListening() {
  if (state.socket) state.socket.close();
  state.socket = null;
}

// ---- the idle warning -----------------------------------------------------------------------

// The server ends a session after its idle time without requests; two minutes before that the
// page warns, and "Stay signed in" makes a request. An open websocket does not count as use.
const WARN_BEFORE_MS = 2 * 60 * 1000;

export const idle = {
  limitMs: 0,
  last: Date.now(),
  timer: null,
  dialog: null,
  start(minutes) {
    this.limitMs = minutes * 60 * 1000;
    this.activity();
  },
  stop() {
    clearTimeout(this.timer);
    this.limitMs = 0;
    this.dialog?.remove();
    this.dialog = null;
  },
  activity() {
    this.last = Date.now();
    if (!this.limitMs) return;
    clearTimeout(this.timer);
    this.dialog?.remove();
    this.dialog = null;
    this.timer = setTimeout(() => this.warn(), Math.max(0, this.limitMs - WARN_BEFORE_MS));
  },
  warn() {
    const endsAt = this.last + this.limitMs;
    const minutesLeft = () => Math.max(0, Math.ceil((endsAt - Date.now()) / 60000));
    const text = h("p", { id: "idle-text" });
    const tell = () => {
      text.textContent = `For your safety you will be signed out in ${minutesLeft()} minute${minutesLeft() === 1 ? "" : "s"} unless you carry on.`;
    };
    tell();
    this.dialog = h("div", { class: "idle", role: "alertdialog", "aria-modal": "true", "aria-labelledby": "idle-title", "aria-describedby": "idle-text" },
      h("h2", { id: "idle-title" }, "Are you still there?"),
      text,
      button("Stay signed in", async () => {
        await api("GET", "/auth/session");
      }),
      button("Sign out now", () => document.getElementById("sign-out").click(), "secondary"),
    );
    document.body.append(this.dialog);
    this.dialog.querySelector("button").focus();
    const tick = setInterval(() => {
      if (!this.dialog) return clearInterval(tick);
      if (Date.now() >= endsAt) {
        clearInterval(tick);
        this.stop();
        onSignedOut("You were signed out because the page was not used for a while.");
        fetch("/auth/logout", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrfToken() } });
      } else tell();
    }, 15_000);
  },
};

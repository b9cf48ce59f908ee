// The portal: views switched in place on one page, every action a call to Shuttle's HTTP API.
// Each role's screens live in their own module; this one signs people in and out and routes.
import { installQuickExit } from "./exit.js";
import { api, csrfToken, form, field, h, idle, listen, show, state, stopListening, whenSignedOut } from "./core.js";
import { participantHome, invitationView } from "./participant.js";
import { facilitatorHome } from "./facilitator.js";
import { relayHome } from "./relay.js";
import { coordinatorHome } from "./coordinator.js";
import { codeView, enrolView, securityView } from "./security.js";

const HOMES = {
  participant: participantHome,
  facilitator: facilitatorHome,
  relay: relayHome,
  coordinator: coordinatorHome,
};

function signInView(message) {
  setChrome(false);
  const login = form({}, async (data) => {
    try {
      await api("POST", "/auth/login", { login: data.get("login"), passphrase: data.get("passphrase") });
    } catch (e) {
      login.querySelector("#passphrase").value = "";
      if (e.status === 422) throw new Error("The login or passphrase is not right. Please try again.");
      throw e;  // 401 says the same, and how a lock is lifted; 429 says how long to wait
    }
    await start();
  },
    field("login", "Login", h("input", { type: "text", id: "login", name: "login", autocomplete: "username", required: true })),
    field("passphrase", "Passphrase", h("input", { type: "password", id: "passphrase", name: "passphrase", autocomplete: "current-password", required: true })),
    h("button", { type: "submit" }, "Sign in"),
  );
  show("sign-in",
    h("h1", {}, "Sign in"),
    message ? h("p", { class: "success", role: "status" }, message) : null,
    login,
  );
}

function setChrome(signedIn) {
  document.getElementById("account").hidden = !signedIn;
  const staff = signedIn && state.me?.role !== "participant";
  document.getElementById("exit").hidden = staff;
  document.getElementById("exit-hint").hidden = staff;
  document.body.classList.toggle("staff", staff);
  const name = document.getElementById("signed-in-as");
  name.textContent = signedIn ? state.me.display_name : "";
}

function signedOut(message) {
  state.me = null;
  state.cases = [];
  stopListening();
  idle.stop();
  signInView(message);
}

async function signOut() {
  try {
    await api("POST", "/auth/logout");
  } catch {
    // already signed out on the server: nothing more to end
  } finally {
    signedOut("You have signed out.");
  }
}

export async function start() {
  const me = await fetch("/me", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!me.ok) {
    signInView();
    return;
  }
  state.me = await me.json();
  const session = await api("GET", "/auth/session");
  idle.start(session.idle_minutes);
  // Signed in with the passphrase only: the code comes next, or (staff) setting up the app.
  setChrome(true);
  document.getElementById("security").hidden = session.stage !== "full";
  if (session.stage === "second_factor") return codeView(start, signOut);
  if (session.stage === "enrol") return enrolView(start, { required: true, signOut });
  state.home = HOMES[state.me.role];
  listen();
  await state.home();
}

// An invitation link is /portal#invitation=<token>: the token is read and taken out of the
// address at once, so it is not left in the history or shown on screen.
function invitationToken() {
  const match = /^#invitation=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, "", location.pathname);
  return match[1];
}

whenSignedOut(signedOut);
installQuickExit(document.getElementById("exit"), () => {
  fetch("/auth/logout", { method: "POST", credentials: "same-origin", keepalive: true, headers: { "X-CSRF-Token": csrfToken() } });
}, () => !document.getElementById("exit").hidden);
document.getElementById("sign-out").addEventListener("click", signOut);
document.getElementById("security").addEventListener("click", () => securityView());
document.addEventListener("shuttle:signed-out", (event) => signedOut(event.detail));
const token = invitationToken();
if (token) invitationView(token, start);
else start();

// A participant's screens: joining, the home page with sealed letters, reading, writing with a
// draft kept on the server as they type, returned letters and revising, and their own settings.
import {
  announce, api, button, currentView, errorBox, field, form, h, onEvent, show, state, when,
} from "./core.js";
import { diffView } from "./diff.js";

const STATE_WORDS = {
  draft: "Draft, not sent yet",
  queued: "With your facilitator",
  in_review: "Your facilitator is reading it",
  awaiting_second: "Your facilitator is reading it",
  returned: "Returned to you with notes",
  released: "Approved, waiting to be delivered",
  delivered: "Delivered",
  read: "Delivered and read",
  withdrawn: "Withdrawn",
};

function stateWords(letter) {
  return STATE_WORDS[letter.state] || letter.state;
}

async function refreshCases() {
  state.cases = await api("GET", "/cases");
  return state.cases[0];
}

function backButton() {
  return button("Back to your letters", () => participantHome(), "secondary");
}

// ---- joining --------------------------------------------------------------------------------

export async function invitationView(token, signedIn) {
  let preview;
  try {
    preview = await api("GET", `/invitations/${token}`);
  } catch (error) {
    show("invitation",
      h("h1", {}, "This invitation link does not work"),
      h("p", {}, "It may have been used already, or it is more than a few days old. Please ask your facilitator for a new link."),
      button("Go to sign in", () => signedIn()),
    );
    return;
  }
  document.getElementById("exit").hidden = false;
  document.getElementById("exit-hint").hidden = false;
  const join = form({}, async (data) => {
    const passphrase = data.get("new-passphrase");
    if (passphrase !== data.get("confirm-passphrase")) throw new Error("The two passphrases are not the same. Please type them again.");
    const login = data.get("new-login");
    await api("POST", `/invitations/${token}/accept`, { login, passphrase });
    await api("POST", "/auth/login", { login, passphrase });
    await signedIn();
    announce("Welcome. You are signed in.");
  },
    field("new-login", "Choose a login", h("input", { type: "text", id: "new-login", name: "new-login", autocomplete: "username", required: true, "aria-describedby": "new-login-hint" }),
      "Letters, numbers and . _ @ + - only. Do not use your name if you share this device."),
    field("new-passphrase", "Choose a passphrase", h("input", { type: "password", id: "new-passphrase", name: "new-passphrase", autocomplete: "new-password", required: true, minlength: "12", "aria-describedby": "new-passphrase-hint" }),
      "At least 12 characters. Three or four unrelated words are easy to remember and hard to guess."),
    field("confirm-passphrase", "Type the passphrase again", h("input", { type: "password", id: "confirm-passphrase", name: "confirm-passphrase", autocomplete: "new-password", required: true })),
    h("button", { type: "submit" }, "Join"),
  );
  show("invitation",
    h("h1", {}, "Join Shuttle"),
    h("p", {}, `You have been invited to write letters as ${preview.label}. Your facilitator reads every letter before it goes on, and nobody is given your address or your contact details.`),
    h("p", { class: "muted" }, `This invitation works until ${when(preview.expires_at)}.`),
    join,
  );
}

// ---- home -----------------------------------------------------------------------------------

export async function participantHome() {
  const caseInfo = await refreshCases();
  if (!caseInfo) {
    show("home", h("h1", {}, "Your letters"), h("p", {}, "You are not part of an exchange yet."));
    return;
  }
  const [inbox, sent] = await Promise.all([
    api("GET", `/cases/${caseInfo.id}/inbox`),
    api("GET", `/cases/${caseInfo.id}/sent`),
  ]);
  const waiting = inbox.filter((l) => !l.opened_at);
  const opened = inbox.filter((l) => l.opened_at);
  const returned = sent.filter((l) => l.state === "returned");
  const drafts = sent.filter((l) => l.state === "draft");
  const others = sent.filter((l) => l.state !== "returned" && l.state !== "draft");
  const canWrite = caseInfo.status === "open" && caseInfo.me.consent !== "withdrawn";
  show("home",
    h("h1", {}, "Your letters"),
    statusLine(caseInfo),
    returned.length ? h("section", { "aria-labelledby": "returned-h" },
      h("h2", { id: "returned-h" }, "Letters your facilitator has returned to you"),
      h("ul", { class: "plain" }, returned.map((letter) => h("li", { class: "card attention" },
        h("h3", {}, `Letter started ${when(letter.created_at)}`),
        h("p", {}, "Your facilitator has some notes about this letter before it can go on."),
        button("Read the notes", () => letterView(letter.id)))))) : null,
    h("h2", {}, "Letters waiting for you"),
    waiting.length
      ? h("ul", { class: "plain" }, waiting.map((letter) => sealedCard(letter)))
      : h("p", { class: "muted" }, "There are no letters waiting for you."),
    h("h2", {}, "Letters you have written"),
    drafts.map((letter) => h("div", { class: "card" },
      h("h3", {}, `Draft started ${when(letter.created_at)}`),
      h("p", {}, "Not sent yet. It is kept safely until you are ready."),
      button("Carry on writing", () => writeView(letter.id)))),
    others.length
      ? h("ul", { class: "plain" }, others.map((letter) => h("li", { class: "card" },
          h("h3", {}, `Started ${when(letter.created_at)}`),
          h("p", {}, h("span", { class: "state" }, stateWords(letter)),
            letter.read_by_recipient_at ? ` · Read ${when(letter.read_by_recipient_at)}` : ""),
          button("View this letter", () => letterView(letter.id), "secondary"))))
      : drafts.length ? null : h("p", { class: "muted" }, "You have not written a letter yet."),
    canWrite && !drafts.length ? button("Write a letter", () => writeView()) : null,
    opened.length ? h("h2", {}, "Letters you have opened") : null,
    opened.length
      ? h("ul", { class: "plain" }, opened.map((letter) => h("li", { class: "card" },
          h("h3", {}, `From ${letter.from_label}`),
          h("p", {}, `Opened ${when(letter.opened_at)}`),
          button("Read again", () => readView(letter, false), "secondary"))))
      : null,
    h("h2", {}, "Your choices"),
    h("p", {}, "You can pause letters, choose when they may arrive, stop taking part, or tell us how this has been for you."),
    button("Pausing, timing and taking part", () => choicesView(), "secondary"),
  );
}

function statusLine(caseInfo) {
  if (caseInfo.status === "closed") return h("p", { class: "panel" }, "This exchange has ended.");
  if (caseInfo.me.consent === "withdrawn") return h("p", { class: "panel" }, "You have stopped taking part. Your facilitator will be in touch.");
  if (caseInfo.status === "paused") return h("p", { class: "panel" }, "This exchange is paused for now. Your facilitator will be in touch.");
  if (caseInfo.me.paused) return h("p", { class: "panel" }, "You have paused letters to you. Letters for you wait until you resume.");
  return h("p", { class: "muted" }, `You are writing with ${caseInfo.other_side_label || "the other person"}, through your facilitator.`);
}

function sealedCard(letter) {
  const tellId = `tell-${letter.id}`;
  return h("li", { class: "card" },
    h("h3", {}, `A letter from ${letter.from_label}`),
    h("p", { class: "muted" }, `Arrived ${when(letter.delivered_at)}`),
    letter.envelope_note ? h("div", {}, h("p", {}, "A note from your facilitator:"), h("p", { class: "note" }, letter.envelope_note)) : null,
    h("p", {}, "Open it when you are ready. There is no rush."),
    h("div", { class: "check" },
      h("input", { type: "checkbox", id: tellId }),
      h("label", { for: tellId }, `Let ${letter.from_label} know I have read it`)),
    button("Open this letter", (event) => readView(letter, event.target.closest("li").querySelector(`#${CSS.escape(tellId)}`).checked)),
  );
}

async function readView(letter, tellAuthor) {
  let opened;
  try {
    opened = await api("POST", `/inbox/${letter.id}/open`, { tell_author: tellAuthor });
  } catch (error) {
    show("read", h("h1", {}, "This letter cannot be opened"), errorBox(error), backButton());
    return;
  }
  show("read",
    h("h1", {}, `A letter from ${opened.from_label}`),
    h("p", { class: "muted" }, `Arrived ${when(opened.delivered_at)}`),
    h("div", { class: "letter" }, opened.body),
    h("p", {}, "If reading this has been hard, you can talk to your facilitator before you do anything else."),
    backButton(),
  );
}

// ---- writing --------------------------------------------------------------------------------

const SAVE_AFTER_MS = 1500;

// The draft is kept on the server (encrypted like every letter) a moment after each pause in
// typing, so nothing is lost if the browser closes.
async function writeView(draftId) {
  const [caseInfo] = state.cases;
  let letterId = draftId || null;
  let saved = "";
  let timer = null;
  let saving = Promise.resolve();
  const textarea = h("textarea", { id: "letter-body", name: "body", rows: "14", "aria-describedby": "letter-body-hint draft-state" });
  const status = h("p", { class: "muted", id: "draft-state" }, "Your draft is saved as you write.");
  if (letterId) {
    const letter = await api("GET", `/letters/${letterId}`);
    textarea.value = saved = letter.body;
    status.textContent = `Draft saved ${when(letter.updated_at)}.`;
  }
  const save = () => {
    saving = saving.then(async () => {
      const body = textarea.value;
      if (body === saved || !body.trim()) return;
      try {
        if (letterId) await api("PUT", `/letters/${letterId}/draft`, { body });
        else letterId = (await api("POST", `/cases/${caseInfo.id}/letters`, { body, submit: false })).id;
        saved = body;
        status.textContent = `Draft saved at ${new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}.`;
      } catch (e) {
        if (e.status !== 401) status.textContent = `Your draft could not be saved: ${e.message}`;
      }
    });
    return saving;
  };
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    status.textContent = "Saving your draft…";
    timer = setTimeout(save, SAVE_AFTER_MS);
  });
  const send = form({}, async () => {
    clearTimeout(timer);
    if (!textarea.value.trim()) throw new Error("Write your letter before sending it.");
    await save();
    if (textarea.value !== saved) throw new Error("Your letter could not be saved. Please try again.");
    await api("POST", `/letters/${letterId}/submit`);
    show("sent",
      h("h1", {}, "Your letter has been sent to your facilitator"),
      h("p", {}, "Your facilitator reads every letter before it goes on. They may come back to you with notes."),
      backButton());
  },
    field("letter-body", "Your letter", textarea,
      "Write in your own words. Do not include addresses, phone numbers or other ways to contact you: your facilitator will remove them."),
    status,
    h("button", { type: "submit" }, "Send to your facilitator"),
    button("Save and go back", async () => {
      clearTimeout(timer);
      await save();
      await participantHome();
    }, "secondary"),
  );
  show("write", h("h1", {}, "Write a letter"), send);
}

// ---- a letter you wrote ---------------------------------------------------------------------

async function letterView(letterId) {
  const letter = await api("GET", `/letters/${letterId}`);
  const returned = letter.state === "returned";
  show("letter",
    h("h1", {}, returned ? "Your facilitator's notes" : "Your letter"),
    h("p", {}, h("span", { class: "state" }, stateWords(letter))),
    returned ? h("p", {}, "Your facilitator read your letter and would like some changes before it goes on. Nothing has been sent to the other person.") : null,
    returned ? notesList(letter) : null,
    letter.redacted_by_facilitator ? h("p", { class: "panel" }, "Your facilitator removed some words before passing your letter on. The letter below is what will be, or was, delivered.") : null,
    h("h2", {}, returned ? "Your letter as you sent it" : "The letter"),
    h("div", { class: "letter" }, letter.body),
    letter.previous_body !== null && letter.previous_body !== undefined
      ? h("details", {}, h("summary", {}, letter.redacted_by_facilitator ? "What your facilitator removed" : "What changed from the earlier version"),
          diffView(letter.previous_body, letter.body))
      : null,
    returned ? button("Change your letter", () => reviseView(letter)) : null,
    ["queued", "in_review", "awaiting_second", "returned"].includes(letter.state)
      ? button("Take this letter back", () => withdrawLetterView(letter), "secondary") : null,
    backButton(),
  );
}

function notesList(letter) {
  return h("ul", { class: "plain" }, letter.returned_notes.filter((n) => n.version === letter.version).map((note) =>
    h("li", { class: "card" },
      h("p", { class: "note" }, note.notes),
      note.spans.length ? h("div", {},
        h("p", {}, "The parts of your letter this is about:"),
        h("ul", {}, note.spans.map((span) => h("li", {}, h("q", { class: "quoted" }, span.text))))) : null)));
}

function reviseView(letter) {
  const textarea = h("textarea", { id: "letter-body", name: "body", rows: "14", "aria-describedby": "letter-body-hint" });
  textarea.value = letter.body;
  const changes = h("div", { id: "changes" });
  const showChanges = () => changes.replaceChildren(h("h2", {}, "What you have changed"), diffView(letter.body, textarea.value));
  let timer = null;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(showChanges, 400);
  });
  const send = form({}, async () => {
    if (textarea.value.trim() === letter.body.trim()) throw new Error("You have not changed the letter yet.");
    await api("POST", `/letters/${letter.id}/revise`, { body: textarea.value });
    show("sent",
      h("h1", {}, "Your changed letter has been sent to your facilitator"),
      h("p", {}, "Your facilitator will read it again before it goes on."),
      backButton());
  },
    notesList(letter),
    field("letter-body", "Your letter", textarea, "Change what your facilitator asked about. You can change anything else too."),
    h("button", { type: "submit" }, "Send the changed letter"),
    button("Cancel", () => letterView(letter.id), "secondary"),
    changes,
  );
  show("revise", h("h1", {}, "Change your letter"), send);
}

function withdrawLetterView(letter) {
  const confirm = form({}, async () => {
    await api("POST", `/letters/${letter.id}/withdraw`);
    await participantHome();
    announce("Your letter has been taken back. It will not be sent.");
  },
    h("p", {}, "The letter will not be sent. Your facilitator will see that you took it back."),
    h("button", { type: "submit", class: "warning" }, "Yes, take it back"),
    button("No, keep it", () => letterView(letter.id), "secondary"),
  );
  show("withdraw-letter", h("h1", {}, "Take this letter back?"), confirm);
}

// ---- choices: pause, delivery window, stop taking part, feedback -------------------------------

async function choicesView() {
  const caseInfo = await refreshCases();
  const base = `/cases/${caseInfo.id}/me`;
  const window_ = await api("GET", `${base}/delivery-window`);
  const paused = caseInfo.me.paused;
  const pause = form({}, async () => {
    await api("POST", `${base}/${paused ? "resume" : "pause"}`);
    await choicesView();
    announce(paused ? "Letters to you have been resumed." : "Letters to you are paused.");
  },
    h("p", {}, paused
      ? "Letters to you are paused. Anything released for you waits until you resume."
      : "If you need a break, you can pause letters to you. Nothing is lost: they wait until you resume."),
    h("button", { type: "submit" }, paused ? "Resume letters" : "Pause letters to me"),
  );
  const hours = Array.from({ length: 24 }, (_, i) => i);
  const hourSelect = (id, value, from) => h("select", { id, name: id },
    h("option", { value: "" }, "Any time"),
    (from ? hours : hours.map((x) => x + 1)).map((x) => h("option", { value: String(x), selected: value === x }, `${String(x).padStart(2, "0")}:00`)));
  const windowForm = form({}, async (data) => {
    const fromHour = data.get("from-hour");
    const toHour = data.get("to-hour");
    if ((fromHour === "") !== (toHour === "")) throw new Error("Choose both a start and an end time, or neither.");
    const chosen = {
      not_before: data.get("not-before") || null,
      weekdays_only: data.get("weekdays-only") === "on",
      from_hour: fromHour === "" ? null : Number(fromHour),
      to_hour: toHour === "" ? null : Number(toHour),
      timezone: "Europe/London",
    };
    const empty = !chosen.not_before && !chosen.weekdays_only && chosen.from_hour === null;
    if (empty) await api("DELETE", `${base}/delivery-window`);
    else await api("PUT", `${base}/delivery-window`, chosen);
    await choicesView();
    announce("Your choice of when letters arrive has been saved.");
  },
    h("p", {}, "Letters released for you arrive only at these times. Leave everything empty for any time."),
    field("not-before", "Not before this day", h("input", { type: "date", id: "not-before", name: "not-before", value: window_?.not_before || "" })),
    h("div", { class: "check" },
      h("input", { type: "checkbox", id: "weekdays-only", name: "weekdays-only", checked: Boolean(window_?.weekdays_only) }),
      h("label", { for: "weekdays-only" }, "Monday to Friday only")),
    field("from-hour", "From", hourSelect("from-hour", window_?.from_hour ?? null, true)),
    field("to-hour", "Until", hourSelect("to-hour", window_?.to_hour ?? null, false)),
    h("button", { type: "submit" }, "Save when letters arrive"),
  );
  show("choices",
    h("h1", {}, "Your choices"),
    h("h2", {}, "Pause letters"), pause,
    h("h2", {}, "When letters arrive"), windowForm,
    h("h2", {}, "Tell us how this has been"),
    h("p", {}, "Your words go to the service, not to the other person."),
    button("Give feedback", () => feedbackView(caseInfo), "secondary"),
    h("h2", {}, "Stop taking part"),
    caseInfo.me.consent === "withdrawn"
      ? h("p", {}, "You have stopped taking part.")
      : h("div", {},
        h("p", {}, "You can stop at any time, without giving a reason. Letters not yet delivered, to you or from you, will not be sent."),
        button("Stop taking part", () => withdrawView(caseInfo), "warning")),
    backButton(),
  );
}

function withdrawView(caseInfo) {
  const confirm = form({}, async () => {
    await api("POST", `/cases/${caseInfo.id}/me/withdraw`);
    await participantHome();
    announce("You have stopped taking part. Your facilitator has been told.");
  },
    h("p", {}, "Your facilitator will be told, and will get in touch to check you are all right. Letters not yet delivered will not be sent."),
    h("button", { type: "submit", class: "warning" }, "Yes, stop taking part"),
    button("No, go back", () => choicesView(), "secondary"),
  );
  show("withdraw", h("h1", {}, "Stop taking part?"), confirm);
}

function feedbackView(caseInfo) {
  const ratings = [
    ["5", "Very helpful"], ["4", "Helpful"], ["3", "Neither helpful nor unhelpful"], ["2", "Unhelpful"], ["1", "Very unhelpful"],
  ];
  const send = form({}, async (data) => {
    const rating = data.get("rating");
    const comments = data.get("comments").trim();
    if (!rating && !comments) throw new Error("Choose an answer or write a comment before sending.");
    await api("POST", `/cases/${caseInfo.id}/me/feedback`, { rating: rating ? Number(rating) : null, comments: comments || null });
    await choicesView();
    announce("Thank you. Your feedback has been sent.");
  },
    h("fieldset", {},
      h("legend", {}, "How has taking part been for you so far?"),
      ratings.map(([value, label]) => h("div", { class: "check" },
        h("input", { type: "radio", id: `rating-${value}`, name: "rating", value }),
        h("label", { for: `rating-${value}` }, label)))),
    field("comments", "Anything you would like to tell us (optional)", h("textarea", { id: "comments", name: "comments", rows: "6", maxlength: "4000" })),
    h("button", { type: "submit" }, "Send feedback"),
    button("Cancel", () => choicesView(), "secondary"),
  );
  show("feedback", h("h1", {}, "Give feedback"), send);
}

// ---- live updates ---------------------------------------------------------------------------

function refreshHome(message) {
  if (state.me?.role !== "participant") return;
  if (currentView() === "home") participantHome().then(() => announce(message));
  else announce(message);
}

onEvent("letter.waiting", () => refreshHome("A new letter has arrived for you."));
onEvent("letter.returned", () => refreshHome("Your facilitator has returned a letter to you with notes."));

// The print desks: a prison's relay staff (print queue, hand over or cannot, scanned replies and
// their transcription, and for security staff the prison's own security check), and the
// facilitators' desk for letters by post (post.js), which works the same way. `makeDesk` builds
// one desk's screens from its description: its API (`/relay` or `/post`), its words, the
// columns of its queue, and where "back" goes. The relay desk does what the `shuttle-relay` tool
// does, over the same API. Relay staff never see anything about the other side: only
// references, prison numbers and names, and dates.
import {
  age, announce, api, button, currentView, download, errorBox, field, form, h, onEvent, show, state, upload, when,
} from "./core.js";

// The API prints at most this many letters in one PDF (BatchPrint.job_ids).
const MOST_PER_PDF = 100;
const PDF_NAME = "shuttle-letters.pdf";

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function signature(jobs) {
  return jobs.map((j) => `${j.id}:${j.state}:${j.print_count}`).join(",");
}

function success(message) {
  return message ? h("p", { class: "success", role: "status" }, message) : null;
}

// A button whose action may be refused: the refusal is shown in `box` instead of being lost.
function action(label, run, cls, box, name) {
  const node = button(label, async () => {
    node.disabled = true;
    box.replaceChildren();
    try {
      await run();
    } catch (e) {
      if (e.status !== 401) box.replaceChildren(errorBox(e));
    } finally {
      node.disabled = false;
    }
  }, cls);
  return name ? named(node, name) : node;
}

// Buttons repeated on every row say which letter they are for, to screen readers too.
function named(node, extra) {
  node.append(h("span", { class: "visually-hidden" }, extra));
  return node;
}

function redraw(holder, content) {
  const focused = document.activeElement?.id;
  holder.replaceChildren(...[content].filter(Boolean));
  if (focused) document.getElementById(focused)?.focus();
}

// One desk's screens. `d` describes the desk:
//   name      "relay" or "post": the API's base path and the prefix of the views' names
//   role      the account role that works at this desk (live events are for it only)
//   label     the desk's navigation's name; title: the queue's heading
//   security  whether the desk has a security check (shown to security staff only)
//   back      [label, go] for a first navigation item leading out of the desk, or null
//   states    words for each print state; reasons: words for each reason it cannot arrive
//   undeliverableFrom  the states in which "cannot deliver" may be recorded
//   columns   [heading, (job) => text] shown after the reference, in the queue and elsewhere
//   prepare   optional async (jobs) => void run before the jobs are shown (to look things up)
//   doneAt    (job) => when it was handed over or posted
//   words     the rest of the desk's wording (see the relay desk below)
export function makeDesk(d) {
  const base = `/${d.name}`;
  const view = (what) => `${d.name}-${what}`;
  const w = d.words;
  const security = () => Boolean(d.security && state.me.security_staff);
  const stateWords = (job) => d.states[job.state] || job.state;

  // What this tab has seen, so a live event is announced only when something changed.
  const seen = { queue: null, security: null };
  // Also show letters already handed over (posted) or undeliverable (`shuttle-relay queue --all`).
  let showAll = false;
  // Scans whose transcription is not sent yet: scan id -> {reference, pages, text, draft}. The
  // server lists them (GET /relay/scans, /post/scans), so a closed tab loses nothing; this tab
  // also keeps the OCR draft and what was typed so far.
  const pending = new Map();

  async function loadPending() {
    const waiting = await api("GET", `${base}/scans`);
    const ids = new Set(waiting.map((scan) => scan.id));
    for (const id of [...pending.keys()]) if (!ids.has(id)) pending.delete(id);
    for (const scan of waiting) {
      if (!pending.has(scan.id)) pending.set(scan.id, { reference: scan.reference, pages: scan.pages, text: "", draft: false });
    }
  }

  function queuePath() {
    const states = showAll ? ["ready", "printed", "handed_over", "undeliverable"] : ["ready", "printed"];
    return `${base}/queue?${states.map((s) => `state=${s}`).join("&")}`;
  }

  async function fetchQueue() {
    const jobs = await api("GET", queuePath());
    if (d.prepare) await d.prepare(jobs);
    return jobs;
  }

  async function loadQueue() {
    const jobs = await fetchQueue();
    seen.queue = signature(jobs);
    return jobs;
  }

  async function loadSecurity() {
    if (!security()) return [];
    const jobs = await api("GET", `${base}/security`);
    seen.security = signature(jobs);
    return jobs;
  }

  function nav(current) {
    const items = [
      [view("queue"), d.title, () => queueView()],
      [view("upload"), "Upload a reply", () => uploadView()],
    ];
    if (d.back) items.unshift([null, d.back[0], d.back[1]]);
    if (security()) items.push([view("security"), "Security check", () => securityView()]);
    return h("nav", { class: "subnav", "aria-label": d.label }, h("ul", {}, items.map(([name, label, go]) => h("li", {},
      h("button", { type: "button", class: "secondary", "aria-current": name && name === current ? "page" : null, on: { click: go } }, label)))));
  }

  // The facts about one letter, as its queue's columns show them.
  function facts(job) {
    return h("dl", { class: "facts" },
      d.columns.flatMap(([heading, value]) => [h("dt", {}, heading), h("dd", {}, value(job))]),
      h("dt", {}, "State"), h("dd", {}, stateWords(job)));
  }

  // ---- the print queue ----------------------------------------------------------------------

  async function queueView(message) {
    const [jobs, checks] = await Promise.all([loadQueue(), loadSecurity(), loadPending()]);
    const problems = h("div", { id: "queue-problems" });
    const holder = h("div", { id: "queue-table" }, queueTable(jobs, new Set(), problems));
    const printForm = form({ id: "print-form" }, async (data, submitter) => {
      if (submitter?.value === "all") await printAllWaiting();
      else await printChosen(data.getAll("job"));
    },
    holder,
    h("div", { class: "actions" },
      h("button", { type: "submit", name: "print", value: "chosen" }, "Print the chosen letters"),
      h("button", { type: "submit", name: "print", value: "all", class: "secondary" }, "Print all waiting")));
    show(view("queue"),
      nav(view("queue")),
      h("h1", {}, d.title),
      success(message),
      security() ? h("div", { id: "security-note" }, securityNote(checks)) : null,
      pendingSection(),
      w.intro.map((text) => h("p", {}, text)),
      problems,
      printForm,
      h("p", {}, button(showAll ? w.showOpen : w.showAll, async () => {
        showAll = !showAll;
        await queueView();
      }, "link")),
    );
  }

  function securityNote(checks) {
    if (!checks.length) return null;
    return h("p", { class: "panel" }, `${plural(checks.length, "letter")} ${checks.length === 1 ? "is" : "are"} waiting for the security check. `,
      button("Go to the security check", () => securityView(), "link"));
  }

  function queueTable(jobs, checked, problems) {
    if (!jobs.length) return h("p", { class: "muted" }, w.empty);
    return h("table", { class: "print-queue" },
      h("caption", {}, showAll ? `${plural(jobs.length, "letter")}, oldest first` : `${plural(jobs.length, "letter")} ${w.open}, oldest first`),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Choose")),
        ["Reference", ...d.columns.map(([heading]) => heading), "State", "Released", "Record"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, jobs.map((job) => {
        const open = job.state === "ready" || job.state === "printed";
        const box = `pick-${job.id}`;
        return h("tr", {},
          h("td", {}, open ? [
            h("input", { type: "checkbox", id: box, name: "job", value: job.id, checked: checked.has(job.id) }),
            h("label", { for: box, class: "visually-hidden" }, `Choose ${job.reference}`),
          ] : null),
          h("th", { scope: "row" }, job.reference),
          d.columns.map(([, value]) => h("td", {}, value(job))),
          h("td", {}, stateWords(job),
            job.print_count > 1 ? h("span", { class: "hint" }, `${job.print_count} copies printed`) : null,
            job.state === "handed_over" && d.doneAt(job) ? h("span", { class: "hint" }, when(d.doneAt(job))) : null,
            job.undeliverable_reason ? h("span", { class: "hint" }, d.reasons[job.undeliverable_reason] || job.undeliverable_reason) : null),
          h("td", {}, `${age(job.released_at)} ago`),
          h("td", {},
            job.state === "printed" ? action(w.markDone, async () => {
              await api("POST", `${base}/jobs/${job.id}/${w.donePath}`);
              await queueView(w.done(job));
            }, "small", problems, ` (${job.reference})`) : null,
            d.undeliverableFrom.includes(job.state) ? named(button(w.cannot, () => undeliverableView(job), "link"), ` (${job.reference})`) : null),
        );
      })),
    );
  }

  function pendingSection() {
    if (!pending.size) return null;
    return h("section", { class: "card attention", "aria-labelledby": "pending-h" },
      h("h2", { id: "pending-h" }, "Replies still to type"),
      h("p", {}, "These scans are stored, but their transcription has not been sent yet."),
      h("ul", { class: "plain links" }, [...pending.entries()].map(([id, scan]) => h("li", {},
        button(`Type the reply to ${scan.reference}`, () => transcriptionView(id), "link")))));
  }

  function printed(count) {
    return `${plural(count, "letter")} saved as ${PDF_NAME}. Print it on A4, single-sided, then delete the file.${w.afterPrint ? ` ${w.afterPrint}` : ""}`;
  }

  async function printChosen(ids) {
    if (!ids.length) throw new Error("Choose the letters to print first, or use “Print all waiting”.");
    if (ids.length > MOST_PER_PDF) throw new Error(`Choose at most ${MOST_PER_PDF} letters at a time.`);
    await download("POST", `${base}/print`, { job_ids: ids }, PDF_NAME);
    await queueView(printed(ids.length));
  }

  async function printAllWaiting() {
    const waiting = await api("GET", `${base}/queue?state=ready`);
    if (!waiting.length) throw new Error("Nothing is waiting to be printed.");
    const batch = waiting.slice(0, MOST_PER_PDF).map((job) => job.id);
    await download("POST", `${base}/print`, { job_ids: batch }, PDF_NAME);
    const more = waiting.length - batch.length;
    await queueView(printed(batch.length)
      + (more ? ` ${plural(more, "more letter")} ${more === 1 ? "is" : "are"} waiting: choose “Print all waiting” again.` : ""));
  }

  // ---- cannot hand over (by post: it came back) ---------------------------------------------

  function undeliverableView(job) {
    show(view("undeliverable"),
      nav(null),
      h("h1", {}, w.cannotTitle(job.reference)),
      facts(job),
      form({}, async (data) => {
        const reason = data.get("reason");
        if (!reason) throw new Error(w.cannotChoose);
        await api("POST", `${base}/jobs/${job.id}/undeliverable`, { reason });
        await queueView(w.cannotDone(job.reference, d.reasons[reason].toLowerCase()));
      },
      h("fieldset", {}, h("legend", {}, w.cannotQuestion),
        Object.entries(d.reasons).map(([value, words]) => h("div", { class: "check" },
          h("input", { type: "radio", id: `reason-${value}`, name: "reason", value }),
          h("label", { for: `reason-${value}` }, words)))),
      h("p", {}, w.cannotNote),
      h("button", { type: "submit", class: "warning" }, w.cannotSubmit),
      button("Cancel", () => queueView(), "secondary")),
    );
  }

  // ---- replies: upload a scan, then type it -------------------------------------------------

  function uploadView() {
    show(view("upload"),
      nav(view("upload")),
      h("h1", {}, "Upload a reply"),
      h("p", {}, "Put the reply sheet on top and scan all the pages into one PDF, or photograph a single page as JPEG or PNG. The reference is read from the QR code on the reply sheet."),
      form({ id: "upload-form" }, async (data) => {
        const file = data.get("scan");
        if (!(file instanceof File) || !file.name) throw new Error("Choose the scanned file first.");
        if (!file.size) throw new Error("The file is empty. Scan the reply again.");
        const ref = String(data.get("reference") || "").trim();
        let received;
        try {
          received = await upload(`${base}/scans${ref ? `?ref=${encodeURIComponent(ref)}` : ""}`, file);
        } catch (e) {
          if (e.status === 413) throw new Error(`This scan is too large (${e.message}). Scan it again at a lower resolution or in black and white.`);
          if (e instanceof TypeError) throw new Error("The upload did not finish. Check the connection and try again; if the file is very large, scan it at a lower resolution.");
          throw e;
        }
        pending.set(received.id, { reference: received.reference, pages: received.pages, text: received.ocr_draft || "", draft: Boolean(received.ocr_draft) });
        transcriptionView(received.id);
      },
      field("scan", "Scanned reply", h("input", { type: "file", id: "scan", name: "scan", required: true, accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png", "aria-describedby": "scan-hint" }),
        "A PDF, JPEG or PNG file."),
      field("reference", "Reference code (only if the QR code will not read)", h("input", { type: "text", id: "reference", name: "reference", maxlength: "64", autocomplete: "off", spellcheck: "false", "aria-describedby": "reference-hint" }),
        "It looks like RL-7KQ4-M2XD and is printed on the reply sheet. Spaces and small letters are fine."),
      h("button", { type: "submit" }, "Upload the scan")),
    );
  }

  function transcriptionView(scanId) {
    const scan = pending.get(scanId);
    const text = h("textarea", { id: "transcription", name: "transcription", rows: "16", required: true, spellcheck: "false", "aria-describedby": "transcription-hint",
      on: { input: (e) => (scan.text = e.target.value) } });
    text.value = scan.text;
    show(view("transcription"),
      nav(null),
      h("h1", {}, `Type the reply to ${scan.reference}`),
      success(`The scan of the reply to ${scan.reference} (${plural(scan.pages, "page")}) is received and stored encrypted.`),
      form({}, async (data) => {
        const typed = String(data.get("transcription"));
        if (!typed.trim()) throw new Error("Type the reply before sending it.");
        await api("POST", `${base}/scans/${scanId}/reply`, { transcription: typed });
        pending.delete(scanId);
        await queueView(w.sent(scan.reference));
      },
      field("transcription", "Transcription", text,
        scan.draft ? "This is a draft read from the scan by a computer. Correct it against the handwriting, word for word. Do not tidy the writer's spelling or wording."
          : "No draft could be read from the scan. Type the reply from the handwritten pages, word for word, without tidying the writer's spelling or wording."),
      h("button", { type: "submit" }, w.send),
      button("Finish this later", () => queueView(), "secondary")),
    );
  }

  // ---- the security check (security staff only) ---------------------------------------------

  async function securityView(message) {
    const jobs = await loadSecurity();
    const problems = h("div", { id: "security-problems" });
    show(view("security"),
      nav(view("security")),
      h("h1", {}, "Security check"),
      success(message),
      h("p", {}, "Read each letter as it would be printed, then let it go into the print queue or withhold it. Every read is recorded. Delete the downloaded file once you have decided."),
      problems,
      h("div", { id: "security-table" }, securityTable(jobs, problems)),
    );
  }

  function securityTable(jobs, problems) {
    if (!jobs.length) return h("p", { class: "muted" }, "No letters are waiting for the security check.");
    return h("table", {},
      h("caption", {}, `${plural(jobs.length, "letter")} waiting for the check, oldest first`),
      h("thead", {}, h("tr", {}, ["Reference", ...d.columns.map(([heading]) => heading), "Released", "Check"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, jobs.map((job) => h("tr", {},
        h("th", { scope: "row" }, job.reference),
        d.columns.map(([, value]) => h("td", {}, value(job))),
        h("td", {}, `${age(job.released_at)} ago`),
        h("td", {},
          action("Read the letter", () => download("GET", `${base}/security/${job.id}/letter`, undefined, "letter-for-check.pdf"), "small secondary", problems, ` ${job.reference}`),
          action("Let it go in", async () => {
            await api("POST", `${base}/security/${job.id}/pass`);
            await securityView(`${job.reference} passed the check and is in the print queue.`);
          }, "small", problems, ` (${job.reference})`),
          named(button("Withhold", () => withholdView(job), "link"), ` (${job.reference})`)),
      ))));
  }

  function withholdView(job) {
    show(view("withhold"),
      nav(null),
      h("h1", {}, `Withhold letter ${job.reference}`),
      h("dl", { class: "facts" },
        d.columns.flatMap(([heading, value]) => [h("dt", {}, heading), h("dd", {}, value(job))])),
      form({}, async (data) => {
        const reason = String(data.get("withhold-reason")).trim();
        if (!reason) throw new Error("Say why the letter is withheld.");
        await api("POST", `${base}/security/${job.id}/withhold`, { reason });
        await securityView(`${job.reference} is withheld. The facilitator has been told why.`);
      },
      field("withhold-reason", "Why it is withheld", h("textarea", { id: "withhold-reason", name: "withhold-reason", rows: "5", maxlength: "1000", required: true, "aria-describedby": "withhold-reason-hint" }),
        "The reason goes to the facilitator, who can talk to the writer. Write it plainly, without copying the letter."),
      h("button", { type: "submit", class: "warning" }, "Withhold this letter"),
      button("Cancel", () => securityView(), "secondary")),
    );
  }

  // ---- live updates -------------------------------------------------------------------------

  // The event says only that a queue changed: look again, and redraw the table in place
  // (keeping what was ticked, and focus) when it is on screen. `print.queue_changed` reaches
  // relay staff for their prison and facilitators for their post desk: each desk acts only for
  // its own role and on its own views.
  async function queueChanged() {
    if (!state.me || state.me.role !== d.role) return;
    // Elsewhere in the portal (a facilitator reviewing a letter): the desk is shown afresh when
    // it is opened, so there is nothing to redraw or say.
    if (!currentView().startsWith(`${d.name}-`)) return;
    const checking = security();
    let jobs;
    let checks;
    try {
      [jobs, checks] = await Promise.all([fetchQueue(), checking ? api("GET", `${base}/security`) : []]);
    } catch {
      return; // signed out, or the server is busy: the next event or visit shows the queue
    }
    const queueMoved = signature(jobs) !== seen.queue;
    const checksMoved = checking && signature(checks) !== seen.security;
    seen.queue = signature(jobs);
    seen.security = signature(checks);
    if (currentView() === view("queue")) {
      const holder = document.getElementById("queue-table");
      if (holder && queueMoved) {
        const checked = new Set([...holder.querySelectorAll("input[name=job]:checked")].map((box) => box.value));
        redraw(holder, queueTable(jobs, checked, document.getElementById("queue-problems")));
      }
      const note = document.getElementById("security-note");
      if (note && checksMoved) redraw(note, securityNote(checks));
    } else if (currentView() === view("security") && checksMoved) {
      const holder = document.getElementById("security-table");
      if (holder) redraw(holder, securityTable(checks, document.getElementById("security-problems")));
    }
    if (queueMoved) announce(w.changed);
    else if (checksMoved) announce("The letters waiting for the security check have changed.");
  }

  onEvent("print.queue_changed", () => queueChanged());

  return { home: () => queueView() };
}

// ---- the prison's relay desk -----------------------------------------------------------------

const relay = makeDesk({
  name: "relay",
  role: "relay",
  label: "Relay",
  title: "Print queue",
  security: true,
  back: null,
  states: {
    security_check: "Waiting for the security check",
    withheld: "Withheld by security",
    ready: "To print",
    printed: "Printed, to hand over",
    handed_over: "Handed over",
    undeliverable: "Could not be handed over",
    cancelled: "Cancelled",
  },
  reasons: {
    transferred: "Moved to another prison",
    released: "Released from prison",
    refused: "They did not want it",
  },
  undeliverableFrom: ["ready", "printed"],
  columns: [
    ["Prison number", (job) => job.prison_number],
    ["Name", (job) => job.prison_name],
  ],
  doneAt: (job) => job.handed_over_at,
  words: {
    intro: ["Letters for people at your prison, oldest first. Print each with its reply sheet, give them to the person, then record that they have it."],
    empty: "Nothing to print or hand over.",
    open: "to print or hand over",
    showAll: "Also show letters already handed over",
    showOpen: "Show only letters to print or hand over",
    afterPrint: "",
    markDone: "Mark as handed over",
    donePath: "handed-over",
    done: (job) => `${job.reference} is recorded as handed over to ${job.prison_name} (${job.prison_number}).`,
    cannot: "Cannot hand over",
    cannotTitle: (reference) => `Record that ${reference} cannot be handed over`,
    cannotQuestion: "Why can it not be handed over?",
    cannotChoose: "Choose why the letter cannot be handed over.",
    cannotNote: "This cannot be undone. Destroy any printed copy in line with your prison's rules for confidential waste.",
    cannotSubmit: "Record as not handed over",
    cannotDone: (reference, why) => `${reference} is recorded as not handed over: ${why}.`,
    send: "Send to the facilitator",
    sent: (reference) => `The reply to ${reference} was sent to the facilitator for review. Delete your copy of the scan.`,
    changed: "The print queue has changed.",
  },
});

export async function relayHome() {
  await relay.home();
}

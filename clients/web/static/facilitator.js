// A facilitator's screens: the review queue (safeguarding alerts first), reviewing a letter with
// its screening findings, and the case page (parties, consent, invitations, audit trail).
import {
  age, announce, api, button, currentView, download, errorBox, field, form, h, onEvent, show, state, when,
} from "./core.js";
import { diffView } from "./diff.js";
import { postDeskHome } from "./post.js";
import { OFFENCE_WORDS, RISK_WORDS, STATUS_WORDS, words } from "./words.js";

const CATEGORY_WORDS = {
  threat: "Threat",
  self_harm: "Self-harm",
  contact: "Contact details",
  location: "Location",
  identity: "Identifying details",
  contact_request: "Contact request",
};

const LETTER_STATE_WORDS = {
  queued: "Waiting",
  in_review: "Being reviewed",
  awaiting_second: "Needs a second approval",
  returned: "Returned to the author",
  released: "Released, waiting for delivery",
  delivered: "Delivered",
  read: "Read",
  withdrawn: "Withdrawn by the author",
  draft: "Draft",
};

// Offsets from the API are Python string offsets (code points); JavaScript strings count UTF-16
// units. These two convert, so a letter with an emoji still highlights the right words.
function toJs(text, offset) {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points === offset) break;
    units += ch.length;
    points += 1;
  }
  return units;
}

function toPython(text, units) {
  return [...text.slice(0, units)].length;
}

// ---- the queue ------------------------------------------------------------------------------

export async function facilitatorHome() {
  const [queue, alerts, cases] = await Promise.all([
    api("GET", "/review/queue"),
    api("GET", "/review/alerts"),
    api("GET", "/cases"),
  ]);
  const references = Object.fromEntries(cases.map((c) => [c.id, c.reference]));
  show("queue",
    h("h1", {}, "Letters to review"),
    alerts.length ? h("section", { class: "alerts", "aria-labelledby": "alerts-h" },
      h("h2", { id: "alerts-h" }, `Safeguarding alerts (${alerts.length})`),
      h("p", {}, "Screening found signs that a writer may harm themselves. Follow your safeguarding procedure, then record that you have acted."),
      h("ul", { class: "plain" }, alerts.map((alert) => h("li", { class: "card danger" },
        h("h3", {}, `Case ${references[alert.case_id] || ""}`),
        h("p", {}, `Raised ${when(alert.raised_at)} (${age(alert.raised_at)} ago)`),
        button("Read the letter", () => reviewView(alert.letter_id)),
        button("I have acted on this", async () => {
          await api("POST", `/review/alerts/${alert.id}/acknowledge`);
          await facilitatorHome();
          announce("The alert is recorded as acted on.");
        }, "secondary"))))) : null,
    queueTable(queue),
    h("p", {}, button("Letters by post", () => postDeskHome(), "secondary")),
    h("h2", {}, "Your cases"),
    cases.length ? h("ul", { class: "plain links" }, cases.map((c) => h("li", {},
      button(`Case ${c.reference}`, () => caseView(c.id), "link"),
      ` · ${words(STATUS_WORDS, c.status)}${c.high_risk ? " · high risk" : ""}`))) : h("p", { class: "muted" }, "You have no cases."),
  );
}

function queueTable(queue) {
  if (!queue.length) return h("p", { class: "muted" }, "No letters are waiting for review.");
  const me = state.me.id;
  return h("table", { class: "queue" },
    h("caption", {}, `${queue.length} letter${queue.length === 1 ? "" : "s"} waiting, most urgent first`),
    h("thead", {}, h("tr", {},
      ["Case", "From", "Waiting", "Screening", "Review", ""].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, queue.map((item) => {
      const counts = Object.entries(item.finding_counts).filter(([, n]) => n > 0);
      const claim = !item.claimed_by ? "Not claimed"
        : item.claimed_by === me ? "Claimed by you" : "Claimed by a colleague";
      return h("tr", { class: item.urgent ? "urgent" : null },
        h("td", {}, item.case_reference),
        h("td", {}, item.from_label),
        h("td", {}, age(item.queued_at)),
        h("td", {},
          item.safeguarding_alert ? h("strong", { class: "flag" }, "Safeguarding alert") : null,
          !item.screened ? "Not screened yet"
            : counts.length ? h("ul", { class: "counts" }, counts.map(([category, n]) => h("li", {}, `${CATEGORY_WORDS[category] || category}: ${n}`)))
              : "Nothing found"),
        h("td", {}, LETTER_STATE_WORDS[item.state] || item.state, h("br"), claim,
          item.needs_second_approval ? h("span", { class: "hint" }, "Needs two facilitators") : null),
        h("td", {}, button("Review", () => reviewView(item.letter_id), "small", ), ),
      );
    })),
  );
}

// ---- reviewing one letter --------------------------------------------------------------------

async function reviewView(letterId, message) {
  let record = await api("GET", `/review/letters/${letterId}`);
  const mine = record.claimed_by === state.me.id;
  const claimable = ["queued", "in_review"].includes(record.state) && !mine;
  const version = await api("GET", `/review/letters/${letterId}/versions/${record.version}`);
  const text = version.body;
  const selected = new Map(); // "start-end" (Python offsets) -> {start, end, text}
  const chosen = h("ul", { id: "chosen-spans" });
  const renderChosen = () => {
    chosen.replaceChildren(...[...selected.values()].map((span) => h("li", {}, h("q", {}, span.text),
      " ", button("Remove from the list", () => {
        selected.delete(`${span.start}-${span.end}`);
        const box = document.getElementById(`finding-${span.start}-${span.end}`);
        if (box) box.checked = false;
        renderChosen();
      }, "link"))));
    if (!selected.size) chosen.replaceChildren(h("li", { class: "muted" }, "None chosen."));
  };
  const toggle = (span, on) => {
    const key = `${span.start}-${span.end}`;
    if (on) selected.set(key, span);
    else selected.delete(key);
    renderChosen();
  };

  const letterBox = h("div", { class: "letter", id: "letter-text" }, highlighted(text, version.findings));
  const addSelection = button("Choose the words I have selected", () => {
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) {
      announce("Select some words in the letter first.");
      return;
    }
    const range = selection.getRangeAt(0);
    if (!letterBox.contains(range.startContainer) || !letterBox.contains(range.endContainer)) {
      announce("Select words inside the letter.");
      return;
    }
    const before = document.createRange();
    before.setStart(letterBox, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const startJs = before.toString().length;
    const endJs = startJs + range.toString().length;
    toggle({ start: toPython(text, startJs), end: toPython(text, endJs), text: text.slice(startJs, endJs) }, true);
    selection.removeAllRanges();
  }, "secondary");

  const findings = version.findings.length
    ? h("fieldset", {},
      h("legend", {}, "What screening found"),
      version.findings.map((f) => {
        const id = `finding-${f.start}-${f.end}`;
        return h("div", { class: "check finding" },
          h("input", { type: "checkbox", id, disabled: !mine, on: { change: (e) => toggle({ start: f.start, end: f.end, text: f.text }, e.target.checked) } }),
          h("label", { for: id }, h("span", { class: `tag ${f.category}` }, CATEGORY_WORDS[f.category] || f.category), ` “${f.text}” — ${f.reason}`));
      }))
    : h("p", {}, version.screened ? "Screening found nothing in this version." : "This version has not been screened yet.");

  const actions = [];
  if (claimable) {
    actions.push(form({}, async () => {
      await api("POST", `/review/letters/${letterId}/claim`);
      await reviewView(letterId, "You have claimed this letter. Nobody else can act on it while you review it.");
    }, h("p", {}, record.claimed_by ? "Another facilitator is reviewing this letter." : "Claim this letter to review it. Nobody else can act on it while you hold it."),
    h("button", { type: "submit" }, "Claim this letter")));
  }
  if (record.state === "awaiting_second" && record.first_release_by !== state.me.id) {
    actions.push(form({}, async () => {
      await api("POST", `/review/letters/${letterId}/approve`);
      await reviewView(letterId, "You gave the second approval. The letter is released.");
    }, h("h2", {}, "Second approval"),
    h("p", {}, "Another facilitator has released this letter. This case needs a second facilitator to approve it before it goes on."),
    h("button", { type: "submit" }, "Approve and release")));
  }
  if (mine && record.state === "in_review") {
    actions.push(
      h("h2", {}, "Choose words to remove or point at"),
      h("p", {}, "Tick what screening found, or select words in the letter and use the button."),
      addSelection,
      h("h3", {}, "Chosen words"),
      chosen,
      form({}, async () => {
        if (!selected.size) throw new Error("Choose the words to remove first.");
        await api("POST", `/review/letters/${letterId}/redact`, { spans: [...selected.values()].map(({ start, end }) => ({ start, end })) });
        await reviewView(letterId, "The chosen words were removed. The author will be told.");
      }, h("button", { type: "submit", class: "secondary" }, "Remove the chosen words")),
      h("h2", {}, "Release to the other side"),
      form({}, async (data) => {
        const note = data.get("envelope-note").trim();
        await api("POST", `/review/letters/${letterId}/release`, { envelope_note: note || null });
        await reviewView(letterId, record.needs_second_approval ? "Released. A second facilitator must approve it." : "The letter is released.");
      }, field("envelope-note", "A note on the envelope (optional)",
        h("textarea", { id: "envelope-note", name: "envelope-note", rows: "3", maxlength: "500", "aria-describedby": "envelope-note-hint" }),
        "The reader sees this before they choose to open the letter."),
      h("button", { type: "submit" }, record.needs_second_approval ? "Release for second approval" : "Release this letter")),
      h("h2", {}, "Return to the author"),
      form({}, async (data) => {
        const notes = data.get("return-notes").trim();
        if (!notes) throw new Error("Write a note for the author before returning the letter.");
        await api("POST", `/review/letters/${letterId}/return`, { notes, spans: [...selected.values()].map(({ start, end }) => ({ start, end })) });
        await facilitatorHome();
        announce("The letter was returned to its author with your notes.");
      }, field("return-notes", "Notes for the author", h("textarea", { id: "return-notes", name: "return-notes", rows: "4", "aria-describedby": "return-notes-hint" }),
        "Say what needs to change and why. The chosen words are shown to the author under your note."),
      h("button", { type: "submit", class: "secondary" }, "Return with notes")),
      form({}, async () => {
        await api("POST", `/review/letters/${letterId}/unclaim`);
        await facilitatorHome();
        announce("The letter is back in the queue.");
      }, h("button", { type: "submit", class: "link" }, "Give this letter back to the queue")),
    );
  }

  const earlier = record.versions.length > 1 ? record.versions[record.versions.length - 2] : null;
  const changes = earlier ? h("details", { on: { toggle: async (event) => {
    const box = event.target;
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = "yes";
    try {
      const before = await api("GET", `/review/letters/${letterId}/versions/${earlier.number}`);
      box.append(diffView(before.body, text));
    } catch (e) {
      box.append(errorBox(e));
    }
  } } }, h("summary", {}, `What changed since version ${earlier.number}`)) : null;

  show("review",
    h("h1", {}, `Letter from ${record.from_label}`),
    message ? h("p", { class: "success", role: "status" }, message) : null,
    h("dl", { class: "facts" },
      h("dt", {}, "State"), h("dd", {}, LETTER_STATE_WORDS[record.state] || record.state),
      h("dt", {}, "Version"), h("dd", {}, `${record.version}${version.redacted_by ? " (words removed by a facilitator)" : ""}`),
      record.queued_at ? [h("dt", {}, "Waiting since"), h("dd", {}, `${when(record.queued_at)} (${age(record.queued_at)})`)] : null,
    ),
    record.notes.length ? h("section", {}, h("h2", {}, "Earlier notes to the author"),
      h("ul", {}, record.notes.map((n) => h("li", {}, `Version ${n.version}, ${when(n.created_at)}: `, h("span", { class: "note-inline" }, n.notes))))) : null,
    h("h2", {}, "The letter"),
    record.scanned ? h("p", {}, "This letter was handwritten and scanned; the text below is its transcription. Check it against the scan. ",
      button("Open the scanned pages", () => download("GET", `/review/letters/${letterId}/scan/file`, undefined, "scanned-letter"), "secondary")) : null,
    letterBox,
    changes,
    findings,
    ...actions,
    button("Back to the queue", () => facilitatorHome(), "secondary"),
    button("Case page", () => caseView(record.case_id), "secondary"),
  );
  renderChosen();
}

// The letter's text with each finding marked. Findings may overlap (a sentence asking for
// contact that holds a phone number): the text is cut at every finding's edge and each piece is
// marked with the most serious finding covering it; a finding's name follows its last piece.
// The text inside the box is exactly the letter's (names are CSS content), so a selection's
// position in it is a position in the letter.
const SEVERITY_ORDER = ["self_harm", "threat", "contact_request", "contact", "location", "identity"];

function highlighted(text, findings) {
  const spans = findings.map((f) => ({ ...f, s: toJs(text, f.start), e: toJs(text, f.end) }));
  const cuts = [...new Set([0, text.length, ...spans.flatMap((f) => [f.s, f.e])])].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i], cuts[i + 1]];
    const covering = spans.filter((f) => f.s <= from && to <= f.e);
    if (!covering.length) {
      out.push(text.slice(from, to));
      continue;
    }
    const top = covering.map((f) => f.category).sort((a, b) => SEVERITY_ORDER.indexOf(a) - SEVERITY_ORDER.indexOf(b))[0];
    const ending = covering.filter((f) => f.e === to).map((f) => CATEGORY_WORDS[f.category] || f.category);
    out.push(h("mark", { class: top, "data-label": ending.length ? ending.join(", ") : null }, text.slice(from, to)));
  }
  return out;
}

// ---- the case page --------------------------------------------------------------------------

const CONSENT_WORDS = { pending: "Not yet given", given: "Given", withdrawn: "Withdrawn" };

export async function caseView(caseId, message, invitation) {
  const coordinator = state.me.role === "coordinator";
  const [info, parties, timeline] = await Promise.all([
    api("GET", `/cases/${caseId}`),
    coordinator ? Promise.resolve(null) : api("GET", `/cases/${caseId}/parties`),
    api("GET", `/cases/${caseId}/timeline`),
  ]);
  const channels = parties
    ? await Promise.all(parties.map((p) => api("GET", `/cases/${caseId}/parties/${p.id}/channel`)))
    : [];
  // Coordinators see who facilitates the case by name (the list of facilitators is theirs).
  const names = coordinator
    ? new Map((await api("GET", "/facilitators")).map((f) => [f.id, f.display_name]))
    : null;
  const facilitator = !coordinator;
  show("case",
    h("h1", {}, `Case ${info.reference}`),
    message ? h("p", { class: "success", role: "status" }, message) : null,
    invitation ? invitationPanel(invitation) : null,
    h("dl", { class: "facts" },
      h("dt", {}, "Status"), h("dd", {}, words(STATUS_WORDS, info.status)),
      h("dt", {}, "Area"), h("dd", {}, info.area),
      h("dt", {}, "Offence"), h("dd", {}, words(OFFENCE_WORDS, info.offence_category)),
      h("dt", {}, "Risk"), h("dd", {}, info.risk_flags.length ? info.risk_flags.map((f) => words(RISK_WORDS, f)).join(", ") : "None recorded",
        info.high_risk ? " (every release needs two facilitators)" : ""),
      h("dt", {}, "Opened"), h("dd", {}, when(info.opened_at)),
      names ? [h("dt", {}, "Facilitators"), h("dd", {}, info.facilitator_ids.length
        ? info.facilitator_ids.map((id) => names.get(id) || "A facilitator no longer listed").join(", ")
        : "None assigned yet")] : null,
    ),
    facilitator && info.status !== "closed" ? form({}, async () => {
      await api("POST", `/cases/${caseId}/${info.status === "paused" ? "resume" : "pause"}`);
      await caseView(caseId, info.status === "paused" ? "The case is open again." : "The case is paused. No letters move until you resume it.");
    }, h("button", { type: "submit", class: "secondary" }, info.status === "paused" ? "Resume the case" : "Pause the case")) : null,
    parties ? partiesSection(caseId, parties, channels) : null,
    parties && info.status !== "closed" ? channelForm(caseId, parties) : null,
    facilitator && info.status !== "closed" ? addPartyForm(caseId) : null,
    feedbackSection(caseId),
    h("h2", {}, "Timeline"),
    timelineTable(timeline),
    button(coordinator ? "Back to cases" : "Back to the queue", () => state.home(), "secondary"),
  );
}

const RATING_WORDS = { 5: "Very helpful", 4: "Helpful", 3: "Neither helpful nor unhelpful", 2: "Unhelpful", 1: "Very unhelpful" };

// Loaded only when opened: reading participants' words is audited.
function feedbackSection(caseId) {
  return h("details", { on: { toggle: async (event) => {
    const box = event.target;
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = "yes";
    try {
      const given = await api("GET", `/cases/${caseId}/feedback`);
      box.append(given.length
        ? h("ul", { class: "plain" }, given.map((f) => h("li", { class: "card" },
          h("h3", {}, `${f.display_name}, ${when(f.given_at)}`),
          f.rating ? h("p", {}, RATING_WORDS[f.rating]) : null,
          f.comments ? h("p", { class: "note" }, f.comments) : null)))
        : h("p", { class: "muted" }, "Nobody has given feedback yet."));
    } catch (e) {
      box.append(errorBox(e));
    }
  } } }, h("summary", {}, "Feedback from the participants"));
}

function invitationPanel(issued) {
  return h("section", { class: "card attention", "aria-labelledby": "invite-h" },
    h("h2", { id: "invite-h" }, `Invitation for ${issued.party.display_name}`),
    h("p", {}, "Give this link to the person in a safe way. It is shown only now, works once, and stops working on ", when(issued.expires_at), "."),
    h("label", { for: "invitation-link" }, "Invitation link"),
    h("input", { type: "text", id: "invitation-link", readonly: true, value: issued.invitation_url }),
  );
}

function channelWords(channel) {
  if (channel.channel === "relay") return `Prison relay: ${channel.establishment_name}, ${channel.prison_number}`;
  if (channel.channel === "post") return "By post (you print and post)";
  return "The portal";
}

function partiesSection(caseId, parties, channels) {
  return [
    h("h2", {}, "Parties"),
    h("table", {},
      h("thead", {}, h("tr", {}, ["Name", "Side", "Others see", "Letters reach them", "Consent", "Joined", ""].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, parties.map((p, i) => h("tr", {},
        h("td", {}, p.display_name, p.supporter ? " (supporter)" : ""),
        h("td", {}, p.side === "harmed" ? "Harmed" : "Responsible"),
        h("td", {}, p.label),
        h("td", {}, channelWords(channels[i])),
        h("td", {}, CONSENT_WORDS[p.consent] || p.consent, p.paused ? " · paused" : ""),
        h("td", {}, p.has_account ? "Yes" : channels[i].channel === "portal" ? "Not yet" : "Not needed",
          p.locked ? h("strong", { class: "flag" }, " · locked after failed sign-ins") : null),
        h("td", {},
          p.locked ? button(`Unlock the account of ${p.display_name}`, async () => {
            await api("POST", `/cases/${caseId}/parties/${p.id}/unlock`);
            await caseView(caseId, `${p.display_name} can sign in again.`);
          }, "link") : null,
          p.consent !== "given" ? button(`Record consent given for ${p.display_name}`, async () => {
            await api("POST", `/cases/${caseId}/parties/${p.id}/consent`, { consent: "given" });
            await caseView(caseId, `Consent recorded for ${p.display_name}.`);
          }, "link") : null,
          p.consent === "given" ? button(`Record consent withdrawn for ${p.display_name}`, async () => {
            await api("POST", `/cases/${caseId}/parties/${p.id}/consent`, { consent: "withdrawn" });
            await caseView(caseId, `Withdrawal recorded for ${p.display_name}.`);
          }, "link") : null,
          !p.has_account && channels[i].channel === "portal" ? h("br") : null,
          !p.has_account && channels[i].channel === "portal" ? button(`New invitation link for ${p.display_name}`, async () => {
            const issued = await api("POST", `/cases/${caseId}/parties/${p.id}/invitation`);
            await caseView(caseId, null, issued);
          }, "link") : null),
      )))),
  ];
}

// How letters reach a person: the portal, a prison's relay staff, or the post.
function channelForm(caseId, parties) {
  const prisonFields = h("div", { id: "prison-fields", hidden: true });
  const loadPrisons = async () => {
    if (prisonFields.dataset.loaded) return;
    prisonFields.dataset.loaded = "yes";
    const prisons = await api("GET", "/establishments");
    prisonFields.append(
      ...field("establishment", "Prison", h("select", { id: "establishment", name: "establishment" },
        prisons.map((e) => h("option", { value: e.id }, e.name)))),
      ...field("prison-number", "Prison number", h("input", { type: "text", id: "prison-number", name: "prison-number", autocomplete: "off", "aria-describedby": "prison-number-hint" }), "For example A1234BC."),
      ...field("prison-name", "Their name as the prison knows them", h("input", { type: "text", id: "prison-name", name: "prison-name", autocomplete: "off", maxlength: "120", "aria-describedby": "prison-name-hint" }), "Printed on the letter, for example SMITH, Jo."),
    );
  };
  const choice = (value, label) => h("div", { class: "check" },
    h("input", { type: "radio", id: `channel-${value}`, name: "channel", value, checked: value === "portal", on: { change: () => {
      prisonFields.hidden = value !== "relay";
      if (value === "relay") loadPrisons();
    } } }),
    h("label", { for: `channel-${value}` }, label));
  return h("details", {}, h("summary", {}, "Change how letters reach a person"),
    form({}, async (data) => {
      const party = parties.find((p) => p.id === data.get("party"));
      const channel = data.get("channel");
      const body = { channel };
      if (channel === "relay") {
        body.establishment_id = data.get("establishment");
        body.prison_number = (data.get("prison-number") || "").trim().toUpperCase();
        body.prison_name = (data.get("prison-name") || "").trim();
      }
      await api("PUT", `/cases/${caseId}/parties/${party.id}/channel`, body);
      await caseView(caseId, `Letters now reach ${party.display_name}: ${channelWords((await api("GET", `/cases/${caseId}/parties/${party.id}/channel`)))}.`);
    },
    field("party", "Person", h("select", { id: "party", name: "party" }, parties.map((p) => h("option", { value: p.id }, p.display_name)))),
    h("fieldset", {}, h("legend", {}, "Letters reach them"),
      choice("portal", "In the portal"),
      choice("relay", "Through their prison's relay staff"),
      choice("post", "By post: you print, post and scan their replies")),
    prisonFields,
    h("button", { type: "submit" }, "Save")));
}

function addPartyForm(caseId) {
  return h("details", {}, h("summary", {}, "Add a person to this case"),
    form({}, async (data) => {
      const issued = await api("POST", `/cases/${caseId}/parties`, {
        side: data.get("side"),
        supporter: data.get("supporter") === "on",
        label: data.get("label").trim(),
        display_name: data.get("display-name").trim(),
      });
      await caseView(caseId, `${issued.party.display_name} was added.`, issued);
    },
    field("display-name", "Their name", h("input", { type: "text", id: "display-name", name: "display-name", required: true, maxlength: "120", "aria-describedby": "display-name-hint" }), "Shown to staff and to them, never to the other side."),
    field("label", "What the other side sees", h("input", { type: "text", id: "label", name: "label", required: true, maxlength: "60", "aria-describedby": "label-hint" }), "For example: the person harmed, Ann (the mother of the person harmed)."),
    h("fieldset", {}, h("legend", {}, "Side"),
      h("div", { class: "check" }, h("input", { type: "radio", id: "side-harmed", name: "side", value: "harmed", checked: true }), h("label", { for: "side-harmed" }, "The person harmed, or someone with them")),
      h("div", { class: "check" }, h("input", { type: "radio", id: "side-responsible", name: "side", value: "responsible" }), h("label", { for: "side-responsible" }, "The person responsible, or someone with them"))),
    h("div", { class: "check" }, h("input", { type: "checkbox", id: "supporter", name: "supporter" }), h("label", { for: "supporter" }, "A supporter, not the person themselves")),
    h("button", { type: "submit" }, "Add and make an invitation link")));
}

const ACTION_WORDS = {
  "case.opened": "opened the case",
  "case.facilitator_assigned": "assigned a facilitator",
  "case.paused": "paused the case",
  "case.resumed": "resumed the case",
  "case.closed": "closed the case",
  "party.added": "added a person",
  "party.invited": "made an invitation link",
  "consent.given": "recorded consent given",
  "consent.withdrawn": "recorded consent withdrawn",
  "party.paused": "paused letters to them",
  "party.delivery_window_set": "chose when letters arrive",
  "party.channel_set": "changed how letters reach a person",
  "invitation.accepted": "joined",
  "letter.drafted": "started a letter",
  "letter.submitted": "sent a letter for review",
  "letter.resubmitted": "sent a changed letter",
  "letter.screened": "screened a letter",
  "letter.claimed": "claimed a letter",
  "letter.unclaimed": "gave a letter back to the queue",
  "letter.read": "read a letter",
  "letter.returned": "returned a letter with notes",
  "letter.redacted": "removed words from a letter",
  "letter.released": "released a letter",
  "letter.approved": "gave a second approval",
  "letter.delivered": "delivered a letter",
  "letter.opened": "opened a letter",
  "letter.withdrawn": "took a letter back",
  "safeguarding.acknowledged": "acted on a safeguarding alert",
};

function timelineTable(entries) {
  if (!entries.length) return h("p", { class: "muted" }, "Nothing has happened yet.");
  return h("table", { class: "timeline" },
    h("caption", {}, "Everything done in this case, newest first"),
    h("thead", {}, h("tr", {}, ["When", "Who", "What"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, entries.map((e) => h("tr", {},
      h("td", {}, when(e.at)),
      h("td", {}, e.actor_name ? `${e.actor_name} (${e.actor_role})` : "Shuttle"),
      h("td", {}, ACTION_WORDS[e.action] || e.action.replaceAll(".", " ").replaceAll("_", " "))))));
}

// ---- live updates ---------------------------------------------------------------------------

function staffRefresh(message) {
  if (state.me?.role !== "facilitator") return;
  if (currentView() === "queue") facilitatorHome().then(() => announce(message));
  else announce(message);
}

onEvent("queue.changed", () => staffRefresh("The review queue has changed."));
onEvent("safeguarding.alert", () => staffRefresh("A safeguarding alert has been raised. It is at the top of the queue."));
onEvent("letter.withheld", () => staffRefresh("A prison's security check withheld a letter."));

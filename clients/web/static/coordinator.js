// A coordinator's screens: the cases in their area, opening a case, and assigning facilitators.
// A case's own page (facts and timeline) is the facilitators' case page, which skips what a
// coordinator may not see.
import { api, button, field, form, h, show, state } from "./core.js";
import { caseView } from "./facilitator.js";
import { HIGH_RISK, OFFENCE_WORDS, RISK_WORDS, STATUS_WORDS, words } from "./words.js";

function risks(info) {
  if (!info.risk_flags.length) return "None recorded";
  return info.risk_flags.map((flag) => words(RISK_WORDS, flag)).join(", ");
}

function success(message) {
  return message ? h("p", { class: "success", role: "status" }, message) : null;
}

// Facilitator accounts by id, to name the ones assigned.
async function facilitatorsById() {
  const facilitators = await api("GET", "/facilitators");
  return new Map(facilitators.map((f) => [f.id, f]));
}

function assignedNames(info, facilitators) {
  return info.facilitator_ids.map((id) => facilitators.get(id)?.display_name || "A facilitator no longer listed");
}

function named(node, extra) {
  node.append(h("span", { class: "visually-hidden" }, extra));
  return node;
}

// ---- the cases ------------------------------------------------------------------------------

export async function coordinatorHome(message) {
  const [cases, facilitators] = await Promise.all([api("GET", "/cases"), facilitatorsById()]);
  show("cases",
    h("h1", {}, "Cases"),
    success(message),
    h("p", {}, state.me.area ? `Cases in ${state.me.area}. Open a case when a referral is accepted, then assign its facilitators.`
      : "Open a case when a referral is accepted, then assign its facilitators."),
    button("Open a case", () => openCaseView()),
    button("Staff accounts", () => staffView(), "secondary"),
    cases.length ? casesTable(cases, facilitators) : h("p", { class: "muted" }, "There are no cases yet."),
  );
}

function casesTable(cases, facilitators) {
  return h("table", { class: "cases" },
    h("caption", {}, `${cases.length} case${cases.length === 1 ? "" : "s"}`),
    h("thead", {}, h("tr", {},
      ["Case", "Area", "Offence", "Status", "Risk", "Facilitators", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, cases.map((info) => {
      const names = assignedNames(info, facilitators);
      return h("tr", { class: info.high_risk ? "urgent" : null },
        h("th", { scope: "row" }, info.reference),
        h("td", {}, info.area),
        h("td", {}, words(OFFENCE_WORDS, info.offence_category)),
        h("td", {}, words(STATUS_WORDS, info.status)),
        h("td", {}, info.high_risk ? h("strong", { class: "flag" }, "High risk") : null, risks(info)),
        h("td", {}, names.length ? h("ul", { class: "names" }, names.map((name) => h("li", {}, name)))
          : h("strong", {}, "None yet")),
        h("td", {},
          named(button("Case page", () => caseView(info.id), "small secondary"), ` for ${info.reference}`),
          info.status !== "closed"
            ? named(button("Assign a facilitator", () => assignView(info.id), "small"), ` to ${info.reference}`) : null),
      );
    })),
  );
}

// ---- opening a case -------------------------------------------------------------------------

function openCaseView() {
  const area = state.me.area || "";
  show("open-case",
    h("h1", {}, "Open a case"),
    form({}, async (data) => {
      const chosenArea = String(data.get("area")).trim();
      const offence = data.get("offence");
      if (!chosenArea) throw new Error("Give the case's area.");
      if (!offence) throw new Error("Choose the offence.");
      const opened = await api("POST", "/cases", {
        area: chosenArea,
        offence_category: offence,
        risk_flags: data.getAll("risk"),
      });
      await assignView(opened.id, `Case ${opened.reference} is open. Assign its facilitators next.`);
    },
    field("area", "Area", h("input", { type: "text", id: "area", name: "area", value: area, required: true, maxlength: "80", readonly: Boolean(area), "aria-describedby": area ? "area-hint" : null }),
      area ? "You open cases in your own area." : null),
    field("offence", "Offence", h("select", { id: "offence", name: "offence", required: true },
      h("option", { value: "" }, "Choose the offence"),
      Object.entries(OFFENCE_WORDS).map(([value, label]) => h("option", { value }, label)))),
    h("fieldset", { "aria-describedby": "risk-hint" },
      h("legend", {}, "Risks known at referral"),
      h("p", { class: "hint", id: "risk-hint" }, "Domestic abuse, a sexual offence or a hate crime make the case high-risk: only a specialist-trained facilitator can take it, and every letter needs two facilitators to release it."),
      Object.entries(RISK_WORDS).map(([value, label]) => h("div", { class: "check" },
        h("input", { type: "checkbox", id: `risk-${value}`, name: "risk", value }),
        h("label", { for: `risk-${value}` }, label)))),
    h("button", { type: "submit" }, "Open the case"),
    button("Back to cases", () => coordinatorHome(), "secondary")),
  );
}

// ---- assigning facilitators -----------------------------------------------------------------

async function assignView(caseId, message) {
  const [info, facilitators] = await Promise.all([api("GET", `/cases/${caseId}`), facilitatorsById()]);
  const names = assignedNames(info, facilitators);
  const free = [...facilitators.values()].filter((f) => !info.facilitator_ids.includes(f.id));
  show("assign",
    h("h1", {}, `Case ${info.reference}`),
    success(message),
    h("dl", { class: "facts" },
      h("dt", {}, "Status"), h("dd", {}, words(STATUS_WORDS, info.status)),
      h("dt", {}, "Area"), h("dd", {}, info.area),
      h("dt", {}, "Offence"), h("dd", {}, words(OFFENCE_WORDS, info.offence_category)),
      h("dt", {}, "Risk"), h("dd", {}, risks(info), info.high_risk ? " (high risk)" : ""),
    ),
    h("h2", {}, "Facilitators"),
    names.length ? h("ul", {}, names.map((name) => h("li", {}, name))) : h("p", {}, "No facilitator is assigned yet."),
    info.status === "closed" ? h("p", { class: "muted" }, "This case is closed.")
      : free.length ? form({ class: "assign" }, async (data) => {
        const chosen = data.get("facilitator");
        if (!chosen) throw new Error("Choose a facilitator.");
        await api("POST", `/cases/${caseId}/facilitators`, { account_id: chosen });
        await assignView(caseId, `${facilitators.get(chosen)?.display_name || "The facilitator"} is assigned to case ${info.reference}.`);
      },
      field("facilitator", "Assign a facilitator", h("select", { id: "facilitator", name: "facilitator", required: true, "aria-describedby": info.high_risk ? "facilitator-hint" : null },
        h("option", { value: "" }, "Choose a facilitator"),
        free.map((f) => h("option", { value: f.id }, f.specialist ? `${f.display_name} (specialist-trained)` : f.display_name))),
      info.high_risk ? "This case is high-risk: only a specialist-trained facilitator can take it." : null),
      h("button", { type: "submit" }, "Assign"))
        : h("p", { class: "muted" }, "Every facilitator is already assigned to this case."),
    named(button("Case page", () => caseView(caseId), "secondary"), ` for ${info.reference}`),
    button("Back to cases", () => coordinatorHome(), "secondary"),
  );
}

// ---- staff accounts -------------------------------------------------------------------------

const ROLE_WORDS = { facilitator: "Facilitator", coordinator: "Coordinator", relay: "Prison relay staff" };

export async function staffView(message) {
  const [staff, prisons] = await Promise.all([api("GET", "/accounts"), api("GET", "/establishments")]);
  show("staff",
    h("h1", {}, "Staff accounts"),
    success(message),
    h("table", {},
      h("caption", {}, `${staff.length} staff account${staff.length === 1 ? "" : "s"}`),
      h("thead", {}, h("tr", {}, ["Name", "Login", "Role", "Second step", "Actions"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, staff.map((person) => h("tr", {},
        h("th", { scope: "row" }, person.display_name, person.locked ? h("strong", { class: "flag" }, " · locked") : null),
        h("td", {}, person.login),
        h("td", {}, ROLE_WORDS[person.role] || person.role, person.specialist ? " (specialist-trained)" : ""),
        h("td", {}, person.second_factor ? "Set up" : "Not yet (asked at next sign-in)"),
        h("td", {},
          person.locked ? button(`Unlock ${person.display_name}`, async () => {
            await api("POST", `/accounts/${person.id}/unlock`);
            await staffView(`${person.display_name} can sign in again.`);
          }, "link") : null,
          person.second_factor && person.id !== state.me.id ? button(`Reset the second step of ${person.display_name}`, async () => {
            await api("POST", `/accounts/${person.id}/second-factor/reset`);
            await staffView(`${person.display_name}'s second step is reset: they set up a new one at their next sign-in.`);
          }, "link") : null),
      )))),
    h("h2", {}, "Add a staff member"),
    form({}, async (data) => {
      const created = await api("POST", "/accounts", {
        login: String(data.get("login")).trim(),
        display_name: String(data.get("display_name")).trim(),
        role: data.get("role"),
        passphrase: data.get("passphrase"),
        email: String(data.get("email")).trim() || null,
        area: state.me.area || null,
        specialist: data.get("specialist") === "yes",
        establishment_id: data.get("role") === "relay" ? data.get("establishment") || null : null,
      });
      await staffView(`${created.display_name} can now sign in as ${created.login}. Give them the first passphrase in person; they set up their second step when they first sign in.`);
    },
    field("display_name", "Name", h("input", { type: "text", id: "display_name", name: "display_name", required: true, maxlength: "120" })),
    field("login", "Login", h("input", { type: "text", id: "login", name: "login", required: true, maxlength: "120", autocomplete: "off" })),
    field("role", "Role", h("select", { id: "role", name: "role" },
      Object.entries(ROLE_WORDS).map(([value, label]) => h("option", { value }, label)))),
    prisons.length ? field("establishment", "Prison (relay staff only)", h("select", { id: "establishment", name: "establishment" },
      h("option", { value: "" }, "Choose the prison"),
      prisons.map((prison) => h("option", { value: prison.id }, prison.name)))) : null,
    h("div", { class: "check" },
      h("input", { type: "checkbox", id: "specialist", name: "specialist", value: "yes" }),
      h("label", { for: "specialist" }, "Specialist-trained (may take high-risk cases)")),
    field("email", "E-mail for notifications (optional)", h("input", { type: "email", id: "email", name: "email", maxlength: "254" })),
    field("passphrase", "First passphrase", h("input", { type: "password", id: "passphrase", name: "passphrase", required: true, minlength: "12", autocomplete: "new-password", "aria-describedby": "passphrase-hint" }),
      "At least 12 characters and hard to guess: three or four unrelated words work well."),
    h("button", { type: "submit" }, "Add")),
    button("Back to cases", () => coordinatorHome(), "secondary"),
  );
}

// The facilitators' post desk: letters to people who receive them by post, in the cases they
// facilitate. It is the prison relay desk's screens (relay.js) with the post's words: print each
// letter with its reply sheet, post it, record it posted (or that it came back), and upload and
// type the replies that come back by post. Shuttle keeps no postal addresses: the facilitator
// addresses the envelope from the case file.
import { api, state } from "./core.js";
import { makeDesk } from "./relay.js";

// Case id -> case reference, for the queue's "Case" column (PostJobView gives the case's id).
const references = new Map();

async function lookUpCases(jobs) {
  if (jobs.every((job) => references.has(job.case_id))) return;
  for (const c of await api("GET", "/cases")) references.set(c.id, c.reference);
}

const post = makeDesk({
  name: "post",
  role: "facilitator",
  label: "Letters by post",
  title: "Letters by post",
  security: false,
  back: ["Letters to review", () => state.home()],
  states: {
    ready: "To print",
    printed: "Printed, to post",
    handed_over: "Posted",
    undeliverable: "Not delivered",
    cancelled: "Cancelled",
  },
  reasons: {
    returned: "The post brought it back: they have moved, or are not known at the address",
    refused: "They refused it or sent it back",
  },
  undeliverableFrom: ["handed_over"],
  columns: [
    ["Name", (job) => job.recipient],
    ["Case", (job) => references.get(job.case_id) || ""],
  ],
  prepare: lookUpCases,
  doneAt: (job) => job.posted_at,
  words: {
    intro: [
      "Letters for people who receive them by post, in the cases you facilitate, oldest first.",
      "Print each letter with its reply sheet. Post it in an envelope addressed from the case file, with a stamped envelope addressed to your service for the reply. Shuttle does not keep anyone's address. Then record the letter as posted.",
      "If a posted letter comes back, show the letters already posted and choose “Came back” on its row.",
    ],
    empty: "Nothing to print or post.",
    open: "to print or post",
    showAll: "Also show letters already posted",
    showOpen: "Show only letters to print or post",
    afterPrint: "Post each letter in an envelope addressed from the case file.",
    markDone: "Mark as posted",
    donePath: "posted",
    done: (job) => `${job.reference} is recorded as posted to ${job.recipient}.`,
    cannot: "Came back",
    cannotTitle: (reference) => `Record that ${reference} was not delivered`,
    cannotQuestion: "What happened to the letter?",
    cannotChoose: "Choose what happened to the letter.",
    cannotNote: "This cannot be undone. Shred the letter that came back, or any printed copy, as confidential waste.",
    cannotSubmit: "Record as not delivered",
    cannotDone: (reference, why) => `${reference} is recorded as not delivered: ${why}.`,
    send: "Send for review",
    sent: (reference) => `The reply to ${reference} is in the review queue. Delete your copy of the scan.`,
    changed: "The letters by post have changed.",
  },
});

export async function postDeskHome() {
  await post.home();
}

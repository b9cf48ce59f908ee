// What changed between two versions of a letter, word by word, shown with <del> and <ins>
// (and words for screen readers, which do not announce those elements).
import { h } from "./core.js";

function words(text) {
  return text.match(/\s+|[^\s]+/g) || [];
}

// Longest common subsequence on the part that differs; the common start and end are trimmed
// first, so a revision that changes one paragraph of a long letter stays cheap.
export function diffWords(before, after) {
  const a = words(before);
  const b = words(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const rows = midA.length + 1;
  const cols = midB.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      table[i * cols + j] = midA[i] === midB[j]
        ? table[(i + 1) * cols + j + 1] + 1
        : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
    }
  }
  const parts = [];
  const push = (op, text) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  if (start) push("same", a.slice(0, start).join(""));
  let i = 0;
  let j = 0;
  while (i < midA.length && j < midB.length) {
    if (midA[i] === midB[j]) {
      push("same", midA[i]);
      i++;
      j++;
    } else if (table[(i + 1) * cols + j] >= table[i * cols + j + 1]) {
      push("del", midA[i++]);
    } else {
      push("add", midB[j++]);
    }
  }
  while (i < midA.length) push("del", midA[i++]);
  while (j < midB.length) push("add", midB[j++]);
  if (endA < a.length) push("same", a.slice(endA).join(""));
  return parts;
}

export function diffView(before, after) {
  const parts = diffWords(before, after);
  if (!parts.some((p) => p.op !== "same")) return h("p", { class: "muted" }, "Nothing was changed.");
  return h("div", { class: "letter diff" }, parts.map((part) => {
    if (part.op === "same") return part.text;
    if (part.op === "add") return h("ins", {}, h("span", { class: "visually-hidden" }, " [added: "), part.text, h("span", { class: "visually-hidden" }, "] "));
    return h("del", {}, h("span", { class: "visually-hidden" }, " [removed: "), part.text, h("span", { class: "visually-hidden" }, "] "));
  }));
}

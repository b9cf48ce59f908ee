// "Exit this page": the button, or Shift pressed three times within two seconds, blanks the
// page at once and replaces it with a neutral website. The portal keeps a single history
// entry (views switch in place), and location.replace() overwrites it, so Back cannot return.
export const NEUTRAL_URL = "https://www.bbc.co.uk/weather";

// Only three Shift presses in a row count (any other key starts the count again), so typing
// capital letters never leaves the page; `enabled()` says whether the shortcut applies now.
export function installQuickExit(button, onExit, enabled = () => true) {
  const leave = () => {
    document.title = "";
    document.body.replaceChildren();
    onExit();
    window.location.replace(NEUTRAL_URL);
  };
  button.addEventListener("click", leave);
  let presses = [];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Shift") {
      presses = [];
      return;
    }
    if (event.repeat || !enabled()) return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 2000);
    presses.push(now);
    if (presses.length >= 3) leave();
  });
}

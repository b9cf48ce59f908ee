// "Exit this page": the button, or Shift pressed three times within two seconds, blanks the
// page at once and replaces it with a neutral website. The portal keeps a single history
// entry (views switch in place), and location.replace() overwrites it, so Back cannot return.
export const NEUTRAL_URL = "https://www.bbc.co.uk/weather";

export function installQuickExit(button, onExit) {
  const leave = () => {
    document.title = "";
    document.body.replaceChildren();
    onExit();
    window.location.replace(NEUTRAL_URL);
  };
  button.addEventListener("click", leave);
  let presses = [];
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Shift" || event.repeat) return;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 2000);
    presses.push(now);
    if (presses.length >= 3) leave();
  });
}

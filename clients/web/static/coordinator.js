// A coordinator's screens: being built.
import { h, show, state } from "./core.js";

export async function coordinatorHome() {
  show("cases", h("h1", {}, `Signed in as ${state.me.display_name}`));
}

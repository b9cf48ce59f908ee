// Relay staff's screens: being built.
import { h, show, state } from "./core.js";

export async function relayHome() {
  show("relay-queue", h("h1", {}, `Signed in as ${state.me.display_name}`));
}

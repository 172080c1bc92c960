import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the ticket screen lands: says so instead of a blank panel. */
export class ConsoleTicket extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>ticket</p></div>`;
  }
}
define("bf-console-ticket", ConsoleTicket);

import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the helpdesk screen lands: says so instead of a blank panel. */
export class ConsoleHelpdesk extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>helpdesk</p></div>`;
  }
}
define("bf-console-helpdesk", ConsoleHelpdesk);

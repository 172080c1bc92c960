import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the customers screen lands: says so instead of a blank panel. */
export class ConsoleCustomers extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>customers</p></div>`;
  }
}
define("bf-console-customers", ConsoleCustomers);

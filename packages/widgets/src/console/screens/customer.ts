import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the customer screen lands: says so instead of a blank panel. */
export class ConsoleCustomer extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>customer</p></div>`;
  }
}
define("bf-console-customer", ConsoleCustomer);

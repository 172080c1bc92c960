import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the order screen lands: says so instead of a blank panel. */
export class ConsoleOrder extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>order</p></div>`;
  }
}
define("bf-console-order", ConsoleOrder);

import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the settings screen lands: says so instead of a blank panel. */
export class ConsoleSettings extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>settings</p></div>`;
  }
}
define("bf-console-settings", ConsoleSettings);

import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until staff sign-in lands: the cookie session's e-mail code and TOTP steps. */
export class ConsoleSignIn extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>sign-in</p></div>`;
  }
}
define("bf-console-sign-in", ConsoleSignIn);

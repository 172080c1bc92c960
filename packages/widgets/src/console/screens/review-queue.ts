import { html } from "lit";
import { define } from "../../base.ts";
import { ConsoleScreen } from "../console-screen.ts";

/** Placeholder until the review-queue screen lands: says so instead of a blank panel. */
export class ConsoleReviewQueue extends ConsoleScreen {
  protected override render() {
    return html`<div class="state" part="empty"><p>review-queue</p></div>`;
  }
}
define("bf-console-review-queue", ConsoleReviewQueue);

import type { PropertyDeclarations } from "lit";
import { BillfrontElement } from "../base.ts";
import { design } from "../ui/design.ts";
import { ApiError } from "../client.ts";
import { messagesFor } from "../i18n/messages.ts";
import type { ConsoleApi } from "./console-api.ts";

export type StaffRole = "agent" | "admin";

/** Detail of `billfront-console-navigate`: which screen to show, with its parameters (e.g. `{ id: "cus_..." }`). */
export interface ConsoleNavigateDetail {
  screen: string;
  params?: Record<string, string>;
}

/**
 * Base of every console screen (`bf-console-*`): the API client, the signed-in
 * staff member's role (the server refuses what the role may not do whatever
 * the page shows; screens use it only to leave out what would be refused),
 * the locale and the screen's parameters. Screens move to another screen with
 * {@link ConsoleScreen.go}; the shell listens.
 */
export class ConsoleScreen extends BillfrontElement {
  static override styles = [design];
  static override properties: PropertyDeclarations = {
    api: { attribute: false },
    // Not `role`: that is ARIA's attribute.
    staffRole: { type: String, attribute: "staff-role" },
    locale: { type: String },
    params: { attribute: false },
  };

  declare api: ConsoleApi | undefined;
  declare staffRole: StaffRole;
  declare locale: string;
  declare params: Record<string, string>;

  constructor() {
    super();
    this.staffRole = "agent";
    this.locale = "en";
    this.params = {};
  }

  /**
   * What a refusal says, in the console's language: the sentence the widgets'
   * catalogues have for its code (every language), else the server's own words
   * when the console is in English, else `fallback` (the screen's own sentence).
   */
  protected problemText(error: unknown, fallback?: string): string {
    const t = messagesFor(this.locale);
    fallback ??= t.errors.default;
    if (!(error instanceof ApiError)) return fallback;
    const known = t.errors[error.code];
    if (known) return known;
    return this.locale.toLowerCase().startsWith("en") && error.message ? error.message : fallback;
  }

  /** Opens another screen (the shell keeps the address bar's hash in step). */
  protected go(screen: string, params: Record<string, string> = {}): void {
    this.emit<ConsoleNavigateDetail>("billfront-console-navigate", { screen, params });
  }
}

import { html, type PropertyDeclarations } from "lit";
import { BillfrontElement } from "./base.ts";
import { errorDetail } from "./errors.ts";
import type { BillfrontErrorDetail } from "./events.ts";
import { messagesFor } from "./i18n/messages.ts";
import { PortalConnection } from "./portal-connection.ts";
import type { FetchSession } from "./session.ts";

/**
 * Base of the elements that talk to the portal API: `api`, `session`,
 * `locale`, `flow` and `flow-subject` attributes and a `fetchSession`
 * property of their own, or those of the surrounding <billfront-portal>.
 */
export class PortalElement extends BillfrontElement {
  static override properties: PropertyDeclarations = {
    api: { type: String },
    session: { type: String },
    locale: { type: String },
    fetchSession: { attribute: false },
    flow: { type: String },
    flowSubject: { type: String, attribute: "flow-subject" },
  };

  /** Base URL of the Billfront BFF when used without `<billfront-portal>`. */
  declare api: string | undefined;
  /** Portal session token when used without `<billfront-portal>`. */
  declare session: string | undefined;
  /** BCP 47 locale; overrides the portal's and the page's. */
  declare locale: string | undefined;
  /** Returns a Promise of a new session token when this element's own session expires (without `<billfront-portal>`). */
  declare fetchSession: FetchSession | undefined;
  /** A5: open straight at one step (see `<billfront-portal flow>`); overrides the portal's. */
  declare flow: string | undefined;
  /** The invoice or subscription id the flow is about. */
  declare flowSubject: string | undefined;

  /** The resolved address, session, locale and client. */
  protected readonly connection = new PortalConnection(this);

  /** What the element shows once its session is over (expired and not renewed, revoked, signed out); undefined while it is live. */
  /** Tells the page a call failed (`billfront-error`), in the element's language. */
  protected reportError(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.connection.locale));
  }

  /** Moves focus to `selector` in the element once it has rendered (after a submit: never to `<body>`). */
  protected focusAfterRender(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  protected renderSessionEnded() {
    const ended = this.connection.ended;
    if (!ended) return undefined;
    const t = messagesFor(this.connection.locale);
    return html`<p role="alert" part="session-ended">${t.errors[ended] ?? t.errors.session_expired}</p>`;
  }
}

import type { PropertyDeclarations } from "lit";
import { BillfrontElement } from "./base.ts";
import { PortalConnection } from "./portal-connection.ts";

/**
 * Base of the elements that talk to the portal API: `api`, `session` and
 * `locale` attributes of their own, or those of the surrounding <billfront-portal>.
 */
export class PortalElement extends BillfrontElement {
  static override properties: PropertyDeclarations = {
    api: { type: String },
    session: { type: String },
    locale: { type: String },
  };

  /** Base URL of the Billfront BFF when used without `<billfront-portal>`. */
  declare api: string | undefined;
  /** Portal session token when used without `<billfront-portal>`. */
  declare session: string | undefined;
  /** BCP 47 locale; overrides the portal's and the page's. */
  declare locale: string | undefined;

  /** The resolved address, session, locale and client. */
  protected readonly connection = new PortalConnection(this);
}

import { createContext } from "@lit/context";
import type { PortalClient } from "./client.ts";
import type { SessionEnd } from "./session.ts";

/**
 * Where the portal opens (A5): a session flow (`update_card`, `pay_invoice`,
 * `cancel_subscription`, `change_plan`, `open_ticket`, `orders`) and the id it
 * is about. `limited`: the session may do only that (an action link's session).
 */
export interface DeepLink {
  flow: string;
  subject: string | undefined;
  limited: boolean;
}

/** What <billfront-portal> gives every Billfront element inside it. */
export interface PortalConfig {
  api: string;
  session: string;
  locale: string | undefined;
  client: PortalClient;
  deepLink: DeepLink | undefined;
  /** Set once the session is over (expired and not renewed, revoked, signed out). */
  ended: SessionEnd | undefined;
}

// Symbol.for: one key even if two copies of the bundle end up on a page.
export const portalContext = createContext<PortalConfig | undefined>(Symbol.for("billfront-portal"));

import { createContext } from "@lit/context";
import type { PortalClient } from "./client.ts";

/** What <billfront-portal> gives every Billfront element inside it. */
export interface PortalConfig {
  api: string;
  session: string;
  locale: string | undefined;
  client: PortalClient;
}

// Symbol.for: one key even if two copies of the bundle end up on a page.
export const portalContext = createContext<PortalConfig | undefined>(Symbol.for("billfront-portal"));

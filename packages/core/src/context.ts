import type { Clock } from "./clock.ts";
import type { Database } from "./db/open.ts";

/** What every core operation is given: where the data is and what time it is. */
export interface CoreContext {
  db: Database;
  clock: Clock;
}

/** Who a portal call acts for: always one customer of one merchant. */
export interface PortalScope {
  merchantId: string;
  customerId: string;
}

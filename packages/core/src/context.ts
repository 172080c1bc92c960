import type { Clock } from "./clock.ts";
import type { Database } from "./db/open.ts";
import type { PaymentGateway } from "./payments/gateway.ts";

/** What every core operation is given: where the data is, what time it is, and who moves money. */
export interface CoreContext {
  db: Database;
  clock: Clock;
  gateway: PaymentGateway;
}

/** Who a portal call acts for: always one customer of one merchant. */
export interface PortalScope {
  merchantId: string;
  customerId: string;
}

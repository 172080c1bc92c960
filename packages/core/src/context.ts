import type { Clock } from "./clock.ts";
import type { SecretBox } from "./crypto/secret-box.ts";
import type { Database } from "./db/open.ts";
import type { PaymentGateway } from "./payments/gateway.ts";

/** What every core operation is given: where the data is, what time it is, and who moves money. */
export interface CoreContext {
  db: Database;
  clock: Clock;
  gateway: PaymentGateway;
  /** Encryption at rest and keyed hashes from `BILLFRONT_SECRET`; operations that need it refuse to run without it. */
  secrets?: SecretBox | undefined;
}

/** The context's secret box, or a readable error naming the missing configuration. */
export function secretsOf(ctx: CoreContext): SecretBox {
  if (!ctx.secrets) throw new Error("BILLFRONT_SECRET is not configured: sign-in codes, MFA and signing keys need it.");
  return ctx.secrets;
}

/** Who a portal call acts for: always one customer of one merchant. */
export interface PortalScope {
  merchantId: string;
  customerId: string;
}

import { executeServerCommand } from "@web/test-runner-commands";

export interface Fixture {
  api: string;
  session: string;
  merchantId: string;
  customerId: string;
}

/** A fresh merchant allowing this page's origin, one customer with the given paid orders, and a real session. */
export function fixture(options: { orders?: { description: string; unitAmount: number; currency?: string; quantity?: number; placedAt?: string }[]; ttlSeconds?: number } = {}): Promise<Fixture> {
  return executeServerCommand<Fixture, unknown>("billfront-fixture", { origin: location.origin, ...options }) as Promise<Fixture>;
}

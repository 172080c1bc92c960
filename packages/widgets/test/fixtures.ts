import { executeServerCommand } from "@web/test-runner-commands";

export interface FixtureOrder {
  description: string;
  unitAmount: number;
  currency?: string;
  quantity?: number;
  placedAt?: string;
  type?: "one_time" | "recurring" | "instalment";
  state?: "open" | "active" | "cancelled" | "paused" | "trialing";
  taxes?: { description: string; rateBps: number }[];
  /** Gives the order a product with this refund period (R5). */
  refundPeriodDays?: number | null;
  /** Payment attempts on the order's invoice, in turn; default one approved payment. */
  attempts?: ("approved" | "declined")[];
}

export interface Fixture {
  api: string;
  session: string;
  merchantId: string;
  customerId: string;
  orders: { orderId: string; number: string; invoiceId: string; invoiceNumber: string; payments: string[] }[];
}

/** A fresh merchant allowing this page's origin, one customer with the given orders, and a real session. */
export function fixture(
  options: { orders?: FixtureOrder[]; cards?: string[]; settings?: Record<string, unknown>; departments?: { name: string; paid?: boolean }[]; incidents?: number; incidentPackages?: { name: string; incidents: number; prices: { name: string; amount: number; interval?: "month" | "year"; intervalCount?: number }[] }[]; ttlSeconds?: number } = {},
): Promise<Fixture> {
  return executeServerCommand<Fixture, unknown>("billfront-fixture", { origin: location.origin, ...options }) as Promise<Fixture>;
}

/** Staff answer a ticket, as the merchant's support team would. */
export function staffReply(merchantId: string, ticketId: string, body: string): Promise<unknown> {
  return executeServerCommand("billfront-staff-reply", { merchantId, ticketId, body });
}

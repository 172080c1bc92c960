import { fixture as render } from "@open-wc/testing";
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
  /** An instalment plan's number of instalments (at least 2). */
  instalmentCount?: number;
  /** Payment attempts on the order's invoice, in turn; default one approved payment. */
  attempts?: ("approved" | "declined")[];
}

/** A plan price (monthly EUR unless told otherwise). */
export interface FixturePrice {
  name: string;
  amount: number;
  interval?: "day" | "week" | "month" | "year";
  intervalCount?: number;
  trialDays?: number;
  minQuantity?: number;
  maxQuantity?: number;
}

/** A product with a plan the customer subscribes to, the plans it may switch to and its addons. */
export interface FixtureSubscription {
  product: string;
  plan: FixturePrice;
  switchTo?: FixturePrice[];
  addons?: FixturePrice[];
  quantity?: number;
  /** Assign the customer's first card to the subscription (S7). */
  assignCard?: boolean;
}

export interface Fixture {
  api: string;
  session: string;
  merchantId: string;
  customerId: string;
  orders: { orderId: string; number: string; invoiceId: string; invoiceNumber: string; payments: string[] }[];
  subscriptions: { id: string; orderId: string; planId: string; switchTo: string[]; addons: string[] }[];
  /** Coupon ids by code. */
  coupons: Record<string, string>;
  /** The price ids of `plans`, in order. */
  plans: string[];
}

/** Options of {@link fixture}. */
export interface FixtureOptions {
  orders?: FixtureOrder[];
  cards?: string[];
  settings?: Record<string, unknown>;
  departments?: { name: string; paid?: boolean }[];
  incidents?: number;
  incidentPackages?: { name: string; incidents: number; prices: { name: string; amount: number; interval?: "month" | "year"; intervalCount?: number }[] }[];
  ttlSeconds?: number;
  /** Subscriptions of the customer, started after the cards are added (S1–S7). */
  subscriptions?: FixtureSubscription[];
  coupons?: { code: string; name: string; percentOffBps: number; duration: "once" | "repeating" | "forever"; durationCycles?: number }[];
  /** The code of one of `coupons` the shop offers before a cancellation (A1). */
  retentionCoupon?: string;
  /** Puts the customer on a test clock frozen at this instant before anything is created (A10). */
  clock?: string;
  /** Lets customers manage only these addons (indexes into the first subscription's `addons`), P6 "addons per addon". */
  allowAddons?: number[];
  /** Products whose plans (monthly EUR unless told) the customer may start (A6; set `newSubscriptions` too). */
  plans?: { product: string; description?: string; prices: FixturePrice[] }[];
  /** Moves that clock forward after the subscriptions started. */
  advanceClockTo?: string;
  /** The shop's IANA time zone (default UTC): dates are shown on its calendar. */
  timeZone?: string;
}

/** A fresh merchant allowing this page's origin, one customer with the given orders, and a real session. */
export function fixture(options: FixtureOptions = {}): Promise<Fixture> {
  return executeServerCommand<Fixture, unknown>("billfront-fixture", { origin: location.origin, ...options }) as Promise<Fixture>;
}

/** A new session for the fixture's customer, as the merchant's server mints it: seconds of life, or a deep-link flow (A5). */
export async function mintSession(
  f: Pick<Fixture, "merchantId" | "customerId">,
  options?: number | { flow?: string; flowSubjectId?: string; limited?: boolean },
): Promise<string> {
  const minted = (await executeServerCommand("billfront-mint-session", { merchantId: f.merchantId, customerId: f.customerId, options })) as { token: string };
  return minted.token;
}

/** Staff answer a ticket, as the merchant's support team would. */
export function staffReply(merchantId: string, ticketId: string, body: string): Promise<unknown> {
  return executeServerCommand("billfront-staff-reply", { merchantId, ticketId, body });
}

/** The newest e-mail this merchant queued to an address (optionally of one template), as the recipient would read it. */
export function lastEmail(merchantId: string, to: string, template?: string): Promise<{ subject: string; body: string } | null> {
  return executeServerCommand("billfront-last-email", { merchantId, to, template }) as Promise<{ subject: string; body: string } | null>;
}

/** Saves a screenshot (of `element`, a CSS selector, or the full page) as `<name>.png` when BILLFRONT_SCREENSHOTS names a folder; otherwise does nothing. */
export function screenshot(name: string, element?: string): Promise<unknown> {
  return executeServerCommand("billfront-screenshot", { name, ...(element ? { element } : {}) });
}

/** Renders a template whose element may be a lazy chunk (W7): waits until it is defined and has rendered. */
export async function mount<T extends HTMLElement>(template: Parameters<typeof render>[0]): Promise<T> {
  const el = await render<T>(template);
  await customElements.whenDefined(el.localName);
  await (el as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  return el;
}

/** A GET on the shop's own API with its secret key, as the merchant's server makes it. */
export function merchantGet(merchantId: string, path: string): Promise<{ status: number; body: any }> {
  return executeServerCommand("billfront-merchant-get", { merchantId, path }) as Promise<{ status: number; body: any }>;
}

/** Another customer of the same shop, with a session of their own. */
export function otherCustomer(merchantId: string): Promise<{ customerId: string; session: string }> {
  return executeServerCommand("billfront-other-customer", { merchantId }) as Promise<{ customerId: string; session: string }>;
}

/** A staff member of the fixture's shop (M1): their id, e-mail and the token the console takes (`token` attribute). */
export function staffUser(merchantId: string, role: "agent" | "admin", email?: string): Promise<{ id: string; email: string; role: string; token: string }> {
  return executeServerCommand("billfront-staff-user", { merchantId, role, ...(email ? { email } : {}) }) as Promise<{ id: string; email: string; role: string; token: string }>;
}

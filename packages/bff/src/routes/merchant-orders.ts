import { apiTime } from "../http/time-schema.ts";
import { createOrder, amountSchema, currencyCodeSchema } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import { signCustomerToken } from "../auth/link-token.ts";
import { linkUrl } from "../pages/links-page.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";

/** How long a payment link stays valid. */
export const PAYMENT_LINK_TTL_SECONDS = 7 * 24 * 3600;

const createOrderBody = z.strictObject({
  customer: z.string().min(1).max(64),
  type: z.enum(["one_time", "recurring", "instalment"]),
  currency: currencyCodeSchema,
  items: z
    .array(z.strictObject({ description: z.string().min(1).max(300), quantity: z.number().int().min(1).max(100_000), unit_amount: amountSchema, product: z.string().max(64).optional() }))
    .min(1)
    .max(100),
  taxes: z.array(z.strictObject({ description: z.string().min(1).max(100), rate_bps: z.number().int().min(0).max(10_000) })).max(10).optional(),
  instalment_count: z.number().int().min(2).max(120).optional(),
  next_billing_at: apiTime.optional(),
  /** Recurring and instalment orders: how often the billing run charges them (default every month). */
  interval: z.strictObject({ unit: z.enum(["day", "week", "month", "year"]), count: z.number().int().min(1).max(36).default(1) }).optional(),
  /** The customer's saved card the billing run charges; else their default card. */
  payment_method: z.string().min(1).max(64).optional(),
  /** Also e-mail the customer the payment link ("pay order"); the e-mail's link is signed when it is sent. */
  email_payment_link: z.boolean().optional(),
  /** What the hosted checkout does (one-time orders): charge (default), only save a card, or authorise the amount for a later capture. */
  checkout: z.enum(["charge", "card_only", "pre_authorize"]).optional(),
});

/** A hosted-checkout link that pays one order's open invoice (O7). */
export async function signPaymentLink(deps: AppDeps, input: { merchantId: string; customerId: string; orderId: string }): Promise<{ url: string; expiresAt: Date }> {
  const link = await signCustomerToken(deps.keys, deps.core, deps.publicUrl, {
    kind: "checkout",
    merchantId: input.merchantId,
    customerId: input.customerId,
    ttlSeconds: PAYMENT_LINK_TTL_SECONDS,
    extra: { oid: input.orderId },
  });
  // The token rides in the fragment of the scanner-safe confirm page (P2).
  return { url: linkUrl(deps, link.token), expiresAt: link.expiresAt };
}

/** Merchant API: place an order and get a payment link for it (O7). */
export function merchantOrderRoutes(deps: AppDeps) {
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  return new Hono().post("/orders", doc({ summary: "Place an order and get its payment link", tag: "Orders", status: 201 }), merchantAuth(deps), once, validate("json", createOrderBody), async (c) => {
    const body = c.req.valid("json");
    const merchantId = c.var.merchant.id;
    // The order and its first invoice commit together: never an order without the invoice its payment link pays.
    const order = await createOrder(
      deps.core,
      merchantId,
      {
        customerId: body.customer,
        type: body.type,
        currency: body.currency,
        items: body.items.map((i) => ({ description: i.description, quantity: i.quantity, unitAmount: i.unit_amount, ...(i.product ? { productId: i.product } : {}) })),
        taxes: (body.taxes ?? []).map((t) => ({ description: t.description, rateBps: t.rate_bps })),
        ...(body.instalment_count ? { instalmentCount: body.instalment_count } : {}),
        ...(body.next_billing_at ? { nextBillingAt: body.next_billing_at } : {}),
        ...(body.interval ? { interval: body.interval } : {}),
        ...(body.payment_method ? { paymentMethodId: body.payment_method } : {}),
        ...(body.checkout ? { checkout: body.checkout } : {}),
      },
      // Due at once, on the customer's clock (a test clock's, in a sandbox); with `email_payment_link` the customer is sent the link too.
      { invoice: { emailPaymentLink: body.email_payment_link ?? false } },
    );
    const invoice = order.invoice;
    const link = await signPaymentLink(deps, { merchantId, customerId: body.customer, orderId: order.id });
    return c.json(
      {
        order: { id: order.id, number: order.number },
        invoice,
        payment_link: link.url,
        payment_link_expires_at: link.expiresAt.toISOString(),
      },
      201,
    );
  });
}

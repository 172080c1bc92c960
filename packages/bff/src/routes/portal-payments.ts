import { addCard, assignPaymentMethod, chargeInvoice, chargeInvoices, getBalances, listPaymentMethods, removePaymentMethod, setDefaultPaymentMethod, topUpBalance, currencyCodeSchema, positiveAmountSchema } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { portalAuth } from "../auth/portal-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { rateLimits } from "../http/rate-limits.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });

/** Portal API: saved cards (R1), paying an open invoice (O6), account credit and top-ups (R6, A7). Cards are added only through the card form. */
export function portalPaymentRoutes(deps: AppDeps) {
  const once = idempotent(deps, (c) => ({ merchantId: c.var.portal.merchantId, caller: `customer:${c.var.portal.customerId}` }));
  return new Hono()
    .get("/payment_methods", doc({ summary: "List the customer's saved payment methods", tag: "Portal" }), async (c) => c.json({ data: await listPaymentMethods(deps.core, c.var.portal) }))
    .post("/payment_methods/:id/default", doc({ summary: "Make a payment method the default", tag: "Portal" }), validate("param", idParam), async (c) => {
      await setDefaultPaymentMethod(deps.core, c.var.portal, c.req.valid("param").id);
      return c.json({ data: await listPaymentMethods(deps.core, c.var.portal) });
    })
    .delete("/payment_methods/:id", doc({ summary: "Remove a payment method", tag: "Portal" }), validate("param", idParam), async (c) => {
      await removePaymentMethod(deps.core, c.var.portal, c.req.valid("param").id);
      return c.json({ data: await listPaymentMethods(deps.core, c.var.portal) });
    })
    .put(
      "/orders/:id/payment_method",
      doc({ summary: "Choose the payment method an order is charged to", tag: "Portal" }),
      validate("param", idParam),
      validate("json", z.strictObject({ payment_method: z.string().min(1).max(64) })),
      async (c) => {
        await assignPaymentMethod(deps.core, c.var.portal, { orderId: c.req.valid("param").id, paymentMethodId: c.req.valid("json").payment_method });
        return c.json({ data: await listPaymentMethods(deps.core, c.var.portal) });
      },
    )
    .get("/balance", doc({ summary: "Get the customer's account balance per currency", tag: "Portal" }), async (c) => c.json({ data: await getBalances(deps.core, c.var.portal) }))
    .post(
      "/balance/top_ups",
      doc({ summary: "Top up the account balance", tag: "Portal", status: 201 }),
      once,
      validate("json", z.strictObject({ amount: positiveAmountSchema, currency: currencyCodeSchema, payment_method: z.string().min(1).max(64).optional() })),
      async (c) => {
        const body = c.req.valid("json");
        const result = await topUpBalance(deps.core, c.var.portal, {
          amount: body.amount,
          currency: body.currency,
          paymentMethodId: body.payment_method,
          idempotencyKey: c.req.header("Idempotency-Key")!,
        });
        return c.json(result, 201);
      },
    )
    .post(
      "/invoices/pay",
      doc({ summary: "Pay several open invoices at once", tag: "Portal", status: 201 }),
      once,
      validate("json", z.strictObject({ invoices: z.array(z.string().min(1).max(64)).min(1).max(50), payment_method: z.string().min(1).max(64).optional() })),
      async (c) => {
        const body = c.req.valid("json");
        const result = await chargeInvoices(deps.core, c.var.portal, {
          invoiceIds: body.invoices,
          paymentMethodId: body.payment_method,
          idempotencyKey: c.req.header("Idempotency-Key")!,
        });
        return c.json(result, 201);
      },
    )
    .post(
      "/invoices/:id/pay",
      doc({ summary: "Pay an open invoice", tag: "Portal", status: 201 }),
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ payment_method: z.string().min(1).max(64).optional() })),
      async (c) => {
        const { checkoutOrderId, ...scope } = c.var.portal;
        const result = await chargeInvoice(deps.core, scope, {
          invoiceId: c.req.valid("param").id,
          onlyOrderId: checkoutOrderId,
          paymentMethodId: c.req.valid("json").payment_method,
          idempotencyKey: c.req.header("Idempotency-Key")!,
        });
        return c.json(result, 201);
      },
    );
}

/** The card form's own endpoint: same origin as the form, never called by the merchant's page. */
export function cardFormApi(deps: AppDeps) {
  const cardBody = z.strictObject({
    number: z.string().min(12).max(23),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    cvc: z.string().min(3).max(4),
    make_default: z.boolean().optional(),
    save: z.boolean().optional(),
  });
  const limits = rateLimits(deps);
  return new Hono().use(portalAuth(deps)).post("/cards", doc({ summary: "Add a card (the hosted card form's own endpoint)", tag: "Portal", status: 201 }), validate("json", cardBody), async (c) => {
    const body = c.req.valid("json");
    // Card testing: a session may try 5 cards an hour, a customer 20 a day, whatever the outcome.
    await limits.consume("cardsPerSession", c.var.portal.sessionId);
    await limits.consume("cardsPerCustomer", `${c.var.portal.merchantId}:${c.var.portal.customerId}`);
    const method = await addCard(
      deps.core,
      c.var.portal,
      { number: body.number, expMonth: body.exp_month, expYear: body.exp_year, cvc: body.cvc },
      { makeDefault: body.make_default ?? false, save: body.save ?? true },
    );
    return c.json(method, 201);
  });
}

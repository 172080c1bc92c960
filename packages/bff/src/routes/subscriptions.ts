import { apiTime } from "../http/time-schema.ts";
import {
  activateTrial,
  advanceTestClock,
  attachCustomerToTestClock,
  cancelSubscription,
  changeBillingDate,
  changePricePoint,
  changeSubscription,
  createSubscription,
  createTestClock,
  editPauseSchedule,
  extendTrial,
  forceBillNow,
  getOrderSubscription,
  getStaffSubscription,
  getSubscription,
  getTestClock,
  listTestClocks,
  manageSubscriptionAddon,
  manageSubscriptionCoupon,
  manageTrial,
  pauseSubscription,
  previewStaffSubscriptionAction,
  previewSubscriptionChange,
  reactivateSubscription,
  removeScheduledCancellation,
  removeSubscriptionPaymentMethod,
  requireAdmin,
  resumeSubscription,
  runBilling,
  setSubscriptionAutocharge,
  skipNextPayment,
  startSubscription,
  undoScheduledChange,
} from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { billingLinks } from "../pages/links-page.ts";
import { pageOnlyQuery } from "./list-query.ts";

const id = z.string().min(1).max(64);
const idParam = z.object({ id });
const date = apiTime;
const quantity = z.number().int().min(1).max(100_000);
const change = { price: id.optional(), quantity: quantity.optional() };

/** Portal: the customer's subscriptions (S1–S7, A1, A2, A6). Every action is checked against the shop's settings in core. */
export function portalSubscriptionRoutes(deps: AppDeps) {
  const once = idempotent(deps, (c) => ({ merchantId: c.var.portal.merchantId, caller: `customer:${c.var.portal.customerId}` }));
  const links = billingLinks(deps);
  const subId = (c: { req: { param: (name: "id") => string } }) => c.req.param("id");
  return new Hono()
    .get("/orders/:id/subscription", doc({ summary: "Get an order's subscription", tag: "Portal subscriptions" }), validate("param", idParam), async (c) => c.json(await getOrderSubscription(deps.core, c.var.portal, c.req.valid("param").id)))
    .get("/subscriptions/:id", doc({ summary: "Get a subscription with its actions", tag: "Portal subscriptions" }), validate("param", idParam), async (c) => c.json(await getSubscription(deps.core, c.var.portal, c.req.valid("param").id)))
    .post(
      "/subscriptions",
      doc({ summary: "Start a subscription", tag: "Portal subscriptions", status: 201 }),
      once,
      validate("json", z.strictObject({ price: id, quantity: quantity.optional(), addons: z.array(z.strictObject({ price: id, quantity: quantity.optional() })).max(20).optional(), coupon: z.string().max(40).optional(), payment_method: id.optional() })),
      async (c) => {
        const input = c.req.valid("json");
        // A declined first charge answers 402 `subscription_payment_declined` and leaves nothing running.
        const created = await startSubscription(
          deps.core,
          c.var.portal,
          {
            pricePointId: input.price,
            quantity: input.quantity,
            addons: input.addons?.map((a) => ({ pricePointId: a.price, quantity: a.quantity })),
            couponCode: input.coupon,
            paymentMethodId: input.payment_method,
            idempotencyKey: c.req.header("Idempotency-Key")!,
          },
          links,
        );
        return c.json(await getSubscription(deps.core, c.var.portal, created.subscription_id), 201);
      },
    )
    .post(
      "/subscriptions/:id/cancel",
      doc({ summary: "Cancel a subscription", tag: "Portal subscriptions" }),
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ when: z.enum(["now", "end_of_term"]), reason: z.string().max(500).optional(), accept_retention_offer: z.boolean().optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(await cancelSubscription(deps.core, c.var.portal, { subscriptionId: subId(c), when: input.when, reason: input.reason, acceptRetentionOffer: input.accept_retention_offer }));
      },
    )
    .delete("/subscriptions/:id/scheduled_cancellation", doc({ summary: "Remove a scheduled cancellation", tag: "Portal subscriptions" }), validate("param", idParam), async (c) => c.json(await removeScheduledCancellation(deps.core, c.var.portal, { subscriptionId: subId(c) })))
    .post("/subscriptions/:id/reactivate", doc({ summary: "Reactivate a cancelled subscription", tag: "Portal subscriptions" }), once, validate("param", idParam), async (c) => c.json(await reactivateSubscription(deps.core, c.var.portal, { subscriptionId: subId(c) }, links)))
    .post("/subscriptions/:id/pause", doc({ summary: "Pause a subscription (now or at a date)", tag: "Portal subscriptions" }), validate("param", idParam), validate("json", z.strictObject({ at: date.optional(), resume_at: date.optional() })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await pauseSubscription(deps.core, c.var.portal, { subscriptionId: subId(c), at: input.at, resumeAt: input.resume_at }));
    })
    .post("/subscriptions/:id/resume", doc({ summary: "Resume a paused subscription", tag: "Portal subscriptions" }), once, validate("param", idParam), validate("json", z.strictObject({ at: date.optional() })), async (c) => {
      return c.json(await resumeSubscription(deps.core, c.var.portal, { subscriptionId: subId(c), at: c.req.valid("json").at }, links));
    })
    .put("/subscriptions/:id/pause_schedule", doc({ summary: "Change a scheduled pause or resume", tag: "Portal subscriptions" }), validate("param", idParam), validate("json", z.strictObject({ pause_at: date.nullable().optional(), resume_at: date.nullable().optional() })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await editPauseSchedule(deps.core, c.var.portal, { subscriptionId: subId(c), pauseAt: input.pause_at, resumeAt: input.resume_at }));
    })
    .post("/subscriptions/:id/trial/extend", doc({ summary: "Extend the trial", tag: "Portal subscriptions" }), validate("param", idParam), async (c) => c.json(await extendTrial(deps.core, c.var.portal, { subscriptionId: subId(c) })))
    .post("/subscriptions/:id/trial/activate", doc({ summary: "End the trial now and start paying", tag: "Portal subscriptions" }), once, validate("param", idParam), async (c) => c.json(await activateTrial(deps.core, c.var.portal, { subscriptionId: subId(c) }, links)))
    .post("/subscriptions/:id/change/preview", doc({ summary: "Preview a plan or quantity change", tag: "Portal subscriptions" }), validate("param", idParam), validate("json", z.strictObject(change)), async (c) => {
      const input = c.req.valid("json");
      return c.json(await previewSubscriptionChange(deps.core, c.var.portal, { subscriptionId: subId(c), pricePointId: input.price, quantity: input.quantity }));
    })
    .post(
      "/subscriptions/:id/change",
      doc({ summary: "Change plan or quantity", tag: "Portal subscriptions" }),
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ ...change, when: z.enum(["now", "end_of_term"]), proration_date: date.optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(await changeSubscription(deps.core, c.var.portal, { subscriptionId: subId(c), pricePointId: input.price, quantity: input.quantity, when: input.when, prorationDate: input.proration_date }, links));
      },
    )
    .delete("/subscriptions/:id/scheduled_change", doc({ summary: "Undo a scheduled plan change", tag: "Portal subscriptions" }), validate("param", idParam), async (c) => c.json(await undoScheduledChange(deps.core, c.var.portal, { subscriptionId: subId(c) })))
    .post("/subscriptions/:id/addons", doc({ summary: "Add an add-on", tag: "Portal subscriptions", status: 201 }), validate("param", idParam), validate("json", z.strictObject({ price: id, quantity: quantity.optional() })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await manageSubscriptionAddon(deps.core, c.var.portal, { subscriptionId: subId(c), op: "add", pricePointId: input.price, quantity: input.quantity }), 201);
    })
    .patch("/subscriptions/:id/addons/:addon", doc({ summary: "Change an add-on's quantity", tag: "Portal subscriptions" }), validate("param", idParam.extend({ addon: id })), validate("json", z.strictObject({ quantity })), async (c) => {
      return c.json(await manageSubscriptionAddon(deps.core, c.var.portal, { subscriptionId: subId(c), op: "update", addonId: c.req.valid("param").addon, quantity: c.req.valid("json").quantity }));
    })
    .delete("/subscriptions/:id/addons/:addon", doc({ summary: "Remove an add-on", tag: "Portal subscriptions" }), validate("param", idParam.extend({ addon: id })), async (c) => {
      return c.json(await manageSubscriptionAddon(deps.core, c.var.portal, { subscriptionId: subId(c), op: "remove", addonId: c.req.valid("param").addon }));
    })
    .post("/subscriptions/:id/coupons", doc({ summary: "Apply a coupon", tag: "Portal subscriptions", status: 201 }), validate("param", idParam), validate("json", z.strictObject({ code: z.string().min(1).max(40) })), async (c) => {
      return c.json(await manageSubscriptionCoupon(deps.core, c.var.portal, { subscriptionId: subId(c), op: "apply", code: c.req.valid("json").code }), 201);
    })
    .delete("/subscriptions/:id/coupons/:applied", doc({ summary: "Remove an applied coupon", tag: "Portal subscriptions" }), validate("param", idParam.extend({ applied: id })), async (c) => {
      return c.json(await manageSubscriptionCoupon(deps.core, c.var.portal, { subscriptionId: subId(c), op: "remove", appliedId: c.req.valid("param").applied }));
    })
    .put("/subscriptions/:id/autocharge", doc({ summary: "Turn automatic charging on or off", tag: "Portal subscriptions" }), validate("param", idParam), validate("json", z.strictObject({ on: z.boolean() })), async (c) => {
      return c.json(await setSubscriptionAutocharge(deps.core, c.var.portal, { subscriptionId: subId(c), on: c.req.valid("json").on }));
    })
    .delete("/subscriptions/:id/payment_method", doc({ summary: "Remove the subscription's own payment method", tag: "Portal subscriptions" }), validate("param", idParam), async (c) => c.json(await removeSubscriptionPaymentMethod(deps.core, c.var.portal, { subscriptionId: subId(c) })));
}

/** Merchant API: start subscriptions, staff operations (S8, S4), test clocks (A10) and a billing run on demand. */
export function merchantSubscriptionRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  const links = billingLinks(deps);
  return new Hono()
    .post(
      "/subscriptions",
      doc({ summary: "Create a subscription for a customer", tag: "Subscriptions", status: 201 }),
      authenticated,
      once,
      validate(
        "json",
        z.strictObject({
          customer: id,
          price: id,
          quantity: quantity.optional(),
          addons: z.array(z.strictObject({ price: id, quantity: quantity.optional() })).max(20).optional(),
          coupon: z.string().max(40).optional(),
          payment_method: id.optional(),
          skip_trial: z.boolean().optional(),
        }),
      ),
      async (c) => {
        const input = c.req.valid("json");
        const created = await createSubscription(
          deps.core,
          c.var.merchant.id,
          {
            customerId: input.customer,
            pricePointId: input.price,
            quantity: input.quantity,
            addons: input.addons?.map((a) => ({ pricePointId: a.price, quantity: a.quantity })),
            couponCode: input.coupon,
            paymentMethodId: input.payment_method,
            skipTrial: input.skip_trial,
          },
          links,
        );
        return c.json(await getStaffSubscription(deps.core, c.var.merchant.id, created.id), 201);
      },
    )
    .get("/subscriptions/:id", doc({ summary: "Get a subscription", tag: "Subscriptions" }), authenticated, validate("param", idParam), async (c) => c.json(await getStaffSubscription(deps.core, c.var.merchant.id, c.req.valid("param").id)))
    .post(
      "/subscriptions/:id/preview",
      doc({ summary: "Preview what a staff operation would charge and when (changes nothing)", tag: "Subscriptions" }),
      authenticated,
      validate("param", idParam),
      validate(
        "json",
        z.strictObject({
          action: z.enum(["restart_trial", "skip_trial", "stop_trial", "change_price", "change_billing_date", "skip_payment", "unskip_payment", "bill_now", "cancel", "pause", "resume"]),
          date: date.optional(),
          resume_at: date.optional(),
          days: z.number().int().min(1).max(730).optional(),
          price: id.optional(),
          quantity: quantity.optional(),
          at: z.enum(["now", "end_of_term"]).optional(),
        }),
      ),
      async (c) => {
        const b = c.req.valid("json");
        return c.json(
          await previewStaffSubscriptionAction(deps.core, c.var.merchant.id, {
            subscriptionId: c.req.valid("param").id,
            action: b.action,
            date: b.date,
            resumeAt: b.resume_at,
            days: b.days,
            pricePointId: b.price,
            quantity: b.quantity,
            at: b.at,
          }),
        );
      },
    )
    .post("/subscriptions/:id/billing_date", doc({ summary: "Move the next billing date", tag: "Subscriptions" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ date })), async (c) => {
      return c.json(await changeBillingDate(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, date: c.req.valid("json").date }, links));
    })
    .post("/subscriptions/:id/bill_now", doc({ summary: "Bill a subscription now", tag: "Subscriptions" }), authenticated, once, validate("param", idParam), async (c) => c.json(await forceBillNow(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, idempotencyKey: c.req.header("Idempotency-Key")! }, links)))
    .post("/subscriptions/:id/skip_next_payment", doc({ summary: "Skip (or un-skip) the next payment", tag: "Subscriptions" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ skip: z.boolean() })), async (c) => {
      return c.json(await skipNextPayment(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, skip: c.req.valid("json").skip }));
    })
    .post(
      "/subscriptions/:id/trial",
      doc({ summary: "Restart, skip or stop a trial", tag: "Subscriptions" }),
      authenticated,
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ action: z.enum(["restart", "skip", "stop"]), days: z.number().int().min(1).max(730).optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(await manageTrial(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, action: input.action, days: input.days }, links));
      },
    )
    .put("/subscriptions/:id/price", doc({ summary: "Change a subscription's price", tag: "Subscriptions" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ price: id, quantity: quantity.optional() })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await changePricePoint(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, pricePointId: input.price, quantity: input.quantity }));
    })
    .post("/test_clocks", doc({ summary: "Create a test clock (sandbox)", tag: "Subscriptions", status: 201 }), authenticated, validate("json", z.strictObject({ name: z.string().min(1).max(100), frozen_at: date })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await createTestClock(deps.core, c.var.merchant.id, { name: input.name, frozenAt: input.frozen_at }), 201);
    })
    .get("/test_clocks", doc({ summary: "List test clocks (sandbox)", tag: "Subscriptions" }), authenticated, validate("query", pageOnlyQuery), async (c) => c.json(await listTestClocks(deps.core, c.var.merchant.id, c.req.valid("query"))))
    .get("/test_clocks/:id", doc({ summary: "Get a test clock", tag: "Subscriptions" }), authenticated, validate("param", idParam), async (c) => c.json(await getTestClock(deps.core, c.var.merchant.id, c.req.valid("param").id)))
    .post("/test_clocks/:id/customers", doc({ summary: "Attach a customer to a test clock", tag: "Subscriptions", status: 201 }), authenticated, validate("param", idParam), validate("json", z.strictObject({ customer: id })), async (c) => {
      await attachCustomerToTestClock(deps.core, c.var.merchant.id, { clockId: c.req.valid("param").id, customerId: c.req.valid("json").customer });
      return c.json({ clock: c.req.valid("param").id, customer: c.req.valid("json").customer }, 201);
    })
    .post("/test_clocks/:id/advance", doc({ summary: "Advance a test clock (runs what falls due)", tag: "Subscriptions" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ to: date })), async (c) => {
      return c.json(await advanceTestClock(deps.core, c.var.merchant.id, { clockId: c.req.valid("param").id, to: c.req.valid("json").to }, links));
    })
    // Running billing moves money for every due customer: the secret key or an admin, never an agent, and only the caller's merchant.
    .post("/billing_runs", doc({ summary: "Run billing now for every due subscription (admins)", tag: "Subscriptions" }), authenticated, async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await runBilling(deps.core, { merchantId: c.var.merchant.id, links }));
    });
}

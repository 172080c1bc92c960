import {
  addCard,
  cancelSubscription,
  changeSubscription,
  createCoupon,
  createDepartment,
  createPricePoint,
  createProduct,
  createSubscription,
  getSubscription,
  listBillingHistory,
  pauseSubscription,
  schema,
  setMerchantSettings,
  type CreatePricePointInput,
} from "@billfront/core/server";
import { placeBilledOrder } from "@billfront/core/testing";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

type MerchantSettings = Parameters<typeof setMerchantSettings>[2];

/** What the customer has when a case starts: a subscription in some state, or invoices, payments and documents. */
type Subject =
  | "active"
  | "trialing"
  | "cancel_scheduled"
  | "cancelled"
  | "paused"
  | "pause_scheduled"
  | "pending_change"
  | "card_assigned"
  | "with_addon"
  | "open_invoice"
  | "two_open_invoices"
  | "pending_payment"
  | "paid_order"
  | "credit_note";

interface Probe {
  method: string;
  path: string;
  body?: unknown;
}

/**
 * One row of the settings matrix (P6): the route a setting governs refuses
 * with `code` under `refusedWith` and changes nothing, and works under `allowedWith`.
 */
interface MatrixCase {
  setting: string;
  subject: Subject;
  refusedWith: MerchantSettings;
  allowedWith: MerchantSettings;
  probe: (s: Arranged) => Probe;
  code: string;
  status?: number;
  /** The probe's status when allowed (200 unless told). */
  ok?: number;
}

interface Arranged {
  customerId: string;
  subscriptionId: string;
  orderId: string;
  invoiceIds: string[];
  paymentId: string;
  noteId: string;
  cardId: string;
  addonId: string;
}

// Everything a customer could do, for arranging a subject through core's own operations.
const PERMISSIVE: MerchantSettings = { cancellation: "automatic", cancellationTiming: "either", pauseResume: "both", changePlan: "either", changeQuantity: "either" };

describe("the settings matrix (P6): each setting's route refuses with its code when off and works when on", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const product = await createProduct(t.core, shop.merchantId, { name: "Coffee club" });
  const price = (p: Partial<CreatePricePointInput>) =>
    createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Plan", amount: 1000, currency: "EUR", interval: "month", ...p });
  const large = await price({ name: "Large", amount: 3000 });
  const medium = await price({ name: "Medium", amount: 2000 });
  const small = await price({ name: "Small", switchTo: [large.id, medium.id], maxQuantity: 5 });
  const trial = await price({ name: "Trial", trialDays: 14 });
  const milk = await price({ name: "Oat milk", amount: 300, addon: true });
  const syrup = await price({ name: "Syrup", amount: 200, addon: true });
  await createCoupon(t.core, shop.merchantId, { code: "SAVE10", name: "Ten off", percentOffBps: 1000, duration: "once", customerApplicable: true });
  const billing = await createDepartment(t.core, shop.merchantId, { name: "Accounts" });
  let n = 0;

  const merchant = async (method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  async function portal(customerId: string, probe: Probe) {
    // With the portal off no session opens at all: that refusal is the answer (P1).
    const minted = await t.mintSession(shop.merchantId, customerId).catch((error: { code: string }) => error);
    if (!("token" in minted)) return { status: 403, type: "application/problem+json", body: { code: minted.code } as Record<string, any> };
    const { token } = minted;
    const res = await t.app.request(probe.path, {
      method: probe.method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      ...(probe.body !== undefined ? { body: JSON.stringify(probe.body) } : {}),
    });
    const type = res.headers.get("Content-Type") ?? "";
    return { status: res.status, type, body: (type.includes("json") ? await res.json() : {}) as Record<string, any> };
  }

  async function arrange(subject: Subject): Promise<Arranged> {
    await setMerchantSettings(t.core, shop.merchantId, PERMISSIVE);
    const customer = await t.createCustomer(shop.merchantId, `m${++n}@example.com`);
    const scope = { merchantId: shop.merchantId, customerId: customer.id };
    const card = await addCard(t.core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const out: Arranged = { customerId: customer.id, subscriptionId: "", orderId: "", invoiceIds: [], paymentId: "", noteId: "", cardId: card.id, addonId: "" };
    const subscribe = async (pricePointId: string, extra: { paymentMethodId?: string; addons?: { pricePointId: string }[] } = {}) => {
      const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId, ...extra });
      Object.assign(out, { subscriptionId: sub.id, orderId: sub.order_id });
      return sub.id;
    };
    switch (subject) {
      case "active":
        await subscribe(small.id);
        break;
      case "trialing":
        await subscribe(trial.id);
        break;
      case "with_addon":
        await subscribe(small.id, { addons: [{ pricePointId: syrup.id }] });
        out.addonId = (await getSubscription(t.core, scope, out.subscriptionId)).addons[0]!.id;
        break;
      case "card_assigned":
        await subscribe(small.id, { paymentMethodId: card.id });
        break;
      case "cancel_scheduled":
        await cancelSubscription(t.core, scope, { subscriptionId: await subscribe(small.id), when: "end_of_term" });
        break;
      case "cancelled":
        await cancelSubscription(t.core, scope, { subscriptionId: await subscribe(small.id), when: "now" });
        break;
      case "paused":
        await pauseSubscription(t.core, scope, { subscriptionId: await subscribe(small.id) });
        break;
      case "pause_scheduled":
        await pauseSubscription(t.core, scope, { subscriptionId: await subscribe(small.id), at: new Date("2026-07-01T00:00:00Z") });
        break;
      case "pending_change":
        await changeSubscription(t.core, scope, { subscriptionId: await subscribe(small.id), quantity: 2, when: "end_of_term" });
        break;
      case "open_invoice":
      case "two_open_invoices":
      case "pending_payment":
      case "paid_order": {
        const count = subject === "two_open_invoices" ? 2 : 1;
        const attempts = subject === "pending_payment" ? (["pending"] as const) : subject === "paid_order" ? (["approved"] as const) : [];
        for (let i = 0; i < count; i++) {
          const placed = await placeBilledOrder(t.core, shop.merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 4900 }] }, [...attempts]);
          out.invoiceIds.push(placed.invoiceId);
          out.orderId = placed.orderId;
          out.paymentId = placed.payments[0] ?? "";
        }
        break;
      }
      case "credit_note": {
        const credit = await merchant("POST", `/customers/${customer.id}/credits`, { amount: 500, currency: "EUR", note: "Sorry for the delay" });
        expect(credit.status).toBe(201);
        out.noteId = credit.body.credit_note_id;
        break;
      }
    }
    return out;
  }

  /** What the customer's data looks like, read through core so that a refused portal session still gets an answer. */
  async function snapshot(s: Arranged) {
    const scope = { merchantId: shop.merchantId, customerId: s.customerId };
    return s.subscriptionId ? getSubscription(t.core, scope, s.subscriptionId) : listBillingHistory(t.core, scope);
  }

  const sub = (path: string) => (s: Arranged) => `/v1/portal/subscriptions/${s.subscriptionId}${path}`;
  const cases: MatrixCase[] = [
    { setting: "portalEnabled", subject: "active", refusedWith: { portalEnabled: false }, allowedWith: {}, probe: (s) => ({ method: "GET", path: `/v1/portal/orders/${s.orderId}` }), code: "portal_disabled" },
    { setting: "showCreditNotes", subject: "credit_note", refusedWith: { showCreditNotes: false }, allowedWith: {}, probe: (s) => ({ method: "GET", path: `/v1/portal/documents/${s.noteId}/pdf` }), code: "credit_notes_hidden" },
    {
      setting: "addPaymentMethods",
      subject: "active",
      refusedWith: { addPaymentMethods: false },
      allowedWith: {},
      probe: () => ({ method: "POST", path: "/card-form/cards", body: { number: "5555555555554444", exp_month: 12, exp_year: 2035, cvc: "123", save: true } }),
      code: "adding_payment_methods_disabled",
      ok: 201,
    },
    { setting: "bulkInvoicePayment", subject: "two_open_invoices", refusedWith: { bulkInvoicePayment: false }, allowedWith: {}, probe: (s) => ({ method: "POST", path: "/v1/portal/invoices/pay", body: { invoices: s.invoiceIds } }), code: "bulk_payment_disabled", ok: 201 },
    {
      setting: "preventDuplicatePayments",
      subject: "pending_payment",
      refusedWith: { preventDuplicatePayments: true },
      allowedWith: { preventDuplicatePayments: false },
      probe: (s) => ({ method: "POST", path: `/v1/portal/invoices/${s.invoiceIds[0]}/pay`, body: {} }),
      code: "payment_pending",
      status: 409,
      ok: 201,
    },
    { setting: "refunds", subject: "paid_order", refusedWith: { refunds: "off" }, allowedWith: { refunds: "manual", refundDepartmentId: billing.id }, probe: (s) => ({ method: "POST", path: `/v1/portal/payments/${s.paymentId}/refund_request`, body: { reason: "Broken" } }), code: "refunds_disabled", ok: 201 },
    { setting: "cancellation", subject: "active", refusedWith: { cancellation: "off" }, allowedWith: { cancellation: "automatic" }, probe: (s) => ({ method: "POST", path: sub("/cancel")(s), body: { when: "now" } }), code: "cancel_not_allowed" },
    {
      setting: "cancellationTiming",
      subject: "active",
      refusedWith: { cancellation: "automatic", cancellationTiming: "end_of_term" },
      allowedWith: { cancellation: "automatic", cancellationTiming: "immediately" },
      probe: (s) => ({ method: "POST", path: sub("/cancel")(s), body: { when: "now" } }),
      code: "cancellation_timing_not_allowed",
    },
    { setting: "reactivate", subject: "cancelled", refusedWith: { reactivate: false }, allowedWith: { reactivate: true }, probe: (s) => ({ method: "POST", path: sub("/reactivate")(s) }), code: "reactivate_not_allowed" },
    {
      setting: "removeScheduledCancellation",
      subject: "cancel_scheduled",
      // Cancelling stays on: taking a scheduled cancellation back is its own toggle.
      refusedWith: { cancellation: "automatic", removeScheduledCancellation: false },
      allowedWith: { cancellation: "off", removeScheduledCancellation: true },
      probe: (s) => ({ method: "DELETE", path: sub("/scheduled_cancellation")(s) }),
      code: "remove_scheduled_cancellation_not_allowed",
    },
    { setting: "pauseResume", subject: "active", refusedWith: { pauseResume: "off" }, allowedWith: { pauseResume: "now" }, probe: (s) => ({ method: "POST", path: sub("/pause")(s), body: {} }), code: "pause_not_allowed" },
    {
      setting: "pauseResume (now only: no date)",
      subject: "active",
      refusedWith: { pauseResume: "now" },
      allowedWith: { pauseResume: "scheduled" },
      probe: (s) => ({ method: "POST", path: sub("/pause")(s), body: { at: "2026-08-01T00:00:00Z" } }),
      code: "pause_timing_not_allowed",
    },
    { setting: "pauseResume (scheduled only: not at once)", subject: "paused", refusedWith: { pauseResume: "scheduled" }, allowedWith: { pauseResume: "both" }, probe: (s) => ({ method: "POST", path: sub("/resume")(s), body: {} }), code: "pause_timing_not_allowed" },
    {
      setting: "pauseResume (schedules need dates)",
      subject: "pause_scheduled",
      refusedWith: { pauseResume: "now" },
      allowedWith: { pauseResume: "scheduled" },
      probe: (s) => ({ method: "PUT", path: sub("/pause_schedule")(s), body: { pause_at: null } }),
      code: "edit_pause_schedule_not_allowed",
    },
    { setting: "trialExtensionDays", subject: "trialing", refusedWith: { trialExtensionDays: 0 }, allowedWith: { trialExtensionDays: 7 }, probe: (s) => ({ method: "POST", path: sub("/trial/extend")(s) }), code: "extend_trial_not_allowed" },
    {
      setting: "maxTrialExtensions",
      subject: "trialing",
      refusedWith: { trialExtensionDays: 7, maxTrialExtensions: 0 },
      allowedWith: { trialExtensionDays: 7, maxTrialExtensions: 1 },
      probe: (s) => ({ method: "POST", path: sub("/trial/extend")(s) }),
      code: "extend_trial_not_allowed",
    },
    { setting: "activateTrialNow", subject: "trialing", refusedWith: { activateTrialNow: false }, allowedWith: { activateTrialNow: true }, probe: (s) => ({ method: "POST", path: sub("/trial/activate")(s) }), code: "activate_trial_not_allowed" },
    { setting: "changePlan", subject: "active", refusedWith: { changePlan: "off" }, allowedWith: { changePlan: "either" }, probe: (s) => ({ method: "POST", path: sub("/change")(s), body: { price: large.id, when: "end_of_term" } }), code: "change_plan_not_allowed" },
    {
      setting: "changePlan (timing)",
      subject: "active",
      refusedWith: { changePlan: "end_of_term" },
      allowedWith: { changePlan: "immediately" },
      probe: (s) => ({ method: "POST", path: sub("/change/preview")(s), body: { price: large.id } }),
      code: "change_timing_not_allowed",
    },
    {
      setting: "planChangeTargets",
      subject: "active",
      refusedWith: { changePlan: "either", planChangeTargets: [medium.id] },
      allowedWith: { changePlan: "either", planChangeTargets: [large.id] },
      probe: (s) => ({ method: "POST", path: sub("/change")(s), body: { price: large.id, when: "end_of_term" } }),
      code: "plan_not_switchable",
      status: 409,
    },
    { setting: "changeQuantity", subject: "active", refusedWith: { changeQuantity: "off" }, allowedWith: { changeQuantity: "end_of_term" }, probe: (s) => ({ method: "POST", path: sub("/change")(s), body: { quantity: 2, when: "end_of_term" } }), code: "change_quantity_not_allowed" },
    {
      setting: "changeQuantity (timing)",
      subject: "active",
      refusedWith: { changeQuantity: "end_of_term" },
      allowedWith: { changeQuantity: "either" },
      probe: (s) => ({ method: "POST", path: sub("/change")(s), body: { quantity: 2, when: "now" } }),
      code: "change_timing_not_allowed",
    },
    {
      setting: "undoScheduledChange",
      subject: "pending_change",
      // Changes stay allowed: undoing a scheduled one is its own toggle.
      refusedWith: { changeQuantity: "either", undoScheduledChange: false },
      allowedWith: { undoScheduledChange: true },
      probe: (s) => ({ method: "DELETE", path: sub("/scheduled_change")(s) }),
      code: "undo_scheduled_change_not_allowed",
    },
    { setting: "manageAddons", subject: "active", refusedWith: { manageAddons: false }, allowedWith: { manageAddons: true }, probe: (s) => ({ method: "POST", path: sub("/addons")(s), body: { price: milk.id } }), code: "manage_addons_not_allowed", ok: 201 },
    {
      setting: "addonsAllowed",
      subject: "active",
      refusedWith: { manageAddons: true, addonsAllowed: [syrup.id] },
      allowedWith: { manageAddons: true, addonsAllowed: [milk.id] },
      probe: (s) => ({ method: "POST", path: sub("/addons")(s), body: { price: milk.id } }),
      code: "manage_addons_not_allowed",
      ok: 201,
    },
    {
      setting: "addonsAllowed (an addon already on the subscription)",
      subject: "with_addon",
      refusedWith: { manageAddons: true, addonsAllowed: [milk.id] },
      allowedWith: { manageAddons: true, addonsAllowed: [syrup.id, milk.id] },
      probe: (s) => ({ method: "PATCH", path: sub(`/addons/${s.addonId}`)(s), body: { quantity: 2 } }),
      code: "manage_addons_not_allowed",
    },
    { setting: "applyCoupons", subject: "active", refusedWith: { applyCoupons: false }, allowedWith: { applyCoupons: true }, probe: (s) => ({ method: "POST", path: sub("/coupons")(s), body: { code: "SAVE10" } }), code: "apply_coupon_not_allowed", ok: 201 },
    { setting: "autochargeToggle", subject: "active", refusedWith: { autochargeToggle: false }, allowedWith: { autochargeToggle: true }, probe: (s) => ({ method: "PUT", path: sub("/autocharge")(s), body: { on: false } }), code: "autocharge_off_not_allowed" },
    {
      setting: "removeSubscriptionPaymentMethod",
      subject: "card_assigned",
      // Toggling autocharge stays on: removing the card is its own toggle now.
      refusedWith: { autochargeToggle: true, removeSubscriptionPaymentMethod: false },
      allowedWith: { autochargeToggle: false, removeSubscriptionPaymentMethod: true },
      probe: (s) => ({ method: "DELETE", path: sub("/payment_method")(s) }),
      code: "remove_payment_method_not_allowed",
    },
    { setting: "newSubscriptions", subject: "active", refusedWith: { newSubscriptions: false }, allowedWith: { newSubscriptions: true }, probe: () => ({ method: "POST", path: "/v1/portal/subscriptions", body: { price: small.id } }), code: "new_subscriptions_disabled", ok: 201 },
    {
      setting: "subscriptionActions (statuses)",
      subject: "active",
      refusedWith: { cancellation: "automatic", subscriptionActions: { cancel: { statuses: ["trialing", "past_due"] } } },
      allowedWith: { cancellation: "automatic", subscriptionActions: { cancel: { statuses: ["active", "trialing", "past_due"] } } },
      probe: (s) => ({ method: "POST", path: sub("/cancel")(s), body: { when: "end_of_term" } }),
      code: "cancel_not_allowed",
    },
    {
      setting: "subscriptionActions (billing modes)",
      subject: "trialing",
      refusedWith: { activateTrialNow: true, subscriptionActions: { activate_trial: { billingModes: ["manual"] } } },
      allowedWith: { activateTrialNow: true, subscriptionActions: { activate_trial: { billingModes: ["autocharge"] } } },
      probe: (s) => ({ method: "POST", path: sub("/trial/activate")(s) }),
      code: "activate_trial_not_allowed",
    },
  ];

  for (const c of cases) {
    it(`${c.setting}: ${c.probe({ subscriptionId: ":id", orderId: ":id", invoiceIds: [":id"], paymentId: ":id", noteId: ":id", customerId: "", cardId: "", addonId: ":id" }).method} answers ${c.status ?? 403} ${c.code} when refused, ${c.ok ?? 200} when allowed`, async () => {
      const s = await arrange(c.subject);
      await setMerchantSettings(t.core, shop.merchantId, c.refusedWith);
      const before = await snapshot(s);
      const refused = await portal(s.customerId, c.probe(s));
      expect([refused.status, refused.body.code, refused.type]).toEqual([c.status ?? 403, c.code, "application/problem+json"]);
      expect(await snapshot(s)).toEqual(before);

      await setMerchantSettings(t.core, shop.merchantId, c.allowedWith);
      const allowed = await portal(s.customerId, c.probe(s));
      expect(allowed.status, JSON.stringify(allowed.body)).toBe(c.ok ?? 200);
    });
  }

  it("lists for each subscription exactly the actions its settings and rules allow (widgets show only these)", async () => {
    const s = await arrange("active");
    await setMerchantSettings(t.core, shop.merchantId, {
      cancellation: "automatic",
      pauseResume: "scheduled",
      changePlan: "end_of_term",
      planChangeTargets: [product.id],
      changeQuantity: "immediately",
      manageAddons: true,
      addonsAllowed: [milk.id],
      subscriptionActions: { pause: { billingModes: ["manual"] } },
    });
    const view = await portal(s.customerId, { method: "GET", path: `/v1/portal/subscriptions/${s.subscriptionId}` });
    expect(view.body).toMatchObject({
      actions: ["cancel", "change_plan", "change_quantity", "manage_addons"],
      change_timings: ["end_of_term"],
      quantity_change_timings: ["now"],
      pause_timings: [],
      available_addons: [{ id: milk.id }],
    });
    expect(view.body.switch_to.map((p: { id: string }) => p.id)).toEqual([large.id, medium.id]);
    const withAddon = await arrange("with_addon");
    await setMerchantSettings(t.core, shop.merchantId, { manageAddons: true, addonsAllowed: [milk.id] });
    const addons = await portal(withAddon.customerId, { method: "GET", path: `/v1/portal/subscriptions/${withAddon.subscriptionId}` });
    expect(addons.body.addons.map((a: { price: { id: string }; manageable: boolean }) => [a.price.id, a.manageable])).toEqual([[syrup.id, false]]);

    // Autocharge off: the subscription is billed manually, where pausing is offered, on a date only.
    await setMerchantSettings(t.core, shop.merchantId, { autochargeToggle: true, pauseResume: "scheduled", planChangeTargets: [medium.id], changePlan: "either", subscriptionActions: { pause: { billingModes: ["manual"] } } });
    const manual = await portal(s.customerId, { method: "PUT", path: `/v1/portal/subscriptions/${s.subscriptionId}/autocharge`, body: { on: false } });
    expect(manual.body).toMatchObject({ autocharge: false, actions: ["pause", "change_plan", "autocharge_on"], pause_timings: ["scheduled"] });
    expect(manual.body.switch_to.map((p: { id: string }) => p.id)).toEqual([medium.id]);
  });

  it("on an order with a subscription, cancelling and reactivating are the subscription's (its rules decide), not the order's", async () => {
    const s = await arrange("cancelled");
    await setMerchantSettings(t.core, shop.merchantId, { reactivate: true, subscriptionActions: { reactivate: { statuses: ["expired"] } } });
    const order = await portal(s.customerId, { method: "GET", path: `/v1/portal/orders/${s.orderId}` });
    expect(order.body.actions).toEqual(["download"]);
    const panel = await portal(s.customerId, { method: "GET", path: `/v1/portal/subscriptions/${s.subscriptionId}` });
    expect(panel.body.actions).toEqual([]);
  });

  it("exposes the banner, slug, custom tabs and portal-wide switches to the portal API (GET /v1/portal/config)", async () => {
    const s = await arrange("active");
    const empty = await portal(s.customerId, { method: "GET", path: "/v1/portal/config" });
    expect(empty.body).toEqual({ banner_message: null, portal_slug: null, custom_tabs: [], save_card_default: true, helpdesk_billing_section: false, time_zone: "UTC", actions: ["add_payment_method", "pay_invoices_together"] });
    await setMerchantSettings(t.core, shop.merchantId, {
      bannerMessage: "Roastery closed 24-26 December",
      portalSlug: `northwind-${n}`,
      customTabs: [
        { label: { en: "Our beans", de: "Unsere Bohnen" }, url: "https://northwind.example/beans" },
        { label: "FAQ", url: "https://northwind.example/faq" },
      ],
      saveCardDefault: false,
      helpdeskBillingSection: true,
      addPaymentMethods: false,
      bulkInvoicePayment: false,
      newSubscriptions: true,
    });
    const config = await portal(s.customerId, { method: "GET", path: "/v1/portal/config?locale=de-AT" });
    expect(config.body).toEqual({
      banner_message: "Roastery closed 24-26 December",
      portal_slug: `northwind-${n}`,
      custom_tabs: [
        { label: "Unsere Bohnen", url: "https://northwind.example/beans" },
        { label: "FAQ", url: "https://northwind.example/faq" },
      ],
      save_card_default: false,
      helpdesk_billing_section: true,
      time_zone: "UTC",
      actions: ["start_subscription"],
    });
    expect((await portal(s.customerId, { method: "GET", path: "/v1/portal/config" })).body.custom_tabs[0].label).toBe("Our beans");
    expect((await portal(s.customerId, { method: "GET", path: "/v1/portal/helpdesk" })).body.billing_section).toBe(true);
  });

  it("reads settings stored before pause/resume had modes and before the toggles were split", async () => {
    const s = await arrange("card_assigned");
    await t.core.db
      .update(schema.merchants)
      .set({ settings: { pauseResume: true, autochargeToggle: true, changeQuantity: true, cancellation: "automatic" } })
      .where(eq(schema.merchants.id, shop.merchantId));
    const shown = await merchant("GET", "/settings");
    expect(shown.body).toMatchObject({ pauseResume: "both", changeQuantity: "either", removeSubscriptionPaymentMethod: true, removeScheduledCancellation: true, undoScheduledChange: true });
    const view = await portal(s.customerId, { method: "GET", path: `/v1/portal/subscriptions/${s.subscriptionId}` });
    expect(view.body).toMatchObject({ actions: ["cancel", "pause", "change_quantity", "autocharge_off", "remove_payment_method"], pause_timings: ["now", "scheduled"] });
  });
});

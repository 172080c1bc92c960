import { createApiKey, listApiKeys, revokeApiKey, createStaffUser, listAudit, loadSettings, requireAdmin, setCustomerBlacklisted, setMerchantSettings, currencyCodeSchema, positiveAmountSchema } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";

const mode = z.enum(["off", "automatic", "manual"]);
/** The settings an admin may change (P6); anything else in the body is refused by name. */
const settingsBody = z.strictObject({
  portalEnabled: z.boolean().optional(),
  bannerMessage: z.string().max(500).nullable().optional(),
  cancellation: mode.optional(),
  refunds: mode.optional(),
  reactivate: z.boolean().optional(),
  showCreditNotes: z.boolean().optional(),
  addPaymentMethods: z.boolean().optional(),
  saveCardDefault: z.boolean().optional(),
  helpdeskBillingSection: z.boolean().optional(),
  bulkInvoicePayment: z.boolean().optional(),
  preventDuplicatePayments: z.boolean().optional(),
  refundDepartmentId: z.string().max(64).nullable().optional(),
  cancellationDepartmentId: z.string().max(64).nullable().optional(),
  incidentsOnRegistration: z.number().int().min(0).max(1000).optional(),
  incidentsOnFirstPayment: z.number().int().min(0).max(1000).optional(),
  incidentsOnFirstCharge: z.number().int().min(0).max(1000).optional(),
  incidentsForFunds: z
    .strictObject({ amount: positiveAmountSchema, currency: currencyCodeSchema, incidents: z.number().int().min(1).max(1000) })
    .nullable()
    .optional(),
  cancellationTiming: z.enum(["end_of_term", "immediately", "either"]).optional(),
  retentionCouponId: z.string().max(64).nullable().optional(),
  pauseResume: z.boolean().optional(),
  trialExtensionDays: z.number().int().min(0).max(365).optional(),
  maxTrialExtensions: z.number().int().min(0).max(12).optional(),
  activateTrialNow: z.boolean().optional(),
  changePlan: z.enum(["off", "immediately", "end_of_term", "either"]).optional(),
  changeQuantity: z.boolean().optional(),
  manageAddons: z.boolean().optional(),
  applyCoupons: z.boolean().optional(),
  autochargeToggle: z.boolean().optional(),
  newSubscriptions: z.boolean().optional(),
  dunningRetryDays: z.array(z.number().int().min(1).max(60)).max(10).optional(),
  dunningFinalAction: z.enum(["cancel", "unpaid"]).optional(),
  sessionIdleMinutes: z.number().int().min(5).max(24 * 60).optional(),
  sessionLifetimeHours: z.number().int().min(1).max(30 * 24).optional(),
  linkTtlMinutes: z.number().int().min(5).max(60).optional(),
  actionLinkTtlHours: z.number().int().min(1).max(168).optional(),
  selfSignIn: z.boolean().optional(),
  mfaRequired: z.boolean().optional(),
  /** W2: links out shown as extra tabs of the hosted portal; a label, or one per locale. */
  customTabs: z
    .array(z.strictObject({ label: z.union([z.string().min(1).max(40), z.record(z.string().min(2).max(35), z.string().min(1).max(40))]), url: z.url({ protocol: /^https?$/ }).max(2048) }))
    .max(8)
    .optional(),
});

/** Merchant API for admins (M1, M6, P6): staff, blacklist, settings, API keys, audit log. Agents get 403 `admin_only`. */
export function staffRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .post("/staff", authenticated, validate("json", z.strictObject({ email: z.email(), name: z.string().max(200).optional(), role: z.enum(["agent", "admin"]) })), async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await createStaffUser(deps.core, c.var.merchant.id, c.req.valid("json")), 201);
    })
    .post("/customers/:id/blacklist", authenticated, validate("param", z.object({ id: z.string().min(1).max(64) })), validate("json", z.strictObject({ blacklisted: z.boolean() })), async (c) => {
      await setCustomerBlacklisted(deps.core, c.var.staff, { customerId: c.req.valid("param").id, blacklisted: c.req.valid("json").blacklisted });
      return c.json({ customer: c.req.valid("param").id, blacklisted: c.req.valid("json").blacklisted });
    })
    .get("/settings", authenticated, async (c) => c.json(await loadSettings(deps.core.db, c.var.merchant.id)))
    .put("/settings", authenticated, validate("json", settingsBody), async (c) => {
      requireAdmin(c.var.staff);
      const current = await loadSettings(deps.core.db, c.var.merchant.id);
      await setMerchantSettings(deps.core, c.var.merchant.id, { ...current, ...c.req.valid("json") });
      return c.json(await loadSettings(deps.core.db, c.var.merchant.id));
    })
    .get("/api_keys", authenticated, async (c) => c.json({ data: await listApiKeys(deps.core, c.var.staff) }))
    .post("/api_keys", authenticated, async (c) => c.json(await createApiKey(deps.core, c.var.staff), 201))
    .delete("/api_keys/:id", authenticated, validate("param", z.object({ id: z.string().min(1).max(64) })), async (c) => {
      return c.json(await revokeApiKey(deps.core, c.var.staff, c.req.valid("param").id));
    })
    .get("/audit_log", authenticated, async (c) => {
      requireAdmin(c.var.staff);
      return c.json({ data: await listAudit(deps.core, c.var.merchant.id) });
    });
}

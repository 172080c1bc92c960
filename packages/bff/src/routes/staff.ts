import { apiTime } from "../http/time-schema.ts";
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  createStaffUser,
  disableStaffUser,
  getStaffUser,
  pageStaffUsers,
  listAudit,
  loadSettings,
  requireAdmin,
  setCustomerBlacklisted,
  getCustomerSettings,
  setCustomerSettings,
  updateMerchantSettings,
  currencyCodeSchema,
  customTabsSchema,
  portalSlugSchema,
  positiveAmountSchema,
  subscriptionActionsSchema,
  pageQuerySchema,
} from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { pageOnlyQuery } from "./list-query.ts";

const mode = z.enum(["off", "automatic", "manual"]);
const fieldAccess = z.enum(["optional", "mandatory", "read_only", "hidden"]).optional();
const changeMode = z.enum(["off", "immediately", "end_of_term", "either"]);
const catalogIds = z.array(z.string().min(1).max(64)).max(100);
/**
 * The settings an admin may change (P6), and one customer's overrides of them
 * (A4, routes/customer-settings.ts); anything else in the body is refused by name.
 */
export const settingsBody = z.strictObject({
  portalEnabled: z.boolean().optional(),
  bannerMessage: z.string().max(500).nullable().optional(),
  portalSlug: portalSlugSchema.nullable().optional(),
  customTabs: customTabsSchema.optional(),
  cancellation: mode.optional(),
  refunds: mode.optional(),
  reactivate: z.boolean().optional(),
  removeScheduledCancellation: z.boolean().optional(),
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
  // true/false are what older clients send: "both"/"off".
  pauseResume: z.union([z.enum(["off", "now", "scheduled", "both"]), z.boolean()]).optional(),
  trialExtensionDays: z.number().int().min(0).max(365).optional(),
  maxTrialExtensions: z.number().int().min(0).max(12).optional(),
  activateTrialNow: z.boolean().optional(),
  changePlan: changeMode.optional(),
  planChangeTargets: catalogIds.optional(),
  changeQuantity: z.union([changeMode, z.boolean()]).optional(),
  undoScheduledChange: z.boolean().optional(),
  manageAddons: z.boolean().optional(),
  addonsAllowed: catalogIds.optional(),
  applyCoupons: z.boolean().optional(),
  autochargeToggle: z.boolean().optional(),
  removeSubscriptionPaymentMethod: z.boolean().optional(),
  subscriptionActions: subscriptionActionsSchema.optional(),
  newSubscriptions: z.boolean().optional(),
  newSubscriptionPlans: catalogIds.optional(),
  shopReviews: z.boolean().optional(),
  dunningRetryDays: z.array(z.number().int().min(1).max(60)).max(10).optional(),
  dunningFinalAction: z.enum(["cancel", "unpaid"]).optional(),
  sessionIdleMinutes: z.number().int().min(5).max(24 * 60).optional(),
  sessionLifetimeHours: z.number().int().min(1).max(30 * 24).optional(),
  linkTtlMinutes: z.number().int().min(5).max(60).optional(),
  actionLinkTtlHours: z.number().int().min(1).max(168).optional(),
  selfSignIn: z.boolean().optional(),
  mfaRequired: z.boolean().optional(),
  staffMfa: z.enum(["optional", "required"]).optional(),
  staffSessionIdleMinutes: z.number().int().min(5).max(12 * 60).optional(),
  staffSessionLifetimeHours: z.number().int().min(1).max(24).optional(),
  customerFields: z.strictObject({ name: fieldAccess, email: fieldAccess, phone: fieldAccess, billingAddress: fieldAccess, taxId: fieldAccess }).optional(),
  autoInvite: z.boolean().optional(),
  forwardDocuments: z.boolean().optional(),
  smsNotifications: z.boolean().optional(),
  activityEmails: z.strictObject({ payments: z.boolean().optional(), requests: z.boolean().optional(), tickets: z.boolean().optional() }).optional(),
});

type SettingsShape = typeof settingsBody.shape;
/** A4: one customer's overrides, checked by the same schema as the shop's settings; `null` drops an override. */
const customerSettingsBody = z.strictObject(
  Object.fromEntries(Object.entries(settingsBody.shape).map(([key, schema]) => [key, schema.nullable()])) as { [K in keyof SettingsShape]: z.ZodNullable<SettingsShape[K]> },
);
const customerParam = z.object({ id: z.string().min(1).max(64) });

/** `GET /v1/audit_log` filters (M6): customer, actor, action (`ticket.*` for a noun), source, time range; cursor pages. */
const auditQuery = pageQuerySchema.extend({
  customer: z.string().min(1).max(64).optional(),
  actor: z.string().min(1).max(100).optional(),
  action: z.string().regex(/^[a-z_]+(\.[a-z_]+|\.\*)$/, "must be an action name such as payment.refunded, or ticket.*").optional(),
  source: z.enum(["portal", "staff", "api", "system"]).optional(),
  created_after: apiTime.optional(),
  created_before: apiTime.optional(),
});

/** Merchant API for admins (M1, M6, P6): staff, blacklist, settings, API keys, audit log. Agents get 403 `admin_only`. */
export function staffRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/staff/me", doc({ summary: "Who is calling: the shop, the role and the staff member (the console's first call)", tag: "Staff" }), authenticated, async (c) => {
      const staff = c.var.staff;
      const merchant = c.var.merchant;
      const member = staff.actor.startsWith("staff:") ? await getStaffUser(deps.core, merchant.id, staff.actor.slice("staff:".length)) : null;
      return c.json({ merchant: { id: merchant.id, name: merchant.name, mode: merchant.mode }, role: staff.role, staff: member });
    })
    .post("/staff", doc({ summary: "Add a staff user (admins)", tag: "Staff", status: 201 }), authenticated, validate("json", z.strictObject({ email: z.email(), name: z.string().max(200).optional(), role: z.enum(["agent", "admin"]) })), async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await createStaffUser(deps.core, c.var.merchant.id, c.req.valid("json")), 201);
    })
    .get("/staff", doc({ summary: "List staff users, newest first, disabled ones included (admins)", tag: "Staff" }), authenticated, validate("query", pageOnlyQuery), async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await pageStaffUsers(deps.core, c.var.merchant.id, c.req.valid("query")));
    })
    .post("/staff/:id/disable", doc({ summary: "Disable a staff user: their token stops working (admins; not yourself)", tag: "Staff" }), authenticated, validate("param", z.object({ id: z.string().regex(/^stf_[0-9A-Za-z]+$/, "must be a staff id (stf_...)") })), async (c) => {
      requireAdmin(c.var.staff);
      const by = c.var.staff.actor.startsWith("staff:") ? c.var.staff.actor.slice("staff:".length) : undefined;
      return c.json(await disableStaffUser(deps.core, c.var.merchant.id, { id: c.req.valid("param").id }, { byStaffId: by }));
    })
    .post("/customers/:id/blacklist", doc({ summary: "Blacklist or un-blacklist a customer", tag: "Customers" }), authenticated, validate("param", z.object({ id: z.string().min(1).max(64) })), validate("json", z.strictObject({ blacklisted: z.boolean() })), async (c) => {
      await setCustomerBlacklisted(deps.core, c.var.staff, { customerId: c.req.valid("param").id, blacklisted: c.req.valid("json").blacklisted });
      return c.json({ customer: c.req.valid("param").id, blacklisted: c.req.valid("json").blacklisted });
    })
    .get("/settings", doc({ summary: "Get the shop's settings", tag: "Settings" }), authenticated, async (c) => c.json(await loadSettings(deps.core.db, c.var.merchant.id)))
    .put("/settings", doc({ summary: "Change the shop's settings (admins)", tag: "Settings" }), authenticated, validate("json", settingsBody), async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await updateMerchantSettings(deps.core, c.var.merchant.id, c.req.valid("json")));
    })
    .get("/customers/:id/settings", doc({ summary: "Get one customer's settings overrides", tag: "Settings" }), authenticated, validate("param", customerParam), async (c) => {
      return c.json(await getCustomerSettings(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .put("/customers/:id/settings", doc({ summary: "Set one customer's settings overrides (admins)", tag: "Settings" }), authenticated, validate("param", customerParam), validate("json", customerSettingsBody), async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await setCustomerSettings(deps.core, c.var.merchant.id, c.req.valid("param").id, c.req.valid("json")));
    })
    .get("/api_keys", doc({ summary: "List API keys (admins)", tag: "Staff" }), authenticated, validate("query", pageOnlyQuery), async (c) => c.json(await listApiKeys(deps.core, c.var.staff, c.req.valid("query"))))
    .post("/api_keys", doc({ summary: "Create an API key (admins); its secret is shown once", tag: "Staff", status: 201 }), authenticated, async (c) => c.json(await createApiKey(deps.core, c.var.staff), 201))
    .delete("/api_keys/:id", doc({ summary: "Revoke an API key (admins)", tag: "Staff" }), authenticated, validate("param", z.object({ id: z.string().min(1).max(64) })), async (c) => {
      return c.json(await revokeApiKey(deps.core, c.var.staff, c.req.valid("param").id));
    })
    .get("/audit_log", doc({ summary: "List the audit log (admins)", tag: "Staff" }), authenticated, validate("query", auditQuery), async (c) => {
      requireAdmin(c.var.staff);
      const q = c.req.valid("query");
      return c.json(
        await listAudit(deps.core, c.var.merchant.id, {
          limit: q.limit,
          cursor: q.cursor,
          customer: q.customer,
          actor: q.actor,
          action: q.action,
          source: q.source,
          createdAfter: q.created_after,
          createdBefore: q.created_before,
        }),
      );
    });
}

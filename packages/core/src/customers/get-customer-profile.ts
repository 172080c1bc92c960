import { and, count, eq } from "drizzle-orm";
import { getBalances } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import { incidentCharges } from "../db/schema/index.ts";
import { listStaffTickets } from "../helpdesk/list-staff-tickets.ts";
import type { TicketSummaryView } from "../helpdesk/views.ts";
import { getIncidentSummary, getLifetimeIncidents, type IncidentSummary, type LifetimeIncidents } from "../incidents/incidents.ts";
import type { CustomerFieldAccess } from "../db/schema/customers.ts";
import { settingsForCustomer } from "./customer-settings.ts";
import type { Money } from "../money.ts";
import { listMerchantOrders, type MerchantOrderView } from "../orders/list-merchant-orders.ts";
import type { Page } from "../pagination.ts";
import { listPayments, type PaymentView } from "../payments/list-payments.ts";
import { listSubscriptions, type MerchantSubscriptionView } from "../subscriptions/list-subscriptions.ts";
import { getCustomer, type CustomerView } from "./create-customer.ts";

/** Rows of each list the profile carries; `has_more` says to page on with the list itself (`?customer=`). */
export const PROFILE_PAGE_SIZE = 10;

/** What staff may do on a customer's page (M1, M2); `blacklist`/`unblacklist` only for admins. */
export type CustomerProfileAction = "edit" | "add_credit" | "set_incidents" | "create_order" | "comment" | "blacklist" | "unblacklist";

/** The customer fields staff edit on the profile (`PATCH /v1/customers/:id`). */
export const STAFF_EDITABLE_FIELDS = ["name", "email", "phone", "billing_address", "tax_id", "locale", "custom_fields"] as const;
export type StaffEditableField = (typeof STAFF_EDITABLE_FIELDS)[number];

/** Everything a back office shows on a customer's page, in one call. */
export interface CustomerProfileView {
  customer: CustomerView;
  /** What the caller may do here; a deleted customer allows nothing but looking. */
  actions: CustomerProfileAction[];
  /** Fields staff may change now (A3: the portal's field access does not bind staff; a deleted customer has none). */
  editable_fields: StaffEditableField[];
  /** How each field shows in this customer's portal (A3 `customerFields`, with their overrides), for staff to see what the customer can change. */
  field_access: CustomerFieldAccess;
  /** Account credit per currency (R6); negative after support fees (H8). */
  balance: Money[];
  /** Support incidents (H3–H7): `used` counts every incident a ticket took, on credit included. */
  incidents: IncidentSummary & { used: number; lifetime: LifetimeIncidents };
  orders: Page<MerchantOrderView>;
  subscriptions: Page<MerchantSubscriptionView>;
  /** Payments and refunds. */
  transactions: Page<PaymentView>;
  tickets: Page<TicketSummaryView & { customer_id: string }>;
}

/** One customer of the merchant with the first page of each of their lists; another merchant's is `customer_not_found`. */
export async function getCustomerProfile(ctx: CoreContext, merchantId: string, customerId: string, viewer: { role: "agent" | "admin" } = { role: "admin" }): Promise<CustomerProfileView> {
  const customer = await getCustomer(ctx, merchantId, customerId);
  const scope = { merchantId, customerId };
  const page = { limit: PROFILE_PAGE_SIZE, customerId };
  const [balance, incidents, lifetime, settings, [used], orders, subscriptions, transactions, tickets] = await Promise.all([
    getBalances(ctx, scope),
    getIncidentSummary(ctx, scope),
    getLifetimeIncidents(ctx.db, merchantId, customerId),
    settingsForCustomer(ctx.db, merchantId, customerId),
    ctx.db.select({ value: count() }).from(incidentCharges).where(and(eq(incidentCharges.merchantId, merchantId), eq(incidentCharges.customerId, customerId))),
    listMerchantOrders(ctx, merchantId, page),
    listSubscriptions(ctx, merchantId, page),
    listPayments(ctx, merchantId, page),
    listStaffTickets(ctx, merchantId, page),
  ]);
  const live = customer.deleted_at === null;
  const actions: CustomerProfileAction[] = live ? ["edit", "add_credit", "set_incidents", "create_order", "comment"] : [];
  // M1: blacklisting is an admin's; the route refuses agents whatever a page shows.
  if (live && viewer.role === "admin") actions.push(customer.blacklisted ? "unblacklist" : "blacklist");
  return {
    customer,
    actions,
    editable_fields: live ? [...STAFF_EDITABLE_FIELDS] : [],
    field_access: settings.customerFields,
    balance,
    incidents: { ...incidents, used: used?.value ?? 0, lifetime },
    orders,
    subscriptions,
    transactions,
    tickets,
  };
}

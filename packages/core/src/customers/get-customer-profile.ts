import { and, count, eq } from "drizzle-orm";
import { getBalances } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import { incidentCharges } from "../db/schema/index.ts";
import { listStaffTickets } from "../helpdesk/list-staff-tickets.ts";
import type { TicketSummaryView } from "../helpdesk/views.ts";
import { getIncidentSummary, type IncidentSummary } from "../incidents/incidents.ts";
import type { Money } from "../money.ts";
import { listMerchantOrders, type MerchantOrderView } from "../orders/list-merchant-orders.ts";
import type { Page } from "../pagination.ts";
import { listPayments, type PaymentView } from "../payments/list-payments.ts";
import { listSubscriptions, type MerchantSubscriptionView } from "../subscriptions/list-subscriptions.ts";
import { getCustomer, type CustomerView } from "./create-customer.ts";

/** Rows of each list the profile carries; `has_more` says to page on with the list itself (`?customer=`). */
export const PROFILE_PAGE_SIZE = 10;

/** Everything a back office shows on a customer's page, in one call. */
export interface CustomerProfileView {
  customer: CustomerView;
  /** Account credit per currency (R6); negative after support fees (H8). */
  balance: Money[];
  /** Support incidents (H3–H7): `used` counts every incident a ticket took, on credit included. */
  incidents: IncidentSummary & { used: number };
  orders: Page<MerchantOrderView>;
  subscriptions: Page<MerchantSubscriptionView>;
  /** Payments and refunds. */
  transactions: Page<PaymentView>;
  tickets: Page<TicketSummaryView & { customer_id: string }>;
}

/** One customer of the merchant with the first page of each of their lists; another merchant's is `customer_not_found`. */
export async function getCustomerProfile(ctx: CoreContext, merchantId: string, customerId: string): Promise<CustomerProfileView> {
  const customer = await getCustomer(ctx, merchantId, customerId);
  const scope = { merchantId, customerId };
  const page = { limit: PROFILE_PAGE_SIZE, customerId };
  const [balance, incidents, [used], orders, subscriptions, transactions, tickets] = await Promise.all([
    getBalances(ctx, scope),
    getIncidentSummary(ctx, scope),
    ctx.db.select({ value: count() }).from(incidentCharges).where(and(eq(incidentCharges.merchantId, merchantId), eq(incidentCharges.customerId, customerId))),
    listMerchantOrders(ctx, merchantId, page),
    listSubscriptions(ctx, merchantId, page),
    listPayments(ctx, merchantId, page),
    listStaffTickets(ctx, merchantId, page),
  ]);
  return { customer, balance, incidents: { ...incidents, used: used?.value ?? 0 }, orders, subscriptions, transactions, tickets };
}

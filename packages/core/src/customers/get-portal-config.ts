import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers, merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import type { CustomTab } from "../settings.ts";
import { settingsForCustomer } from "./customer-settings.ts";

/** Things a customer may do anywhere in the portal, beside what each order and subscription lists (P6). */
export type PortalAction = "add_payment_method" | "pay_invoices_together" | "start_subscription" | "review_shop";

/** What the widgets and the hosted portal show around the customer's data (P6, W2): the shop's banner, address, tabs and switches. */
export interface PortalConfigView {
  /** A message from the shop for the top of the portal; null = none. */
  banner_message: string | null;
  /** The hosted portal's `/p/<slug>`, once the shop has chosen one. */
  portal_slug: string | null;
  /** Extra tabs of the hosted portal, labelled in the customer's language. */
  custom_tabs: { label: string; url: string }[];
  /** "Keep this card for future payments" starts ticked (R1). */
  save_card_default: boolean;
  /** The helpdesk shows the customer's orders beside the tickets (H2). */
  helpdesk_billing_section: boolean;
  /** The shop's IANA time zone (`Europe/Berlin`): the calendar dates are shown on. */
  time_zone: string;
  actions: PortalAction[];
}

/** The portal's frame for one customer, with their overrides applied (A4); tab labels in `locale`, else the customer's or the shop's language. */
export async function getPortalConfig(ctx: CoreContext, scope: PortalScope, input: { locale?: string | undefined } = {}): Promise<PortalConfigView> {
  const [[row], settings] = await Promise.all([
    ctx.db
      .select({ customerLocale: customers.locale, merchantLocale: merchants.defaultLocale, timeZone: merchants.timeZone })
      .from(customers)
      .innerJoin(merchants, eq(merchants.id, customers.merchantId))
      .where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId))),
    settingsForCustomer(ctx.db, scope.merchantId, scope.customerId),
  ]);
  if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${scope.customerId}.`);
  const locales = [input.locale, row.customerLocale, row.merchantLocale, "en"].filter((l): l is string => Boolean(l));
  const actions: PortalAction[] = [];
  if (settings.addPaymentMethods) actions.push("add_payment_method");
  if (settings.bulkInvoicePayment) actions.push("pay_invoices_together");
  if (settings.newSubscriptions) actions.push("start_subscription");
  if (settings.shopReviews) actions.push("review_shop");
  return {
    // An empty message is how one customer's override hides the shop's banner (A4).
    banner_message: settings.bannerMessage?.trim() ? settings.bannerMessage : null,
    portal_slug: settings.portalSlug,
    custom_tabs: settings.customTabs.map((tab) => ({ label: tabLabel(tab, locales), url: tab.url })),
    save_card_default: settings.saveCardDefault,
    helpdesk_billing_section: settings.helpdeskBillingSection,
    time_zone: row.timeZone,
    actions,
  };
}

/** The label for the first of `locales` the tab has (exactly, then by language), else its first label. */
export function tabLabel(tab: CustomTab, locales: readonly string[]): string {
  if (typeof tab.label === "string") return tab.label;
  const labels = Object.entries(tab.label);
  for (const locale of locales) {
    const wanted = locale.toLowerCase();
    const exact = labels.find(([l]) => l.toLowerCase() === wanted);
    if (exact) return exact[1];
    const language = labels.find(([l]) => l.toLowerCase() === wanted.split("-")[0]);
    if (language) return language[1];
  }
  return labels[0]?.[1] ?? "";
}

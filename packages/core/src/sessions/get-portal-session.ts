import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { merchants, portalSessions, type CustomTab } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { isShowableTab, toBrandingView, type BrandingView } from "../merchants/branding.ts";
import { toSessionView, type PortalSessionView } from "./views.ts";

export interface PortalSessionInfo extends PortalSessionView {
  merchant: BrandingView & {
    id: string;
    name: string;
    default_locale: string;
    banner_message: string | null;
    /** W2: links out to the merchant's own pages, shown as extra tabs; only http(s) links. */
    custom_tabs: CustomTab[];
    /** P4: customers may sign in again themselves once this session ends. */
    self_sign_in: boolean;
  };
}

/** What a portal page needs to know about its own session: where to open (A5), where "back" goes, when it ends, whose shop it is and how it looks (W2, W6). */
export async function getPortalSessionInfo(ctx: CoreContext, scope: PortalScope & { sessionId: string }): Promise<PortalSessionInfo> {
  const [row] = await ctx.db
    .select({
      session: portalSessions,
      merchantName: merchants.name,
      defaultLocale: merchants.defaultLocale,
      logoUrl: merchants.logoUrl,
      brandColor: merchants.brandColor,
      settings: merchants.settings,
    })
    .from(portalSessions)
    .innerJoin(merchants, eq(merchants.id, portalSessions.merchantId))
    .where(and(eq(portalSessions.merchantId, scope.merchantId), eq(portalSessions.customerId, scope.customerId), eq(portalSessions.id, scope.sessionId)));
  if (!row) throw new DomainError("not_found", "session_not_found", "No such session.");
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  return {
    ...toSessionView(row.session),
    merchant: {
      id: scope.merchantId,
      name: row.merchantName,
      default_locale: row.defaultLocale,
      banner_message: settings.bannerMessage,
      ...toBrandingView(row),
      custom_tabs: (Array.isArray(settings.customTabs) ? settings.customTabs : []).filter(isShowableTab).map((tab) => ({ label: tab.label, url: tab.url })),
      self_sign_in: settings.selfSignIn,
    },
  };
}

import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { merchants, portalSessions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { toSessionView, type PortalSessionView } from "./views.ts";

export interface PortalSessionInfo extends PortalSessionView {
  merchant: { id: string; name: string; default_locale: string; banner_message: string | null };
}

/** What a portal page needs to know about its own session: where to open (A5), where "back" goes, when it ends, whose shop it is. */
export async function getPortalSessionInfo(ctx: CoreContext, scope: PortalScope & { sessionId: string }): Promise<PortalSessionInfo> {
  const [row] = await ctx.db
    .select({ session: portalSessions, merchantName: merchants.name, defaultLocale: merchants.defaultLocale })
    .from(portalSessions)
    .innerJoin(merchants, eq(merchants.id, portalSessions.merchantId))
    .where(and(eq(portalSessions.merchantId, scope.merchantId), eq(portalSessions.customerId, scope.customerId), eq(portalSessions.id, scope.sessionId)));
  if (!row) throw new DomainError("not_found", "session_not_found", "No such session.");
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  return {
    ...toSessionView(row.session),
    merchant: { id: scope.merchantId, name: row.merchantName, default_locale: row.defaultLocale, banner_message: settings.bannerMessage },
  };
}

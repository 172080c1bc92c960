import { eq, sql } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { merchants } from "../db/schema/index.ts";
import { resolveSettings, type PortalSettings } from "../settings.ts";

/** The merchant row, or undefined: callers decide whether absence is a 401 or a 404. */
export async function findMerchant(ctx: CoreContext, merchantId: string) {
  const [row] = await ctx.db.select().from(merchants).where(eq(merchants.id, merchantId)).limit(1);
  return row;
}

/**
 * Whether any merchant allows this browser origin. Answers CORS preflights,
 * which carry no credentials; the real request is then checked against its own merchant.
 */
export async function isOriginKnown(ctx: CoreContext, origin: string): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: merchants.id })
    .from(merchants)
    .where(sql`${merchants.allowedOrigins} @> ${JSON.stringify([origin])}::jsonb`)
    .limit(1);
  return rows.length > 0;
}

/** The merchant's portal settings with defaults filled in (P6); every rule that depends on a setting reads them here. */
export async function loadSettings(db: Executor, merchantId: string): Promise<PortalSettings> {
  const [row] = await db.select({ settings: merchants.settings }).from(merchants).where(eq(merchants.id, merchantId));
  return resolveSettings(row?.settings);
}

/** The merchant whose hosted portal lives at `/p/<slug>` (P6), or undefined. */
export async function findMerchantBySlug(ctx: CoreContext, slug: string) {
  const [row] = await ctx.db
    .select()
    .from(merchants)
    .where(sql`${merchants.settings} ->> 'portalSlug' = ${slug}`)
    .limit(1);
  return row;
}

import { recordAction } from "../audit/record-action.ts";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { apiKeys, merchants, portalSessions } from "../db/schema/index.ts";
import { endSessions } from "../sessions/end-portal-sessions.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";
import { requireAdmin, type StaffActor } from "../staff/staff.ts";
import { generateSecretKey, hashApiKey, keyHint } from "./api-keys.ts";

export interface ApiKeyView {
  id: string;
  hint: string;
  created_at: string;
  revoked_at: string | null;
}

/** The merchant's secret keys, as hints (M1: admins only). */
export async function listApiKeys(ctx: CoreContext, actor: StaffActor, page: PageQuery): Promise<Page<ApiKeyView>> {
  requireAdmin(actor);
  const columns = { at: apiKeys.createdAt, id: apiKeys.id };
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.merchantId, actor.merchantId), pageWhere(columns, page.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, toView);
}

/** A new secret key, shown this once (rotation: create the new one, move over, revoke the old). */
export async function createApiKey(ctx: CoreContext, actor: StaffActor): Promise<ApiKeyView & { secret_key: string }> {
  requireAdmin(actor);
  const [merchant] = await ctx.db.select({ mode: merchants.mode }).from(merchants).where(eq(merchants.id, actor.merchantId));
  if (!merchant) throw new DomainError("not_found", "merchant_not_found", "No such merchant.");
  const secret = generateSecretKey(merchant.mode);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ id: newId("key"), merchantId: actor.merchantId, hash: hashApiKey(secret), hint: keyHint(secret), createdAt: ctx.clock.now() })
      .returning();
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "api_key.created", subjectId: row!.id, details: { hint: row!.hint } });
    return { ...toView(row!), secret_key: secret };
  });
}

/** Revokes a key at once; the last live key cannot go, or nobody could sign in again. */
export async function revokeApiKey(ctx: CoreContext, actor: StaffActor, keyId: string): Promise<ApiKeyView> {
  requireAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, actor.merchantId)).for("no key update");
    const live = await tx.select().from(apiKeys).where(and(eq(apiKeys.merchantId, actor.merchantId), isNull(apiKeys.revokedAt)));
    const key = live.find((k) => k.id === keyId);
    if (!key) throw new DomainError("not_found", "api_key_not_found", `No live key ${keyId}.`);
    if (live.length === 1) throw new DomainError("conflict", "last_api_key", "Create another key before revoking the last one.");
    const [row] = await tx.update(apiKeys).set({ revokedAt: ctx.clock.now() }).where(eq(apiKeys.id, key.id)).returning();
    // The portal sessions this key minted end with it (A8).
    const ended = await endSessions(tx, ctx.clock.now(), "api_key_revoked", and(eq(portalSessions.merchantId, actor.merchantId), eq(portalSessions.apiKeyId, key.id))!);
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "api_key.revoked", subjectId: key.id, details: { hint: key.hint, sessions_ended: ended.length } });
    return toView(row!);
  });
}

function toView(row: typeof apiKeys.$inferSelect): ApiKeyView {
  return { id: row.id, hint: row.hint, created_at: row.createdAt.toISOString(), revoked_at: row.revokedAt?.toISOString() ?? null };
}

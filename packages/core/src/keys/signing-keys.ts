import { desc, isNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { signingKeys } from "../db/schema/index.ts";

export type SigningKeyRow = typeof signingKeys.$inferSelect;

/** Keys not yet retired, newest first: the first signs, all of them verify. */
export async function listActiveSigningKeys(ctx: CoreContext): Promise<SigningKeyRow[]> {
  return ctx.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt));
}

/** Stores a freshly generated key pair. */
export async function insertSigningKey(ctx: CoreContext, key: Omit<SigningKeyRow, "createdAt" | "retiredAt">): Promise<void> {
  await ctx.db.insert(signingKeys).values({ ...key, createdAt: ctx.clock.now(), retiredAt: null });
}

import type { CoreContext } from "../context.ts";
import { redeemedLinks } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";

/** Marks an emailed link as used (P2); a second use is refused with `link_used`. */
export async function redeemLink(ctx: CoreContext, link: { jti: string; merchantId: string }): Promise<void> {
  const inserted = await ctx.db
    .insert(redeemedLinks)
    .values({ jti: link.jti, merchantId: link.merchantId, redeemedAt: ctx.clock.now() })
    .onConflictDoNothing()
    .returning({ jti: redeemedLinks.jti });
  if (inserted.length === 0) throw new DomainError("conflict", "link_used", "This link was already used; ask the shop for a new one.");
}

import type { Executor } from "../db/open.ts";
import { redeemedLinks } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";

/**
 * Marks an e-mailed link as used (P2), inside the caller's transaction so the
 * link is spent if and only if what it opens commits; of any number of
 * concurrent uses one wins and the rest get `link_used` (410).
 */
export async function redeemLink(tx: Executor, link: { jti: string; merchantId: string; at: Date }, message = "This link was already used; ask the shop for a new one."): Promise<void> {
  const inserted = await tx
    .insert(redeemedLinks)
    .values({ jti: link.jti, merchantId: link.merchantId, redeemedAt: link.at })
    .onConflictDoNothing()
    .returning({ jti: redeemedLinks.jti });
  if (inserted.length === 0) throw new DomainError("gone", "link_used", message);
}

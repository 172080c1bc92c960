import { and, asc, eq, lte, ne } from "drizzle-orm";
import type { CoreContext } from "../../context.ts";
import { gatewayAttempts } from "../../db/schema/index.ts";
import { isDomainError } from "../../errors.ts";
import { finishAttempt } from "./finish-attempt.ts";

/** An attempt this old and still started lost its request (a crash, a killed worker): finish it. */
export const RESUME_AFTER_MS = 60_000;

/**
 * The crash-recovery job: every gateway attempt left `started` for more than a
 * minute is finished — the gateway is asked again with the attempt's own key
 * (so an approval it already gave comes back, and is not made twice) and the
 * outcome is booked. Safe beside live requests and other workers: booking
 * re-checks the attempt under the customer's lock.
 */
export async function resumeGatewayAttempts(ctx: CoreContext, options: { olderThanMs?: number } = {}): Promise<{ resumed: number; failed: number }> {
  const before = new Date(Date.now() - (options.olderThanMs ?? RESUME_AFTER_MS));
  const stale = await ctx.db
    .select({ id: gatewayAttempts.id })
    .from(gatewayAttempts)
    // Renewals are finished by the billing run, which owns their dunning.
    .where(and(eq(gatewayAttempts.status, "started"), ne(gatewayAttempts.purpose, "renewal"), lte(gatewayAttempts.recordedAt, before)))
    .orderBy(asc(gatewayAttempts.recordedAt));
  let resumed = 0;
  let failed = 0;
  for (const { id } of stale) {
    try {
      await finishAttempt(ctx, id);
      resumed++;
    } catch (error) {
      // The gateway is still away: the next run tries again.
      if (!isDomainError(error)) throw error;
      failed++;
    }
  }
  return { resumed, failed };
}

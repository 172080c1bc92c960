import type { portalSessions } from "../db/schema/index.ts";

export interface PortalSessionView {
  id: string;
  customer: string;
  source: string;
  flow: string | null;
  flow_subject: string | null;
  limited: boolean;
  return_url: string | null;
  locale: string | null;
  created_at: string;
  last_used_at: string;
  /** When it ends if unused from now on (idle timeout) ... */
  idle_expires_at: string;
  /** ... and when it ends whatever its use (absolute lifetime). */
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

export function toSessionView(row: typeof portalSessions.$inferSelect): PortalSessionView {
  const idle = new Date(Math.min(row.lastUsedAt.getTime() + row.idleMinutes * 60_000, row.expiresAt.getTime()));
  return {
    id: row.id,
    customer: row.customerId,
    source: row.source,
    flow: row.flow,
    flow_subject: row.flowSubjectId,
    limited: row.limited,
    return_url: row.returnUrl,
    locale: row.locale,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt.toISOString(),
    idle_expires_at: idle.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    ended_at: row.endedAt?.toISOString() ?? null,
    end_reason: row.endReason,
  };
}

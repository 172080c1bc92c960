import type { TicketStatus } from "./views.ts";

/** The status a ticket moves to when someone writes on it (H1): the other side is now expected to answer. */
export function statusAfterMessage(author: "customer" | "staff", internal: boolean, current: TicketStatus): TicketStatus {
  if (internal) return current;
  return author === "customer" ? "waiting_on_staff" : "waiting_on_customer";
}

/** Longest subject and message accepted. */
export const TICKET_LIMITS = { subject: 200, body: 20_000 } as const;

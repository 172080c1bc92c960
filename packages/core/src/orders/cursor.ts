import { DomainError } from "../errors.ts";

/** Position after the last row of a page, ordered by (placed_at desc, id desc). */
export interface OrderCursor {
  placedAt: Date;
  id: string;
}

export function encodeOrderCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify([cursor.placedAt.toISOString(), cursor.id])).toString("base64url");
}

/** Decodes a cursor from a client; anything that is not one we issued is `invalid_cursor`. */
export function decodeOrderCursor(value: string): OrderCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === "string" && typeof parsed[1] === "string") {
      const placedAt = new Date(parsed[0]);
      if (!Number.isNaN(placedAt.getTime()) && /^ord_[0-9A-Za-z]+$/.test(parsed[1])) return { placedAt, id: parsed[1] };
    }
  } catch {
    // fall through to the domain error below
  }
  throw new DomainError("invalid", "invalid_cursor", "The cursor is not one this API issued; start again without it.");
}

import { containsCardNumber } from "@billfront/core/server";
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "./problem.ts";

/**
 * The portal API never accepts a card number (R1): cards are typed only into
 * the card form. A body carrying one is refused before anything reads or logs it.
 */
export function rejectCardNumbers(): MiddlewareHandler {
  return async function rejectCardNumbersMiddleware(c, next) {
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") {
      const body = await c.req.text();
      if (containsCardNumber(body)) {
        throw new ProblemError(422, "card_number_not_allowed", "Card numbers are accepted only by the secure card form.");
      }
    }
    await next();
  };
}

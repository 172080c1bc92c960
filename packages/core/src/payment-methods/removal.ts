import { inArray } from "drizzle-orm";
import { orders } from "../db/schema/index.ts";

/** Orders a card pays on its own: live recurring or instalment orders that are charged automatically. */
export const CHARGING_TYPES = ["recurring", "instalment"] as const;
export const CHARGING_STATES = ["active", "trialing"] as const;

/** The SQL half of "charging": type and state (autocharge is checked beside it). */
export const chargingOrder = () => [inArray(orders.type, [...CHARGING_TYPES]), inArray(orders.state, [...CHARGING_STATES])] as const;

/** True for an order that would be left with nothing to charge if its card went. */
export function isCharging(order: { type: string; state: string; autocharge: boolean }): boolean {
  return (CHARGING_TYPES as readonly string[]).includes(order.type) && (CHARGING_STATES as readonly string[]).includes(order.state) && order.autocharge;
}

/**
 * Removing a card (R1) is refused when no other saved card is left and an order
 * still charges automatically: the one rule `removePaymentMethod` enforces and
 * the card list shows before the customer confirms.
 */
export function removalRefused(otherCards: number, chargingOrders: number): boolean {
  return otherCards === 0 && chargingOrders > 0;
}

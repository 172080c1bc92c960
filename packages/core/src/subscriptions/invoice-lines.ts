import { DomainError } from "../errors.ts";
import { discountFor, type Coupon } from "./discounts.ts";

/** One line of a draft invoice; `amount === quantity * unitAmount`, negative for discounts and credits. */
export interface DraftLine {
  kind: "plan" | "addon" | "proration" | "discount" | "credit";
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

/** A priced item on an invoice: a whole, non-negative quantity at a non-negative unit price. */
export interface PricedItem {
  description: string;
  unitAmount: number;
  quantity: number;
}

/** What an invoice is built from; coupons are already filtered to those that apply this cycle. */
export interface ComposeInvoiceInput {
  plan: PricedItem;
  addons: PricedItem[];
  /** Mid-period adjustments; negative amounts are credits for unused time. */
  prorations: { description: string; amount: number }[];
  coupons: Coupon[];
  /** The customer's available balance, >= 0. */
  accountCredit: number;
}

/**
 * A composed draft invoice. With `base = plan + addons`, these always hold:
 * - `subtotal === base + sum(prorations)`
 * - `0 <= discount <= base` (coupons never discount prorations)
 * - `0 <= creditApplied <= min(accountCredit, max(0, subtotal - discount))`
 * - `total === max(0, subtotal - discount - creditApplied)`, so `total >= 0`
 * - `carryForwardCredit === max(0, -(subtotal - discount)) >= 0`, and only one of `total`, `carryForwardCredit` is nonzero
 * - `sum(lines.amount) === total - carryForwardCredit` (equivalently `subtotal - discount - creditApplied`)
 */
export interface InvoiceDraft {
  lines: DraftLine[];
  subtotal: number;
  discount: number;
  creditApplied: number;
  total: number;
  /** Credit owed to the customer when prorations outweigh the charges; the caller adds it to their balance. */
  carryForwardCredit: number;
}

/** Builds the lines and totals of a subscription invoice; see `InvoiceDraft` for the invariants. */
export function composeInvoice(input: ComposeInvoiceInput): InvoiceDraft {
  const lines: DraftLine[] = [];
  const charge = (kind: "plan" | "addon", item: PricedItem) => {
    assertNonNegative(item.quantity, "invalid_quantity", `Quantity of "${item.description}"`);
    assertNonNegative(item.unitAmount, "invalid_amount", `Unit amount of "${item.description}"`);
    const amount = checked(item.quantity * item.unitAmount);
    lines.push({ kind, description: item.description, quantity: item.quantity, unitAmount: item.unitAmount, amount });
    return amount;
  };

  // Prices and quantities are non-negative, so the discount base is too.
  const base = [charge("plan", input.plan), ...input.addons.map((addon) => charge("addon", addon))].reduce(add, 0);

  let prorationTotal = 0;
  for (const proration of input.prorations) {
    if (!Number.isSafeInteger(proration.amount)) {
      throw new DomainError("invalid", "invalid_amount", `Proration "${proration.description}" must be an integer number of minor units, got ${proration.amount}.`);
    }
    prorationTotal = add(prorationTotal, proration.amount);
    lines.push({ kind: "proration", description: proration.description, quantity: 1, unitAmount: proration.amount, amount: proration.amount });
  }
  const subtotal = add(base, prorationTotal);

  // Each coupon is worked out on the whole base and they add up (10% + 10% =
  // 20%), which is what customers expect; the last ones are cut so the sum never passes the base.
  let discount = 0;
  for (const coupon of input.coupons) {
    const amount = Math.min(discountFor(base, coupon), base - discount);
    if (amount === 0) continue;
    discount += amount;
    lines.push({ kind: "discount", description: discountDescription(coupon), quantity: 1, unitAmount: -amount, amount: -amount });
  }

  assertNonNegative(input.accountCredit, "invalid_amount", "Account credit");
  const due = subtotal - discount;
  const creditApplied = Math.min(input.accountCredit, Math.max(0, due));
  if (creditApplied > 0) {
    lines.push({ kind: "credit", description: "Account credit applied", quantity: 1, unitAmount: -creditApplied, amount: -creditApplied });
  }

  return {
    lines,
    subtotal,
    discount,
    creditApplied,
    total: Math.max(0, due - creditApplied),
    // Credits for unused time can exceed what is owed; an invoice never goes
    // below zero, so the rest goes back to the customer's balance.
    carryForwardCredit: Math.max(0, -due),
  };
}

function discountDescription(coupon: Coupon): string {
  // Basis points to a display percentage (1250 -> "12.5%"); not money, so a float is fine here.
  return coupon.kind === "percent" ? `Discount (${(coupon.percentOff ?? 0) / 100}% off)` : "Discount";
}

function add(a: number, b: number): number {
  return checked(a + b);
}

function checked(amount: number): number {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError("invalid", "invalid_amount", "Invoice amounts exceed the safe integer range.");
  }
  return amount;
}

function assertNonNegative(value: number, code: string, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError("invalid", code, `${name} must be a non-negative whole number, got ${value}.`);
  }
}

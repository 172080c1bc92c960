import type { Money } from "../money.ts";
import type { SubscriptionAction, SubscriptionStatus } from "./rules.ts";

/** A plan or addon price as the subscription panel shows it. */
export interface SubscriptionPriceView {
  id: string;
  product: string;
  name: string;
  price: Money;
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
  min_quantity: number;
  max_quantity: number | null;
}

/** A subscription as its customer sees it (S1–S7): what it is, what is scheduled, and what they may do. */
export interface SubscriptionView {
  id: string;
  order_id: string;
  status: SubscriptionStatus;
  plan: SubscriptionPriceView;
  quantity: number;
  current_period_start: string | null;
  current_period_end: string | null;
  trial_ends_at: string | null;
  trial_extensions_left: number;
  trial_extension_days: number;
  cancel_at_period_end: boolean;
  cancelled_at: string | null;
  pause_at: string | null;
  resume_at: string | null;
  scheduled_change: { plan: SubscriptionPriceView; quantity: number; at: string | null } | null;
  autocharge: boolean;
  payment_method_id: string | null;
  /** `manageable`: the customer may change its quantity or remove it (S6, per the shop's addon list). */
  addons: { id: string; price: SubscriptionPriceView; quantity: number; recurring: boolean; manageable: boolean }[];
  coupons: { id: string; code: string; name: string; cycles_applied: number }[];
  /** Plans this one may switch to (S5), as the shop's plan list allows. */
  switch_to: SubscriptionPriceView[];
  /** Addons that can be added (S6). */
  available_addons: SubscriptionPriceView[];
  /** S1: when a cancellation may take effect. */
  cancellation_timings: ("now" | "end_of_term")[];
  /** A1: a coupon offered before the final confirm of a cancellation. */
  retention_offer: { coupon_id: string; name: string; description: string } | null;
  /** S5: when a quantity change on the same plan may apply. */
  quantity_change_timings: ("now" | "end_of_term")[];
  /** S5: whether a plan change may apply now, at the end of the term, or both. */
  change_timings: ("now" | "end_of_term")[];
  /** S3: whether a pause may start now, on a later date, or both (empty unless `pause` is an action). */
  pause_timings: ("now" | "scheduled")[];
  /** S3: whether a paused subscription may resume now, on a later date, or both (empty unless `resume` is an action). */
  resume_timings: ("now" | "scheduled")[];
  actions: SubscriptionAction[];
}

/** S5/A2: what a change would cost now. Positive `net` is charged; negative goes to the account balance. */
export interface ChangePreviewView {
  proration_date: string;
  period_end: string;
  currency: string;
  /** Unused time on the current plan, credited. */
  credit: number;
  /** The rest of the period on the new plan, charged. */
  charge: number;
  net: number;
  /** What will be invoiced and collected now (never below zero). */
  due_now: number;
  /** What goes to the account balance when the credit is larger. */
  credit_to_balance: number;
  /** The full price per period from the next renewal. */
  next_period_amount: number;
}

import type { PortalSettings, SubscriptionActionRule } from "../settings.ts";

export type SubscriptionStatus = "trialing" | "active" | "past_due" | "paused" | "cancelled" | "expired";

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ["trialing", "active", "past_due", "paused", "cancelled", "expired"];

/** What can happen to a subscription; each event is allowed only from some states (S1–S9). */
export type SubscriptionEvent =
  | "trial_end"
  | "renewal_declined"
  | "payment_recovered"
  | "pause"
  | "resume"
  | "cancel"
  | "expire"
  | "reactivate"
  | "autocharge_off";

const TRANSITIONS: Record<SubscriptionEvent, { from: readonly SubscriptionStatus[]; to: SubscriptionStatus }> = {
  trial_end: { from: ["trialing"], to: "active" },
  renewal_declined: { from: ["active", "past_due"], to: "past_due" },
  payment_recovered: { from: ["past_due", "active"], to: "active" },
  pause: { from: ["active", "past_due"], to: "paused" },
  resume: { from: ["paused"], to: "active" },
  cancel: { from: ["trialing", "active", "past_due", "paused"], to: "cancelled" },
  expire: { from: ["trialing"], to: "expired" },
  reactivate: { from: ["cancelled", "expired"], to: "active" },
  // S7: a customer who turns autocharge off pays by link; the subscription is no longer "past due".
  autocharge_off: { from: ["past_due", "active", "trialing", "paused"], to: "active" },
};

/** The state after `event`, or null when the event is not allowed from `from`. */
export function transition(from: SubscriptionStatus, event: SubscriptionEvent): SubscriptionStatus | null {
  const rule = TRANSITIONS[event];
  if (!rule.from.includes(from)) return null;
  return event === "autocharge_off" && from !== "past_due" ? from : rule.to;
}

/** The stored order state that shows a subscription's status in order lists (O1). */
export function orderStateFor(status: SubscriptionStatus): "trialing" | "active" | "paused" | "cancelled" {
  if (status === "trialing") return "trialing";
  if (status === "paused") return "paused";
  if (status === "cancelled" || status === "expired") return "cancelled";
  return "active";
}

/** Everything a customer can be allowed to do with a subscription (the widget shows exactly these). */
export type SubscriptionAction =
  | "cancel"
  | "remove_scheduled_cancellation"
  | "reactivate"
  | "pause"
  | "resume"
  | "edit_pause_schedule"
  | "extend_trial"
  | "activate_trial"
  | "change_plan"
  | "change_quantity"
  | "undo_scheduled_change"
  | "manage_addons"
  | "apply_coupon"
  | "autocharge_off"
  | "autocharge_on"
  | "remove_payment_method";

export const SUBSCRIPTION_ACTIONS: readonly SubscriptionAction[] = [
  "cancel",
  "remove_scheduled_cancellation",
  "reactivate",
  "pause",
  "resume",
  "edit_pause_schedule",
  "extend_trial",
  "activate_trial",
  "change_plan",
  "change_quantity",
  "undo_scheduled_change",
  "manage_addons",
  "apply_coupon",
  "autocharge_off",
  "autocharge_on",
  "remove_payment_method",
];

/**
 * What a subscription bills: a catalog plan, or the hidden schedule of an order
 * the shop placed through the merchant API (orders/schedule-order-billing.ts),
 * recurring or in instalments.
 */
export type SubscriptionBilling = "plan" | "recurring_order" | "instalment_order";

export interface SubscriptionFacts {
  billing: SubscriptionBilling;
  status: SubscriptionStatus;
  cancelAtPeriodEnd: boolean;
  pauseAt: Date | null;
  resumeAt: Date | null;
  trialExtensions: number;
  pendingChange: boolean;
  /** Plans this one may switch to (S5) that the shop's allow-list admits. */
  switchTargets: number;
  autocharge: boolean;
  hasAssignedPaymentMethod: boolean;
}

const LIVE: readonly SubscriptionStatus[] = ["trialing", "active", "past_due", "paused"];

/**
 * What the customer may do now, as the merchant's settings allow (P6). Core
 * enforces the same answers when an action is called; this list only lets the
 * widget show the controls that will work.
 */
export function subscriptionActions(s: SubscriptionFacts, settings: PortalSettings): SubscriptionAction[] {
  // An instalment plan is a debt the customer agreed to pay off: nothing they may stop, pause or reshape.
  if (s.billing === "instalment_order") return [];
  const actions = planActions(s, settings);
  // A shop's recurring order bills its own lines: plan, quantity, addons and coupons are catalog concepts it has none of.
  return s.billing === "recurring_order" ? actions.filter((a) => !CATALOG_ACTIONS.includes(a)) : actions;
}

/** Actions that reshape what a catalog plan bills (S5, S6); an order's own schedule has none of them. */
export const CATALOG_ACTIONS: readonly SubscriptionAction[] = ["change_plan", "change_quantity", "undo_scheduled_change", "manage_addons", "apply_coupon"];

/**
 * Why an action is refused outright on an order's schedule, whatever the shop's
 * settings (a 409 with this code), or null when the settings decide.
 */
export function scheduleRefusal(billing: SubscriptionBilling, action: SubscriptionAction): { code: string; message: string } | null {
  if (billing === "instalment_order") {
    if (action === "cancel") return { code: "instalment_plan_not_cancellable", message: "An instalment plan cannot be cancelled; the remaining instalments are still due." };
    if (action === "pause" || action === "resume" || action === "edit_pause_schedule") return { code: "instalment_plan_not_pausable", message: "An instalment plan cannot be paused; the remaining instalments are still due." };
    return { code: "instalment_plan_not_changeable", message: "An instalment plan is paid as agreed with the shop and cannot be changed here." };
  }
  if (billing === "recurring_order" && CATALOG_ACTIONS.includes(action)) {
    return { code: "order_plan_not_changeable", message: "This order bills the items the shop set; its plan, quantity, addons and coupons cannot be changed here." };
  }
  return null;
}

function planActions(s: SubscriptionFacts, settings: PortalSettings): SubscriptionAction[] {
  const actions: SubscriptionAction[] = [];
  const live = LIVE.includes(s.status);
  const billing = s.status === "active" || s.status === "trialing";
  if (settings.cancellation !== "off" && live && !s.cancelAtPeriodEnd) actions.push("cancel");
  if (settings.removeScheduledCancellation && live && s.cancelAtPeriodEnd) actions.push("remove_scheduled_cancellation");
  if (settings.reactivate && (s.status === "cancelled" || s.status === "expired")) actions.push("reactivate");
  if (settings.pauseResume !== "off") {
    if ((s.status === "active" || s.status === "past_due") && !s.pauseAt) actions.push("pause");
    if (s.status === "paused") actions.push("resume");
    // Moving or deleting a date is scheduling: a shop that pauses only "now" offers no dates to edit.
    if ((s.pauseAt || s.resumeAt) && settings.pauseResume !== "now") actions.push("edit_pause_schedule");
  }
  if (s.status === "trialing") {
    if (settings.trialExtensionDays > 0 && s.trialExtensions < settings.maxTrialExtensions) actions.push("extend_trial");
    if (settings.activateTrialNow) actions.push("activate_trial");
  }
  if (billing && !s.cancelAtPeriodEnd) {
    if (settings.changePlan !== "off" && s.switchTargets > 0) actions.push("change_plan");
    if (settings.changeQuantity !== "off") actions.push("change_quantity");
    if (settings.manageAddons) actions.push("manage_addons");
    if (settings.applyCoupons) actions.push("apply_coupon");
  }
  if (s.pendingChange && settings.undoScheduledChange) actions.push("undo_scheduled_change");
  if (settings.autochargeToggle && live) actions.push(s.autocharge ? "autocharge_off" : "autocharge_on");
  if (settings.removeSubscriptionPaymentMethod && live && s.hasAssignedPaymentMethod) actions.push("remove_payment_method");
  return actions.filter((action) => offeredHere(settings.subscriptionActions[action], s));
}

/** The shop's per-action rule (P6 advanced): offered only in the statuses and billing modes it lists. */
function offeredHere(rule: SubscriptionActionRule | undefined, s: SubscriptionFacts): boolean {
  if (!rule) return true;
  if (rule.statuses && !rule.statuses.includes(s.status)) return false;
  return !rule.billingModes || rule.billingModes.includes(s.autocharge ? "autocharge" : "manual");
}

/** When a dunning retry is due after `attempts` declines, or null when the retries are used up (S9). */
export function nextRetryAt(declinedAt: Date, attempts: number, retryDays: readonly number[]): Date | null {
  const days = retryDays[attempts - 1];
  return days === undefined ? null : new Date(declinedAt.getTime() + days * 86_400_000);
}

/** What staff may do with a subscription (S4, S8), whatever the shop's portal settings. */
export type StaffSubscriptionAction =
  | "restart_trial"
  | "skip_trial"
  | "stop_trial"
  | "change_price"
  | "change_billing_date"
  | "skip_payment"
  | "unskip_payment"
  | "bill_now"
  | "cancel"
  | "pause"
  | "resume";

/** The staff operations the API would accept now (each still re-checked under its lock). */
export function staffSubscriptionActions(
  s: { status: SubscriptionStatus; skipNextPayment: boolean; pauseAt: Date | null; cancelAtPeriodEnd: boolean },
  billing: SubscriptionBilling,
): StaffSubscriptionAction[] {
  const actions: StaffSubscriptionAction[] = [];
  const billable = s.status === "active" || s.status === "past_due";
  if (billing === "plan" && ["trialing", "expired", "cancelled"].includes(s.status)) actions.push("restart_trial");
  if (s.status === "trialing") actions.push("skip_trial", "stop_trial");
  if (billing === "plan" && ["trialing", "active", "past_due", "paused"].includes(s.status)) actions.push("change_price");
  if (billable) actions.push("change_billing_date");
  if (billable && !s.skipNextPayment && billing !== "instalment_order") actions.push("skip_payment");
  if (billable && s.skipNextPayment) actions.push("unskip_payment");
  if (billable && billing === "plan") actions.push("bill_now");
  if (transition(s.status, "cancel") && billing !== "instalment_order") actions.push("cancel");
  if (transition(s.status, "pause") && !s.pauseAt && billing !== "instalment_order") actions.push("pause");
  if (s.status === "paused" && billing !== "instalment_order") actions.push("resume");
  return actions;
}

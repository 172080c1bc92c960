import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, resolveSettings } from "./settings.ts";
import { subscriptionActions, type SubscriptionFacts } from "./subscriptions/rules.ts";

const active: SubscriptionFacts = {
  billing: "plan",
  status: "active",
  cancelAtPeriodEnd: false,
  pauseAt: null,
  resumeAt: null,
  trialExtensions: 0,
  pendingChange: false,
  switchTargets: 1,
  autocharge: true,
  hasAssignedPaymentMethod: true,
};

describe("portal settings (P6, A4)", () => {
  it("defaults every customer-changing feature to off", () => {
    expect(resolveSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(subscriptionActions(active, resolveSettings({}))).toEqual([]);
  });

  it("lets a later layer (a customer's overrides) win key by key", () => {
    const settings = resolveSettings({ cancellation: "automatic", refunds: "manual" }, { cancellation: "off" }, null);
    expect(settings).toMatchObject({ cancellation: "off", refunds: "manual" });
  });

  it("reads stored booleans of the settings that became modes, and split toggles follow the one they came from until set", () => {
    expect(resolveSettings({ pauseResume: true, changeQuantity: true })).toMatchObject({ pauseResume: "both", changeQuantity: "either", undoScheduledChange: true });
    expect(resolveSettings({ pauseResume: false, changeQuantity: false })).toMatchObject({ pauseResume: "off", changeQuantity: "off", undoScheduledChange: false });
    expect(resolveSettings({ autochargeToggle: true, cancellation: "manual" })).toMatchObject({ removeSubscriptionPaymentMethod: true, removeScheduledCancellation: true });
    expect(resolveSettings({ autochargeToggle: true, removeSubscriptionPaymentMethod: false })).toMatchObject({ removeSubscriptionPaymentMethod: false });
    // A customer's override of the older toggle moves the split one with it, unless either layer set it.
    expect(resolveSettings({ autochargeToggle: true }, { autochargeToggle: false }).removeSubscriptionPaymentMethod).toBe(false);
  });

  it("offers an action only in the statuses and billing modes the shop lists for it", () => {
    const settings = resolveSettings({ cancellation: "automatic", autochargeToggle: true, subscriptionActions: { cancel: { statuses: ["past_due"] }, autocharge_on: { billingModes: ["autocharge"] } } });
    expect(subscriptionActions(active, settings)).toEqual(["autocharge_off", "remove_payment_method"]);
    expect(subscriptionActions({ ...active, status: "past_due" }, settings)).toEqual(["cancel", "autocharge_off", "remove_payment_method"]);
    // Billed manually (autocharge off): turning it back on is not offered there.
    expect(subscriptionActions({ ...active, autocharge: false }, settings)).toEqual(["remove_payment_method"]);
  });

  it("pauses now, on a date or both, and offers schedule edits only where dates are allowed", () => {
    const scheduled = { ...active, pauseAt: new Date("2026-07-01T00:00:00Z") };
    expect(subscriptionActions(scheduled, resolveSettings({ pauseResume: "now" }))).toEqual([]);
    expect(subscriptionActions(scheduled, resolveSettings({ pauseResume: "scheduled" }))).toEqual(["edit_pause_schedule"]);
    expect(subscriptionActions({ ...active, status: "paused" }, resolveSettings({ pauseResume: "now" }))).toEqual(["resume"]);
  });
});

import { z } from "zod";
import { isCurrencyCode, MAX_AMOUNT } from "./currencies.ts";
import { SUBSCRIPTION_ACTIONS, SUBSCRIPTION_STATUSES, type SubscriptionAction, type SubscriptionStatus } from "./subscriptions/rules.ts";

// Request-body pieces every API surface shares, so a currency or an amount is checked the same way everywhere (and as core's money() checks it).

/** An active ISO 4217 currency code (`EUR`, `JPY`); `XYZ` and `eur` are refused. */
export const currencyCodeSchema = z.string().refine(isCurrencyCode, { message: "must be an active ISO 4217 currency code" });

/** A non-negative amount in integer minor units, at most MAX_AMOUNT (10^12). */
export const amountSchema = z.number().int().min(0).max(MAX_AMOUNT);

/** A positive amount in integer minor units, at most MAX_AMOUNT (10^12). */
export const positiveAmountSchema = z.number().int().min(1).max(MAX_AMOUNT);

/** The hosted portal's `/p/<slug>` (P6): 3-40 lowercase letters and digits, words joined by single hyphens. */
export const PORTAL_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const portalSlugSchema = z.string().min(3).max(40).regex(PORTAL_SLUG_PATTERN, "must be lowercase letters, digits and single hyphens, e.g. northwind-coffee");

/** At most this many custom tabs in the hosted portal (P6, W2). */
export const MAX_CUSTOM_TABS = 5;
const tabLabel = z.string().trim().min(1).max(40);
const localeTag = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as en or de-AT");
/** One custom tab: a label (one text, or one per locale) and an http(s) address; core decides which addresses are allowed. */
export const customTabSchema = z.strictObject({
  label: z.union([tabLabel, z.record(localeTag, tabLabel).refine((labels) => Object.keys(labels).length >= 1 && Object.keys(labels).length <= 20, "give 1 to 20 labels by locale")]),
  url: z.url({ protocol: /^https?$/ }).max(2000),
});
export const customTabsSchema = z.array(customTabSchema).max(MAX_CUSTOM_TABS);

/** Where each subscription action is offered: statuses and billing modes (P6 advanced; see settings.ts). */
export const subscriptionActionsSchema = z.partialRecord(
  z.enum(SUBSCRIPTION_ACTIONS as [SubscriptionAction, ...SubscriptionAction[]]),
  z.strictObject({
    statuses: z.array(z.enum(SUBSCRIPTION_STATUSES as [SubscriptionStatus, ...SubscriptionStatus[]])).max(SUBSCRIPTION_STATUSES.length).optional(),
    billingModes: z.array(z.enum(["autocharge", "manual"])).max(2).optional(),
  }),
);

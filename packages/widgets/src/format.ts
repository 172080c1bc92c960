import { safeTimeZone } from "@billfront/core";
import { notifyTextsChanged } from "./i18n/messages.ts";

/**
 * The shop's IANA time zone (the portal config's `time_zone`), once a
 * connection has learned it. One page shows one shop, so it is kept here
 * rather than threaded through every element and template; until it is
 * known dates read on the UTC calendar.
 */
let shopTimeZone = "UTC";

/** Sets the zone dates are shown in (called by the connection when the portal config arrives); elements re-render. */
export function useShopTimeZone(timeZone: string | null | undefined): void {
  const zone = safeTimeZone(timeZone);
  if (zone === shopTimeZone) return;
  shopTimeZone = zone;
  notifyTextsChanged();
}

/** The zone dates are shown in now. */
export function currentTimeZone(): string {
  return shopTimeZone;
}

/** A date as the customer reads it: stored instants are UTC, the calendar day is the shop's (23:30 UTC is the next day in Berlin). */
export function formatDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: shopTimeZone }).format(new Date(iso));
}

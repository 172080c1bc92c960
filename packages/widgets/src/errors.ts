import { ApiError } from "./client.ts";
import type { BillfrontErrorDetail } from "./events.ts";
import { messagesFor } from "./i18n/messages.ts";

/** The sentence a customer reads for a failure, in their language. */
export function errorMessage(error: unknown, locale: string): string {
  const t = messagesFor(locale);
  const code = error instanceof ApiError ? error.code : "default";
  // P5: the page is not among the shop's allowed origins (told apart from a network failure by the BFF's origin check).
  const details = error instanceof ApiError ? error.problem.details : undefined;
  if (code === "origin_not_allowed" && typeof details?.merchant_name === "string" && typeof details.origin === "string") return t.originNotAllowed(details.merchant_name, details.origin);
  // Refusals of a subscription action (`pause_not_allowed`, `change_timing_not_allowed`, ...) read alike.
  return t.errors[code] ?? (code.endsWith("_not_allowed") ? t.errors.not_allowed : undefined) ?? t.errors.default;
}

/** Detail of the `billfront-error` event for a failure. */
export function errorDetail(error: unknown, locale: string): BillfrontErrorDetail {
  return {
    code: error instanceof ApiError ? error.code : "unexpected",
    status: error instanceof ApiError ? error.status : 0,
    message: errorMessage(error, locale),
  };
}

import { ApiError } from "./client.ts";
import type { BillfrontErrorDetail } from "./events.ts";
import { messagesFor } from "./i18n/messages.ts";

/** The sentence a customer reads for a failure, in their language. */
export function errorMessage(error: unknown, locale: string): string {
  const t = messagesFor(locale);
  const code = error instanceof ApiError ? error.code : "default";
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

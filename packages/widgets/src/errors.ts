import { ApiError } from "./client.ts";
import type { BillfrontErrorDetail } from "./events.ts";
import { messagesFor } from "./i18n/messages.ts";

/** The sentence a customer reads for a failure, in their language. */
export function errorMessage(error: unknown, locale: string): string {
  const t = messagesFor(locale);
  return t.errors[error instanceof ApiError ? error.code : "default"] ?? t.errors.default;
}

/** Detail of the `billfront-error` event for a failure. */
export function errorDetail(error: unknown, locale: string): BillfrontErrorDetail {
  return {
    code: error instanceof ApiError ? error.code : "unexpected",
    status: error instanceof ApiError ? error.status : 0,
    message: errorMessage(error, locale),
  };
}

import { DomainError } from "../errors.ts";

/** `https://Shop.example:443/path` -> `https://shop.example`: the form browsers send in `Origin`. */
export function normaliseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError("invalid", "invalid_origin", `"${value}" is not an origin such as https://shop.example.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DomainError("invalid", "invalid_origin", `"${value}" must use http or https.`);
  }
  return url.origin;
}

/** Whether a browser origin may call the portal API for this merchant (P5). */
export function isOriginAllowed(allowedOrigins: readonly string[], origin: string): boolean {
  return allowedOrigins.includes(origin);
}

/** A return URL (A5) must lead back to one of the merchant's own origins, never elsewhere. */
export function assertReturnUrlAllowed(allowedOrigins: readonly string[], returnUrl: string): void {
  if (!isOriginAllowed(allowedOrigins, normaliseOrigin(returnUrl))) {
    throw new DomainError("invalid", "return_url_not_allowed", "return_url must be on one of the merchant's allowed origins.");
  }
}

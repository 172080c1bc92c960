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

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An origin a merchant may register (CLI, PATCH /v1/merchant): scheme, host and
 * port only — no path, query, fragment or credentials — over https, or plain
 * http on localhost (a shop being built on this machine). Returns it normalised
 * (`https://Shop.example:443` -> `https://shop.example`); anything else is
 * `invalid_origin` with a message that says what was wrong.
 */
export function parseMerchantOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DomainError("invalid", "invalid_origin", `"${value}" is not an origin such as https://shop.example.`, { origin: value });
  }
  const fail = (why: string) => new DomainError("invalid", "invalid_origin", `"${value}" ${why}; give scheme, host and port only, such as https://shop.example.`, { origin: value });
  if (url.protocol !== "https:" && url.protocol !== "http:") throw fail("must use https");
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) throw fail("must use https (plain http only on localhost)");
  if (url.username || url.password) throw fail("must not carry a user name or password");
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash || /[?#]/.test(value)) throw fail("must not have a path, query or fragment");
  if (/^[a-z]+:\/\/[^/]*\/./i.test(value)) throw fail("must not have a path");
  // One exact host: letters, digits, hyphens and dots (punycode for other scripts), or a bracketed IPv6 address.
  // A wildcard such as https://*.shop.example would end up in CORS answers and the card form's frame-ancestors.
  if (!/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) throw fail("must name one exact host (no wildcards)");
  return url.origin;
}

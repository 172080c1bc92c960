import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { DomainError } from "../errors.ts";

/**
 * SSRF care (M4): a live merchant's endpoint must be an https URL on a public
 * address; loopback, private, link-local, CGNAT, multicast and unspecified
 * addresses are refused when the endpoint is saved (literal IPs, `localhost`)
 * and again when each delivery is sent (after DNS resolution, so a name that
 * points inward is caught). Sandbox merchants may use http://localhost and any
 * address, so tests and the demo can receive events.
 */
export function checkEndpointUrl(raw: string, mode: "test" | "live"): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError("invalid", "webhook_url_invalid", "The endpoint URL is not a URL.");
  }
  if (url.username || url.password) throw new DomainError("invalid", "webhook_url_invalid", "The endpoint URL must not carry credentials.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isPrivateAddress(host));
  if (mode === "live") {
    if (url.protocol !== "https:") throw new DomainError("invalid", "webhook_url_insecure", "A live endpoint URL must use https.");
    if (local) throw new DomainError("invalid", "webhook_url_private", "A live endpoint must be on a public address, not a loopback or private one.");
  } else if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new DomainError("invalid", "webhook_url_insecure", "The endpoint URL must use https (or http://localhost in the sandbox).");
  }
  return url.toString();
}

/** Whether a delivery to this URL would reach an inward address (live mode only); resolves the name. */
export async function resolvesToPrivate(raw: string): Promise<boolean> {
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) !== 0) return isPrivateAddress(host);
  const addresses = await lookup(host, { all: true, verbatim: true });
  return addresses.some((a) => isPrivateAddress(a.address));
}

export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split(".").map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a >= 224;
  }
  const v6 = address.toLowerCase();
  if (v6.startsWith("::ffff:")) return isPrivateAddress(v6.slice(7));
  return v6 === "::" || v6 === "::1" || v6.startsWith("fc") || v6.startsWith("fd") || v6.startsWith("fe8") || v6.startsWith("fe9") || v6.startsWith("fea") || v6.startsWith("feb") || v6.startsWith("ff");
}

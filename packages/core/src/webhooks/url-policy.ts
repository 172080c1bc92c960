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

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().split("%")[0]!;
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail, extra] = text.split("::");
  if (extra !== undefined) return undefined;
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split(".").map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const g = ipv6Groups(address);
  // Anything that does not parse is treated as inward: refusing is the safe answer.
  if (!g) return true;
  const embedded = (hi: number, lo: number) => isPrivateAddress(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  // ::ffff:a.b.c.d (IPv4-mapped, in either notation), ::a.b.c.d (IPv4-compatible), 64:ff9b::/96 (NAT64): the IPv4 inside decides.
  if (zeros(5) && g[5] === 0xffff) return embedded(g[6]!, g[7]!);
  if (zeros(6)) return g[6] === 0 && g[7]! <= 1 ? true : embedded(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return embedded(g[6]!, g[7]!);
  // 2002::/16 (6to4) carries an IPv4 in its next 32 bits.
  if (g[0] === 0x2002) return embedded(g[1]!, g[2]!);
  const first = g[0]!;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0 || (first & 0xff00) === 0xff00;
}

import { lookup, type LookupAddress } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchantLogos, merchants } from "../db/schema/index.ts";
import { isPrivateAddress } from "../webhooks/url-policy.ts";

/** Largest logo fetched for documents; a bigger file is not a logo. */
export const MAX_LOGO_BYTES = 1_000_000;
/** The whole fetch, not only each wait for bytes: a host dripping bytes cannot hold the merchant's request open. */
const FETCH_TIMEOUT_MS = 5_000;

export interface LogoImage {
  bytes: Uint8Array;
  type: "png" | "jpeg";
}

/** PNG or JPEG by the file's own first bytes (the Content-Type header is not trusted). */
export function sniffLogo(bytes: Uint8Array): LogoImage["type"] | null {
  if (bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "png";
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return null;
}

/** A base64 data: URL logo as printable bytes; SVG, GIF, WebP and anything malformed give null (the name is printed). */
export function logoFromDataUrl(url: string): LogoImage | null {
  const match = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/.exec(url);
  if (!match) return null;
  const bytes = new Uint8Array(Buffer.from(match[2]!, "base64"));
  return sniffLogo(bytes) === match[1] ? { bytes, type: match[1] as LogoImage["type"] } : null;
}

/**
 * The logo a document prints: a data: URL's image, or the copy of an https
 * logo fetched when it was set. Nothing is fetched here, so rendering a PDF
 * never reaches out to the network.
 */
export async function documentLogo(ctx: CoreContext, merchant: { id: string; logoUrl: string | null }): Promise<LogoImage | null> {
  const url = merchant.logoUrl;
  if (!url) return null;
  if (url.startsWith("data:")) return logoFromDataUrl(url);
  const [row] = await ctx.db
    .select({ data: merchantLogos.data, contentType: merchantLogos.contentType })
    .from(merchantLogos)
    .where(and(eq(merchantLogos.merchantId, merchant.id), eq(merchantLogos.sourceUrl, url)));
  return row ? { bytes: row.data, type: row.contentType === "image/png" ? "png" : "jpeg" } : null;
}

/**
 * Fetches the merchant's https logo once, after it was set, and keeps the
 * bytes for documents; call it with no transaction open. SSRF care as for
 * webhooks (M4): a live merchant's logo must be on a public address, checked
 * on the address actually connected to (no second DNS answer can point
 * inward); redirects are not followed; at most 1 MB; PNG or JPEG by content.
 * Any failure leaves no stored copy and documents print the shop's name: the
 * result says which, and never throws.
 */
export async function storeMerchantLogo(ctx: CoreContext, merchantId: string): Promise<"stored" | "not_needed" | "unavailable"> {
  const [merchant] = await ctx.db.select({ logoUrl: merchants.logoUrl, mode: merchants.mode }).from(merchants).where(eq(merchants.id, merchantId));
  const url = merchant?.logoUrl;
  if (!merchant || !url || url.startsWith("data:")) {
    if (merchant) await ctx.db.delete(merchantLogos).where(eq(merchantLogos.merchantId, merchantId));
    return "not_needed";
  }
  const bytes = await fetchLogo(url, merchant.mode).catch(() => null);
  const type = bytes && sniffLogo(bytes);
  if (!bytes || !type) {
    await ctx.db.delete(merchantLogos).where(eq(merchantLogos.merchantId, merchantId));
    return "unavailable";
  }
  const values = { sourceUrl: url, contentType: `image/${type}` as const, data: bytes, fetchedAt: ctx.clock.now() };
  await ctx.db.insert(merchantLogos).values({ merchantId, ...values }).onConflictDoUpdate({ target: merchantLogos.merchantId, set: values });
  return "stored";
}

async function fetchLogo(raw: string, mode: "test" | "live"): Promise<Uint8Array | null> {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const live = mode === "live";
  if (url.username || url.password) return null;
  if (live && url.protocol !== "https:") return null;
  if (!live && url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (live && (host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isPrivateAddress(host)))) return null;
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers: { accept: "image/png, image/jpeg" }, timeout: FETCH_TIMEOUT_MS, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), ...(live ? { lookup: publicOnlyLookup } : {}) }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(null);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_LOGO_BYTES) {
          req.destroy();
          resolve(null);
        } else chunks.push(chunk);
      });
      res.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("logo fetch timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** DNS lookup that refuses inward addresses at connect time, so a name cannot resolve one way when checked and another when fetched. */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const inward = addresses.find((a) => isPrivateAddress(a.address));
    if (inward || addresses.length === 0) return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: "EPRIVATE" }), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

import type { CustomTab } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";

/** Largest logo given inline as a data: URL (characters); a bigger picture belongs on an https address. */
export const MAX_DATA_LOGO_LENGTH = 200_000;

const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
const DATA_IMAGE = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * A brand colour the hosted portal may put into its styles (W2, W6): exactly
 * `#rrggbb`, so nothing but a colour can reach the page's CSS.
 */
export function isBrandColor(value: unknown): value is string {
  return typeof value === "string" && HEX_COLOUR.test(value);
}

/**
 * A logo the hosted portal may show: an https image address (its origin is
 * then added to the page's `img-src`) or a base64 data: URL of a raster or SVG
 * image (an SVG in `<img>` runs no script), or plain http on a loopback host
 * (a shop being built on this machine, like the demo). Anything else — http
 * elsewhere, javascript:, credentials in the address — is refused.
 */
export function isLogoUrl(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0) return false;
  if (value.startsWith("data:")) return value.length <= MAX_DATA_LOGO_LENGTH && DATA_IMAGE.test(value);
  if (value.length > 2048) return false;
  try {
    const url = new URL(value);
    const loopback = url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
    return (url.protocol === "https:" || loopback) && !url.username && !url.password && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A custom tab (W2) the portal may show: a label and an http(s) link. Others (javascript:, relative) are left out when shown. */
export function isShowableTab(tab: unknown): tab is CustomTab {
  if (!tab || typeof tab !== "object") return false;
  const { label, url } = tab as Partial<CustomTab>;
  const labelled = typeof label === "string" ? label.length > 0 : !!label && typeof label === "object" && Object.values(label).every((l) => typeof l === "string");
  if (!labelled || typeof url !== "string") return false;
  try {
    return ["https:", "http:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** What the hosted portal shows of a merchant's brand; values that fail the checks above are shown as absent. */
export interface BrandingView {
  logo_url: string | null;
  brand_color: string | null;
}

/** The stored logo and colour as they may be shown (re-checked on the way out: a row written elsewhere is not trusted). */
export function toBrandingView(row: { logoUrl: string | null; brandColor: string | null }): BrandingView {
  return { logo_url: isLogoUrl(row.logoUrl) ? row.logoUrl : null, brand_color: isBrandColor(row.brandColor) ? row.brandColor.toLowerCase() : null };
}

/** Throws `invalid_brand_color` / `invalid_logo_url` unless each given value passes its check; null clears it. */
export function assertBranding(input: { logoUrl?: string | null | undefined; brandColor?: string | null | undefined }): void {
  if (input.brandColor != null && !isBrandColor(input.brandColor)) {
    throw new DomainError("invalid", "invalid_brand_color", "brand_color must be a hex colour such as #0b57d0.");
  }
  if (input.logoUrl != null && !isLogoUrl(input.logoUrl)) {
    throw new DomainError("invalid", "invalid_logo_url", "logo_url must be an https image address (http only on localhost) or a base64 data:image URL.");
  }
}

import { asc, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { recordAction } from "../audit/record-action.ts";
import { merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { assertStorable } from "../storable.ts";
import { assertBranding, toBrandingView } from "./branding.ts";
import { parseMerchantOrigin } from "./origins.ts";
import { storeMerchantLogo } from "./merchant-logo.ts";

/** How the API and the CLI name a merchant's mode: `sandbox` is stored as `test` (its keys are `sk_test_…`). */
export type MerchantModeName = "sandbox" | "live";

export function modeName(mode: "test" | "live"): MerchantModeName {
  return mode === "test" ? "sandbox" : "live";
}

export function storedMode(mode: MerchantModeName): "test" | "live" {
  return mode === "sandbox" ? "test" : "live";
}

/** A merchant's own profile (GET /v1/merchant): who the shop is and where it may embed the portal. */
export interface MerchantProfile {
  id: string;
  name: string;
  /** `sandbox` or `live`; chosen when the merchant is created, read-only afterwards (keys carry it in their prefix). */
  mode: MerchantModeName;
  logo_url: string | null;
  brand_color: string | null;
  default_locale: string;
  time_zone: string;
  support_email: string | null;
  notify_emails: string[];
  allowed_origins: string[];
  created_at: string;
}

export interface MerchantProfilePatch {
  name?: string | undefined;
  logoUrl?: string | null | undefined;
  brandColor?: string | null | undefined;
  defaultLocale?: string | undefined;
  timeZone?: string | undefined;
  supportEmail?: string | null | undefined;
  notifyEmails?: string[] | undefined;
  allowedOrigins?: string[] | undefined;
}

type MerchantRow = typeof merchants.$inferSelect;

export function toMerchantProfile(row: MerchantRow): MerchantProfile {
  return {
    id: row.id,
    name: row.name,
    mode: modeName(row.mode),
    ...toBrandingView(row),
    default_locale: row.defaultLocale,
    time_zone: row.timeZone,
    support_email: row.supportEmail,
    notify_emails: row.notifyEmails,
    allowed_origins: row.allowedOrigins,
    created_at: row.createdAt.toISOString(),
  };
}

/** The IANA time zone as stored (`europe/berlin` -> `Europe/Berlin`), or `invalid_time_zone`. */
export function canonicalTimeZone(value: string): string {
  try {
    if (value.length === 0 || value.length > 64) throw new RangeError();
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new DomainError("invalid", "invalid_time_zone", `"${value}" is not an IANA time zone such as Europe/Berlin.`, { time_zone: value });
  }
}

/** The merchant's profile; an unknown id is `merchant_not_found`. */
export async function getMerchantProfile(ctx: CoreContext, merchantId: string): Promise<MerchantProfile> {
  const [row] = await ctx.db.select().from(merchants).where(eq(merchants.id, merchantId)).limit(1);
  if (!row) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
  return toMerchantProfile(row);
}

/** Every merchant on this installation, oldest first (the operator's `billfront merchant list`). */
export async function listMerchants(ctx: CoreContext): Promise<MerchantProfile[]> {
  const rows = await ctx.db.select().from(merchants).orderBy(asc(merchants.createdAt), asc(merchants.id));
  return rows.map(toMerchantProfile);
}

/**
 * Changes the fields given of a merchant's profile (PATCH /v1/merchant); the
 * rest stay. Origins are checked strictly (parseMerchantOrigin) and take effect
 * with the commit: portal CORS and the card form read them on every request.
 */
export async function updateMerchantProfile(ctx: CoreContext, merchantId: string, patch: MerchantProfilePatch): Promise<MerchantProfile> {
  assertStorable(patch, "merchant");
  assertBranding(patch);
  if (patch.name !== undefined && patch.name.trim().length === 0) throw new DomainError("invalid", "invalid_name", "A merchant needs a name.");
  const values: Partial<MerchantRow> = {};
  if (patch.name !== undefined) values.name = patch.name.trim();
  if (patch.logoUrl !== undefined) values.logoUrl = patch.logoUrl;
  if (patch.brandColor !== undefined) values.brandColor = patch.brandColor?.toLowerCase() ?? null;
  if (patch.defaultLocale !== undefined) values.defaultLocale = patch.defaultLocale;
  if (patch.timeZone !== undefined) values.timeZone = canonicalTimeZone(patch.timeZone);
  if (patch.supportEmail !== undefined) values.supportEmail = patch.supportEmail?.toLowerCase() ?? null;
  if (patch.notifyEmails !== undefined) values.notifyEmails = [...new Set(patch.notifyEmails.map((e) => e.toLowerCase()))];
  if (patch.allowedOrigins !== undefined) values.allowedOrigins = [...new Set(patch.allowedOrigins.map(parseMerchantOrigin))];
  const profile = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(merchants).where(eq(merchants.id, merchantId)).for("no key update");
    if (!before) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
    if (Object.keys(values).length === 0) return toMerchantProfile(before);
    const [after] = await tx.update(merchants).set(values).where(eq(merchants.id, merchantId)).returning();
    const changed = Object.keys(values).filter((key) => JSON.stringify(before[key as keyof MerchantRow]) !== JSON.stringify(after![key as keyof MerchantRow]));
    await recordAction(tx, ctx, { merchantId, action: "merchant.updated", subjectId: merchantId, details: { changed } });
    return toMerchantProfile(after!);
  });
  // After the commit: the copy of the logo documents print (fetched once here, never while a PDF renders).
  if (patch.logoUrl !== undefined) await storeMerchantLogo(ctx, merchantId);
  return profile;
}

/** Adds one browser origin to the merchant's allowed origins (checked strictly); adding one already there changes nothing. */
export async function addAllowedOrigin(ctx: CoreContext, merchantId: string, origin: string): Promise<string[]> {
  const normalised = parseMerchantOrigin(origin);
  return changeOrigins(ctx, merchantId, "merchant.origin_added", normalised, (current) => (current.includes(normalised) ? current : [...current, normalised]));
}

/** Removes one browser origin; one not there is `origin_not_found`. */
export async function removeAllowedOrigin(ctx: CoreContext, merchantId: string, origin: string): Promise<string[]> {
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    throw new DomainError("invalid", "invalid_origin", `"${origin}" is not an origin such as https://shop.example.`, { origin });
  }
  return changeOrigins(ctx, merchantId, "merchant.origin_removed", normalised, (current) => {
    if (!current.includes(normalised)) throw new DomainError("not_found", "origin_not_found", `${normalised} is not one of the merchant's allowed origins.`, { origin: normalised });
    return current.filter((o) => o !== normalised);
  });
}

async function changeOrigins(ctx: CoreContext, merchantId: string, action: string, origin: string, next: (current: string[]) => string[]): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ allowedOrigins: merchants.allowedOrigins }).from(merchants).where(eq(merchants.id, merchantId)).for("no key update");
    if (!row) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
    const origins = next(row.allowedOrigins);
    if (origins === row.allowedOrigins) return origins;
    await tx.update(merchants).set({ allowedOrigins: origins }).where(eq(merchants.id, merchantId));
    await recordAction(tx, ctx, { merchantId, action, subjectId: merchantId, details: { origin } });
    return origins;
  });
}

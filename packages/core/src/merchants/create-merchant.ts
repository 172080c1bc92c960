import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { apiKeys, merchants, type MerchantSettings } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { normaliseOrigin } from "./origins.ts";
import { assertBranding } from "./branding.ts";
import { generateSecretKey, hashApiKey, keyHint } from "./api-keys.ts";
import { recordAction } from "../audit/record-action.ts";
import { storeMerchantLogo } from "./merchant-logo.ts";
import { canonicalTimeZone } from "./merchant-profile.ts";

export interface CreateMerchantInput {
  name: string;
  mode?: "test" | "live";
  allowedOrigins?: string[];
  address?: string;
  defaultLocale?: string;
  settings?: MerchantSettings;
  /** Staff addresses told about problems that need a person (R4). */
  notifyEmails?: string[];
  /** Shown at the top of e-mails and on the hosted portal (W6); checked as `setMerchantBranding` checks them. */
  logoUrl?: string | null;
  /** Buttons and accents in e-mails and the hosted portal (#rrggbb). */
  brandColor?: string | null;
  /** IANA time zone (default UTC). */
  timeZone?: string;
  /** Where customers write to the shop. */
  supportEmail?: string | null;
}

export interface CreatedMerchant {
  merchantId: string;
  /** Shown once; only its hash is stored. */
  secretKey: string;
}

/** Registers a merchant and its first secret API key. */
export async function createMerchant(ctx: CoreContext, input: CreateMerchantInput): Promise<CreatedMerchant> {
  const created = await ctx.db.transaction((tx) => insertMerchant(tx, ctx, input));
  if (input.logoUrl) await storeMerchantLogo(ctx, created.merchantId);
  return created;
}

/**
 * An operator onboards a merchant (`billfront merchant create`): as createMerchant,
 * and the `merchant.created` action recorded in the same transaction.
 */
export async function onboardMerchant(ctx: CoreContext, input: CreateMerchantInput): Promise<CreatedMerchant> {
  const created = await ctx.db.transaction(async (tx) => {
    const created = await insertMerchant(tx, ctx, input);
    await recordAction(tx, ctx, { merchantId: created.merchantId, action: "merchant.created", subjectId: created.merchantId, details: { mode: (input.mode ?? "test") === "test" ? "sandbox" : "live" } });
    return created;
  });
  if (input.logoUrl) await storeMerchantLogo(ctx, created.merchantId);
  return created;
}

async function insertMerchant(tx: Executor, ctx: CoreContext, input: CreateMerchantInput): Promise<CreatedMerchant> {
  assertBranding(input);
  const mode = input.mode ?? "test";
  const timeZone = canonicalTimeZone(input.timeZone ?? "UTC");
  const merchantId = newId("mer");
  const secretKey = generateSecretKey(mode);
  const now = ctx.clock.now();
  await tx.insert(merchants).values({
    id: merchantId,
    name: input.name,
    mode,
    allowedOrigins: (input.allowedOrigins ?? []).map(normaliseOrigin),
    settings: input.settings ?? {},
    defaultLocale: input.defaultLocale ?? "en",
    address: input.address ?? null,
    notifyEmails: input.notifyEmails ?? [],
    logoUrl: input.logoUrl ?? null,
    brandColor: input.brandColor?.toLowerCase() ?? null,
    timeZone,
    supportEmail: input.supportEmail?.toLowerCase() ?? null,
    createdAt: now,
  });
  await tx.insert(apiKeys).values({
    id: newId("key"),
    merchantId,
    hash: hashApiKey(secretKey),
    hint: keyHint(secretKey),
    createdAt: now,
  });
  return { merchantId, secretKey };
}

import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Keys that sign portal sessions and links. Generated on first start (never
 * committed); the public halves are published as JWKS (P3).
 */
export const signingKeys = pgTable(
  "signing_keys",
  {
    kid: text("kid").primaryKey(),
    algorithm: text("algorithm").notNull(),
    publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
    /** Only on rows written before keys were encrypted; moved into `sealedPrivateJwk` on the next start. */
    privateJwk: jsonb("private_jwk").$type<Record<string, unknown>>(),
    /** The private JWK sealed with BILLFRONT_SECRET (AES-256-GCM, bound to the kid). */
    sealedPrivateJwk: text("sealed_private_jwk"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("signing_keys_created_idx").on(t.createdAt)],
);

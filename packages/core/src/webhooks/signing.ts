import { createHmac, randomBytes } from "node:crypto";

/** A new endpoint secret as Standard Webhooks writes it: `whsec_` and 24 random bytes, base64. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/**
 * The `webhook-signature` header (Standard Webhooks): one `v1,<base64 HMAC-SHA256>`
 * of `${id}.${timestamp}.${body}` per secret, keyed with the secret's bytes
 * (base64 after `whsec_`), space-separated: during a rotation every live secret signs.
 */
export function signWebhook(secrets: readonly string[], id: string, timestampSeconds: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
      return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
    })
    .join(" ");
}

import { parseSecret } from "@billfront/core/server";
import { z } from "zod";

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(8787),
    HOST: z.string().default("127.0.0.1"),
    /** PostgreSQL URL; without it the embedded PGlite in BILLFRONT_DATA_DIR is used. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    BILLFRONT_DATA_DIR: z.string().default(".billfront/data"),
    /** How browsers reach this server; defaults to http://localhost:PORT. */
    BILLFRONT_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * Encrypts signing keys and TOTP secrets at rest and keys the hashes of
     * sign-in and recovery codes: 32+ random bytes, hex or base64
     * (`openssl rand -base64 32`). Required in production.
     */
    BILLFRONT_SECRET: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (value === undefined || value === "") return;
        try {
          parseSecret(value);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as Error).message });
        }
      }),
    /** `1`: behind a reverse proxy; the client's IP (for rate limits) is the last `X-Forwarded-For` entry. */
    TRUST_PROXY: z
      .enum(["0", "1", "true", "false", ""])
      .optional()
      .transform((v) => v === "1" || v === "true"),
    NODE_ENV: z.string().optional(),
    /** Where e-mail goes, e.g. smtp://127.0.0.1:1025 or smtps://user:pass@smtp.example.com. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    /** The sender address of every e-mail; the merchant's name is shown with it. */
    SMTP_FROM: z.email().default("billing@billfront.localhost"),
    /** An SMS provider's HTTP endpoint (POST JSON, bearer token); without it SMS stay queued. */
    SMS_URL: z.url({ protocol: /^https?$/ }).optional(),
    SMS_TOKEN: z.string().min(1).optional(),
    /** "1": serve /dev/mailbox and catch e-mail locally (SMTP on DEV_SMTP_PORT unless SMTP_URL is set). Never in production. */
    BILLFRONT_DEV_MAILBOX: z.enum(["0", "1", "true", "false"]).default("0").transform((v) => v === "1" || v === "true"),
    DEV_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
  })
  .refine((env) => !env.SMS_URL || env.SMS_TOKEN, { message: "SMS_URL needs SMS_TOKEN", path: ["SMS_TOKEN"] })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.BILLFRONT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["BILLFRONT_SECRET"], message: "is required in production: generate one with `openssl rand -base64 32` and keep it safe (losing it makes the stored signing keys and MFA secrets unreadable)" });
    }
  });

export type Env = z.infer<typeof schema>;

/** The delivery part of the environment, as startDelivery takes it. */
export function deliveryOptions(env: Env) {
  return { smtpUrl: env.SMTP_URL, smtpFrom: env.SMTP_FROM, smsUrl: env.SMS_URL, smsToken: env.SMS_TOKEN, devMailbox: env.BILLFRONT_DEV_MAILBOX, devSmtpPort: env.DEV_SMTP_PORT, devSmtpPortStrict: true };
}

/** Reads the environment once; a bad value stops the process with a message naming the variable (never its value). */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable (`DATABASE_URL=`) means unset, as shells and compose files write it.
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigurationError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The environment is wrong: its message is the readable list of what (variable names, never values). */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

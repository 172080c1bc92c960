import { confirmMfa, disableMfa, enrolMfa, getMfaStatus } from "@billfront/core/server";
import { Hono } from "hono";
import QRCode from "qrcode";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { rateLimits } from "../http/rate-limits.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";

const confirmBody = z.strictObject({ code: z.string().min(1).max(12) });
const disableBody = z.union([z.strictObject({ code: z.string().min(1).max(12) }), z.strictObject({ recovery_code: z.string().min(1).max(20) })]);

/** TOTP two-step verification of the session's customer (P4): status, enrol, confirm, turn off. */
export function portalMfaRoutes(deps: AppDeps) {
  const limits = rateLimits(deps);
  return new Hono()
    .get("/mfa", doc({ summary: "Get the customer's two-step verification status", tag: "Portal" }), async (c) => c.json(await getMfaStatus(deps.core, c.var.portal)))
    .post("/mfa/enrol", doc({ summary: "Start enrolling an authenticator app", tag: "Portal", status: 201 }), async (c) => {
      const { secret, otpauthUrl } = await enrolMfa(deps.core, c.var.portal);
      // An SVG, so the hosted page's CSP (img-src 'self' data:) shows it without any script.
      const svg = await QRCode.toString(otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
      c.header("Cache-Control", "no-store");
      return c.json({ secret, otpauth_url: otpauthUrl, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` }, 201);
    })
    .post("/mfa/confirm", doc({ summary: "Confirm enrolment with a code; returns recovery codes", tag: "Portal" }), validate("json", confirmBody), async (c) => {
      await limits.consume("mfaPerSession", c.var.portal.sessionId);
      const { recoveryCodes } = await confirmMfa(deps.core, c.var.portal, c.req.valid("json").code);
      c.header("Cache-Control", "no-store");
      return c.json({ enabled: true, recovery_codes: recoveryCodes });
    })
    .delete("/mfa", doc({ summary: "Turn off two-step verification", tag: "Portal", status: 204 }), validate("json", disableBody), async (c) => {
      await limits.consume("mfaPerSession", c.var.portal.sessionId);
      const body = c.req.valid("json");
      await disableMfa(deps.core, c.var.portal, "code" in body ? { code: body.code } : { recoveryCode: body.recovery_code });
      return c.body(null, 204);
    });
}

import {
  answerStaffMfaChallenge,
  confirmStaffMfa,
  createEmbedStaffSession,
  endStaffSession,
  enrolStaffMfa,
  getStaffMfaStatus,
  requestStaffSignInCode,
  staffCsrfToken,
  verifyStaffSignInCode,
  type StaffSessionView,
  type StaffSignInResult,
} from "@billfront/core/server";
import { Hono, type Context } from "hono";
import QRCode from "qrcode";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import { clearStaffCookie, setStaffCookie } from "../auth/staff-cookie.ts";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { ProblemError } from "../http/problem.ts";
import { rateLimits } from "../http/rate-limits.ts";
import { validate } from "../http/validate.ts";

const DEFAULT_SIGN_IN_MINIMUM_MS = 400;
const email = z.email().max(320);
const code = z.string().min(1).max(12);
const requestBody = z.strictObject({ email, locale: z.enum(["en", "de", "fr", "es"]).optional() });
const verifyBody = z.strictObject({ email, code });
const mfaBody = z.strictObject({ challenge: z.string().min(1).max(100), code });
const embedBody = z.union([z.strictObject({ staff_id: z.string().min(1).max(64) }), z.strictObject({ email })]);

/**
 * Staff console sign-in (M1), for the `/staff` page on this origin: an e-mailed
 * code, then TOTP (or enrolment, where the merchant requires it); the session
 * is the HttpOnly `billfront_staff` cookie plus a CSRF token in the JSON. Also
 * the session itself (read, sign out), TOTP enrolment while signed in, and
 * embedding tokens minted with the merchant's secret key.
 */
export function staffAuthRoutes(deps: AppDeps) {
  const limits = rateLimits(deps);
  const minimumMs = deps.signInMinimumMs ?? DEFAULT_SIGN_IN_MINIMUM_MS;
  const authenticated = merchantAuth(deps);
  const signedIn = (c: Context, result: Extract<StaffSignInResult, { kind: "session" }>) => {
    setStaffCookie(c, deps, result.token, result.session.expires_at);
    c.header("Cache-Control", "no-store");
    return c.json({ csrf_token: result.csrf, session: result.session }, 201);
  };
  return new Hono()
    .post("/staff/sign_in", doc({ summary: "Send a staff console sign-in code to a staff member's e-mail address", tag: "Staff", security: "none", status: 202 }), validate("json", requestBody), async (c) => {
      const body = c.req.valid("json");
      const started = performance.now();
      await limits.consume("signInPerIp", c.get("clientIp"));
      await limits.consume("signInPerAddress", `staff:${body.email.trim().toLowerCase()}`);
      try {
        await requestStaffSignInCode(deps.core, { email: body.email, locale: body.locale });
      } finally {
        // Known or not, the answer leaves at the same moment.
        const left = minimumMs - (performance.now() - started);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      }
      c.header("Cache-Control", "no-store");
      return c.json({ status: "code_sent_if_known", detail: "If this address belongs to a staff member, a sign-in code is on its way." }, 202);
    })
    .post(
      "/staff/sign_in/verify",
      doc({
        summary: "Exchange the e-mailed code for a staff session cookie (or a TOTP or enrolment step)",
        tag: "Staff", security: "none",
        responses: { 201: { description: "Signed in: the cookie is set; the JSON has the CSRF token" }, 200: { description: "A TOTP step, or enrolment (secret and QR shown once), at /v1/staff/sign_in/mfa" } },
      }),
      validate("json", verifyBody),
      async (c) => {
        const body = c.req.valid("json");
        await limits.consume("verifyPerIp", c.get("clientIp"));
        await limits.consume("verifyPerAddress", `staff:${body.email.trim().toLowerCase()}`);
        const result = await verifyStaffSignInCode(deps.core, body);
        c.header("Cache-Control", "no-store");
        if (result.kind === "session") return signedIn(c, result);
        if (result.kind === "mfa_required") return c.json({ mfa_required: true, challenge: result.challenge, expires_at: result.expiresAt.toISOString() }, 200);
        return c.json({ mfa_enrolment_required: true, challenge: result.challenge, expires_at: result.expiresAt.toISOString(), secret: result.secret, otpauth_url: result.otpauthUrl, qr: await qr(result.otpauthUrl) }, 200);
      },
    )
    .post("/staff/sign_in/mfa", doc({ summary: "Answer the staff sign-in's TOTP (or enrolment) step; sets the session cookie", tag: "Staff", security: "none", status: 201 }), validate("json", mfaBody), async (c) => {
      await limits.consume("mfaPerIp", c.get("clientIp"));
      return signedIn(c, await answerStaffMfaChallenge(deps.core, c.req.valid("json")));
    })
    .get("/staff/session", doc({ summary: "The staff console session: who, until when, and its CSRF token", tag: "Staff" }), authenticated, async (c) => {
      const session = ownSession(c);
      c.header("Cache-Control", "no-store");
      const { token, ...view } = session;
      return c.json({ csrf_token: session.kind === "cookie" ? staffCsrfToken(deps.core, token) : null, session: view satisfies StaffSessionView });
    })
    .delete("/staff/session", doc({ summary: "Sign out of the staff console: ends the session and clears the cookie", tag: "Staff", status: 204 }), authenticated, async (c) => {
      const session = ownSession(c);
      await endStaffSession(deps.core, c.var.merchant.id, session.id);
      if (session.kind === "cookie") clearStaffCookie(c, deps);
      return c.body(null, 204);
    })
    .get("/staff/mfa", doc({ summary: "Whether the signed-in staff member has TOTP on, and whether the merchant requires it", tag: "Staff" }), authenticated, async (c) => {
      return c.json(await getStaffMfaStatus(deps.core, c.var.merchant.id, staffIdOf(c)));
    })
    .post("/staff/mfa/enrol", doc({ summary: "Start setting up TOTP for the signed-in staff member (secret and QR shown once)", tag: "Staff", status: 201 }), authenticated, async (c) => {
      const { secret, otpauthUrl } = await enrolStaffMfa(deps.core, c.var.merchant.id, staffIdOf(c));
      c.header("Cache-Control", "no-store");
      return c.json({ secret, otpauth_url: otpauthUrl, qr: await qr(otpauthUrl) }, 201);
    })
    .post("/staff/mfa/confirm", doc({ summary: "Confirm TOTP with a code from the new authenticator", tag: "Staff" }), authenticated, validate("json", z.strictObject({ code })), async (c) => {
      await limits.consume("mfaPerSession", staffIdOf(c));
      return c.json(await confirmStaffMfa(deps.core, c.var.merchant.id, staffIdOf(c), c.req.valid("json").code));
    })
    .post("/staff_sessions", doc({ summary: "Mint a staff console token for embedding (secret key only)", tag: "Staff", status: 201 }), authenticated, validate("json", embedBody), async (c) => {
      const body = c.req.valid("json");
      const { token, session } = await createEmbedStaffSession(deps.core, c.var.staff, "staff_id" in body ? { staffId: body.staff_id } : { email: body.email });
      c.header("Cache-Control", "no-store");
      return c.json({ token, session }, 201);
    });
}

function ownSession(c: Context) {
  const session = c.var.staffSession;
  if (!session) throw new ProblemError(400, "no_staff_session", "This request was not made with a staff console session (the cookie or an sts_ token).");
  return session;
}

function staffIdOf(c: Context): string {
  const actor = c.var.staff.actor;
  if (!actor.startsWith("staff:")) throw new ProblemError(400, "not_a_staff_member", "Only a staff member (signed in, or with their own token) has an authenticator.");
  return actor.slice("staff:".length);
}

async function qr(otpauthUrl: string): Promise<string> {
  // An SVG, so the /staff page's CSP (img-src 'self' data:) shows it without any script.
  const svg = await QRCode.toString(otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

import { answerMfaChallenge, requestSignInCode, verifySignInCode, type SignInResult } from "@billfront/core/server";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { rateLimits } from "../http/rate-limits.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { signFlowLink } from "../pages/links-page.ts";
import { SIGN_IN_LOCALES } from "../pages/sign-in-copy.ts";

/** The least time POST /v1/sign_in takes, so a known address does not answer slower than an unknown one. */
const DEFAULT_SIGN_IN_MINIMUM_MS = 400;

const merchant = z.string().min(1).max(64);
const email = z.email().max(320);
const requestBody = z.strictObject({ merchant, email, locale: z.enum(SIGN_IN_LOCALES).optional() });
const verifyBody = z.strictObject({ merchant, email, code: z.string().min(1).max(12) });
const mfaBody = z.union([
  z.strictObject({ merchant, challenge: z.string().min(1).max(100), code: z.string().min(1).max(12) }),
  z.strictObject({ merchant, challenge: z.string().min(1).max(100), recovery_code: z.string().min(1).max(20) }),
]);

/** Self sign-in by e-mail (P4), unauthenticated: ask for a code, type it, answer MFA. */
export function signInRoutes(deps: AppDeps) {
  const limits = rateLimits(deps);
  const minimumMs = deps.signInMinimumMs ?? DEFAULT_SIGN_IN_MINIMUM_MS;
  return new Hono()
    .post("/sign_in", doc({ summary: "Send a sign-in code to a customer's e-mail address", tag: "Sign-in", status: 202 }), validate("json", requestBody), async (c) => {
      const body = c.req.valid("json");
      const started = performance.now();
      await limits.consume("signInPerIp", c.get("clientIp"));
      await limits.consume("signInPerAddress", addressKey(body.merchant, body.email));
      try {
        await requestSignInCode(deps.core, { merchantId: body.merchant, email: body.email, locale: body.locale }, (link) =>
          signFlowLink(deps, { merchantId: link.merchantId, customerId: link.customerId, flow: "sign_in", flowSubjectId: link.codeId }),
        );
      } finally {
        // Known or not, the answer leaves at the same moment (the e-mail is queued, not sent, in the request).
        const left = minimumMs - (performance.now() - started);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      }
      c.header("Cache-Control", "no-store");
      return c.json({ status: "code_sent_if_known", detail: "If this address belongs to an account here, a sign-in code and link are on their way." }, 202);
    })
    .post("/sign_in/verify", doc({ summary: "Exchange the e-mailed code for a portal session (or an MFA challenge)", tag: "Sign-in", responses: { 201: { description: "Signed in: the portal session token and where to go" }, 200: { description: "Two-step verification required: a challenge to answer at /v1/sign_in/mfa" } } }), validate("json", verifyBody), async (c) => {
      const body = c.req.valid("json");
      await limits.consume("verifyPerIp", c.get("clientIp"));
      await limits.consume("verifyPerAddress", addressKey(body.merchant, body.email));
      const result = await verifySignInCode(deps.core, { merchantId: body.merchant, email: body.email, code: body.code });
      return signInAnswer(c, result);
    })
    .post("/sign_in/mfa", doc({ summary: "Answer the two-step verification challenge", tag: "Sign-in", status: 201 }), validate("json", mfaBody), async (c) => {
      const body = c.req.valid("json");
      await limits.consume("mfaPerIp", c.get("clientIp"));
      const factor = "code" in body ? { code: body.code } : { recoveryCode: body.recovery_code };
      const { token, session } = await answerMfaChallenge(deps.core, { merchantId: body.merchant, challenge: body.challenge, factor });
      c.header("Cache-Control", "no-store");
      return c.json({ session: token, url: `/portal/${merchantIdOf(token)}#${new URLSearchParams({ session: token })}`, expires_at: session.expires_at }, 201);
    });
}

/** A session (and where the browser goes next), or the MFA step. */
function signInAnswer(c: Context, result: SignInResult): Response {
  c.header("Cache-Control", "no-store");
  if (result.kind === "mfa_required") return c.json({ mfa_required: true, challenge: result.challenge, expires_at: result.expiresAt.toISOString() }, 200);
  return c.json(
    {
      session: result.token,
      // With the shop requiring MFA and none set up yet, the session may only enrol; the sign-in page does that next.
      url: result.mfaEnrolmentRequired ? null : `/portal/${merchantIdOf(result.token)}#${new URLSearchParams({ session: result.token })}`,
      mfa_enrolment_required: result.mfaEnrolmentRequired,
      expires_at: result.session.expires_at,
    },
    201,
  );
}

function addressKey(merchantId: string, address: string): string {
  return `${merchantId}:${address.trim().toLowerCase()}`;
}

/** The hosted portal lives at /portal/<merchant>; a session token names its merchant (`bfps.<merchant>.<secret>`). */
function merchantIdOf(token: string): string {
  return token.split(".")[1] ?? "";
}

import { exchangeLink, exchangePaymentLink, exchangeSignInLink, getOrderDetails, isDomainError, loadSettings, SESSION_FLOWS, type BillingLinks, type SessionFlow, type SignInResult } from "@billfront/core/server";
import { Hono, type Context } from "hono";
import { signCustomerToken, verifyLinkToken } from "../auth/link-token.ts";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { rateLimits } from "../http/rate-limits.ts";
import { checkoutHtml, describeOrder } from "./checkout-html.ts";
import { checkoutCopy } from "./checkout-copy.ts";
import { escapeHtml } from "./escape-html.ts";
import { cardPageStyle, hostedDocument, hostedPageHeaders, messagePageHtml, newNonce } from "./hosted-page.ts";
import { linkCopy, type LinkCopy } from "./link-copy.ts";

/** Flows an emailed link may open (P2). Action links open only their flow; the others open the whole portal. */
export type LinkFlow = "orders" | "invite" | "sign_in" | "update_card" | "pay_invoice";
const ACTION_FLOWS: readonly LinkFlow[] = ["update_card", "pay_invoice"];

/** Where a link token travels: in the fragment, which browsers never send to a server or put in a Referer. */
export function linkUrl(deps: AppDeps, token: string): string {
  const url = new URL("/links", deps.publicUrl);
  url.hash = token;
  return url.toString();
}

/**
 * Signs a one-time link that opens the hosted portal for one customer (P2).
 * Sign-in and invite links (the whole portal) live `linkTtlMinutes` (15 by
 * default, at most 60); action links live `actionLinkTtlHours` (at most 7 days)
 * and open a session limited to their flow.
 */
export async function signFlowLink(deps: AppDeps, input: { merchantId: string; customerId: string; flow: LinkFlow; flowSubjectId?: string | undefined }): Promise<string> {
  const settings = await loadSettings(deps.core.db, input.merchantId);
  const action = ACTION_FLOWS.includes(input.flow);
  const ttlSeconds = action ? Math.min(settings.actionLinkTtlHours, 168) * 3600 : Math.min(settings.linkTtlMinutes, 60) * 60;
  const { token } = await signCustomerToken(deps.keys, deps.core, deps.publicUrl, {
    kind: "link",
    merchantId: input.merchantId,
    customerId: input.customerId,
    ttlSeconds,
    extra: { flow: input.flow, ...(input.flowSubjectId ? { fsi: input.flowSubjectId } : {}), lim: action },
  });
  return linkUrl(deps, token);
}

/** The links the billing engine puts in dunning and renewal emails (S9): update the card, or pay the invoice. */
export function billingLinks(deps: AppDeps): BillingLinks {
  return {
    updateCard: (input) => signFlowLink(deps, { ...input, flow: "update_card" }),
    billing: (input) => signFlowLink(deps, input.invoiceId ? { ...input, flow: "pay_invoice", flowSubjectId: input.invoiceId } : { ...input, flow: "orders" }),
  };
}

/** The session flow a link flow opens at: invite and sign-in links open the orders. */
function sessionFlow(flow: LinkFlow): SessionFlow {
  return flow === "invite" || flow === "sign_in" ? "orders" : flow;
}

/**
 * Links (P2, O7) in two steps, so that a mail scanner opening a link cannot use
 * it up: GET /links shows one "Continue" button and touches nothing; only the
 * POST exchanges the token (from the fragment) for a session. A portal link then
 * redirects to the hosted portal with the session in the fragment; a payment link
 * answers with the checkout page itself, its session kept in the page.
 */
export function linksPage(deps: AppDeps) {
  return new Hono()
    .get("/links", (c) => {
      const nonce = newNonce();
      hostedPageHeaders(c, nonce, { formAction: "'self'" });
      c.header("Vary", "Accept-Language");
      return c.html(confirmHtml(nonce, linkCopy(c.req.header("Accept-Language"))));
    })
    .post("/links", async (c) => {
      const json = (c.req.header("Content-Type") ?? "").startsWith("application/json");
      try {
        await rateLimits(deps).consume("linkExchangePerIp", c.get("clientIp"));
      } catch (error) {
        if (json) throw error;
        return linkErrorPage(c, error);
      }
      const token = json ? await c.req.json().then((b: { token?: unknown }) => b?.token, () => undefined) : (await c.req.parseBody().catch(() => ({} as Record<string, unknown>)))["token"];
      try {
        return await exchangeOrAnswer(c, token, json);
      } catch (error) {
        if (json) throw error;
        return linkErrorPage(c, error);
      }
    });

  async function exchangeOrAnswer(c: Context, token: unknown, json: boolean): Promise<Response> {
    try {
      if (typeof token !== "string" || token.length === 0 || token.length > 4096) throw new ProblemError(400, "link_missing", "Open the link exactly as it arrived in your e-mail.");
      const claims = await verifyLinkToken(deps.keys, deps.core, deps.publicUrl, token);
      if (claims.kind === "checkout") {
        const orderId = String(claims.extra.oid ?? "");
        const { token: session, session: view } = await exchangePaymentLink(deps.core, { merchantId: claims.merchantId, customerId: claims.customerId, orderId });
        if (json) return c.json({ session, url: null, flow: "checkout", expires_at: view.expires_at }, 201);
        const order = await getOrderDetails(deps.core, claims, orderId);
        const nonce = newNonce();
        hostedPageHeaders(c, nonce, { frameSrc: "'self'" });
        const copy = checkoutCopy(c.req.header("Accept-Language"));
        return c.html(checkoutHtml({ nonce, order, merchantId: claims.merchantId, session, summary: describeOrder(order, copy), copy }));
      }
      const flow = claims.extra.flow as LinkFlow;
      if (!["orders", "invite", "sign_in", ...ACTION_FLOWS].includes(flow)) throw new ProblemError(401, "link_invalid", "The link is not valid.");
      // A self sign-in link (P4) names its e-mailed code: the two are one credential, and MFA still applies.
      if (flow === "sign_in" && typeof claims.extra.fsi === "string") {
        const result = await exchangeSignInLink(deps.core, { jti: claims.jti, merchantId: claims.merchantId, customerId: claims.customerId, codeId: claims.extra.fsi });
        return signInAnswer(c, claims.merchantId, result, json);
      }
      const target = sessionFlow(flow);
      if (!SESSION_FLOWS.includes(target)) throw new ProblemError(401, "link_invalid", "The link is not valid.");
      const { token: session, session: view } = await exchangeLink(deps.core, {
        jti: claims.jti,
        merchantId: claims.merchantId,
        customerId: claims.customerId,
        flow: target,
        flowSubjectId: typeof claims.extra.fsi === "string" ? claims.extra.fsi : null,
        limited: claims.extra.lim === true,
      });
      const url = `/portal/${claims.merchantId}#${new URLSearchParams({ session })}`;
      if (json) return c.json({ session, url, flow: view.flow, expires_at: view.expires_at }, 201);
      c.header("Cache-Control", "no-store");
      c.header("Referrer-Policy", "no-referrer");
      return c.redirect(url, 303);
    } catch (error) {
      // A validly signed link naming a customer its merchant does not have: the audience is wrong.
      if (isDomainError(error) && error.code === "customer_not_found") throw new ProblemError(401, "link_audience_invalid", "The link does not belong to this shop.");
      throw error;
    }
  }
}

/**
 * Where a sign-in link leads: the portal; or the sign-in page, to answer the MFA
 * challenge or (the shop requires MFA) to enrol first. Secrets travel in fragments only.
 */
function signInAnswer(c: Context, merchantId: string, result: SignInResult, json: boolean): Response {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  const signInPage = `/signin/${encodeURIComponent(merchantId)}`;
  if (result.kind === "mfa_required") {
    if (json) return c.json({ mfa_required: true, challenge: result.challenge, expires_at: result.expiresAt.toISOString() }, 201);
    return c.redirect(`${signInPage}#${new URLSearchParams({ challenge: result.challenge })}`, 303);
  }
  const url = result.mfaEnrolmentRequired ? `${signInPage}#${new URLSearchParams({ enrol: result.token })}` : `/portal/${encodeURIComponent(merchantId)}#${new URLSearchParams({ session: result.token })}`;
  if (json) return c.json({ session: result.token, url, flow: result.session.flow, expires_at: result.session.expires_at, mfa_enrolment_required: result.mfaEnrolmentRequired }, 201);
  return c.redirect(url, 303);
}

/** A link that cannot be used, as a page: it says why and what to do, with the status an API caller would get. */
function linkErrorPage(c: Context, error: unknown): Response {
  if (!(error instanceof ProblemError) && !isDomainError(error)) throw error;
  const code = error.code;
  const copy = linkCopy(c.req.header("Accept-Language"));
  if (code === "rate_limited" && error instanceof ProblemError) {
    hostedPageHeaders(c, newNonce());
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.html(linkErrorHtml(copy, copy.errors.rate_limited!), 429);
  }
  const message = copy.errors[code] ?? copy.errors.other!;
  const status = code === "link_used" || code === "link_expired" || code === "payment_link_paid" ? 410 : code === "portal_disabled" || code === "customer_blacklisted" || code === "self_sign_in_disabled" ? 403 : code === "link_missing" ? 400 : 401;
  hostedPageHeaders(c, newNonce());
  return c.html(linkErrorHtml(copy, message), status);
}

/** A plain page for a link that cannot be used, in the visitor's language. */
function linkErrorHtml(copy: LinkCopy, message: string): string {
  return messagePageHtml({ lang: copy.lang, title: copy.cannotUse, text: message });
}

/** The page a link opens: one button; the script copies the token from the fragment into the form and clears the address bar. */
function confirmHtml(nonce: string, copy: LinkCopy): string {
  return hostedDocument({
    lang: copy.lang,
    title: copy.title,
    style: cardPageStyle(`
  #continue { width: 100%; min-height: 2.75rem; }
`),
    body: `<main>
  <section class="card" aria-labelledby="title">
    <h1 id="title">${escapeHtml(copy.title)}</h1>
    <p id="text">${escapeHtml(copy.text)}</p>
    <form method="post" action="/links" id="form">
      <input type="hidden" name="token" id="token">
      <button type="submit" class="primary" id="continue">${escapeHtml(copy.continue)}</button>
    </form>
    <p id="missing" role="alert" hidden>${escapeHtml(copy.incomplete)}</p>
  </section>
</main>
<script nonce="${nonce}">
  const token = decodeURIComponent(location.hash.slice(1));
  history.replaceState(null, "", location.pathname);
  if (!token) {
    document.getElementById("form").hidden = true;
    document.getElementById("text").hidden = true;
    document.getElementById("missing").hidden = false;
  }
  document.getElementById("token").value = token;
  document.getElementById("form").addEventListener("submit", () => { document.getElementById("continue").disabled = true; });
</script>`,
  });
}

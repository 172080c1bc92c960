import type { AppType } from "@billfront/bff/app";
import type { Page, PlanView, SubscriptionStartPreviewView, SubscriptionView } from "@billfront/core";
import { hc } from "hono/client";
import { sessionSender } from "../client.ts";
import type { PortalSession } from "../session.ts";

/**
 * The plan calls of the portal API (A6). Kept in this element's chunk rather than
 * in the shared client, so pages without <billfront-plans> never load them (W7).
 */
export function createPlansClient(api: string, session: PortalSession) {
  const client = hc<AppType>(api, { headers: () => ({ Authorization: `Bearer ${session.token}` }) });
  const send = sessionSender(session);
  return {
    async list(signal?: AbortSignal): Promise<Page<PlanView>> {
      return (await (await send(() => client.v1.portal.plans.$get({ query: { limit: "100" } }, { init: { signal: signal ?? null } }))).json()) as Page<PlanView>;
    },
    /** Exactly what starting the plan charges today and next. */
    async preview(input: { price: string; quantity?: number }): Promise<SubscriptionStartPreviewView> {
      return (await (await send(() => client.v1.portal.subscriptions.preview.$post({ json: input }))).json()) as SubscriptionStartPreviewView;
    },
    /** Starts it; the key makes a retried click safe (R8). A decline is a 402 `subscription_payment_declined`. */
    async start(input: { price: string; quantity?: number; payment_method?: string }, idempotencyKey: string): Promise<SubscriptionView> {
      return (await (await send(() => client.v1.portal.subscriptions.$post({ json: input }, { headers: { "Idempotency-Key": idempotencyKey } }))).json()) as SubscriptionView;
    },
  };
}

export type PlansClient = ReturnType<typeof createPlansClient>;

import type { AppType } from "@billfront/bff/app";
import type { ShopReviewView } from "@billfront/core";
import { hc } from "hono/client";
import { sessionSender } from "../client.ts";
import type { PortalSession } from "../session.ts";

/** The customer's own review of the shop; in <shop-review>'s chunk only (W7). */
export function createReviewClient(api: string, session: PortalSession) {
  const client = hc<AppType>(api, { headers: () => ({ Authorization: `Bearer ${session.token}` }) });
  const send = sessionSender(session);
  return {
    async get(signal?: AbortSignal): Promise<ShopReviewView | null> {
      return ((await (await send(() => client.v1.portal.review.$get({}, { init: { signal: signal ?? null } }))).json()) as { review: ShopReviewView | null }).review;
    },
    async submit(input: { rating: number; comment: string | null }): Promise<ShopReviewView> {
      return (await (await send(() => client.v1.portal.review.$put({ json: input }))).json()) as ShopReviewView;
    },
  };
}

export type ReviewClient = ReturnType<typeof createReviewClient>;

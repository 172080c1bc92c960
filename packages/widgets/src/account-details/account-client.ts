import type { AppType } from "@billfront/bff/app";
import type { AccountView, BillingAddress } from "@billfront/core";
import { hc } from "hono/client";
import { sessionSender } from "../client.ts";
import type { PortalSession } from "../session.ts";

/** What the customer changes; absent = unchanged, null = cleared (A3). */
export interface AccountPatch {
  name?: string | null;
  email?: string;
  phone?: string | null;
  billing_address?: { [K in keyof BillingAddress]: string | null } | null;
  tax_id?: { value: string; type: string | null } | null;
}

/**
 * The account calls of the portal API. Kept in this element's chunk rather than
 * in the shared client, so pages without <account-details> never load them (W7).
 */
export function createAccountClient(api: string, session: PortalSession) {
  const client = hc<AppType>(api, { headers: () => ({ Authorization: `Bearer ${session.token}` }) });
  const send = sessionSender(session, api);
  return {
    async get(signal?: AbortSignal): Promise<AccountView> {
      return (await (await send(() => client.v1.portal.account.$get({}, { init: { signal: signal ?? null } }))).json()) as AccountView;
    },
    /** Saves changed fields; a new e-mail address waits for the code sent to it. */
    async update(patch: AccountPatch): Promise<AccountView> {
      return (await (await send(() => client.v1.portal.account.$patch({ json: patch }))).json()) as AccountView;
    },
    async confirmEmail(code: string): Promise<AccountView> {
      return (await (await send(() => client.v1.portal.account.email.confirm.$post({ json: { code } }))).json()) as AccountView;
    },
  };
}

export type AccountClient = ReturnType<typeof createAccountClient>;

import { AsyncLocalStorage } from "node:async_hooks";

/** Where an action came from (A9): the customer portal, a staff member, the merchant's API key, or the system's own jobs. */
export type ActionSource = "portal" | "staff" | "api" | "system";

/** Who acts: `customer:<id>`, `staff:<id>`, `api_key:<merchant>` or `system:<job>`. */
export interface Actor {
  source: ActionSource;
  id: string;
}

export const SYSTEM_ACTOR: Actor = { source: "system", id: "system" };

const current = new AsyncLocalStorage<Actor>();

/**
 * Runs `fn` on behalf of `actor`: every action a core operation records inside
 * it names that actor. The BFF's auth middleware wraps each request in this; jobs
 * run as the system unless they say otherwise.
 */
export function runAs<T>(actor: Actor, fn: () => T): T {
  return current.run(actor, fn);
}

/** The actor of the operation now running: the one `runAs` set, or the system. */
export function currentActor(): Actor {
  return current.getStore() ?? SYSTEM_ACTOR;
}

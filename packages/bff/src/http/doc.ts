import type { MiddlewareHandler } from "hono";
import type { ZodType } from "zod";

/** Where `doc()` keeps a route's description, for the OpenAPI generator (src/openapi/generate.ts). */
export const DOCUMENTS: unique symbol = Symbol.for("billfront.documents");

/** The tags of the API reference, in the order it lists them. */
export const API_TAGS = {
  Customers: "Customers, their account details and portal sessions.",
  Orders: "Orders and payment links.",
  Payments: "Refunds, voids, account credit, the refund queue.",
  Subscriptions: "Subscriptions, trials and test clocks.",
  Catalog: "Products, prices and coupons.",
  Requests: "Refund and cancellation requests awaiting review.",
  Helpdesk: "Tickets, departments, incidents and support fees.",
  Emails: "The outbox: e-mails and text messages, resends.",
  Staff: "Staff users, API keys and the audit log.",
  Settings: "Shop settings, per-customer overrides and branding.",
  "Sign-in": "Customer self sign-in by e-mail code.",
  Portal: "The customer portal: what one signed-in customer sees and does (portal session token).",
  "Portal subscriptions": "The customer's own subscriptions (portal session token).",
  "Portal helpdesk": "The customer's own tickets and incident packages (portal session token).",
  Reviews: "Customers' ratings and comments about the shop, read only by the shop.",
  Webhooks: "Webhook endpoints, events and their signed deliveries.",
  System: "Health and signing keys.",
} as const;

export type ApiTag = keyof typeof API_TAGS;

/** One documented response: its description and, where known, its body's schema (a zod schema, output side). */
export interface DocResponse {
  description: string;
  schema?: ZodType;
  /** Body media type; `application/json` unless given (e.g. `application/pdf`). */
  contentType?: string;
}

/** What a route says about itself in /openapi.json; nothing here changes what the route does. */
export interface RouteDoc {
  /** One line, imperative or noun phrase: "Create a customer". */
  summary: string;
  tag: ApiTag;
  /** Longer Markdown text. */
  description?: string;
  /** The success status (default 200; 201 for creations, 202, 204). */
  status?: 200 | 201 | 202 | 204;
  /** The success response's description and body schema, or a whole responses map by status. */
  response?: DocResponse;
  responses?: Record<number, DocResponse>;
  /** Overrides the security detected from the route's middleware: "none" = unauthenticated. */
  security?: "merchant" | "portal" | "none";
  operationId?: string;
  deprecated?: boolean;
}

/**
 * Documents a route for the API reference: put it first in the route's handlers,
 * `.get("/things", doc({ summary: "List things", tag: "Customers" }), authenticated, ...)`.
 * It only calls `next()`; every /v1 route must have one (src/openapi.test.ts).
 */
export function doc(meta: RouteDoc): MiddlewareHandler {
  const middleware: MiddlewareHandler = (_c, next) => next();
  return Object.assign(middleware, { [DOCUMENTS]: meta });
}

import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  listWebhookEvents,
  pageQuerySchema,
  replayWebhookEvent,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
/** An event type (`payment.refunded`), a noun's events (`payment.*`) or every event (`*`). */
const eventType = z.string().regex(/^(\*|[a-z_]+\.(\*|[a-z_]+))$/, "must be an event type such as payment.refunded, payment.* or *");
const endpointFields = {
  url: z.string().min(1).max(2048),
  enabled_events: z.array(eventType).min(1).max(100),
  description: z.string().max(500).nullable().optional(),
  disabled: z.boolean().optional(),
};

/** Merchant API (M4, admins): webhook endpoints, their deliveries, events and replays. */
export function merchantWebhookRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .post("/webhook_endpoints", doc({ summary: "Create a webhook endpoint (the secret is shown once)", tag: "Webhooks", status: 201 }), authenticated, validate("json", z.strictObject(endpointFields)), async (c) => {
      const body = c.req.valid("json");
      return c.json(await createWebhookEndpoint(deps.core, c.var.staff, { url: body.url, enabledEvents: body.enabled_events, description: body.description, disabled: body.disabled }), 201);
    })
    .get("/webhook_endpoints", doc({ summary: "List webhook endpoints", tag: "Webhooks" }), authenticated, validate("query", pageQuerySchema), async (c) => c.json(await listWebhookEndpoints(deps.core, c.var.staff, c.req.valid("query"))))
    .get("/webhook_endpoints/:id", doc({ summary: "Get a webhook endpoint", tag: "Webhooks" }), authenticated, validate("param", idParam), async (c) => c.json(await getWebhookEndpoint(deps.core, c.var.staff, c.req.valid("param").id)))
    .patch("/webhook_endpoints/:id", doc({ summary: "Update a webhook endpoint", tag: "Webhooks" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ ...endpointFields, url: endpointFields.url.optional(), enabled_events: endpointFields.enabled_events.optional() })), async (c) => {
      const body = c.req.valid("json");
      return c.json(await updateWebhookEndpoint(deps.core, c.var.staff, c.req.valid("param").id, { url: body.url, enabledEvents: body.enabled_events, description: body.description, disabled: body.disabled }));
    })
    .delete("/webhook_endpoints/:id", doc({ summary: "Delete a webhook endpoint", tag: "Webhooks" }), authenticated, validate("param", idParam), async (c) => c.json(await deleteWebhookEndpoint(deps.core, c.var.staff, c.req.valid("param").id)))
    .post("/webhook_endpoints/:id/rotate_secret", doc({ summary: "Rotate an endpoint's signing secret (the old one stays valid for 24 hours)", tag: "Webhooks" }), authenticated, validate("param", idParam), async (c) => c.json(await rotateWebhookSecret(deps.core, c.var.staff, c.req.valid("param").id)))
    .get("/webhook_endpoints/:id/deliveries", doc({ summary: "List an endpoint's deliveries with their attempts", tag: "Webhooks" }), authenticated, validate("param", idParam), validate("query", pageQuerySchema), async (c) =>
      c.json(await listWebhookDeliveries(deps.core, c.var.staff, c.req.valid("param").id, c.req.valid("query"))),
    )
    .get("/events", doc({ summary: "List events", tag: "Webhooks" }), authenticated, validate("query", pageQuerySchema.extend({ type: z.string().min(1).max(100).optional() })), async (c) => c.json(await listWebhookEvents(deps.core, c.var.staff, c.req.valid("query"))))
    .post("/events/:id/replay", doc({ summary: "Replay an event to one or all endpoints", tag: "Webhooks", status: 201 }), authenticated, validate("param", idParam), validate("json", z.strictObject({ endpoint: z.string().min(1).max(64).optional() })), async (c) =>
      c.json(await replayWebhookEvent(deps.core, c.var.staff, c.req.valid("param").id, { endpointId: c.req.valid("json").endpoint }), 201),
    );
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createMerchant, dispatchWebhooks, TestClock } from "@billfront/core/server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp } from "../testing.ts";

/** A real HTTP receiver on localhost: records every delivery and answers as `reply` says (a status, or "hang" past the timeout). */
async function receiver() {
  const received: { headers: Record<string, string>; body: string }[] = [];
  let replies: (number | "hang")[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      const reply = replies.shift() ?? 200;
      if (reply === "hang") return setTimeout(() => res.end("late"), 2000).unref();
      res.statusCode = reply;
      res.end(reply >= 400 ? "receiver says no" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hooks`,
    received,
    reply: (...next: (number | "hang")[]) => (replies = next),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("webhooks (M4): endpoints, signed deliveries, retries with backoff, rotation, replay", async () => {
  const clock = new TestClock("2026-06-15T12:00:00.000Z");
  const t = await createTestApp({ clock });
  const hook = await receiver();
  afterAll(async () => {
    await hook.close();
    await t.close();
  });
  const call = (key: string, method: string, path: string, body?: unknown) =>
    t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = async <T>(res: Response) => (await res.json()) as T;
  const dispatch = () => dispatchWebhooks(t.core, { timeoutMs: 300 });
  type Endpoint = { id: string; secret: string; url: string; enabled_events: string[] };
  /** Verifies a delivery with the standardwebhooks package as a receiver would, its "now" being the test clock's (it checks the timestamp). */
  function verify(secret: string, delivery: { headers: Record<string, string>; body: string }) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(clock.now());
    try {
      return new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string; data: Record<string, unknown> };
    } finally {
      vi.useRealTimers();
    }
  }

  async function shopWithEndpoint(enabled = ["*"]) {
    const shop = await t.createMerchant();
    const res = await call(shop.secretKey, "POST", "/webhook_endpoints", { url: hook.url, enabled_events: enabled, description: "test receiver" });
    expect(res.status).toBe(201);
    const endpoint = await json<Endpoint>(res);
    return { shop, endpoint };
  }
  async function createCustomer(key: string, email = "ada@example.com") {
    const res = await call(key, "POST", "/customers", { email, name: "Ada" });
    expect(res.status).toBe(201);
    return json<{ id: string }>(res);
  }
  // Nothing from an earlier test is left due.
  beforeEach(async () => {
    while ((await dispatch()).succeeded + (await dispatch()).failed > 0);
    hook.received.length = 0;
    hook.reply();
  });

  it("shows the secret once, and signs each delivery per Standard Webhooks (verified with the standardwebhooks package)", async () => {
    const { shop, endpoint } = await shopWithEndpoint();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await json(await call(shop.secretKey, "GET", `/webhook_endpoints/${endpoint.id}`))).not.toHaveProperty("secret");
    const customer = await createCustomer(shop.secretKey);
    // The endpoint's own creation and the new customer.
    expect(await dispatch()).toMatchObject({ succeeded: 2, failed: 0 });
    const delivery = hook.received.find((r) => JSON.parse(r.body).type === "customer.created");
    expect(delivery!.headers["webhook-id"]).toMatch(/^msg_/);
    expect(delivery!.headers["webhook-timestamp"]).toBe(String(Math.floor(clock.now().getTime() / 1000)));
    const payload = verify(endpoint.secret, delivery!);
    expect(payload).toMatchObject({ type: "customer.created", data: { subject: customer.id, customer: customer.id, source: "api", actor: `api_key:${shop.merchantId}` } });
    // A tampered body does not verify.
    expect(() => verify(endpoint.secret, { ...delivery!, body: delivery!.body.replace("customer", "cUstomer") })).toThrow();
    expect(() => verify("whsec_" + Buffer.from("another secret entirely!").toString("base64"), delivery!)).toThrow();
    const events = await json<{ data: { id: string; type: string }[] }>(await call(shop.secretKey, "GET", "/events?type=customer.created"));
    expect(events.data.map((e) => e.id)).toEqual([delivery!.headers["webhook-id"]]);
  });

  it("retries a failing endpoint with backoff from the clock: 500, then a timeout, then delivered on the third attempt", async () => {
    const { shop, endpoint } = await shopWithEndpoint(["customer.*"]);
    hook.reply(500, "hang", 200);
    await createCustomer(shop.secretKey);
    expect(await dispatch()).toMatchObject({ failed: 1 });
    // Not due again before 30 s have passed.
    clock.advance({ seconds: 29 });
    expect(await dispatch()).toMatchObject({ succeeded: 0, failed: 0 });
    clock.advance({ seconds: 1 });
    expect(await dispatch()).toMatchObject({ failed: 1 });
    // The second wait is 2 minutes.
    clock.advance({ seconds: 119 });
    expect(await dispatch()).toMatchObject({ succeeded: 0, failed: 0 });
    clock.advance({ seconds: 1 });
    expect(await dispatch()).toMatchObject({ succeeded: 1 });
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    verify(endpoint.secret, hook.received[2]!);

    type Deliveries = { data: { status: string; attempt_count: number; attempts: { status_code: number | null; error: string | null; response_snippet: string | null; duration_ms: number }[] }[]; has_more: boolean };
    const deliveries = await json<Deliveries>(await call(shop.secretKey, "GET", `/webhook_endpoints/${endpoint.id}/deliveries`));
    expect(deliveries.has_more).toBe(false);
    expect(deliveries.data).toHaveLength(1);
    expect(deliveries.data[0]).toMatchObject({ status: "succeeded", attempt_count: 3 });
    expect(deliveries.data[0]!.attempts.map((a) => [a.status_code, a.error])).toEqual([
      [500, "http_500"],
      [null, "timeout"],
      [200, null],
    ]);
    expect(deliveries.data[0]!.attempts[0]!.response_snippet).toBe("receiver says no");
  });

  it("signs with the old and the new secret for 24 hours after a rotation", async () => {
    const { shop, endpoint } = await shopWithEndpoint(["customer.*"]);
    const rotated = await json<{ secret: string; previous_secret_expires_at: string }>(await call(shop.secretKey, "POST", `/webhook_endpoints/${endpoint.id}/rotate_secret`));
    expect(rotated.secret).not.toBe(endpoint.secret);
    await createCustomer(shop.secretKey);
    await dispatch();
    const [delivery] = hook.received;
    expect(delivery!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    verify(rotated.secret, delivery!);
    verify(endpoint.secret, delivery!);
    // After the grace period only the new secret signs.
    clock.advance({ hours: 25 });
    await createCustomer(shop.secretKey, "bob@example.com");
    await dispatch();
    expect(hook.received[1]!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    verify(rotated.secret, hook.received[1]!);
    expect(() => verify(endpoint.secret, hook.received[1]!)).toThrow();
  });

  it("replays an event to every endpoint that wants it, or to one", async () => {
    const { shop, endpoint } = await shopWithEndpoint(["customer.created"]);
    await createCustomer(shop.secretKey);
    await dispatch();
    const eventId = hook.received[0]!.headers["webhook-id"]!;
    const replayed = await call(shop.secretKey, "POST", `/events/${eventId}/replay`, {});
    expect(replayed.status).toBe(201);
    expect((await json<{ deliveries: string[] }>(replayed)).deliveries).toHaveLength(1);
    const toOne = await call(shop.secretKey, "POST", `/events/${eventId}/replay`, { endpoint: endpoint.id });
    expect(toOne.status).toBe(201);
    await dispatch();
    expect(hook.received.map((r) => r.headers["webhook-id"])).toEqual([eventId, eventId, eventId]);
    const deliveries = await json<{ data: unknown[] }>(await call(shop.secretKey, "GET", `/webhook_endpoints/${endpoint.id}/deliveries`));
    expect(deliveries.data).toHaveLength(3);
  });

  it("sends nothing to a disabled endpoint or for events it does not want", async () => {
    const { shop, endpoint } = await shopWithEndpoint(["payment.*"]);
    await createCustomer(shop.secretKey);
    expect(await dispatch()).toMatchObject({ succeeded: 0 });
    const patched = await call(shop.secretKey, "PATCH", `/webhook_endpoints/${endpoint.id}`, { enabled_events: ["*"], disabled: true });
    expect(await json(patched)).toMatchObject({ enabled_events: ["*"], disabled: true });
    await createCustomer(shop.secretKey, "bob@example.com");
    expect(await dispatch()).toMatchObject({ succeeded: 0 });
    expect(hook.received).toEqual([]);
    expect((await call(shop.secretKey, "DELETE", `/webhook_endpoints/${endpoint.id}`)).status).toBe(200);
    expect((await call(shop.secretKey, "GET", `/webhook_endpoints/${endpoint.id}`)).status).toBe(404);
  });

  it("keeps endpoints and events to their merchant: another merchant's ids are 404", async () => {
    const { shop, endpoint } = await shopWithEndpoint();
    await createCustomer(shop.secretKey);
    await dispatch();
    const eventId = hook.received[0]!.headers["webhook-id"]!;
    const other = await t.createMerchant();
    for (const [method, path, body] of [
      ["GET", `/webhook_endpoints/${endpoint.id}`, undefined],
      ["PATCH", `/webhook_endpoints/${endpoint.id}`, { disabled: true }],
      ["DELETE", `/webhook_endpoints/${endpoint.id}`, undefined],
      ["POST", `/webhook_endpoints/${endpoint.id}/rotate_secret`, undefined],
      ["GET", `/webhook_endpoints/${endpoint.id}/deliveries`, undefined],
      ["POST", `/events/${eventId}/replay`, {}],
      ["POST", `/events/${eventId}/replay`, { endpoint: endpoint.id }],
    ] as const) {
      const res = await call(other.secretKey, method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await json<{ data: unknown[] }>(await call(other.secretKey, "GET", "/events"))).data).toEqual([]);
    expect((await json<{ data: unknown[] }>(await call(other.secretKey, "GET", "/webhook_endpoints"))).data).toEqual([]);
  });

  it("refuses bad endpoint URLs with 422: not a URL, plain http off localhost, and private addresses in live mode", async () => {
    const shop = await t.createMerchant();
    for (const url of ["not a url", "ftp://example.com/hooks", "http://example.com/hooks"]) {
      const res = await call(shop.secretKey, "POST", "/webhook_endpoints", { url, enabled_events: ["*"] });
      expect(res.status, url).toBe(422);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    }
    expect((await call(shop.secretKey, "POST", "/webhook_endpoints", { url: "https://example.com/hooks", enabled_events: ["not an event"] })).status).toBe(422);
    const live = await createMerchant(t.core, { name: "Live Shop", mode: "live" });
    for (const url of ["https://127.0.0.1/hooks", "https://localhost/hooks", "https://10.0.0.7/hooks", "https://[::1]/hooks", "https://169.254.169.254/latest", "http://localhost:8080/hooks"]) {
      const res = await call(live.secretKey, "POST", "/webhook_endpoints", { url, enabled_events: ["*"] });
      expect(res.status, url).toBe(422);
    }
    expect((await call(live.secretKey, "POST", "/webhook_endpoints", { url: "https://hooks.example.com/billfront", enabled_events: ["*"] })).status).toBe(201);
  });
});

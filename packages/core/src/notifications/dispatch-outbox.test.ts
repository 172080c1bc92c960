import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outboxMessages } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { DELIVERY_LEASE_MS, DeliveryError, dispatchOutbox, listCustomerEmails, listEmails, MAX_DELIVERY_ATTEMPTS, resendEmail, type Mailer, type OutgoingEmail, type OutgoingSms, type SmsSender } from "./dispatch-outbox.ts";
import { queueMessage } from "./queue-message.ts";
import { LINK_AT_SEND } from "./templates/index.ts";

describe("the outbox (R7)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
  const collect = () => {
    const delivered: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void delivered.push(email) };
    return { delivered, mailer };
  };
  const rowFor = async (to: string) => (await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.to, to)))[0]!;

  it("queues a welcome email with the customer, delivers it once, and resends a copy for staff", async () => {
    const { delivered, mailer } = collect();
    const [welcome] = (await listCustomerEmails(ctx, shop.merchantId, shop.customerId, { limit: 100 })).data;
    expect(welcome).toMatchObject({ channel: "email", template: "welcome", to: "ada@example.com", status: "pending", subject: "Welcome to Test Merchant", locale: "en" });
    expect(await dispatchOutbox(ctx, { mailer })).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await dispatchOutbox(ctx, { mailer })).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(delivered.map((d) => [d.to, d.fromName])).toEqual([["ada@example.com", "Test Merchant"]]);
    expect(delivered[0]!.html).toContain("<html lang=\"en\">");
    expect(delivered[0]!.text).toContain("Hello Test Customer,");

    const copy = await resendEmail(ctx, shop.merchantId, welcome!.id);
    await dispatchOutbox(ctx, { mailer });
    expect(delivered).toHaveLength(2);
    const emails = (await listCustomerEmails(ctx, shop.merchantId, shop.customerId, { limit: 100 })).data;
    expect(emails.find((e) => e.id === copy.id)).toMatchObject({ status: "sent", resend_of: welcome!.id, attempts: 1, last_error: null });
    await expect(resendEmail(ctx, "mer_other", welcome!.id)).rejects.toMatchObject({ code: "email_not_found" });
  });

  it("retries a failing email with exponential backoff, recording only the error code, then keeps it as a dead letter", async () => {
    await createCustomer(ctx, shop.merchantId, { email: "bob@example.com" });
    const broken: Mailer = { send: async () => Promise.reject(new DeliveryError("smtp_451")) };
    expect(await dispatchOutbox(ctx, { mailer: broken })).toEqual({ sent: 0, failed: 1, dead: 0 });
    let row = await rowFor("bob@example.com");
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "smtp_451", claimToken: null });
    expect(row.nextAttemptAt!.getTime() - ctx.clock.now().getTime()).toBe(60_000);
    // Not due yet: nothing is tried.
    expect(await dispatchOutbox(ctx, { mailer: broken })).toEqual({ sent: 0, failed: 0, dead: 0 });
    const waits: number[] = [];
    for (let attempt = 2; attempt <= MAX_DELIVERY_ATTEMPTS; attempt++) {
      ctx.clock.set(row.nextAttemptAt!);
      await dispatchOutbox(ctx, { mailer: broken });
      const next = await rowFor("bob@example.com");
      if (next.nextAttemptAt) waits.push(next.nextAttemptAt.getTime() - ctx.clock.now().getTime());
      row = next;
    }
    expect(waits).toEqual([120_000, 240_000, 480_000]);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS, lastError: "smtp_451", nextAttemptAt: null });
    expect((await listEmails(ctx, shop.merchantId, { limit: 100, status: "failed" })).data.map((e) => e.to)).toEqual(["bob@example.com"]);
    // An error that is not the adapter's own is recorded as a generic code: its message may quote the address.
    const copy = await resendEmail(ctx, shop.merchantId, row.id);
    await dispatchOutbox(ctx, { mailer: { send: async () => Promise.reject(new Error("550 bob@example.com: no such user")) } });
    const [resent] = await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.id, copy.id));
    expect(resent).toMatchObject({ status: "pending", lastError: "delivery_failed" });
    await ctx.db.update(outboxMessages).set({ status: "sent" }).where(eq(outboxMessages.id, copy.id));
  });

  it("takes over a message whose worker died mid-send once its lease lapses, and never lets the dead worker overwrite it", async () => {
    await createCustomer(ctx, shop.merchantId, { email: "cy@example.com" });
    const { delivered, mailer } = collect();
    // The first worker claims the message and "dies" inside send: it never comes back to record anything.
    let release!: () => void;
    const hanging: Mailer = { send: () => new Promise<void>((resolve) => (release = resolve)) };
    const dying = dispatchOutbox(ctx, { mailer: hanging }, { limit: 1 });
    await expect.poll(async () => (await rowFor("cy@example.com")).claimToken).not.toBeNull();
    // While the lease holds, another worker leaves it alone.
    expect(await dispatchOutbox(ctx, { mailer })).toEqual({ sent: 0, failed: 0, dead: 0 });
    ctx.clock.advance({ ms: DELIVERY_LEASE_MS + 1 });
    expect(await dispatchOutbox(ctx, { mailer })).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(delivered.map((d) => d.to)).toEqual(["cy@example.com"]);
    // The first worker wakes up: its claim token is stale, so its outcome is not written.
    release();
    await dying;
    expect(await rowFor("cy@example.com")).toMatchObject({ status: "sent", attempts: 2, claimToken: null });
  });

  it("never sends one message twice when workers race", async () => {
    for (let i = 0; i < 6; i++) await createCustomer(ctx, shop.merchantId, { email: `race${i}@example.com` });
    const { delivered, mailer } = collect();
    const runs = await Promise.all([dispatchOutbox(ctx, { mailer }), dispatchOutbox(ctx, { mailer }), dispatchOutbox(ctx, { mailer })]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(6);
    expect(new Set(delivered.map((d) => d.id)).size).toBe(6);
  });

  it("signs a send-time link when it sends, and sends SMS only through the SMS sender", async () => {
    const customer = await createCustomer(ctx, shop.merchantId, { email: "dee@example.com", name: "Dee" });
    await ctx.db.update(outboxMessages).set({ status: "sent" }).where(eq(outboxMessages.to, "dee@example.com"));
    const { schema } = await import("../server.ts");
    await ctx.db.update(schema.customers).set({ phone: "+447700900123" }).where(eq(schema.customers.id, customer.id));
    await ctx.db.transaction((tx) =>
      queueMessage(tx, { merchantId: shop.merchantId, customerId: customer.id, template: "portal_invite", vars: { link: LINK_AT_SEND }, linkPurpose: "invite", channels: ["email", "sms"], at: ctx.clock.now() }),
    );
    const [stored] = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, "dee@example.com"), eq(outboxMessages.template, "portal_invite")));
    expect(stored!.body).toContain(LINK_AT_SEND);

    const { delivered, mailer } = collect();
    const texts: OutgoingSms[] = [];
    const sms: SmsSender = { send: async (m) => void texts.push(m) };
    // Without a signer the message cannot be finished: it waits with a code, not a half-made link.
    expect(await dispatchOutbox(ctx, { mailer })).toMatchObject({ sent: 0, failed: 1 });
    expect((await listEmails(ctx, shop.merchantId, { limit: 100, customerId: customer.id, status: "pending", channel: "email" })).data[0]).toMatchObject({ last_error: "link_signer_missing" });
    ctx.clock.advance({ minutes: 5 });
    const links = async (input: { customerId: string; purpose: string }) => `https://billing.example/links/${input.purpose}-${input.customerId}?a=1&b=2`;
    expect(await dispatchOutbox(ctx, { mailer, sms, links })).toMatchObject({ sent: 2 });
    expect(delivered[0]!.text).toContain(`https://billing.example/links/invite-${customer.id}?a=1&b=2`);
    expect(delivered[0]!.html).toContain(`href="https://billing.example/links/invite-${customer.id}?a=1&amp;b=2"`);
    expect(delivered[0]!.text).not.toContain(LINK_AT_SEND);
    expect(texts).toEqual([{ id: expect.stringMatching(/^sms_/), fromName: "Test Merchant", to: "+447700900123", body: `Test Merchant: your billing account is ready: https://billing.example/links/invite-${customer.id}?a=1&b=2` }]);
    expect((await listEmails(ctx, shop.merchantId, { limit: 100, channel: "sms" })).data.map((m) => m.status)).toEqual(["sent"]);
  });
});

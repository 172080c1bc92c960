import { dispatchOutbox, queuePortalLinkEmail, schema, setMerchantSettings } from "@billfront/core/server";
import { signFlowLink } from "../pages/links-page.ts";
import { and, eq } from "drizzle-orm";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DevMailbox, startSmtpCatcher } from "../dev/dev-mailbox.ts";
import { createTestApp } from "../testing.ts";
import { messageLinks } from "./message-links.ts";
import { smtpMailer } from "./smtp-mailer.ts";

const SHOP = "https://shop.example";

describe("e-mail over real SMTP", async () => {
  const t = await createTestApp();
  const mailbox = new DevMailbox();
  const catcher = await startSmtpCatcher(mailbox);
  const mailer = smtpMailer({ url: catcher.url, from: "billing@northwind.example" });
  // A second server that refuses every recipient, as a full mailbox or a blocked address would.
  const refusing = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
    },
  });
  await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", () => resolve()));
  const refusingUrl = `smtp://127.0.0.1:${(refusing.server.address() as AddressInfo).port}`;
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await new Promise<void>((resolve) => refusing.close(() => resolve()));
    await t.close();
  });

  let shop: { merchantId: string; secretKey: string };
  let customerId: string;
  let token: string;
  beforeAll(async () => {
    shop = await t.createMerchant([SHOP]);
    await t.core.db.update(schema.merchants).set({ logoUrl: "https://cdn.example/northwind.png", brandColor: "#7a3e12" }).where(eq(schema.merchants.id, shop.merchantId));
    customerId = (await t.createCustomer(shop.merchantId, "ada@example.com")).id;
    token = (await t.mintSession(shop.merchantId, customerId)).token;
  });
  const delivery = () => ({ mailer, links: messageLinks(t.deps) });
  const portal = (path: string, body: unknown) =>
    t.app.request(`/v1/portal${path}`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Origin: SHOP }, body: JSON.stringify(body) });
  const merchant = (path: string, init: { method?: string; key?: string } = {}) =>
    t.app.request(path, { method: init.method ?? "GET", headers: { Authorization: `Bearer ${shop.secretKey}`, ...(init.key ? { "Idempotency-Key": init.key } : {}) } });
  const caught = async (subject: RegExp) => (await mailbox.waitFor((m) => m.kind === "email" && subject.test(m.subject))) as Extract<Awaited<ReturnType<DevMailbox["waitFor"]>>, { kind: "email" }>;

  it("delivers a queued e-mail with a text and an HTML part, from the merchant, with its link (a send-time signed pay-order link)", async () => {
    const placed = await t.app.request("/v1/orders", {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": "order-1" },
      body: JSON.stringify({ customer: customerId, type: "one_time", currency: "EUR", items: [{ description: "Burr grinder", quantity: 1, unit_amount: 8900 }], email_payment_link: true }),
    });
    expect(placed.status).toBe(201);
    const { order } = (await placed.json()) as { order: { number: string } };
    expect(await dispatchOutbox(t.core, delivery())).toMatchObject({ sent: 2, failed: 0 });

    const mail = await caught(/to pay$/);
    expect(mail.subject).toBe(`Order ${order.number}: €89.00 to pay`);
    expect(mail.from).toBe('"Test Shop" <billing@northwind.example>');
    expect(mail.to).toBe("ada@example.com");
    expect(mail.messageId).toMatch(/^<eml_\w+@northwind\.example>$/);
    const link = /http:\/\/billfront\.test\/links#[\w.-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    expect(mail.text).toContain("Hello Test Customer,");
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('src="https://cdn.example/northwind.png"');
    expect(mail.html).toContain("#7a3e12");
    // The link really pays that order: its Continue button (the POST) opens the hosted checkout.
    expect((await t.app.request(new URL(link!).pathname)).status).toBe(200);
    const checkout = await t.app.request("/links", { method: "POST", body: new URLSearchParams({ token: new URL(link!).hash.slice(1) }) });
    expect(checkout.status).toBe(200);
    expect(await checkout.text()).toContain(`Order ${order.number}`);
    expect((await caught(/^Welcome to/)).text).toContain("Your account with Test Shop is ready");
  });

  it("an invite arrives over SMTP and its link, followed through the Continue page, opens the customer's portal once (P2)", async () => {
    const link = await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId, flow: "invite" });
    await t.core.db.transaction((tx) => queuePortalLinkEmail(tx, { merchantId: shop.merchantId, customerId, template: "portal_invite", link, at: t.clock.now() }));
    await dispatchOutbox(t.core, delivery());
    const mail = await caught(/^Your billing account with/);
    const followed = /http:\/\/billfront\.test\/links#[\w.-]+/.exec(mail.text)?.[0];
    expect(followed).toBe(link);
    expect(mail.html).toContain(`href="${link}"`);
    // What the browser does: GET shows the button (spends nothing), its form POSTs the fragment's token.
    expect((await t.app.request(new URL(followed!).pathname)).status).toBe(200);
    const exchange = () => t.app.request("/links", { method: "POST", body: new URLSearchParams({ token: new URL(followed!).hash.slice(1) }) });
    const opened = await exchange();
    expect(opened.status).toBe(303);
    const session = new URLSearchParams(opened.headers.get("Location")!.split("#")[1]).get("session")!;
    expect((await t.app.request("/v1/portal/orders", { headers: { Authorization: `Bearer ${session}` } })).status).toBe(200);
    expect((await exchange()).status).toBe(410);
  });

  it("forwards an invoice to another address with its PDF attached (POST /v1/portal/documents/:id/forward)", async () => {
    const paid = await t.createPaidOrder(shop.merchantId, customerId, { description: "Tasting notes", unitAmount: 1200 });
    const res = await portal(`/documents/${paid.invoiceId}/forward`, { to: "accountant@example.org" });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "queued", forwards_left: 9 });
    await dispatchOutbox(t.core, delivery());
    const mail = await caught(/sent you invoice/);
    expect(mail.to).toBe("accountant@example.org");
    expect(mail.text.startsWith("Hello,")).toBe(true);
    expect(mail.attachments).toHaveLength(1);
    const [pdf] = mail.attachments;
    expect(pdf!.contentType).toBe("application/pdf");
    expect(pdf!.fileName).toMatch(new RegExp(`${paid.invoiceNumber}.*\\.pdf$`));
    expect(new TextDecoder().decode(pdf!.content.slice(0, 5))).toBe("%PDF-");

    expect(await (await portal(`/documents/${paid.invoiceId}/forward`, { to: "not-an-address" })).json()).toMatchObject({ status: 422, code: "validation_failed" });
    expect(await (await portal(`/documents/doc_nope/forward`, { to: "a@example.org" })).json()).toMatchObject({ status: 404, code: "document_not_found" });
  });

  it("answers 403 document_forwarding_disabled when the merchant switched forwarding off, and queues nothing", async () => {
    const paid = await t.createPaidOrder(shop.merchantId, customerId, { description: "Filters", unitAmount: 500 });
    const settings = await t.app.request("/v1/settings", { method: "PUT", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ forwardDocuments: false }) });
    expect(await settings.json()).toMatchObject({ forwardDocuments: false });
    const before = (await t.core.db.select().from(schema.outboxMessages)).length;
    const res = await portal(`/documents/${paid.invoiceId}/forward`, { to: "accountant@example.org" });
    expect(res.status).toBe(403);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "document_forwarding_disabled" });
    expect((await t.core.db.select().from(schema.outboxMessages)).length).toBe(before);
    await setMerchantSettings(t.core, shop.merchantId, {});
  });

  it("answers 429 too_many_forwards past ten a day", async () => {
    const paid = await t.createPaidOrder(shop.merchantId, customerId, { description: "Mug", unitAmount: 900 });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await portal(`/documents/${paid.invoiceId}/forward`, { to: "accountant@example.org" })).status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(9);
    const refused = await portal(`/documents/${paid.invoiceId}/forward`, { to: "accountant@example.org" });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: "too_many_forwards" });
    await dispatchOutbox(t.core, delivery());
  });

  it("retries when the SMTP server refuses, then dead-letters the message, visible to staff and resendable", async () => {
    const down = smtpMailer({ url: refusingUrl, from: "billing@northwind.example" });
    const bob = await t.createCustomer(shop.merchantId, "bob@example.com");
    const [row] = await t.core.db.select().from(schema.outboxMessages).where(and(eq(schema.outboxMessages.customerId, bob.id), eq(schema.outboxMessages.template, "welcome")));
    const attempts: { status: string; attempts: number; last_error: string | null }[] = [];
    for (let i = 0; i < 5; i++) {
      await dispatchOutbox(t.core, { mailer: down });
      const [view] = ((await (await merchant(`/v1/customers/${bob.id}/emails`)).json()) as { data: (typeof attempts)[number][] }).data;
      attempts.push({ status: view!.status, attempts: view!.attempts, last_error: view!.last_error });
      t.clock.advance({ minutes: 20 });
    }
    down.close();
    expect(attempts).toEqual([
      { status: "pending", attempts: 1, last_error: "smtp_550" },
      { status: "pending", attempts: 2, last_error: "smtp_550" },
      { status: "pending", attempts: 3, last_error: "smtp_550" },
      { status: "pending", attempts: 4, last_error: "smtp_550" },
      { status: "failed", attempts: 5, last_error: "smtp_550" },
    ]);
    const dead = (await (await merchant("/v1/emails?status=failed")).json()) as { data: { id: string; to: string; last_error: string; next_attempt_at: string | null }[] };
    expect(dead.data).toEqual([expect.objectContaining({ id: row!.id, to: "bob@example.com", last_error: "smtp_550", next_attempt_at: null })]);
    expect((await merchant("/v1/emails?status=dead")).status).toBe(400);
    // Another merchant sees none of it, and cannot resend it.
    const other = await t.createMerchant();
    const theirs = (await (await t.app.request("/v1/emails?status=failed", { headers: { Authorization: `Bearer ${other.secretKey}` } })).json()) as { data: unknown[] };
    expect(theirs.data).toEqual([]);
    const foreign = await t.app.request(`/v1/emails/${row!.id}/resend`, { method: "POST", headers: { Authorization: `Bearer ${other.secretKey}`, "Idempotency-Key": "x" } });
    expect([foreign.status, ((await foreign.json()) as { code: string }).code]).toEqual([404, "email_not_found"]);

    const resent = await merchant(`/v1/emails/${row!.id}/resend`, { method: "POST", key: "resend-bob" });
    expect(resent.status).toBe(201);
    await dispatchOutbox(t.core, delivery());
    expect((await caught(/^Welcome to/)).to).toBe("bob@example.com");
    const sent = (await (await merchant("/v1/emails?status=sent&channel=email")).json()) as { data: { resend_of: string | null }[] };
    expect(sent.data.some((e) => e.resend_of === row!.id)).toBe(true);
  });
});

import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { listBillingHistory } from "../billing/list-billing-history.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { getLifetimeIncidents, grantIncidents, setLifetimeIncidentsUsed } from "../incidents/incidents.ts";
import { commentOnPayment } from "../payments/comment-on-payment.ts";
import { createMerchantWithCustomer, createTestContext, placeBilledOrder } from "../testing/index.ts";
import { createCustomer } from "./create-customer.ts";
import { deleteCustomer } from "./delete-customer.ts";
import { getCustomerProfile } from "./get-customer-profile.ts";
import { listCustomers } from "./list-customers.ts";
import { updateCustomer } from "./update-customer.ts";

const item = { description: "Grinder", quantity: 1, unitAmount: 4900 };

describe("the staff console's customer profile (M2)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
  const other = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });

  it("finds customers by part of the name or e-mail, and by a whole order number, only the merchant's own", async () => {
    const grace = await createCustomer(ctx, shop.merchantId, { email: "grace@navy.example", name: "Grace Hopper" });
    const order = await placeBilledOrder(ctx, shop.merchantId, { customerId: grace.id, type: "one_time", currency: "EUR", items: [item] });
    const ids = async (merchantId: string, q: string) => (await listCustomers(ctx, merchantId, { limit: 10, q })).data.map((c) => c.id);
    expect(await ids(shop.merchantId, "hopp")).toEqual([grace.id]);
    expect(await ids(shop.merchantId, "NAVY.example")).toEqual([grace.id]);
    expect(await ids(shop.merchantId, order.number)).toEqual([grace.id]);
    expect(await ids(shop.merchantId, `#${order.number}`)).toEqual([grace.id]);
    // Part of a number is not that order.
    expect(await ids(shop.merchantId, order.number.slice(0, -1) + "9")).not.toContain(grace.id);
    expect(await ids(other.merchantId, order.number)).toEqual([]);
  });

  it("keeps the merchant's own fields as text, replacing the set, and refuses bad ones", async () => {
    const updated = await updateCustomer(ctx, shop.merchantId, shop.customerId, { customFields: { " Funnel ": "Spring sale", Page: "Checkout B", Empty: "  " } });
    expect(updated.custom_fields).toEqual({ Funnel: "Spring sale", Page: "Checkout B" });
    expect((await updateCustomer(ctx, shop.merchantId, shop.customerId, { customFields: { Page: "C" } })).custom_fields).toEqual({ Page: "C" });
    await expect(updateCustomer(ctx, shop.merchantId, shop.customerId, { customFields: { ["x".repeat(41)]: "v" } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(updateCustomer(ctx, shop.merchantId, shop.customerId, { customFields: { a: 1 as unknown as string } })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(updateCustomer(ctx, other.merchantId, shop.customerId, { customFields: { a: "b" } })).rejects.toMatchObject({ code: "customer_not_found" });
  });

  it("sets lifetime incidents used within what was granted, and the profile shows them", async () => {
    await grantIncidents(ctx, shop.merchantId, { customerId: shop.customerId, count: 3, source: "staff" });
    await grantIncidents(ctx, shop.merchantId, { customerId: shop.customerId, count: 2, source: "staff" });
    expect(await setLifetimeIncidentsUsed(ctx, shop.merchantId, { customerId: shop.customerId, used: 4 })).toEqual({ granted: 5, used: 4 });
    expect(await setLifetimeIncidentsUsed(ctx, shop.merchantId, { customerId: shop.customerId, used: 1 })).toEqual({ granted: 5, used: 1 });
    await expect(setLifetimeIncidentsUsed(ctx, shop.merchantId, { customerId: shop.customerId, used: 6 })).rejects.toMatchObject({ code: "incidents_above_granted" });
    await expect(setLifetimeIncidentsUsed(ctx, shop.merchantId, { customerId: shop.customerId, used: -1 })).rejects.toMatchObject({ code: "invalid_incident_count" });
    await expect(setLifetimeIncidentsUsed(ctx, other.merchantId, { customerId: shop.customerId, used: 0 })).rejects.toMatchObject({ code: "customer_not_found" });
    expect(await getLifetimeIncidents(ctx.db, shop.merchantId, shop.customerId)).toEqual({ granted: 5, used: 1 });
    const profile = await getCustomerProfile(ctx, shop.merchantId, shop.customerId, { role: "agent" });
    expect(profile.incidents.lifetime).toEqual({ granted: 5, used: 1 });
    expect(profile.actions).toEqual(["edit", "add_credit", "set_incidents", "create_order", "comment"]);
    expect((await getCustomerProfile(ctx, shop.merchantId, shop.customerId, { role: "admin" })).actions).toContain("blacklist");
    expect(profile.editable_fields).toContain("custom_fields");
    expect(profile.field_access.email).toBe("mandatory");
  });

  it("comments on a payment: hidden from the customer unless shown in the portal, e-mailed only when shown", async () => {
    const order = await placeBilledOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [item] });
    const paymentId = order.payments[0]!;
    const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
    const row = async () => (await listBillingHistory(ctx, scope)).find((h) => h.id === paymentId)!;
    const mails = () => ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.customerId, shop.customerId), eq(outboxMessages.template, "transaction_comment")));

    const internal = await commentOnPayment(ctx, shop.merchantId, { paymentId, comment: "Called about it", showInPortal: false });
    expect(internal).toMatchObject({ comment: "Called about it", comment_in_portal: false, email_id: null });
    expect((await row()).comment).toBeNull();

    const shown = await commentOnPayment(ctx, shop.merchantId, { paymentId, comment: "  Charged twice; the second is refunded.  ", showInPortal: true, notifyCustomer: true });
    expect(shown).toMatchObject({ comment: "Charged twice; the second is refunded.", comment_in_portal: true });
    expect((await row()).comment).toBe("Charged twice; the second is refunded.");
    const [mail] = await mails();
    expect(mail).toMatchObject({ id: shown.email_id, subjectId: paymentId });
    expect(mail!.body).toContain("Charged twice; the second is refunded.");
    expect(mail!.body).toContain(order.number);

    await expect(commentOnPayment(ctx, shop.merchantId, { paymentId, comment: "x", showInPortal: false, notifyCustomer: true })).rejects.toMatchObject({ code: "comment_not_shown" });
    await expect(commentOnPayment(ctx, shop.merchantId, { paymentId, comment: "x".repeat(1001), showInPortal: true })).rejects.toMatchObject({ code: "comment_too_long" });
    await expect(commentOnPayment(ctx, other.merchantId, { paymentId, comment: "x", showInPortal: true })).rejects.toMatchObject({ code: "payment_not_found" });

    await commentOnPayment(ctx, shop.merchantId, { paymentId, comment: "", showInPortal: true });
    expect((await row()).comment).toBeNull();
    expect(await mails()).toHaveLength(1);
  });

  it("a deleted customer's profile offers nothing to do and loses the custom fields", async () => {
    const gone = await createCustomer(ctx, shop.merchantId, { email: "gone@example.com" });
    await updateCustomer(ctx, shop.merchantId, gone.id, { customFields: { Funnel: "A" } });
    await deleteCustomer(ctx, shop.merchantId, gone.id);
    const profile = await getCustomerProfile(ctx, shop.merchantId, gone.id, { role: "admin" });
    expect(profile).toMatchObject({ actions: [], editable_fields: [], customer: { custom_fields: {} } });
  });
});

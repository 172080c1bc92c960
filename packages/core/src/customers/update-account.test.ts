import { and, like, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog, customers, outboxMessages, type MerchantSettings } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { runAs } from "../audit/actor.ts";
import type { AccountChanges } from "./account-rules.ts";
import { getAccount } from "./get-account.ts";
import { updateAccount } from "./update-account.ts";

describe("customer account details in the portal (A3)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());

  async function customer(customerFields?: MerchantSettings["customerFields"]) {
    const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
    if (customerFields) await setMerchantSettings(ctx, shop.merchantId, { customerFields });
    return { merchantId: shop.merchantId, customerId: shop.customerId };
  }
  const row = async (scope: { customerId: string }) => (await ctx.db.select().from(customers).where(eq(customers.id, scope.customerId)))[0]!;
  const address = { line1: "Hauptstraße 1", line2: null, postal_code: "10115", city: "Berlin", region: null, country: "DE" };

  it("shows every field with its access by default: e-mail mandatory, the rest optional", async () => {
    const scope = await customer();
    const account = await getAccount(ctx, scope);
    expect(account.customer_id).toBe(scope.customerId);
    expect(Object.keys(account.fields)).toEqual(["name", "email", "phone", "billing_address", "tax_id"]);
    expect(account.fields.email).toMatchObject({ value: "ada@example.com", access: "mandatory", editable: true, required: true, pending: null });
    expect(account.fields.name).toEqual({ value: "Test Customer", access: "optional", editable: true, required: false });
    expect(account.fields.billing_address?.countries).toContain("DE");
    expect(account.fields.tax_id?.types).toContain("eu_vat");
  });

  it("saves editable fields, trimmed and normalised, and records who changed which fields (not their values)", async () => {
    const scope = await customer();
    // As the portal calls it: inside the customer's actor scope (A9).
    const account = await runAs({ source: "portal", id: `customer:${scope.customerId}` }, () =>
      updateAccount(ctx, scope, {
        name: "  Ada Lovelace ",
        phone: "+49 30 1234567",
        billingAddress: { ...address, country: "de" },
        taxId: { value: "de 123.456.789", type: "eu_vat" },
      }),
    );
    expect(account.fields.name?.value).toBe("Ada Lovelace");
    expect(account.fields.phone?.value).toBe("+49 30 1234567");
    expect(account.fields.billing_address?.value).toEqual(address);
    expect(account.fields.tax_id?.value).toEqual({ value: "DE123456789", type: "eu_vat" });
    expect(await row(scope)).toMatchObject({ name: "Ada Lovelace", taxId: "DE123456789", taxIdType: "eu_vat", billingAddress: address });
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.merchantId, scope.merchantId), like(auditLog.action, "account.%")));
    expect(audit).toEqual([expect.objectContaining({ actor: `customer:${scope.customerId}`, source: "portal", action: "account.updated", details: { fields: ["name", "phone", "billing_address", "tax_id"] } })]);
    // Sending the same values again changes nothing and records nothing.
    await updateAccount(ctx, scope, { billingAddress: address, taxId: { value: "DE123456789", type: "eu_vat" } });
    expect(await ctx.db.select().from(auditLog).where(and(eq(auditLog.merchantId, scope.merchantId), like(auditLog.action, "account.%")))).toHaveLength(1);
  });

  it("leaves a hidden field out of the account entirely and refuses to change it (403 field_not_editable)", async () => {
    const scope = await customer({ phone: "hidden", taxId: "hidden" });
    await ctx.db.update(customers).set({ phone: "+44 20 7946 0000" }).where(eq(customers.id, scope.customerId));
    const account = await getAccount(ctx, scope);
    expect("phone" in account.fields).toBe(false);
    expect("tax_id" in account.fields).toBe(false);
    expect(JSON.stringify(account)).not.toContain("7946");
    await expect(updateAccount(ctx, scope, { phone: "+44 20 7946 0001", name: "Ada" })).rejects.toMatchObject({
      type: "forbidden",
      code: "field_not_editable",
      details: { errors: [{ field: "phone", code: "field_not_editable", message: "is not available" }] },
    });
    expect(await row(scope)).toMatchObject({ phone: "+44 20 7946 0000", name: "Test Customer" });
  });

  it("shows a read-only field but refuses to change it, even to the same value", async () => {
    const scope = await customer({ name: "read_only", email: "read_only" });
    const account = await getAccount(ctx, scope);
    expect(account.fields.name).toEqual({ value: "Test Customer", access: "read_only", editable: false, required: false });
    expect(account.fields.email).toMatchObject({ access: "read_only", editable: false, required: false });
    for (const changes of [{ name: "Ada" }, { name: "Test Customer" }, { email: "new@example.com" }] satisfies AccountChanges[]) {
      await expect(updateAccount(ctx, scope, changes)).rejects.toMatchObject({ code: "field_not_editable" });
    }
    expect(await row(scope)).toMatchObject({ name: "Test Customer", email: "ada@example.com", pendingEmail: null });
  });

  it("lets an optional field be cleared but not a mandatory one (422 field_required), nor the e-mail ever", async () => {
    const scope = await customer({ phone: "mandatory", billingAddress: "mandatory", email: "optional" });
    await updateAccount(ctx, scope, { phone: "+49 30 1234567", billingAddress: address });
    await expect(updateAccount(ctx, scope, { phone: "  ", name: null })).rejects.toMatchObject({
      type: "invalid",
      code: "field_required",
      details: { errors: [{ field: "phone", code: "field_required", message: "is required" }] },
    });
    await expect(updateAccount(ctx, scope, { billingAddress: null })).rejects.toMatchObject({ code: "field_required" });
    await expect(updateAccount(ctx, scope, { email: "" })).rejects.toMatchObject({ code: "field_required" });
    expect(await row(scope)).toMatchObject({ phone: "+49 30 1234567", name: "Test Customer", billingAddress: address });
    const cleared = await updateAccount(ctx, scope, { name: "" });
    expect(cleared.fields.name?.value).toBeNull();
    expect(cleared.fields.phone).toMatchObject({ access: "mandatory", required: true });
  });

  it("checks formats and names every bad field (422 validation_failed), writing nothing", async () => {
    const scope = await customer();
    const before = await row(scope);
    const attempt = updateAccount(ctx, scope, {
      name: "x".repeat(201),
      phone: "call me",
      billingAddress: { line1: "", city: "Berlin", country: "XX", postal_code: "10115!" },
      taxId: { value: "DE12345", type: "eu_vat" },
    });
    await expect(attempt).rejects.toMatchObject({ type: "invalid", code: "validation_failed" });
    const errors = ((await attempt.catch((e: { details: { errors: unknown[] } }) => e)) as { details: { errors: { field: string; code: string }[] } }).details.errors;
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ["name", "too_long"],
      ["phone", "invalid_phone"],
      ["billing_address.line1", "field_required"],
      ["billing_address.country", "invalid_country"],
      ["billing_address.postal_code", "invalid_postal_code"],
      ["tax_id.value", "invalid_tax_id"],
    ]);
    await expect(updateAccount(ctx, scope, { taxId: { value: "123", type: "vat" } })).rejects.toMatchObject({ details: { errors: [{ field: "tax_id.type", code: "invalid_tax_id_type" }] } });
    await expect(updateAccount(ctx, scope, { email: "not-an-address" })).rejects.toMatchObject({ details: { errors: [{ field: "email", code: "invalid_email" }] } });
    expect(await row(scope)).toEqual(before);
    expect(await ctx.db.select().from(auditLog).where(and(eq(auditLog.merchantId, scope.merchantId), like(auditLog.action, "account.%")))).toEqual([]);
  });

  it("takes any text as a tax number of another type, and EU VAT numbers of every member state's shape", async () => {
    const scope = await customer();
    expect((await updateAccount(ctx, scope, { taxId: { value: "12-3456789", type: "us_ein" } })).fields.tax_id?.value).toEqual({ value: "12-3456789", type: "us_ein" });
    expect((await updateAccount(ctx, scope, { taxId: { value: "Steuernummer 21/815/08150" } })).fields.tax_id?.value).toEqual({ value: "Steuernummer 21/815/08150", type: null });
    for (const vat of ["ATU12345678", "FRXX123456789", "NL123456789B01", "EL123456789", "IE1234567WA", "ESX1234567X", "SE123456789001"]) {
      expect((await updateAccount(ctx, scope, { taxId: { value: vat, type: "eu_vat" } })).fields.tax_id?.value?.value).toBe(vat);
    }
    for (const vat of ["GR123456789", "DE12345678", "NL123456789", "US123456789"]) {
      await expect(updateAccount(ctx, scope, { taxId: { value: vat, type: "eu_vat" } })).rejects.toMatchObject({ code: "validation_failed" });
    }
  });

  it("finds only the session's own customer: another merchant's customer is not found", async () => {
    const mine = await customer();
    const theirs = await customer();
    const crossed = { merchantId: mine.merchantId, customerId: theirs.customerId };
    await expect(getAccount(ctx, crossed)).rejects.toMatchObject({ type: "not_found", code: "customer_not_found" });
    await expect(updateAccount(ctx, crossed, { name: "Mallory" })).rejects.toMatchObject({ code: "customer_not_found" });
    expect((await row(theirs)).name).toBe("Test Customer");
  });

  it("starts an e-mail change: the address waits, a code goes to it and a notice to the old one", async () => {
    const scope = await customer();
    const account = await updateAccount(ctx, scope, { email: "ada@new.example", name: "Ada" });
    expect(account.fields.email).toMatchObject({ value: "ada@example.com", pending: { email: "ada@new.example", expires_at: "2026-06-15T12:15:00.000Z", attempts_left: 5 } });
    expect(account.fields.name?.value).toBe("Ada");
    const stored = await row(scope);
    expect(stored).toMatchObject({ email: "ada@example.com", pendingEmail: "ada@new.example", emailCodeAttempts: 0 });
    const mails = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.merchantId, scope.merchantId), eq(outboxMessages.customerId, scope.customerId)));
    const code = mails.find((m) => m.template === "email_change_code")!;
    expect(code.to).toBe("ada@new.example");
    const sent = /\n(\d{6})\n/.exec(code.body)![1]!;
    expect(code.subject).not.toContain(sent);
    expect(stored.emailCodeHash).not.toContain(sent);
    expect(mails.find((m) => m.template === "email_change_requested")).toMatchObject({ to: "ada@example.com", body: expect.stringContaining("a***@new.example") });

    // A new code within the minute is refused; after it, a new code replaces the old; the current address cancels.
    await expect(updateAccount(ctx, scope, { email: "ada@new.example" })).rejects.toMatchObject({ type: "conflict", code: "email_code_recently_sent", details: { retry_after_seconds: 60 } });
    ctx.clock.advance({ minutes: 1 });
    await updateAccount(ctx, scope, { email: "ada@new.example" });
    expect((await row(scope)).emailCodeHash).not.toBe(stored.emailCodeHash);
    const cancelled = await updateAccount(ctx, scope, { email: "ada@example.com" });
    expect(cancelled.fields.email?.pending).toBeNull();
    expect(await row(scope)).toMatchObject({ email: "ada@example.com", pendingEmail: null, emailCodeHash: null });
  });
});

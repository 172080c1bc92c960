import { schema } from "@billfront/core/server";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

interface Problem {
  status: number;
  code: string;
  errors?: { field: string; code?: string; message: string }[];
  details?: Record<string, unknown>;
}

describe("customer account details: merchant API, settings and portal (A3)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  const merchantCall = (key: string, method: string, path: string, body?: unknown) =>
    t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });

  /** A shop with the given field access, one customer and that customer's portal session. */
  async function portal(customerFields?: Record<string, string>) {
    const shop = await t.createMerchant();
    if (customerFields) expect((await merchantCall(shop.secretKey, "PUT", "/settings", { customerFields })).status).toBe(200);
    const customer = await t.createCustomer(shop.merchantId, "ada@example.com");
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const call = (method: string, path: string, body?: unknown) =>
      t.app.request(`/v1/portal${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { shop, customer, call };
  }
  const row = async (customerId: string) => (await t.core.db.select().from(schema.customers).where(eq(schema.customers.id, customerId)))[0]!;
  const problemOf = async (res: Response) => {
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    return (await res.json()) as Problem;
  };
  const address = { line1: "Hauptstraße 1", postal_code: "10115", city: "Berlin", country: "DE" };

  it("creates and updates a customer's fields over the merchant API, regardless of the portal's field access", async () => {
    const shop = await t.createMerchant();
    await merchantCall(shop.secretKey, "PUT", "/settings", { customerFields: { phone: "read_only", taxId: "hidden" } });
    const created = await merchantCall(shop.secretKey, "POST", "/customers", { email: "bob@example.com", phone: "+49 30 1234567", billing_address: address, tax_id: { value: "DE123456789", type: "eu_vat" } });
    expect(created.status).toBe(201);
    const customer = (await created.json()) as { id: string };
    expect(customer).toMatchObject({ phone: "+49 30 1234567", billing_address: { ...address, line2: null, region: null }, tax_id: { value: "DE123456789", type: "eu_vat" } });

    const patched = await merchantCall(shop.secretKey, "PATCH", `/customers/${customer.id}`, { phone: null, tax_id: { value: "12-3456789", type: "us_ein" }, email: "robert@example.com" });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ email: "robert@example.com", phone: null, tax_id: { value: "12-3456789", type: "us_ein" } });
    const audit = (await (await merchantCall(shop.secretKey, "GET", "/audit_log")).json()) as { data: { action: string; subject_id: string }[] };
    expect(audit.data).toContainEqual(expect.objectContaining({ action: "customer.updated", subject_id: customer.id, customer_id: customer.id, details: { changed: ["email", "phone", "taxId", "taxIdType"] } }));

    const bad = await merchantCall(shop.secretKey, "PATCH", `/customers/${customer.id}`, { billing_address: { ...address, country: "XX" }, surprise: true });
    expect(bad.status).toBe(422);
    const other = await t.createMerchant();
    const foreign = await merchantCall(other.secretKey, "PATCH", `/customers/${customer.id}`, { name: "Mallory" });
    expect(foreign.status).toBe(404);
    expect((await problemOf(foreign)).code).toBe("customer_not_found");
    expect((await row(customer.id)).name).toBeNull();
  });

  it("sets customerFields through PUT /v1/settings, keeping the fields left out, and refuses unknown modes", async () => {
    const shop = await t.createMerchant();
    const first = await merchantCall(shop.secretKey, "PUT", "/settings", { customerFields: { phone: "mandatory" } });
    expect(((await first.json()) as { customerFields: unknown }).customerFields).toEqual({ name: "optional", email: "mandatory", phone: "mandatory", billingAddress: "optional", taxId: "optional" });
    const second = await merchantCall(shop.secretKey, "PUT", "/settings", { customerFields: { taxId: "hidden" } });
    expect(((await second.json()) as { customerFields: unknown }).customerFields).toMatchObject({ phone: "mandatory", taxId: "hidden" });
    const bad = await merchantCall(shop.secretKey, "PUT", "/settings", { customerFields: { phone: "sometimes", fax: "hidden" } });
    expect(bad.status).toBe(422);
    expect((await problemOf(bad)).errors!.map((e) => e.field)).toEqual(expect.arrayContaining(["json.customerFields.phone", "json.customerFields"]));
  });

  it("GET /v1/portal/account leaves hidden fields out entirely and says which fields are editable", async () => {
    const { call } = await portal({ phone: "hidden", name: "read_only", billingAddress: "mandatory" });
    const res = await call("GET", "/account");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { fields: Record<string, { access: string; editable: boolean; required: boolean; value: unknown }> };
    expect(Object.keys(body.fields)).toEqual(["name", "email", "billing_address", "tax_id"]);
    expect(body.fields.name).toEqual({ value: "Test Customer", access: "read_only", editable: false, required: false });
    expect(body.fields.billing_address).toMatchObject({ value: null, access: "mandatory", editable: true, required: true });
    expect(body.fields.email).toMatchObject({ value: "ada@example.com", editable: true, required: true, pending: null });
  });

  it("PATCH refuses read-only and hidden fields with 403 field_not_editable, changing nothing", async () => {
    const { call, customer } = await portal({ phone: "hidden", name: "read_only" });
    for (const body of [{ phone: "+49 30 1234567" }, { name: "Ada", billing_address: address }]) {
      const res = await call("PATCH", "/account", body);
      expect(res.status).toBe(403);
      const problem = await problemOf(res);
      expect(problem.code).toBe("field_not_editable");
      expect(problem.errors![0]).toMatchObject({ field: Object.keys(body)[0], code: "field_not_editable" });
    }
    expect(await row(customer.id)).toMatchObject({ phone: null, name: "Test Customer", billingAddress: null });
  });

  it("PATCH refuses clearing a mandatory field with 422 field_required", async () => {
    const { call, customer } = await portal({ phone: "mandatory" });
    expect((await call("PATCH", "/account", { phone: "+49 30 1234567" })).status).toBe(200);
    const res = await call("PATCH", "/account", { phone: "", name: "Ada" });
    expect(res.status).toBe(422);
    expect(await problemOf(res)).toMatchObject({ code: "field_required", errors: [{ field: "phone", code: "field_required" }] });
    expect(await row(customer.id)).toMatchObject({ phone: "+49 30 1234567", name: "Test Customer" });
  });

  it("PATCH answers bad formats with 422 problem+json naming each field, and the database is untouched", async () => {
    const { call, customer } = await portal();
    const before = await row(customer.id);
    const res = await call("PATCH", "/account", { phone: "call me", billing_address: { ...address, country: "Germany" }, tax_id: { value: "DE1", type: "eu_vat" } });
    expect(res.status).toBe(422);
    const problem = await problemOf(res);
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors!.map((e) => [e.field, e.code])).toEqual([
      ["phone", "invalid_phone"],
      ["billing_address.country", "invalid_country"],
      ["tax_id.value", "invalid_tax_id"],
    ]);
    const shape = await call("PATCH", "/account", { phone: 42, fax: "1" });
    expect(shape.status).toBe(422);
    expect((await problemOf(shape)).code).toBe("validation_failed");
    expect(await row(customer.id)).toEqual(before);
  });

  it("PATCH saves editable fields and returns the account", async () => {
    const { call, customer } = await portal();
    const res = await call("PATCH", "/account", { name: "Ada Lovelace", billing_address: address, tax_id: { value: "DE 123 456 789", type: "eu_vat" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      customer_id: customer.id,
      fields: { name: { value: "Ada Lovelace" }, billing_address: { value: { ...address, line2: null, region: null } }, tax_id: { value: { value: "DE123456789", type: "eu_vat" } } },
    });
  });

  describe("changing the e-mail address with a code", () => {
    async function codeSentTo(shopId: string, customerId: string) {
      const [mail] = await t.core.db
        .select()
        .from(schema.outboxMessages)
        .where(and(eq(schema.outboxMessages.merchantId, shopId), eq(schema.outboxMessages.customerId, customerId), eq(schema.outboxMessages.template, "email_change_code")))
        .orderBy(desc(schema.outboxMessages.createdAt))
        .limit(1);
      return { to: mail!.to, code: /\n(\d{6})\n/.exec(mail!.body)![1]! };
    }
    const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

    it("keeps the old address until the code sent to the new one is confirmed", async () => {
      const { call, shop, customer } = await portal();
      t.clock.advance({ minutes: 2 });
      const patched = await call("PATCH", "/account", { email: "ada@new.example" });
      expect(patched.status).toBe(200);
      expect(((await patched.json()) as { fields: { email: unknown } }).fields.email).toMatchObject({ value: "ada@example.com", pending: { email: "ada@new.example", attempts_left: 5 } });
      const sent = await codeSentTo(shop.merchantId, customer.id);
      expect(sent.to).toBe("ada@new.example");
      const confirmed = await call("POST", "/account/email/confirm", { code: sent.code });
      expect(confirmed.status).toBe(200);
      expect(((await confirmed.json()) as { fields: { email: unknown } }).fields.email).toMatchObject({ value: "ada@new.example", pending: null });
      expect((await row(customer.id)).email).toBe("ada@new.example");
    });

    it("refuses a wrong code (422 email_code_invalid) five times, then the code is dead (403 too_many_attempts)", async () => {
      const { call, shop, customer } = await portal();
      t.clock.advance({ minutes: 2 });
      await call("PATCH", "/account", { email: "ada@new.example" });
      const { code } = await codeSentTo(shop.merchantId, customer.id);
      for (let left = 4; left >= 0; left--) {
        const res = await call("POST", "/account/email/confirm", { code: wrong(code) });
        expect(res.status).toBe(422);
        expect(await problemOf(res)).toMatchObject({ code: "email_code_invalid", details: { attempts_left: left } });
      }
      const dead = await call("POST", "/account/email/confirm", { code });
      expect(dead.status).toBe(403);
      expect((await problemOf(dead)).code).toBe("too_many_attempts");
      expect((await row(customer.id)).email).toBe("ada@example.com");
      const malformed = await call("POST", "/account/email/confirm", { code: "12ab" });
      expect(malformed.status).toBe(422);
    });

    it("refuses an expired code on the injected clock (422 email_code_expired)", async () => {
      const { call, shop, customer } = await portal();
      t.clock.advance({ minutes: 2 });
      await call("PATCH", "/account", { email: "ada@new.example" });
      const { code } = await codeSentTo(shop.merchantId, customer.id);
      t.clock.advance({ minutes: 15 });
      const res = await call("POST", "/account/email/confirm", { code });
      expect(res.status).toBe(422);
      expect((await problemOf(res)).code).toBe("email_code_expired");
      expect((await row(customer.id)).email).toBe("ada@example.com");
    });

    it("does not reveal at request time that an address is taken, and refuses it at confirmation (409 email_taken)", async () => {
      const { call, shop, customer } = await portal();
      await t.createCustomer(shop.merchantId, "bob@example.com");
      t.clock.advance({ minutes: 2 });
      const asked = await call("PATCH", "/account", { email: "bob@example.com" });
      expect(asked.status).toBe(200);
      const { code } = await codeSentTo(shop.merchantId, customer.id);
      const res = await call("POST", "/account/email/confirm", { code });
      expect(res.status).toBe(409);
      expect((await problemOf(res)).code).toBe("email_taken");
      expect(await row(customer.id)).toMatchObject({ email: "ada@example.com", pendingEmail: null });
    });

    it("answers 409 email_change_not_pending with nothing to confirm", async () => {
      const { call } = await portal();
      const res = await call("POST", "/account/email/confirm", { code: "123456" });
      expect(res.status).toBe(409);
      expect((await problemOf(res)).code).toBe("email_change_not_pending");
    });
  });
});

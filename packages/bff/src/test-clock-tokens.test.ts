import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

// Issue 10: test clocks drive every time rule, session and link expiry included (A10).
describe("sessions and links on a customer's test clock (A10, P1)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();

  async function customerOnClock() {
    const customer = await t.createCustomer(shop.merchantId, `clock${crypto.randomUUID()}@example.com`);
    const clock = await createTestClock(t.core, shop.merchantId, { name: "sandbox", frozenAt: new Date("2027-01-10T09:00:00.000Z") });
    await attachCustomerToTestClock(t.core, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    return { customer, clock };
  }
  const portal = (token: string) => t.app.request("/v1/portal/orders", { headers: { Authorization: `Bearer ${token}` } });

  it("expires a test-clock customer's portal session once the clock is advanced past its lifetime, while real time alone still bounds it", async () => {
    const { customer, clock } = await customerOnClock();
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect((await portal(token)).status).toBe(200);
    await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date("2027-01-10T09:20:00.000Z") });
    expect((await portal(token)).status).toBe(200);
    await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date("2027-01-10T09:31:00.000Z") });
    const expired = await portal(token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe("session_expired");
  });
});

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

  it("ends a test-clock customer's portal session after 30 idle minutes on that clock", async () => {
    const { customer, clock } = await customerOnClock();
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect((await portal(token)).status).toBe(200);
    await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date("2027-01-10T09:20:00.000Z") });
    expect((await portal(token)).status).toBe(200);
    // Used at 09:20, so 09:45 is 25 idle minutes: still open.
    await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date("2027-01-10T09:45:00.000Z") });
    expect((await portal(token)).status).toBe(200);
    await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date("2027-01-10T10:16:00.000Z") });
    const expired = await portal(token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: "session_expired", details: { reason: "idle" } });
  });

  it("ends a busy session at its 8-hour lifetime on the test clock, and on the real clock when the test clock stands still", async () => {
    const { customer, clock } = await customerOnClock();
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    let at = new Date("2027-01-10T09:00:00.000Z").getTime();
    for (let step = 0; step < 23; step++) {
      at += 20 * 60_000;
      await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date(at) });
      expect((await portal(token)).status).toBe(200);
    }
    await advanceTestClock(t.core, shop.merchantId, { clockId: clock.id, to: new Date("2027-01-10T17:00:00.000Z") });
    expect(await (await portal(token)).json()).toMatchObject({ code: "session_expired", details: { reason: "lifetime" } });

    const still = await customerOnClock();
    const other = await t.mintSession(shop.merchantId, still.customer.id);
    t.clock.advance({ hours: 8 });
    expect(await (await portal(other.token)).json()).toMatchObject({ code: "session_expired", details: { reason: "lifetime" } });
  });
});

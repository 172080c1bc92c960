import { afterAll, describe, expect, it } from "vitest";
import { createDepartment, openTicket } from "../helpdesk/tickets.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { getIncidentSummary, grantIncidents, setIncidentCreditLimit } from "./incidents.ts";
import { deductionOrder, incidentPeriods } from "./rules.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe("paid support incidents (H3, H4, H6)", () => {
  it("splits a per-period plan into periods that keep the order day", () => {
    expect(incidentPeriods(day("2026-04-11"), 3, 1).map((p) => [p.from.toISOString().slice(0, 10), p.until.toISOString().slice(0, 10)])).toEqual([
      ["2026-04-11", "2026-05-11"],
      ["2026-05-11", "2026-06-11"],
      ["2026-06-11", "2026-07-11"],
    ]);
    expect(incidentPeriods(day("2027-01-31"), 3, 1).map((p) => p.from.toISOString().slice(0, 10))).toEqual(["2027-01-31", "2027-02-28", "2027-03-31"]);
  });

  it("deducts from time-limited grants first, earliest expiry first, then lifetime ones", () => {
    const now = day("2026-05-01");
    const g = (id: string, until: string | null, created = "2026-01-01") => ({ id, granted: 1, used: 0, validFrom: null, validUntil: until ? day(until) : null, createdAt: day(created) });
    expect(deductionOrder([g("life-new", null, "2026-03-01"), g("june", "2026-06-01"), g("life-old", null), g("may", "2026-05-20")], now).map((x) => x.id)).toEqual([
      "may",
      "june",
      "life-old",
      "life-new",
    ]);
  });

  describe("the April 11 example, on a test clock", async () => {
    const ctx = await createTestContext("2026-04-11T09:00:00.000Z");
    afterAll(() => ctx.handle.close());
    const shop = await createMerchantWithCustomer(ctx);
    const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
    const paid = await createDepartment(ctx, shop.merchantId, { name: "Priority", paid: true });
    const ask = () => openTicket(ctx, scope, { departmentId: paid.id, subject: "Help", body: "Please" });

    it("gives 10 usable incidents each month for three months, each month's unused ones lost", async () => {
      await grantIncidents(ctx, shop.merchantId, { customerId: shop.customerId, count: 10, periods: 3, months: 1, start: ctx.clock.now(), source: "package" });
      expect((await getIncidentSummary(ctx, scope)).available).toBe(10);
      for (let i = 0; i < 3; i++) await ask();
      expect((await getIncidentSummary(ctx, scope)).available).toBe(7);

      ctx.clock.set("2026-05-10T23:00:00.000Z");
      expect((await getIncidentSummary(ctx, scope)).available).toBe(7);
      ctx.clock.set("2026-05-11T09:00:00.000Z"); // the second period: a fresh 10
      expect((await getIncidentSummary(ctx, scope)).available).toBe(10);
      ctx.clock.set("2026-06-20T09:00:00.000Z");
      expect((await getIncidentSummary(ctx, scope)).available).toBe(10);
      ctx.clock.set("2026-07-11T09:00:00.000Z"); // the plan is over
      expect((await getIncidentSummary(ctx, scope)).available).toBe(0);
      await expect(ask()).rejects.toMatchObject({ code: "no_incidents_left" });
    });

    it("allows extra tickets on credit up to the limit, then blocks until new incidents pay the debt", async () => {
      await setIncidentCreditLimit(ctx, shop.merchantId, { customerId: shop.customerId, limit: 2 });
      await ask();
      await ask();
      expect(await getIncidentSummary(ctx, scope)).toMatchObject({ available: 0, on_credit: 2, credit_limit: 2, can_open_paid_ticket: false });
      await expect(ask()).rejects.toMatchObject({ code: "no_incidents_left", details: { on_credit: 2, credit_limit: 2 } });

      await grantIncidents(ctx, shop.merchantId, { customerId: shop.customerId, count: 3, source: "staff" }); // lifetime
      expect(await getIncidentSummary(ctx, scope)).toMatchObject({ available: 1, on_credit: 0, can_open_paid_ticket: true });
      await ask();
      expect((await getIncidentSummary(ctx, scope)).available).toBe(0);
    });
  });
});

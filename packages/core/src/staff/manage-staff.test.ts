import { afterAll, describe, expect, it } from "vitest";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { disableStaffUser, pageStaffUsers } from "./manage-staff.ts";
import { createStaffUser } from "./staff.ts";

describe("staff users (M1)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx, { email: "other@example.com" });

  it("pages the shop's own staff newest first, never another shop's or a token", async () => {
    const first = await createStaffUser(ctx, shop.merchantId, { email: "a@shop.example", role: "admin" });
    ctx.clock.advance({ minutes: 1 });
    const second = await createStaffUser(ctx, shop.merchantId, { email: "b@shop.example", role: "agent" });
    await createStaffUser(ctx, other.merchantId, { email: "c@other.example", role: "admin" });
    const page1 = await pageStaffUsers(ctx, shop.merchantId, { limit: 1 });
    expect(page1.data.map((s) => s.id)).toEqual([second.id]);
    expect(page1.data[0]).not.toHaveProperty("token");
    const page2 = await pageStaffUsers(ctx, shop.merchantId, { limit: 1, cursor: page1.next_cursor! });
    expect(page2.data.map((s) => s.id)).toEqual([first.id]);
    expect(page2.has_more).toBe(false);
  });

  it("does not let an admin disable themselves (staff_disable_self), nor reach another shop's member", async () => {
    const admin = await createStaffUser(ctx, shop.merchantId, { email: "self@shop.example", role: "admin" });
    await expect(disableStaffUser(ctx, shop.merchantId, { id: admin.id }, { byStaffId: admin.id })).rejects.toMatchObject({ code: "staff_disable_self" });
    const theirs = await createStaffUser(ctx, other.merchantId, { email: "x@other.example", role: "agent" });
    await expect(disableStaffUser(ctx, shop.merchantId, { id: theirs.id })).rejects.toMatchObject({ code: "staff_not_found" });
  });
});

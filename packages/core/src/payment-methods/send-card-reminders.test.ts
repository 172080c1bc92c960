import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outboxMessages } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { addCard } from "./add-card.ts";
import { cardExpiryState, sendCardReminders } from "./send-card-reminders.ts";

describe("expiring and expired card reminders (R2)", async () => {
  const ctx = await createTestContext("2026-10-15T09:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const links: string[] = [];
  const signLink = async (input: { customerId: string }) => {
    links.push(input.customerId);
    return `https://billing.example/links/signed-for-${input.customerId}`;
  };
  const reminders = () => ctx.db.select().from(outboxMessages).where(eq(outboxMessages.customerId, shop.customerId));

  it("knows when a card is expiring (30 days before the end of its month) or expired", () => {
    expect(cardExpiryState(11, 2026, new Date("2026-10-15T00:00:00Z"))).toBe("valid");
    expect(cardExpiryState(11, 2026, new Date("2026-11-02T00:00:00Z"))).toBe("expiring");
    expect(cardExpiryState(11, 2026, new Date("2026-12-01T00:00:00Z"))).toBe("expired");
  });

  it("emails a signed update-card link once when the card is expiring and once when it has expired", async () => {
    await addCard(ctx, scope, { number: "4242424242424242", expMonth: 11, expYear: 2026, cvc: "123" });
    expect(await sendCardReminders(ctx, signLink)).toEqual({ expiring: 0, expired: 0 });

    ctx.clock.set("2026-11-05T09:00:00.000Z");
    expect(await sendCardReminders(ctx, signLink)).toEqual({ expiring: 1, expired: 0 });
    expect(await sendCardReminders(ctx, signLink)).toEqual({ expiring: 0, expired: 0 });
    const expiring = (await reminders()).find((m) => m.template === "card_expiring")!;
    expect(expiring.subject).toBe("Your card ending 4242 expires soon");
    expect(expiring.body).toContain(`https://billing.example/links/signed-for-${shop.customerId}`);

    ctx.clock.set("2026-12-01T09:00:00.000Z");
    expect(await sendCardReminders(ctx, signLink)).toEqual({ expiring: 0, expired: 1 });
    expect(await sendCardReminders(ctx, signLink)).toEqual({ expiring: 0, expired: 0 });
    expect((await reminders()).filter((m) => m.template === "card_expired")).toHaveLength(1);
    expect(links).toHaveLength(2);
  });
});

import { describe, expect, it } from "vitest";
import { SANDBOX_HOLD_DAYS, SandboxGateway } from "./sandbox-gateway.ts";

/** The sandbox's holds (pre-authorisations) behave like an acquirer's: deterministic, keyed, bounded by the hold. */
describe("sandbox gateway holds, captures and releases", () => {
  const at = new Date("2026-06-15T12:00:00Z");
  const eur = (amount: number) => ({ amount, currency: "EUR" });
  async function held(gateway = new SandboxGateway(), amount = 5000) {
    const card = await gateway.tokenizeCard({ number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" }, at);
    const hold = await gateway.hold({ token: card.token, amount: eur(amount), at, idempotencyKey: "h1" });
    return { gateway, card, hold };
  }

  it("holds deterministically by key, and declines as the test card says", async () => {
    const { gateway, card, hold } = await held();
    expect(hold.status).toBe("authorized");
    expect(await gateway.hold({ token: card.token, amount: eur(5000), at, idempotencyKey: "h1" })).toEqual(hold);
    const declining = await gateway.tokenizeCard({ number: "4000000000000341", expMonth: 12, expYear: 2035, cvc: "123" }, at);
    expect((await gateway.hold({ token: declining.token, amount: eur(5000), at, idempotencyKey: "h2" })).status).toBe("declined");
  });

  it("captures at most the hold, once; the same key answers the same", async () => {
    const { gateway, hold } = await held();
    expect(await gateway.capture({ reference: hold.reference, amount: eur(5001), at, idempotencyKey: "c0" })).toMatchObject({ status: "failed", failureCode: "amount_exceeds_authorization" });
    const first = await gateway.capture({ reference: hold.reference, amount: eur(3000), at, idempotencyKey: "c1" });
    expect(first.status).toBe("captured");
    expect(await gateway.capture({ reference: hold.reference, amount: eur(3000), at, idempotencyKey: "c1" })).toEqual(first);
    expect(await gateway.capture({ reference: hold.reference, amount: eur(2000), at, idempotencyKey: "c2" })).toMatchObject({ status: "failed", failureCode: "authorization_captured" });
    expect(await gateway.release({ reference: hold.reference, at, idempotencyKey: "r1" })).toMatchObject({ status: "failed", failureCode: "authorization_captured" });
  });

  it("a released or expired hold cannot be captured", async () => {
    const released = await held();
    expect(await released.gateway.release({ reference: released.hold.reference, at, idempotencyKey: "r1" })).toMatchObject({ status: "released" });
    expect(await released.gateway.capture({ reference: released.hold.reference, amount: eur(1), at, idempotencyKey: "c1" })).toMatchObject({ status: "failed", failureCode: "authorization_released" });
    // Another sandbox instance (a restarted process) still knows the hold's amount and age from its reference.
    const { hold } = await held();
    const fresh = new SandboxGateway();
    const late = new Date(at.getTime() + SANDBOX_HOLD_DAYS * 86_400_000);
    expect(await fresh.capture({ reference: hold.reference, amount: eur(5000), at: late, idempotencyKey: "c9" })).toMatchObject({ status: "failed", failureCode: "authorization_expired" });
    expect(await fresh.capture({ reference: hold.reference, amount: eur(6000), at, idempotencyKey: "c10" })).toMatchObject({ status: "failed", failureCode: "amount_exceeds_authorization" });
  });
});

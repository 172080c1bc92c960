import { expect, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../src/index.ts";
import type { ShopReview } from "../src/shop-review/shop-review.ts";
import { fixture, merchantGet, mount, otherCustomer, screenshot, type FixtureOptions } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

async function setup(options: FixtureOptions = { settings: { shopReviews: true } }, locale = "en-US") {
  const f = await fixture(options);
  const el = await mount<ShopReview>(html`<shop-review api=${f.api} session=${f.session} locale=${locale}></shop-review>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="form"], [part="review"], [part="empty"]'), "review not shown", { timeout: 5000 });
  return { f, el, root: el.shadowRoot! };
}

describe("<shop-review>: a customer rates the shop; only the shop reads it", () => {
  it("is rated by keyboard (a radio group), thanks the customer, is visible to the shop's API and not to another customer, and can be edited", async () => {
    const { f, el, root } = await setup();
    expect(root.querySelector('fieldset[role="radiogroup"] legend')!.textContent).to.equal("Your rating");
    expect(root.textContent).to.contain("Only the shop reads your rating and comment.");
    await atEveryWidth(el, "review form", async (w) => void (w === 360 && (await screenshot("review-form-360"))));
    await screenshot("review-form");
    // Keyboard alone: into the group, arrows pick the rating, Tab to the comment, Enter on the button.
    root.querySelector<HTMLInputElement>('input[name="rating"]')!.focus();
    await sendKeys({ press: "ArrowRight" });
    await sendKeys({ press: "ArrowRight" });
    await sendKeys({ press: "ArrowRight" });
    expect(root.querySelector<HTMLInputElement>('input[name="rating"]:checked')!.value).to.equal("4");
    await sendKeys({ press: "Tab" });
    await sendKeys({ type: "Lovely beans" });
    await sendKeys({ press: "Tab" });
    const sent = oneEvent(el, "billfront-review-submit");
    await sendKeys({ press: "Enter" });
    expect(((await sent) as CustomEvent).detail.rating).to.equal(4);
    await waitUntil(() => root.querySelector('[part="thanks"]'), "no thanks");
    expect(root.activeElement).to.equal(root.querySelector('[part="thanks"]'));
    expect(root.querySelector('[part="review"]')!.textContent).to.contain("You rated this shop 4 of 5 stars.").and.contain("Lovely beans");
    await atEveryWidth(el, "thanks");
    await screenshot("review-thanks");

    const listed = await merchantGet(f.merchantId, "/v1/reviews");
    expect(listed.body.data.map((r: { rating: number; comment: string; customer: { id: string } }) => [r.rating, r.comment, r.customer.id])).to.deep.equal([[4, "Lovely beans", f.customerId]]);
    const stranger = await otherCustomer(f.merchantId);
    const theirs = await fetch(new URL("/v1/portal/review", f.api), { headers: { Authorization: `Bearer ${stranger.session}` } });
    expect(await theirs.json()).to.deep.equal({ review: null });

    (root.querySelector('[part="edit"]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(root.querySelector<HTMLInputElement>('input[name="rating"]:checked')!.value).to.equal("4");
    expect(root.activeElement).to.equal(root.querySelector('input[name="rating"]:checked'));
    root.querySelector<HTMLInputElement>('input[name="rating"][value="5"]')!.click();
    (root.querySelector("textarea") as HTMLTextAreaElement).value = "Even better now";
    await atEveryWidth(el, "editing");
    [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === "Save review")!.click();
    await waitUntil(() => root.querySelector('[part="review"]')?.textContent?.includes("5 of 5"), "not updated");
    expect((await merchantGet(f.merchantId, "/v1/reviews")).body.data.map((r: { rating: number }) => r.rating)).to.deep.equal([5]);
  });

  it("asks for a rating before sending, and says so readably", async () => {
    const { el, root } = await setup();
    [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === "Send review")!.click();
    await waitUntil(() => root.querySelector("#review-error"), "no error");
    expect(root.querySelector("#review-error")!.textContent).to.equal("Choose a rating from 1 to 5 stars.");
    expect(root.activeElement?.id).to.equal("review-error");
    await atEveryWidth(el, "no rating chosen");
  });

  it("shows that the shop takes no reviews when the setting is off, in German too", async () => {
    const { el, root } = await setup({ settings: { shopReviews: false } });
    expect(root.querySelector('[part="empty"]')!.textContent).to.contain("This shop does not take reviews here.");
    await atEveryWidth(el, "reviews off");
    const de = await setup({ settings: { shopReviews: true } }, "de-DE");
    await waitUntil(() => de.root.textContent!.includes("Diesen Shop bewerten"), "no German");
    expect(de.root.textContent).to.contain("Ihre Bewertung");
  });
});

import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { HelpdeskTickets } from "../src/helpdesk-tickets/helpdesk-tickets.ts";
import { setViewport } from "@web/test-runner-commands";
import { fixture, screenshot as shoot, staffReply } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

/** Screenshots at 1280 and 360 px (only with BILLFRONT_SCREENSHOTS set). */
async function screenshot(name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await setViewport({ width, height: 800 });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await shoot(`${name}-${width}`);
  }
  await setViewport({ width: 800, height: 600 });
}

const root = (el: HelpdeskTickets) => el.shadowRoot!;
/** <helpdesk-tickets> is a lazy chunk (W7): rendered, then defined once the page uses it. */
async function mount(template: Parameters<typeof render>[0]): Promise<HelpdeskTickets> {
  const el = await render<HelpdeskTickets>(template);
  await customElements.whenDefined("helpdesk-tickets");
  await el.updateComplete;
  return el;
}
const button = (el: HelpdeskTickets, text: string) => [...root(el).querySelectorAll("button")].find((b) => b.textContent!.trim() === text)!;

describe("<helpdesk-tickets> (H1)", () => {
  it("opens a ticket, shows the staff answer, replies, closes and reopens it", async () => {
    const f = await fixture({ departments: [{ name: "General" }, { name: "Premium", paid: true }] });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="empty"]'), "no empty state");
    expect(root(el).textContent).to.contain("You have no support tickets.");
    await atEveryWidth(el, "empty list");

    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector("form"), "no form");
    await waitUntil(() => root(el).activeElement?.id === "new-heading", "focus not on the form's heading");
    await atEveryWidth(el, "new ticket form");
    await screenshot("helpdesk-new-ticket");
    const form = root(el).querySelector("form")!;
    const options = [...form.querySelectorAll("option")];
    expect(options.map((o) => o.textContent!.trim())).to.deep.equal(["General", "Premium (a ticket here costs 1 incident)"]);
    form.querySelector<HTMLInputElement>('input[name="subject"]')!.value = "Grinder noise";
    form.querySelector("textarea")!.value = "It squeaks.";
    const created = oneEvent(el, "billfront-ticket-create");
    button(el, "Send").click();
    const { ticketId } = ((await created) as CustomEvent<{ ticketId: string }>).detail;
    await waitUntil(() => root(el).querySelector('[part="conversation"]'), "no conversation");
    // Regression (issue 13): focus fell to <body> once the form went away; it lands on the new ticket.
    await waitUntil(() => root(el).activeElement?.id === "ticket-heading", `focus on ${root(el).activeElement?.localName ?? document.activeElement?.localName}, not the new ticket`);
    expect(root(el).querySelector('[part="status"]')!.textContent).to.equal("Awaiting support");

    await staffReply(f.merchantId, ticketId, "Please clean the burrs.");
    const replied = oneEvent(el, "billfront-ticket-reply");
    root(el).querySelector("textarea")!.value = "Done, it works!";
    button(el, "Send reply").click();
    await replied;
    await waitUntil(() => root(el).querySelectorAll(".message").length === 3, "conversation not updated");
    expect([...root(el).querySelectorAll(".message")].map((m) => m.querySelector("strong")!.textContent)).to.deep.equal(["You", "Support", "You"]);
    expect([...root(el).querySelectorAll(".message")].map((m) => m.getAttribute("data-author"))).to.deep.equal(["customer", "staff", "customer"]);
    // After the reply, focus is on it (the new message), not on <body>.
    await waitUntil(() => root(el).activeElement === [...root(el).querySelectorAll(".message")].at(-1), "focus not on the new reply");
    await atEveryWidth(el, "ticket open");
    await screenshot("helpdesk-ticket");

    const closed = oneEvent(el, "billfront-ticket-close");
    button(el, "Close ticket").click();
    await closed;
    await waitUntil(() => button(el, "Reopen ticket"), "no reopen button");
    expect(root(el).querySelector("form")).to.equal(null);
    await expect(el).to.be.accessible();
    button(el, "Reopen ticket").click();
    await waitUntil(() => root(el).querySelector("form"), "reply form not back");

    button(el, "← All tickets").click();
    await waitUntil(() => root(el).querySelector('[part="ticket"]'), "list not shown");
    expect(root(el).querySelector('[part="ticket"]')!.textContent).to.contain("Grinder noise").and.contain("General");
    await atEveryWidth(el, "ticket list");
    await screenshot("helpdesk-list");
  });

  it("says the billing service cannot be reached, with a retry, when it is down", async () => {
    const f = await fixture();
    const failed = new Promise<CustomEvent>((resolve) => document.addEventListener("billfront-error", (e) => resolve(e as CustomEvent), { once: true }));
    const el = await mount(html`<helpdesk-tickets api="http://127.0.0.1:9" session=${f.session} locale="en"></helpdesk-tickets>`);
    expect((await failed).detail.code).to.equal("network_error");
    await waitUntil(() => root(el).querySelector('.state.error [part="error"], [part="error"]'), "no error state");
    expect(root(el).querySelector('[part="error"]')!.textContent).to.contain("Check your connection");
    expect(button(el, "Try again")).to.not.equal(undefined);
    await atEveryWidth(el, "error");
  });

  it("takes the page's dark theme through theme=dark on <billfront-portal> (W2)", async () => {
    const f = await fixture({ departments: [{ name: "General" }] });
    const portal = await render(html`<billfront-portal theme="dark" api=${f.api} session=${f.session} locale="en"><helpdesk-tickets></helpdesk-tickets></billfront-portal>`);
    const el = portal.querySelector("helpdesk-tickets") as HelpdeskTickets;
    await customElements.whenDefined("helpdesk-tickets");
    await waitUntil(() => root(el).querySelector('[part="new"]'), "not loaded");
    expect(getComputedStyle(el).colorScheme).to.equal("dark");
    // The text colour is the dark scheme's light text, read through light-dark().
    expect(getComputedStyle(root(el).querySelector(".toolbar h3")!).color).to.equal("rgb(232, 234, 237)");
    await atEveryWidth(el, "dark list");
    await screenshot("helpdesk-list-dark");
  });
});

describe("<helpdesk-tickets> billing section (H2)", () => {
  it("offers the customer's orders beside the tickets when the merchant turns it on", async () => {
    const f = await fixture({ settings: { helpdeskBillingSection: true }, orders: [{ description: "Burr grinder", unitAmount: 8900 }] });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="sections"]'), "no sections");
    button(el, "Billing").click();
    await waitUntil(() => root(el).querySelector("my-orders")?.shadowRoot?.querySelector('[part="order"]'), "orders not shown");
    expect(root(el).querySelector("my-orders")!.shadowRoot!.textContent).to.contain("Burr grinder");
    expect(button(el, "Billing").getAttribute("aria-current")).to.equal("page");
  });

  it("shows no billing section when it is off", async () => {
    const f = await fixture({ orders: [{ description: "Burr grinder", unitAmount: 8900 }] });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="empty"]'), "not loaded");
    expect(root(el).querySelector('[part="sections"]')).to.equal(null);
  });
});

describe("<helpdesk-tickets> attachments (H1)", () => {
  const choose = (input: HTMLInputElement, files: File[]) => {
    const transfer = new DataTransfer();
    for (const f of files) transfer.items.add(f);
    input.files = transfer.files;
  };

  it("sends an image with a new ticket and lists it; refuses a file whose name lies about its type", async () => {
    const f = await fixture({ departments: [{ name: "General" }] });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="new"]'), "not loaded");
    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector("form"), "no form");
    const form = root(el).querySelector("form")!;
    form.querySelector<HTMLInputElement>('input[name="subject"]')!.value = "Cracked cup";
    form.querySelector("textarea")!.value = "Photo attached.";
    choose(form.querySelector<HTMLInputElement>('input[type="file"]')!, [new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7])], "cup.png", { type: "image/png" })]);
    button(el, "Send").click();
    await waitUntil(() => root(el).querySelector('[part="attachment"]'), "attachment not shown");
    expect(root(el).querySelector('[part="attachment"]')!.textContent).to.equal("cup.png");

    const reply = root(el).querySelector<HTMLFormElement>('form[part="form"]')!;
    reply.querySelector("textarea")!.value = "Here is the invoice";
    choose(reply.querySelector<HTMLInputElement>('input[type="file"]')!, [new File([new Uint8Array([0x4d, 0x5a, 0x90, 0])], "invoice.pdf", { type: "application/pdf" })]);
    const failed = oneEvent(el, "billfront-error");
    button(el, "Send reply").click();
    expect(((await failed) as CustomEvent).detail.code).to.equal("attachment_type_not_allowed");
    await waitUntil(() => root(el).querySelector('[role="alert"]'), "no alert");
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain("Only images");
  });
});

describe("<helpdesk-tickets> paid departments (H3)", () => {
  const PAID = [{ name: "Priority", paid: true }];

  it("shows the cost before sending, and the incident count drops by one after a ticket", async () => {
    const f = await fixture({ departments: PAID, incidents: 2 });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="new"]'), "not loaded");
    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector('[part="incidents"]')?.textContent?.includes("left"), "no cost shown");
    expect(root(el).querySelector('[part="incidents"]')!.textContent).to.contain("costs 1 support incident. You have 2 left.");
    const form = root(el).querySelector("form")!;
    form.querySelector<HTMLInputElement>('input[name="subject"]')!.value = "Espresso tastes sour";
    form.querySelector("textarea")!.value = "Help!";
    button(el, "Send").click();
    await waitUntil(() => root(el).querySelector('[part="conversation"]'), "ticket not sent");
    button(el, "← All tickets").click();
    await waitUntil(() => root(el).querySelector('[part="new"]'), "list not back");
    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector('[part="incidents"]')?.textContent?.includes("left"), "no cost shown");
    expect(root(el).querySelector('[part="incidents"]')!.textContent).to.contain("You have 1 left.");
  });

  it("blocks sending with a clear reason and a buy-incidents action when none are left", async () => {
    const f = await fixture({ departments: PAID });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="new"]'), "not loaded");
    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector('[part="buy-incidents"]'), "no buy action");
    expect(root(el).querySelector('[part="incidents"]')!.textContent).to.contain("no support incidents left");
    expect(button(el, "Send").disabled).to.equal(true);
    const buy = oneEvent(el, "billfront-incidents-buy");
    root(el).querySelector<HTMLButtonElement>('[part="buy-incidents"]')!.click();
    expect(((await buy) as CustomEvent).detail).to.have.property("departmentId");
  });
});

describe("<helpdesk-tickets> incident packages (H4)", () => {
  it("offers the shop's packages when out of incidents, buys one with the saved card, and unblocks the paid department", async () => {
    const f = await fixture({
      departments: [{ name: "Hotline", paid: true }],
      cards: ["4242424242424242"],
      incidentPackages: [{ name: "Hotline pack", incidents: 5, prices: [{ name: "Lifetime", amount: 2500 }, { name: "Quarterly", amount: 6000, interval: "month", intervalCount: 3 }] }],
    });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => root(el).querySelector('[part="new"]'), "no list");
    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector('[part="buy-incidents"]'), "not blocked");
    expect(root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).to.equal(true);

    const asked = oneEvent(el, "billfront-incidents-buy");
    button(el, "Buy incidents").click();
    expect(((await asked) as CustomEvent<{ departmentId: string }>).detail.departmentId).to.be.a("string");
    await waitUntil(() => root(el).querySelectorAll('[part="package"]').length === 2, "packages not listed");
    const text = root(el).querySelector('[part="packages"]')!.textContent!.replace(/\s+/g, " ");
    expect(text).to.contain("5 incidents that never expire").and.contain("5 incidents every month for 3 months").and.contain("€25.00");
    await expect(el).to.be.accessible();

    // Nothing is charged before the customer has seen the package, the amount and the card, and confirmed.
    let charged = false;
    el.addEventListener("billfront-incidents-purchase", () => (charged = true));
    root(el).querySelector<HTMLButtonElement>('[part="package"] [part="buy"]')!.click();
    await waitUntil(() => root(el).querySelector<HTMLDialogElement>('dialog[part="confirm"]')?.open, "no confirmation dialog");
    const dialog = root(el).querySelector<HTMLDialogElement>('dialog[part="confirm"]')!;
    expect(dialog.textContent!.replace(/\s+/g, " ")).to.contain("Hotline pack · Lifetime").and.contain("€25.00").and.contain("Visa ending 4242");
    expect(root(el).activeElement?.getAttribute("part")).to.equal("confirm-buy");
    await atEveryWidth(el, "buy dialog");
    await screenshot("helpdesk-buy-dialog");
    button(el, "Go back").click();
    await waitUntil(() => !dialog.isConnected || !dialog.open, "dialog not closed");
    await waitUntil(() => root(el).activeElement?.getAttribute("part") === "buy", "focus not back on Buy");
    expect(charged).to.equal(false);

    const bought = oneEvent(el, "billfront-incidents-purchase");
    root(el).querySelector<HTMLButtonElement>('[part="package"] [part="buy"]')!.click();
    await waitUntil(() => root(el).querySelector('[part="confirm-buy"]'), "no confirm button");
    root(el).querySelector<HTMLButtonElement>('[part="confirm-buy"]')!.click();
    const detail = ((await bought) as CustomEvent<{ status: string; available: number }>).detail;
    expect(detail).to.include({ status: "approved", available: 5 });
    await waitUntil(() => root(el).querySelector('[part="notice"]'), "no confirmation");
    expect(root(el).querySelector('[part="notice"]')!.textContent).to.contain("You now have 5 support incidents");
    await waitUntil(() => root(el).querySelector("#cost")?.textContent?.includes("You have 5 left"), "count not shown");
    expect(root(el).activeElement?.id, "focus on the confirmation").to.equal("notice");
    expect(root(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.disabled).to.equal(false);
  });

  it("says a card must be added, and offers no pay button, when there is no card to charge (issue 13)", async () => {
    const f = await fixture({
      departments: [{ name: "Hotline", paid: true }],
      incidentPackages: [{ name: "Hotline pack", incidents: 5, prices: [{ name: "Lifetime", amount: 2500 }] }],
    });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    // The list shows the incident balance with a way to buy more.
    await waitUntil(() => root(el).querySelector('[part="incident-balance"]'), "no incident balance");
    expect(root(el).querySelector('[part="incident-balance"]')!.textContent).to.contain("0 incidents available");
    await atEveryWidth(el, "list with incident balance");
    root(el).querySelector<HTMLButtonElement>('[part="balance-buy"]')!.click();
    await waitUntil(() => root(el).querySelector('[part="package"] [part="buy"]'), "packages not listed");
    await waitUntil(() => root(el).activeElement?.id === "buy-heading", "focus not on the packages' heading");
    await atEveryWidth(el, "packages");
    root(el).querySelector<HTMLButtonElement>('[part="package"] [part="buy"]')!.click();
    await waitUntil(() => root(el).querySelector<HTMLDialogElement>('dialog[part="confirm"]')?.open, "no confirmation dialog");
    expect(root(el).querySelector('[part="no-card"]')!.textContent).to.contain("Add a card under Payment methods");
    expect(root(el).querySelector('[part="confirm-buy"]')).to.equal(null);
    await atEveryWidth(el, "buy dialog without a card");
    button(el, "Go back").click();
    await waitUntil(() => !root(el).querySelector<HTMLDialogElement>('dialog[part="confirm"]')?.open, "dialog still open");
    button(el, "← All tickets").click();
    await waitUntil(() => root(el).querySelector('[part="incident-balance"]'), "not back on the list");
  });

  it("lets the page take over the purchase by cancelling the event", async () => {
    const f = await fixture({ departments: [{ name: "Hotline", paid: true }] });
    const el = await mount(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    el.addEventListener("billfront-incidents-buy", (e) => e.preventDefault());
    await waitUntil(() => root(el).querySelector('[part="new"]'), "no list");
    button(el, "New ticket").click();
    await waitUntil(() => root(el).querySelector('[part="buy-incidents"]'), "not blocked");
    button(el, "Buy incidents").click();
    await el.updateComplete;
    expect(root(el).querySelector('[part="packages"]')).to.equal(null);
    expect(root(el).querySelector("form")).to.not.equal(null);
  });
});

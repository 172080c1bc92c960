import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import "../../src/index.ts";
import "../../src/console.ts";
import "../../src/console/screens/customers.ts";
import "../../src/console/screens/customer.ts";
import { ConsoleApi } from "../../src/console/console-api.ts";
import type { ConsoleCustomer } from "../../src/console/screens/customer.ts";
import type { ConsoleCustomers } from "../../src/console/screens/customers.ts";
import type { MyOrders } from "../../src/my-orders/my-orders.ts";
import { expectNoHorizontalScroll } from "../layout.ts";
import { fixture, lastEmail, screenshot, staffUser } from "../fixtures.ts";

const BEANS = { description: "Espresso beans", unitAmount: 1500, type: "one_time" as const };

/** The console's widths (issue 14): 1280 px and 768 px, no sideways scroll and axe at each. */
async function atConsoleWidths(host: Element, state: string): Promise<void> {
  try {
    for (const width of [1280, 768]) {
      await setViewport({ width, height: 900 });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expectNoHorizontalScroll(host, state);
      await expect(host).to.be.accessible();
    }
  } finally {
    await setViewport({ width: 800, height: 600 });
  }
}

const root = (el: Element) => el.shadowRoot!;
const q = <E extends Element = HTMLElement>(el: Element, selector: string) => root(el).querySelector<E>(selector);

async function profile(api: string, token: string, id: string, role: "agent" | "admin") {
  const el = await render<ConsoleCustomer>(html`<bf-console-customer .api=${new ConsoleApi(api, { kind: "token", token })} staff-role=${role} locale="en" .params=${{ id }}></bf-console-customer>`);
  await waitUntil(() => q(el, '[data-section="details"]') || q(el, '[part="error"]'), "profile not loaded", { timeout: 8000 });
  return el;
}

/** Through the dialog: fill the form (if any), continue, then confirm; returns the result message. */
async function confirmDialog(el: ConsoleCustomer, state: string) {
  const confirm = await waitUntil(() => q(el, "dialog[open] [part=confirm-button]"), "no confirm step").then(() => q<HTMLButtonElement>(el, "dialog [part=confirm-button]")!);
  await atConsoleWidths(el, `${state} confirm`);
  confirm.click();
  // Compared as booleans: chai printing a whole element tree on a failure can hang the page.
  await waitUntil(() => q(el, '[part="result"]') && !q(el, "dialog"), "no result", { timeout: 8000 });
  await waitUntil(() => root(el).activeElement?.getAttribute("part") === "result", "focus not on the result", { timeout: 4000 });
  return q(el, '[part="result"]')!;
}

function fill(el: ConsoleCustomer, name: string, value: string) {
  const input = q<HTMLInputElement>(el, `dialog [name="${name}"]`)!;
  input.value = value;
}

describe("console customers (M2)", () => {
  it("searches by name, e-mail and order number and opens a customer", async () => {
    const f = await fixture({ orders: [BEANS] });
    const agent = await staffUser(f.merchantId, "agent");
    const el = await render<ConsoleCustomers>(html`<bf-console-customers .api=${new ConsoleApi(f.api, { kind: "token", token: agent.token })} staff-role="agent" locale="en"></bf-console-customers>`);
    await waitUntil(() => q(el, '[part="list"]'), "list not loaded", { timeout: 8000 });
    await atConsoleWidths(el, "customers list");
    const search = async (term: string) => {
      q<HTMLInputElement>(el, "input[name=q]")!.value = term;
      q<HTMLFormElement>(el, "form")!.requestSubmit();
      await el.updateComplete;
      await waitUntil(() => !q(el, '[part="loading"]') && (q(el, '[part="list"]') || q(el, '[part="empty"]')), "no answer", { timeout: 8000 });
      return [...root(el).querySelectorAll<HTMLElement>("[data-customer-id]")].map((r) => r.dataset.customerId);
    };
    expect(await search("Test Cust")).to.deep.equal([f.customerId]);
    expect(await search("customer@example")).to.deep.equal([f.customerId]);
    expect(await search(f.orders[0]!.number)).to.deep.equal([f.customerId]);
    expect(await search("nobody-like-this")).to.deep.equal([]);
    expect(q(el, '[part="empty"]')!.textContent).to.contain("No customer matches");
    await atConsoleWidths(el, "customers empty");
    await search("Test Cust");
    const opened = oneEvent(el, "billfront-console-navigate");
    q<HTMLButtonElement>(el, '[part="open"]')!.click();
    expect((await opened).detail).to.deep.equal({ screen: "customer", params: { id: f.customerId } });
  });

  it("an agent sees the profile's sections, adds credit, edits incidents, resends an e-mail, and has no blacklist button (the API refuses it)", async function () {
    this.timeout(40000);
    const f = await fixture({ orders: [BEANS], incidents: 3 });
    const agent = await staffUser(f.merchantId, "agent");
    const el = await profile(f.api, agent.token, f.customerId, "agent");
    const sections = [...root(el).querySelectorAll<HTMLElement>("[part=section]")].map((s) => s.dataset.section);
    expect(sections).to.deep.equal(["details", "other-info", "balance", "incidents", "orders", "subscriptions", "transactions", "emails", "tickets"]);
    expect(!!q(el, "[data-order-id]"), "orders listed").to.equal(true);
    expect(!!q(el, '[part="blacklist"]'), "no blacklist button for an agent").to.equal(false);
    await atConsoleWidths(el, "profile agent");

    // Credit for rebills
    q<HTMLButtonElement>(el, '[part="add-credit"]')!.click();
    await waitUntil(() => q(el, "dialog[open] [name=amount]"), "no credit form");
    await atConsoleWidths(el, "credit form");
    fill(el, "amount", "abc");
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    await waitUntil(() => q(el, "[part=dialog-error]"), "no amount error");
    fill(el, "amount", "12.50");
    q<HTMLSelectElement>(el, "dialog [name=currency]")!.value = "EUR";
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    await waitUntil(() => q(el, "dialog [part=confirm]"), "no confirm");
    expect(q(el, "dialog [part=confirm]")!.textContent).to.contain("€12.50");
    expect((await confirmDialog(el, "credit")).textContent).to.contain("€12.50");
    expect(q(el, '[part="balances"]')!.textContent).to.contain("€12.50");
    await atConsoleWidths(el, "after credit");

    // Incidents used and the limit
    q<HTMLButtonElement>(el, '[part="edit-incidents"]')!.click();
    await waitUntil(() => q(el, "dialog[open] [name=used]"), "no incidents form");
    fill(el, "used", "2");
    fill(el, "limit", "4");
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    await confirmDialog(el, "incidents");
    expect(q(el, '[part="lifetime-used"]')!.textContent).to.contain("2").and.contain("of 3 granted");
    expect(q(el, '[part="credit-limit"]')!.textContent!.trim()).to.equal("4");

    // Resend the welcome e-mail
    const welcome = q(el, '[data-template="welcome"] [part="resend"]') as HTMLButtonElement;
    welcome.click();
    expect((await confirmDialog(el, "resend")).textContent).to.contain("queued again");
    expect(root(el).querySelectorAll('[data-template="welcome"]').length).to.equal(2);

    // The server refuses an agent's blacklisting whatever the page shows.
    const res = await fetch(new URL(`/v1/customers/${f.customerId}/blacklist`, f.api), {
      method: "POST",
      headers: { Authorization: `Bearer ${agent.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ blacklisted: true }),
    });
    expect(res.status).to.equal(403);
    expect(res.headers.get("Content-Type")).to.contain("application/problem+json");
    expect((await res.json()).code).to.equal("admin_only");
  });

  it("adds credit by keyboard only, and focus ends on the result", async () => {
    const f = await fixture({ orders: [BEANS] });
    const agent = await staffUser(f.merchantId, "agent");
    const el = await profile(f.api, agent.token, f.customerId, "agent");
    q<HTMLButtonElement>(el, '[part="add-credit"]')!.focus();
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root(el).activeElement?.getAttribute("name") === "amount", "focus not in the amount");
    await sendKeys({ type: "7.25" });
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root(el).activeElement?.getAttribute("part") === "confirm", "focus not on the confirm text");
    expect(root(el).activeElement!.textContent).to.contain("€7.25");
    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Tab" });
    expect(root(el).activeElement!.getAttribute("part")).to.equal("confirm-button");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root(el).activeElement?.getAttribute("part") === "result", "focus not on the result", { timeout: 8000 });
    expect(q(el, '[part="balances"]')!.textContent).to.contain("€7.25");
  });

  it("creates an order whose payment link is e-mailed, and a transaction comment shown in the portal reaches <my-orders>", async () => {
    const f = await fixture({ orders: [BEANS] });
    const admin = await staffUser(f.merchantId, "admin");
    const el = await profile(f.api, admin.token, f.customerId, "admin");
    expect(!!q(el, '[part="blacklist"]'), "an admin may blacklist").to.equal(true);

    q<HTMLButtonElement>(el, '[part="create-order"]')!.click();
    await waitUntil(() => q(el, "dialog[open] [name=description]"), "no order form");
    await atConsoleWidths(el, "order form");
    fill(el, "description", "Replacement grinder");
    fill(el, "quantity", "2");
    fill(el, "amount", "40");
    q<HTMLSelectElement>(el, "dialog [name=currency]")!.value = "EUR";
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    await waitUntil(() => q(el, "dialog [part=confirm]"), "no confirm");
    expect(q(el, "dialog [part=confirm]")!.textContent).to.contain("€80.00").and.contain("customer@example.com");
    const result = await confirmDialog(el, "order");
    expect(result.querySelector("a")!.href).to.match(/^http/);
    const mail = await lastEmail(f.merchantId, "customer@example.com", "pay_order");
    expect(mail?.subject).to.contain("€80.00");
    await atConsoleWidths(el, "after order");

    const paymentId = f.orders[0]!.payments[0]!;
    q<HTMLButtonElement>(el, `[data-payment-id="${paymentId}"] [part="comment"]`)!.click();
    await waitUntil(() => q(el, "dialog[open] textarea"), "no comment form");
    q<HTMLTextAreaElement>(el, "dialog textarea")!.value = "We refunded the shipping separately.";
    q<HTMLInputElement>(el, "dialog [name=show_in_portal]")!.checked = true;
    q<HTMLInputElement>(el, "dialog [name=notify_customer]")!.checked = true;
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    await waitUntil(() => q(el, "dialog [part=confirm]"), "no confirm");
    expect(q(el, "dialog [part=confirm]")!.textContent).to.contain("billing history");
    await confirmDialog(el, "comment");
    expect(q(el, `[data-payment-id="${paymentId}"]`)!.textContent).to.contain("We refunded the shipping separately.");
    expect((await lastEmail(f.merchantId, "customer@example.com", "transaction_comment"))?.body).to.contain("We refunded the shipping separately.");

    // The customer's own portal: the order's history row shows the note.
    const orders = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    await waitUntil(() => orders.shadowRoot!.querySelector(`[data-order-id="${f.orders[0]!.orderId}"] [part="open"], [part="open"]`), "orders not rendered", { timeout: 8000 });
    const buttons = [...orders.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="open"]')];
    buttons.at(-1)!.click();
    const details = await waitUntil(() => orders.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector("[part=history]"), "no history", { timeout: 8000 }).then(
      () => orders.shadowRoot!.querySelector("billfront-order-details")!,
    );
    const row = details.shadowRoot!.querySelector(`[data-row-id="${paymentId}"]`)!;
    expect(row.querySelector('[part="history-comment"]')!.textContent).to.contain("We refunded the shipping separately.");
  });

  it("edits the billing address and tax ID: a refused country is marked at the field, then GET /v1/customers/:id has the new address", async function () {
    this.timeout(40000);
    const f = await fixture({});
    const agent = await staffUser(f.merchantId, "agent");
    const el = await profile(f.api, agent.token, f.customerId, "agent");
    const opener = q<HTMLButtonElement>(el, '[part="edit-address"]')!;
    opener.click();
    await waitUntil(() => q(el, 'dialog[open] [name="billing_address.line1"]'), "no address form");
    // The portal field-access hint beside the address and the tax ID, as the details list shows it.
    const legends = [...root(el).querySelectorAll("dialog legend")].map((l) => l.textContent!.replace(/\s+/g, " "));
    expect(legends).to.have.length(2);
    for (const legend of legends) expect(legend).to.match(/Portal: /);
    await atConsoleWidths(el, "address form");

    fill(el, "billing_address.line1", "Hauptstraße 5");
    fill(el, "billing_address.postal_code", "10115");
    fill(el, "billing_address.city", "Berlin");
    fill(el, "billing_address.country", "ZZ");
    fill(el, "tax_id.value", "DE123456789");
    q<HTMLSelectElement>(el, 'dialog [name="tax_id.type"]')!.value = "eu_vat";
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    await waitUntil(() => q(el, "dialog [part=confirm-button]"), "no confirm");
    expect(q(el, "dialog [part=confirm]")!.textContent).to.contain("Hauptstraße 5").and.contain("DE123456789");
    q<HTMLButtonElement>(el, "dialog [part=confirm-button]")!.click();
    // The server's refusal, at the field, back on the form with what was typed.
    await waitUntil(() => q(el, 'dialog [part=field-error][data-field="billing_address.country"]'), "no field error at the country", { timeout: 8000 });
    const country = q<HTMLInputElement>(el, 'dialog [name="billing_address.country"]')!;
    expect(country.getAttribute("aria-invalid")).to.equal("true");
    expect(country.getAttribute("aria-describedby")).to.equal(q(el, 'dialog [part=field-error][data-field="billing_address.country"]')!.id);
    expect(root(el).activeElement === country, "focus on the refused field").to.equal(true);
    expect(q<HTMLInputElement>(el, 'dialog [name="billing_address.city"]')!.value).to.equal("Berlin");
    await atConsoleWidths(el, "address refused");
    await screenshot("console-customer-address-refused");

    fill(el, "billing_address.country", "DE");
    q<HTMLFormElement>(el, "dialog form")!.requestSubmit();
    expect((await confirmDialog(el, "address")).textContent).to.contain("billing address and tax ID were saved");
    expect(q(el, '[data-section="details"]')!.textContent).to.contain("Hauptstraße 5, 10115 Berlin, DE").and.contain("DE123456789");
    await atConsoleWidths(el, "after address");

    const saved = await new ConsoleApi(f.api, { kind: "token", token: agent.token }).get<{ billing_address: Record<string, string | null>; tax_id: { value: string; type: string } }>(`/v1/customers/${f.customerId}`);
    expect(saved.billing_address).to.include({ line1: "Hauptstraße 5", postal_code: "10115", city: "Berlin", country: "DE", line2: null });
    expect(saved.tax_id).to.deep.equal({ value: "DE123456789", type: "eu_vat" });
  });
});

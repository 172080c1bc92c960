import { expect, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../../src/index.ts";
import "../../src/console/screens/review-queue.ts";
import { ConsoleApi } from "../../src/console/console-api.ts";
import type { ConsoleReviewQueue } from "../../src/console/screens/review-queue.ts";
import type { MyOrders } from "../../src/my-orders/my-orders.ts";
import { fixture, mount, staffUser, screenshot } from "../fixtures.ts";
import { atConsoleWidths, portalCall } from "./console-widths.ts";

const ORDERS = [
  { description: "Beans", unitAmount: 2400 },
  { description: "Grinder", unitAmount: 9900 },
];

async function queue() {
  const f = await fixture({ orders: ORDERS, settings: { refunds: "manual" } });
  const requests: string[] = [];
  for (const order of f.orders) {
    const asked = await portalCall(f.api, f.session, "POST", `/payments/${order.payments[0]}/refund_request`, { reason: `Please refund ${order.number}` });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    requests.push(asked.body.request_id);
  }
  const agent = await staffUser(f.merchantId, "agent");
  const el = await mount<ConsoleReviewQueue>(html`<bf-console-review-queue .api=${new ConsoleApi(f.api, { kind: "token", token: agent.token })} staff-role="agent" locale="en"></bf-console-review-queue>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="request"], [part="empty"], [part="error"]'), "queue not rendered", { timeout: 8000 });
  return { f, el, root: el.shadowRoot!, requests };
}

describe("<bf-console-review-queue> (M3)", () => {
  it("lists manual requests oldest first with customer, order, amount, reason and ticket; an agent approves a refund and the customer's order shows the credit note", async () => {
    const { f, el, root, requests } = await queue();
    const items = [...root.querySelectorAll<HTMLElement>('[part="request"]')];
    expect(items.map((i) => i.dataset.request)).to.deep.equal(requests);
    const first = items[0]!;
    expect(first.textContent).to.contain(f.orders[0]!.number);
    expect(first.querySelector('[part="asked"]')!.textContent).to.contain("€24.00");
    expect(first.textContent).to.contain(`Please refund ${f.orders[0]!.number}`);
    await atConsoleWidths(el, "review queue");
    await screenshot("console-review-queue");

    // The ticket beside it: a link to the ticket screen.
    const navigated = oneEvent(el, "billfront-console-navigate");
    first.querySelector<HTMLButtonElement>('[part="open-ticket"]')!.click();
    expect((await navigated).detail.screen).to.equal("ticket");

    first.querySelector<HTMLButtonElement>('[part="approve"]')!.click();
    await waitUntil(() => root.querySelector('[part="decide"]'), "no decision form");
    expect(root.querySelector('[part="confirm"]')!.textContent).to.contain("refunds €24.00");
    expect(root.activeElement?.localName).to.equal("textarea");
    await atConsoleWidths(el, "approve confirm");
    root.querySelector<HTMLTextAreaElement>('[part="decide"] textarea')!.value = "Sorry about that.";
    root.querySelector<HTMLButtonElement>('[part="confirm-decision"]')!.click();
    await waitUntil(() => root.activeElement?.getAttribute("part") === "result", "focus not on the result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain(`order ${f.orders[0]!.number} was approved`);
    expect([...root.querySelectorAll<HTMLElement>('[part="request"]')].map((i) => i.dataset.request)).to.deep.equal([requests[1]]);
    await atConsoleWidths(el, "after approval");

    // The customer's history now shows the credit note.
    const orders = await mount<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en-US"></my-orders>`);
    await waitUntil(() => orders.shadowRoot!.querySelector('[part~="order"]'), "orders not rendered", { timeout: 8000 });
    const open = [...orders.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="open"]')];
    const rows = [...orders.shadowRoot!.querySelectorAll('[part~="order"]')];
    open[rows.findIndex((r) => r.textContent!.includes("Beans"))]!.click();
    const details = () => orders.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot ?? null;
    await waitUntil(() => details()?.querySelector('[part="totals"]')?.textContent?.includes("credit note"), "no credit note in the order's history", { timeout: 8000 });
    expect(details()!.querySelector('[part="totals"]')!.textContent!.replace(/\s+/g, " ")).to.contain("€24.00 (credit note CN-");
  });

  it("rejects with a note the customer reads on the ticket; the rejected list shows it", async () => {
    const { f, el, root, requests } = await queue();
    const second = root.querySelector<HTMLElement>(`[data-request="${requests[1]}"]`)!;
    second.querySelector<HTMLButtonElement>('[part="reject"]')!.click();
    await waitUntil(() => root.querySelector('[part="decide"]'), "no decision form");
    expect(root.querySelector('[part="confirm"]')!.textContent).to.contain("tells the customer why");
    expect(root.querySelector<HTMLTextAreaElement>('[part="decide"] textarea')!.required).to.equal(true);
    await atConsoleWidths(el, "reject confirm");
    root.querySelector<HTMLTextAreaElement>('[part="decide"] textarea')!.value = "Used for six months.";
    root.querySelector<HTMLButtonElement>('[part="confirm-decision"]')!.click();
    await waitUntil(() => root.activeElement?.getAttribute("part") === "result", "focus not on the result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("rejected");

    const tickets = await portalCall(f.api, f.session, "GET", "/tickets");
    const ticket = await portalCall(f.api, f.session, "GET", `/tickets/${tickets.body.data.find((t: { subject: string }) => t.subject.includes(f.orders[1]!.number)).id}`);
    expect(ticket.body.messages.map((m: { body: string }) => m.body)).to.include("Your refund request was declined: Used for six months.");

    const select = root.querySelector<HTMLSelectElement>('[part="filters"] select')!;
    select.value = "rejected";
    select.dispatchEvent(new Event("change"));
    await waitUntil(() => root.querySelector(`[data-request="${requests[1]}"]`), "rejected request not listed", { timeout: 8000 });
    expect(root.querySelector(`[data-request="${requests[1]}"]`)!.textContent).to.contain("Used for six months.");
    await atConsoleWidths(el, "rejected list");
  });

  it("shows the request's ticket beside it behind a toggle: the conversation, read-only, with its first message", async () => {
    const { f, el, root, requests } = await queue();
    const first = root.querySelector<HTMLElement>(`[data-request="${requests[0]}"]`)!;
    const toggle = first.querySelector<HTMLButtonElement>('[part="ticket-toggle"]')!;
    expect(toggle.getAttribute("aria-expanded")).to.equal("false");
    expect(first.querySelector('[part="ticket-conversation"]')).to.equal(null);
    expect(first.querySelector('[part="open-ticket"]'), "the link to open the ticket stays").to.not.equal(null);

    toggle.focus();
    toggle.click();
    await waitUntil(() => first.querySelector('[part="ticket-message"]'), "the ticket's messages did not show", { timeout: 8000 });
    expect(toggle.getAttribute("aria-expanded")).to.equal("true");
    const panel = first.querySelector<HTMLElement>('[part="ticket-conversation"]')!;
    expect(toggle.getAttribute("aria-controls")).to.equal(panel.id);
    const agent = await staffUser(f.merchantId, "agent");
    const api = new ConsoleApi(f.api, { kind: "token", token: agent.token });
    const items = await api.get<{ data: { id: string; ticket_id: string }[] }>("/v1/requests");
    const ticket = await api.get<{ subject: string; messages: { body: string; author: string }[] }>(`/v1/tickets/${items.data.find((r) => r.id === requests[0])!.ticket_id}`);
    const shown = first.querySelector<HTMLElement>('[part="ticket-message"]')!;
    expect(shown.textContent).to.contain(ticket.messages[0]!.body);
    expect(shown.dataset.author).to.equal(ticket.messages[0]!.author);
    expect(panel.textContent).to.contain(ticket.subject);
    expect(panel.querySelectorAll("textarea, input, form"), "read-only").to.have.length(0);
    expect(root.activeElement).to.equal(toggle);
    await atConsoleWidths(el, "ticket beside the request");
    await screenshot("console-review-queue-ticket");

    toggle.click();
    await el.updateComplete;
    expect(toggle.getAttribute("aria-expanded")).to.equal("false");
    expect(first.querySelector('[part="ticket-conversation"]')).to.equal(null);
  });

  it("says so when the queue is empty, and when it cannot load", async () => {
    const f = await fixture({});
    const agent = await staffUser(f.merchantId, "agent");
    const el = await mount<ConsoleReviewQueue>(html`<bf-console-review-queue .api=${new ConsoleApi(f.api, { kind: "token", token: agent.token })} locale="en"></bf-console-review-queue>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="empty"]'), "no empty state", { timeout: 8000 });
    await atConsoleWidths(el, "empty queue");
    const bad = await mount<ConsoleReviewQueue>(html`<bf-console-review-queue .api=${new ConsoleApi(f.api, { kind: "token", token: "st_00000000000000000000000000000000" })} locale="en"></bf-console-review-queue>`);
    await waitUntil(() => bad.shadowRoot!.querySelector('[part="error"]'), "no error state", { timeout: 8000 });
    await atConsoleWidths(bad, "queue error");
  });
});

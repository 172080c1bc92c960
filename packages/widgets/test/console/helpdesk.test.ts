import { expect, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../../src/index.ts";
import "../../src/console.ts";
import "../../src/console/screens/helpdesk.ts";
import "../../src/console/screens/ticket.ts";
import type { BillfrontConsole } from "../../src/console/billfront-console.ts";
import { ConsoleApi } from "../../src/console/console-api.ts";
import type { ConsoleHelpdesk } from "../../src/console/screens/helpdesk.ts";
import type { ConsoleTicket } from "../../src/console/screens/ticket.ts";
import type { HelpdeskTickets } from "../../src/helpdesk-tickets/helpdesk-tickets.ts";
import { fixture, mount, screenshot, staffUser, type FixtureOptions } from "../fixtures.ts";
import { atConsoleWidths, deepActive, portalCall, staffCall } from "./console-widths.ts";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/** A shop with departments, a customer's ticket in the first one, and an agent. */
async function withTicket(options: FixtureOptions = { departments: [{ name: "General" }, { name: "Billing questions" }] }, subject = "Grinder noise") {
  const f = await fixture(options);
  const departments = (await portalCall(f.api, f.session, "GET", "/departments")).body.data as { id: string; name: string }[];
  const opened = await portalCall(f.api, f.session, "POST", "/tickets", { department: departments[0]!.id, subject, body: "It squeaks.", attachments: [{ file_name: "squeak.png", data: PNG }] });
  expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
  const agent = await staffUser(f.merchantId, "agent");
  return { f, agent, departments, ticketId: opened.body.id as string };
}

async function ticketScreen(api: string, token: string, id: string) {
  const el = await mount<ConsoleTicket>(html`<bf-console-ticket .api=${new ConsoleApi(api, { kind: "token", token })} staff-role="agent" locale="en" .params=${{ id }}></bf-console-ticket>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="summary"], [part="error"]'), "ticket not rendered", { timeout: 8000 });
  return { el, root: el.shadowRoot! };
}

/** Presses Tab until focus is on the element `match` accepts (keyboard only). */
async function tabTo(match: (el: Element) => boolean, what: string): Promise<Element> {
  for (let i = 0; i < 80; i++) {
    const active = deepActive();
    if (active && match(active)) return active;
    await sendKeys({ press: "Tab" });
  }
  throw new Error(`Tab never reached ${what}`);
}

const resultFocused = (root: ShadowRoot) => root.activeElement?.getAttribute("part") === "result";

describe("<bf-console-helpdesk> and <bf-console-ticket> (H1, H7, H8)", () => {
  it("an agent answers a ticket with an internal note and a reply (by keyboard); the customer sees the reply, not the note, in <helpdesk-tickets>", async () => {
    const { f, agent, departments, ticketId } = await withTicket();
    const consoleEl = await mount<BillfrontConsole>(html`<billfront-console api=${f.api} token=${agent.token} locale="en"></billfront-console>`);
    await waitUntil(() => consoleEl.shadowRoot!.querySelector('[part="nav"]'), "no navigation", { timeout: 8000 });
    [...consoleEl.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="nav"] button')].find((b) => b.textContent!.trim() === "Helpdesk")!.click();
    const inbox = () => consoleEl.shadowRoot!.querySelector<ConsoleHelpdesk>("bf-console-helpdesk")?.shadowRoot ?? null;
    await waitUntil(() => inbox()?.querySelector('[part="ticket"]'), "inbox not shown", { timeout: 8000 });
    expect(inbox()!.querySelector('[part="ticket"]')!.textContent).to.contain("Grinder noise").and.contain(departments[0]!.name);
    // Agents get no department controls.
    expect(inbox()!.querySelector('[part="departments"]')).to.equal(null);
    await atConsoleWidths(consoleEl, "inbox");
    await screenshot("console-helpdesk-inbox");

    // Filters: another department is empty; the ticket's own department and status show it.
    const dept = inbox()!.querySelector<HTMLSelectElement>('select[name="department"]')!;
    dept.value = departments[1]!.id;
    dept.dispatchEvent(new Event("change"));
    await waitUntil(() => inbox()!.querySelector('[part="empty"]'), "filter by department did not apply", { timeout: 8000 });
    await atConsoleWidths(consoleEl, "inbox empty");
    dept.value = departments[0]!.id;
    dept.dispatchEvent(new Event("change"));
    const status = inbox()!.querySelector<HTMLSelectElement>('select[name="status"]')!;
    status.value = "waiting_on_staff";
    status.dispatchEvent(new Event("change"));
    await waitUntil(() => inbox()!.querySelector(`[data-ticket="${ticketId}"]`), "filtered ticket not shown", { timeout: 8000 });

    inbox()!.querySelector<HTMLButtonElement>(`[data-ticket="${ticketId}"] [part="open"]`)!.click();
    const ticket = () => consoleEl.shadowRoot!.querySelector<ConsoleTicket>("bf-console-ticket")?.shadowRoot ?? null;
    await waitUntil(() => ticket()?.querySelector('[part="conversation"]'), "ticket not shown", { timeout: 8000 });
    const root = ticket()!;
    expect(root.querySelector('[part="download"]')!.textContent).to.contain("squeak.png");
    await atConsoleWidths(consoleEl, "ticket");

    // The internal note, by mouse.
    root.querySelector<HTMLInputElement>('input[name="kind"][value="note"]')!.click();
    await (root.host as ConsoleTicket).updateComplete;
    root.querySelector<HTMLTextAreaElement>("#body")!.value = "Customer sounds annoyed; check the warranty.";
    root.querySelector<HTMLButtonElement>('[part="send"]')!.click();
    await waitUntil(() => resultFocused(root), "focus not on the note's result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("does not see it");
    expect(root.querySelector('[part="message"][data-internal]')!.textContent).to.contain("annoyed").and.contain("Internal note");

    // The reply, keyboard only: pick "Reply to the customer", type, send.
    await tabTo((e) => e.matches('input[name="kind"][value="note"]'), "the note choice");
    await sendKeys({ press: "ArrowUp" });
    await (root.host as ConsoleTicket).updateComplete;
    expect(root.querySelector<HTMLInputElement>('input[name="kind"][value="reply"]')!.checked).to.equal(true);
    await tabTo((e) => e.id === "body", "the message");
    await sendKeys({ type: "Please clean the burrs." });
    await tabTo((e) => e.getAttribute("part") === "send", "the send button");
    expect(deepActive()!.textContent!.trim()).to.equal("Send reply");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => resultFocused(root), "focus not on the reply's result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("reply was sent");
    expect(root.querySelector('[part="summary"] .badge')!.textContent).to.equal("Waiting for the customer");
    await atConsoleWidths(consoleEl, "after reply");
    await screenshot("console-ticket");

    // The note is not in the portal API at all; the customer's widget shows the reply only.
    const portal = await portalCall(f.api, f.session, "GET", `/tickets/${ticketId}`);
    expect(JSON.stringify(portal.body)).not.to.contain("annoyed");
    const widget = await mount<HelpdeskTickets>(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => widget.shadowRoot!.querySelector('[part="ticket"]'), "customer list not shown", { timeout: 8000 });
    (widget.shadowRoot!.querySelector<HTMLElement>('[part="ticket"] button') ?? widget.shadowRoot!.querySelector<HTMLElement>('[part="ticket"]'))!.click();
    await waitUntil(() => widget.shadowRoot!.querySelector('[part="conversation"]'), "customer conversation not shown", { timeout: 8000 });
    const seen = widget.shadowRoot!.querySelector('[part="conversation"]')!.textContent!;
    expect(seen).to.contain("Please clean the burrs.");
    expect(seen).not.to.contain("annoyed");
  });

  it("closes and reopens a ticket, focus on the result", async () => {
    const { f, agent, ticketId } = await withTicket();
    const { el, root } = await ticketScreen(f.api, agent.token, ticketId);
    root.querySelector<HTMLButtonElement>('[part="close"]')!.click();
    await waitUntil(() => resultFocused(root) && root.querySelector('[part="reopen"]'), "not closed", { timeout: 8000 });
    // Closed: an internal note is still possible, a reply is not offered.
    expect(root.querySelector('input[name="kind"][value="reply"]')).to.equal(null);
    await atConsoleWidths(el, "closed ticket");
    expect((await portalCall(f.api, f.session, "GET", `/tickets/${ticketId}`)).body.status).to.equal("closed");
    root.querySelector<HTMLButtonElement>('[part="reopen"]')!.click();
    await waitUntil(() => resultFocused(root) && root.querySelector('[part="close"]'), "not reopened", { timeout: 8000 });
  });

  it("charges a support fee after a confirm (balance goes negative), then deletes it and the balance comes back", async () => {
    const { f, agent, ticketId } = await withTicket({ departments: [{ name: "General" }], orders: [{ description: "Beans", unitAmount: 1200 }] });
    const { el, root } = await ticketScreen(f.api, agent.token, ticketId);
    root.querySelector<HTMLButtonElement>('[part="charge-fee"]')!.click();
    await waitUntil(() => root.activeElement?.id === "fee-amount", "focus not on the amount");
    await atConsoleWidths(el, "fee amount");
    root.querySelector<HTMLInputElement>("#fee-amount")!.value = "0";
    root.querySelector<HTMLFormElement>('[part="amount-form"]')!.requestSubmit();
    await waitUntil(() => root.activeElement?.getAttribute("part") === "failure", "no readable error for a zero amount");
    expect(root.activeElement!.textContent).to.contain("above zero");
    root.querySelector<HTMLInputElement>("#fee-amount")!.value = "12.50";
    root.querySelector<HTMLFormElement>('[part="amount-form"]')!.requestSubmit();
    await waitUntil(() => root.querySelector('[part="confirm"]'), "no confirm step");
    expect(root.querySelector('[part="confirm"]')!.textContent!.replace(/\s+/g, " ")).to.contain("€12.50 will be taken from the customer's account balance").and.contain("€0.00 → -€12.50");
    await atConsoleWidths(el, "fee confirm");
    root.querySelector<HTMLButtonElement>('[part="confirm"] button[type="submit"]')!.click();
    await waitUntil(() => resultFocused(root), "focus not on the fee result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("A fee of €12.50 was charged. The balance is now -€12.50.");
    expect(root.querySelectorAll('[part="fee"]').length).to.equal(1);
    expect(root.querySelector('[part="balance"]')!.textContent).to.contain("-€12.50");
    await atConsoleWidths(el, "fee charged");

    root.querySelector<HTMLButtonElement>('[part="delete-fee"]')!.click();
    await waitUntil(() => root.querySelector('[part="confirm"]'), "no delete confirm");
    expect(root.querySelector('[part="confirm"]')!.textContent).to.contain("€12.50 goes back to the customer's balance");
    await atConsoleWidths(el, "fee delete confirm");
    root.querySelector<HTMLButtonElement>('[part="confirm"] button[type="submit"]')!.click();
    await waitUntil(() => resultFocused(root), "focus not on the deletion result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("The balance is now €0.00");
    expect(root.querySelectorAll('[part="fee"]').length).to.equal(0);
    const view = await staffCall(f.api, agent.token, "GET", `/v1/tickets/${ticketId}`);
    expect(view.body.customer.balances).to.deep.equal([]);
  });

  it("sets the incidents a ticket used after a confirm: a decrease gives them back to the customer (H7)", async () => {
    const { f, agent, ticketId } = await withTicket({ departments: [{ name: "Premium", paid: true }], incidents: 3 });
    expect((await portalCall(f.api, f.session, "GET", "/helpdesk")).body.incidents.available).to.equal(2);
    const { el, root } = await ticketScreen(f.api, agent.token, ticketId);
    expect(root.querySelector('[part="incidents-used"]')!.textContent).to.equal("1");
    root.querySelector<HTMLButtonElement>('[part="set-incidents"]')!.click();
    await waitUntil(() => root.activeElement?.id === "incidents-value", "focus not on the count");
    root.querySelector<HTMLInputElement>("#incidents-value")!.value = "0";
    root.querySelector<HTMLFormElement>('[part="incidents"] form')!.requestSubmit();
    await waitUntil(() => root.querySelector('[part="confirm"]'), "no confirm step");
    expect(root.querySelector('[part="confirm"]')!.textContent).to.contain("1 go back to the customer");
    await atConsoleWidths(el, "incidents confirm");
    root.querySelector<HTMLButtonElement>('[part="confirm"] button[type="submit"]')!.click();
    await waitUntil(() => resultFocused(root), "focus not on the incidents result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("The ticket now uses 0. The customer has 3 left.");
    expect(root.querySelector('[part="incidents-used"]')!.textContent).to.equal("0");
    expect((await portalCall(f.api, f.session, "GET", "/helpdesk")).body.incidents.available).to.equal(3);
  });

  it("admins manage departments; an agent is refused by the server (403 admin_only) and sees no controls", async () => {
    const { f, agent } = await withTicket();
    const refused = await staffCall(f.api, agent.token, "POST", "/v1/departments", { name: "Sneaky" });
    expect(refused.status).to.equal(403);
    expect(refused.body.code).to.equal("admin_only");
    const agentEl = await mount<ConsoleHelpdesk>(html`<bf-console-helpdesk .api=${new ConsoleApi(f.api, { kind: "token", token: agent.token })} staff-role="agent" locale="en"></bf-console-helpdesk>`);
    await waitUntil(() => agentEl.shadowRoot!.querySelector('[part="ticket"]'), "agent inbox not shown", { timeout: 8000 });
    expect(agentEl.shadowRoot!.querySelector('[part="departments"], [part="create-department"]')).to.equal(null);

    const admin = await staffUser(f.merchantId, "admin");
    const el = await mount<ConsoleHelpdesk>(html`<bf-console-helpdesk .api=${new ConsoleApi(f.api, { kind: "token", token: admin.token })} staff-role="admin" locale="en"></bf-console-helpdesk>`);
    const root = el.shadowRoot!;
    await waitUntil(() => root.querySelectorAll('[part="department"]').length === 2, "departments not listed", { timeout: 8000 });
    await atConsoleWidths(el, "departments");
    await screenshot("console-departments");
    const form = root.querySelector<HTMLFormElement>('[part="create-department"]')!;
    form.querySelector<HTMLInputElement>('input[name="name"]')!.value = "Premium support";
    form.querySelector<HTMLInputElement>('input[name="paid"]')!.checked = true;
    form.requestSubmit();
    await waitUntil(() => resultFocused(root), "focus not on the created result", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("Premium support was added");
    const premium = [...root.querySelectorAll<HTMLElement>('[part="department"]')].find((d) => (d.querySelector("input") as HTMLInputElement).value === "Premium support")!;
    expect(premium.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked).to.equal(true);

    // A duplicate name reads as a sentence, with focus on it.
    form.querySelector<HTMLInputElement>('input[name="name"]')!.value = "general";
    form.requestSubmit();
    await waitUntil(() => root.activeElement?.getAttribute("part") === "department-error", "no readable error", { timeout: 8000 });
    expect(root.activeElement!.textContent).to.contain("already exists");
    await atConsoleWidths(el, "department error");

    premium.querySelector<HTMLButtonElement>('[part="archive-department"]')!.click();
    await waitUntil(() => resultFocused(root) && root.activeElement!.textContent!.includes("archived"), "not archived", { timeout: 8000 });
    expect((await portalCall(f.api, f.session, "GET", "/departments")).body.data.map((d: { name: string }) => d.name)).not.to.include("Premium support");
    const renamed = root.querySelector<HTMLElement>('[part="department"]')!;
    renamed.querySelector<HTMLInputElement>('input[type="text"]')!.value = "General support";
    renamed.querySelector<HTMLButtonElement>('[part="save-department"]')!.click();
    await waitUntil(() => resultFocused(root) && root.activeElement!.textContent!.includes("General support was saved"), "not renamed", { timeout: 8000 });
  });

  it("says so when a ticket cannot be loaded, with a retry", async () => {
    const { f, agent } = await withTicket();
    const { el, root } = await ticketScreen(f.api, agent.token, "tkt_doesnotexist");
    expect(root.querySelector('[part="error"] button')!.textContent!.trim()).to.equal("Try again");
    await atConsoleWidths(el, "ticket error");
    void oneEvent;
  });
});

import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import "../../src/console.ts";
import type { BillfrontConsole } from "../../src/console/billfront-console.ts";
import { ConsoleApi } from "../../src/console/console-api.ts";
import "../../src/console/screens/settings.ts";
import type { ConsoleSettings } from "../../src/console/screens/settings.ts";
import { fixture, screenshot, staffUser, type Fixture } from "../fixtures.ts";
import { expectNoHorizontalScroll } from "../layout.ts";

/** The console's widths (issue 14): no sideways scroll and axe-clean at 1280 and 768 px. */
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
/** The current tab's element inside <bf-console-settings>. */
const panel = (el: ConsoleSettings) => root(el).querySelector('[part="panel"] > [staff-role]') as HTMLElement & { updateComplete: Promise<unknown> };
const within = (el: ConsoleSettings, selector: string) => root(panel(el)).querySelector<HTMLElement>(selector);

async function settingsScreen(f: Fixture, tab = "matrix") {
  const admin = await staffUser(f.merchantId, "admin");
  const api = new ConsoleApi(f.api, { kind: "token", token: admin.token });
  const el = await render<ConsoleSettings>(html`<bf-console-settings .api=${api} staff-role="admin" locale="en" .params=${{ tab }}></bf-console-settings>`);
  return { el, admin, api };
}

async function confirmDialog(el: ConsoleSettings): Promise<void> {
  await waitUntil(() => within(el, 'dialog[part="confirm"][open]'), "no confirm dialog", { timeout: 5000 });
  within(el, '[part="confirm-button"]')!.click();
}

async function refundRequest(f: Fixture): Promise<Response> {
  return fetch(new URL(`/v1/portal/payments/${f.orders[0]!.payments[0]}/refund_request`, f.api), {
    method: "POST",
    headers: { Authorization: `Bearer ${f.session}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    body: JSON.stringify({ reason: "Changed my mind" }),
  });
}

describe("<bf-console-settings> (issue 14 item 7)", () => {
  it("an admin switches refunds off and the customer's portal refund request is refused (403 refunds_disabled); the audit log shows who", async () => {
    const f = await fixture({ settings: { refunds: "manual" }, orders: [{ description: "Grinder", unitAmount: 4900 }] });
    const { el, admin } = await settingsScreen(f);
    await waitUntil(() => within(el, "#set-refunds"), "no settings form", { timeout: 8000 });
    await atConsoleWidths(el, "settings matrix");

    const select = within(el, "#set-refunds") as HTMLSelectElement;
    select.value = "off";
    select.dispatchEvent(new Event("change"));
    within(el, '[part="save"]')!.click();
    await waitUntil(() => within(el, 'dialog[part="confirm"][open]'), "no confirm", { timeout: 5000 });
    expect(within(el, 'dialog[part="confirm"]')!.textContent).to.contain("Refund requests: Manual review → Off");
    await atConsoleWidths(el, "settings confirm");
    await setViewport({ width: 1280, height: 900 });
    await screenshot("settings-confirm");
    await setViewport({ width: 800, height: 600 });
    within(el, '[part="confirm-button"]')!.click();
    await waitUntil(() => within(el, '[part="result"]'), "no result", { timeout: 5000 });
    expect(within(el, '[part="result"]')!.textContent).to.contain("1 setting saved.");
    expect(root(panel(el)).activeElement).to.equal(within(el, '[part="result"]'));

    const refused = await refundRequest(f);
    expect(refused.status).to.equal(403);
    expect((await refused.json()).code).to.equal("refunds_disabled");

    // The audit log names the staff member as the actor of the change.
    const { el: log } = await settingsScreen(f, "audit");
    await waitUntil(() => within(log, '[part="audit"]'), "no audit log", { timeout: 8000 });
    (within(log, "#au-action") as HTMLInputElement).value = "settings.updated";
    within(log, '[part="audit-filters"] button[type="submit"]')!.click();
    const auditRows = () => [...root(panel(log)).querySelectorAll('[part="audit"] tbody tr')].map((r) => r.textContent!);
    await waitUntil(() => auditRows().length > 0 && auditRows().every((r) => r.includes("settings.updated")), "no settings entries only", { timeout: 8000 });
    const rows = auditRows();
    expect(rows.every((r) => r.includes("settings.updated"))).to.equal(true);
    expect(rows.join(" | ")).to.contain(`staff:${admin.id}`);
    await atConsoleWidths(log, "audit log");
  });

  it("shows a server validation error at its field", async () => {
    const f = await fixture({});
    const { el } = await settingsScreen(f);
    await waitUntil(() => within(el, "#set-sessionIdleMinutes"), "no settings form", { timeout: 8000 });
    const input = within(el, "#set-sessionIdleMinutes") as HTMLInputElement;
    input.value = "2";
    input.dispatchEvent(new Event("change"));
    within(el, '[part="save"]')!.click();
    await confirmDialog(el);
    await waitUntil(() => within(el, '[part="field-error"]'), "no field error", { timeout: 5000 });
    expect(input.getAttribute("aria-invalid")).to.equal("true");
    expect(input.getAttribute("aria-describedby")).to.contain("set-sessionIdleMinutes-err");
    expect(root(panel(el)).activeElement).to.equal(input);
    await atConsoleWidths(el, "settings field error");
  });

  it("an agent sees no Settings, and the server refuses the agent's PUT /v1/settings with 403 admin_only", async () => {
    const f = await fixture({});
    const agent = await staffUser(f.merchantId, "agent");
    const el = await render<BillfrontConsole>(html`<billfront-console api=${f.api} token=${agent.token} locale="en"></billfront-console>`);
    await waitUntil(() => root(el).querySelector('[part="nav"]'), "no navigation", { timeout: 8000 });
    expect(root(el).querySelector('[part="nav"]')!.textContent).not.to.contain("Settings");
    const res = await fetch(new URL("/v1/settings", f.api), { method: "PUT", headers: { Authorization: `Bearer ${agent.token}`, "Content-Type": "application/json" }, body: JSON.stringify({ refunds: "off" }) });
    expect(res.status).to.equal(403);
    expect((await res.json()).code).to.equal("admin_only");
  });

  it("creates an API key and shows its secret once, with a copy button", async () => {
    const f = await fixture({});
    const { el } = await settingsScreen(f, "keys");
    await waitUntil(() => within(el, '[part="keys"]'), "no key list", { timeout: 8000 });
    within(el, '[part="create-key"]')!.click();
    await confirmDialog(el);
    await waitUntil(() => within(el, '[part="secret"]'), "no secret", { timeout: 5000 });
    const secret = within(el, '[part="secret"]')!.textContent!.trim();
    expect(secret).to.match(/^sk_test_/);
    expect(within(el, '[part="result"]')!.textContent).to.contain("shown only once");
    expect(root(panel(el)).activeElement).to.equal(within(el, '[part="result"]'));
    expect(within(el, '[part="keys"]')!.textContent).not.to.contain(secret);
    await atConsoleWidths(el, "api key created");
    // Shown once: the tab opened again lists hints only.
    const { el: again } = await settingsScreen(f, "keys");
    await waitUntil(() => within(again, '[part="keys"]'), "no key list", { timeout: 8000 });
    expect(root(panel(again)).textContent).not.to.contain(secret);
  });

  it("refuses a bad origin at the field (invalid_origin)", async () => {
    const f = await fixture({});
    const { el } = await settingsScreen(f, "origins");
    await waitUntil(() => within(el, "#or-new"), "no origins", { timeout: 8000 });
    await atConsoleWidths(el, "origins");
    const input = within(el, "#or-new") as HTMLInputElement;
    input.value = "shop.example/path";
    input.dispatchEvent(new Event("input"));
    within(el, '[part="add-origin"] button[type="submit"]')!.click();
    await confirmDialog(el);
    await waitUntil(() => within(el, '[part="field-error"]'), "no field error", { timeout: 5000 });
    expect(input.getAttribute("aria-invalid")).to.equal("true");
    expect(root(panel(el)).activeElement).to.equal(input);
    await atConsoleWidths(el, "origin error");
  });

  it("advances a test clock and shows the renewal the billing run made", async () => {
    const f = await fixture({ clock: "2026-06-15T12:00:00.000Z", cards: ["4242424242424242"], subscriptions: [{ product: "Coffee club", plan: { name: "Monthly", amount: 1500 } }] });
    const { el } = await settingsScreen(f, "clocks");
    await waitUntil(() => within(el, '[part="clock"]'), "no clocks", { timeout: 8000 });
    await atConsoleWidths(el, "test clocks");
    const clock = within(el, '[part="clock"]')!;
    const to = clock.querySelector<HTMLInputElement>('input[name="to"]')!;
    to.value = "2026-07-16T12:00";
    clock.querySelector<HTMLButtonElement>('[part="advance"]')!.click();
    await confirmDialog(el);
    await waitUntil(() => within(el, '[part="outcomes"]'), "no outcomes", { timeout: 8000 });
    const actions = [...root(panel(el)).querySelectorAll('[part="outcome"]')].map((o) => o.getAttribute("data-action"));
    expect(actions).to.include("subscription.renewed");
    expect(within(el, '[part="outcomes"]')!.textContent).to.contain("Renewed");
    expect(root(panel(el)).activeElement).to.equal(within(el, '[part="result"]'));
    await atConsoleWidths(el, "clock advanced");
    await setViewport({ width: 768, height: 900 });
    await screenshot("settings-clock-advanced");
    await setViewport({ width: 800, height: 600 });
  });

  it("changes a setting by keyboard only, and focus lands on the result", async () => {
    const f = await fixture({});
    const { el } = await settingsScreen(f);
    await waitUntil(() => within(el, "#set-portalEnabled"), "no settings form", { timeout: 8000 });
    const box = within(el, "#set-portalEnabled") as HTMLInputElement;
    box.focus();
    await sendKeys({ press: "Space" });
    expect(box.checked).to.equal(false);
    within(el, '[part="save"]')!.focus();
    await sendKeys({ press: "Enter" });
    await waitUntil(() => within(el, 'dialog[part="confirm"][open]'), "no confirm", { timeout: 5000 });
    // The dialog's first button (Cancel) has focus; Tab to Confirm.
    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Enter" });
    await waitUntil(() => within(el, '[part="result"]'), "no result", { timeout: 5000 });
    expect(root(panel(el)).activeElement).to.equal(within(el, '[part="result"]'));
    const settings = await (await fetch(new URL("/v1/settings", f.api), { headers: { Authorization: `Bearer ${(await staffUser(f.merchantId, "admin")).token}` } })).json();
    expect(settings.portalEnabled).to.equal(false);
  });

  it("adds a staff member (token shown once) and a webhook endpoint (secret shown once); overrides and reviews are axe-clean", async () => {
    const f = await fixture({ settings: { shopReviews: true } });
    const { el } = await settingsScreen(f, "staff");
    await waitUntil(() => within(el, '[part="staff"]'), "no staff list", { timeout: 8000 });
    (within(el, "#st-email") as HTMLInputElement).value = "new-agent@shop.example";
    within(el, "#st-email")!.dispatchEvent(new Event("input"));
    within(el, '[part="add-staff"] button[type="submit"]')!.click();
    await confirmDialog(el);
    await waitUntil(() => within(el, '[part="secret"]'), "no token", { timeout: 5000 });
    expect(within(el, '[part="secret"]')!.textContent!.trim()).to.match(/^st_/);
    await waitUntil(() => within(el, '[part="staff"]')!.textContent!.includes("new-agent@shop.example"), "not listed", { timeout: 5000 });
    await atConsoleWidths(el, "staff added");

    const { el: hooks } = await settingsScreen(f, "webhooks");
    await waitUntil(() => within(hooks, '[part="add-endpoint"]') && !within(hooks, '[part="loading"]'), "no webhooks", { timeout: 8000 });
    within(hooks, '[part="add-endpoint"]')!.click();
    await waitUntil(() => within(hooks, "#wh-url"), "no form", { timeout: 5000 });
    await atConsoleWidths(hooks, "endpoint form");
    (within(hooks, "#wh-url") as HTMLInputElement).value = "https://hooks.shop.example/billfront";
    within(hooks, "#wh-url")!.dispatchEvent(new Event("input"));
    within(hooks, '[part="endpoint-form"] button[type="submit"]')!.click();
    await confirmDialog(hooks);
    await waitUntil(() => within(hooks, '[part="secret"]'), "no signing secret", { timeout: 5000 });
    expect(within(hooks, '[part="endpoints"]')!.textContent).to.contain("https://hooks.shop.example/billfront");
    await atConsoleWidths(hooks, "endpoint added");

    const { el: overrides } = await settingsScreen(f, "overrides");
    await waitUntil(() => within(overrides, "#ov-q"), "no search", { timeout: 8000 });
    within(overrides, 'form[role="search"] button[type="submit"]')!.click();
    await waitUntil(() => within(overrides, '[part="results"] button'), "no results", { timeout: 8000 });
    within(overrides, '[part="results"] button')!.click();
    await waitUntil(() => within(overrides, "#ov-refunds"), "no overrides form", { timeout: 8000 });
    expect(within(overrides, "#ov-refunds-beside")!.textContent).to.contain("Shop: Off");
    await atConsoleWidths(overrides, "customer overrides");

    const { el: reviews } = await settingsScreen(f, "reviews");
    await waitUntil(() => within(reviews, '[part="empty"]'), "no reviews state", { timeout: 8000 });
    await atConsoleWidths(reviews, "reviews empty");
  });

  it("edits custom tabs, the incidents-for-funds rule and a per-action rule: a tab off the shop's origins is refused at its field, then GET /v1/settings has both", async () => {
    const f = await fixture({});
    const { el, api } = await settingsScreen(f);
    await waitUntil(() => within(el, "#set-customTabs"), "no custom tabs field", { timeout: 8000 });
    const tabs = within(el, "#set-customTabs") as HTMLTextAreaElement;
    const type = (input: HTMLInputElement | HTMLTextAreaElement, value: string) => {
      input.value = value;
      input.dispatchEvent(new Event("change"));
    };

    // An address that is not one of the shop's allowed origins: core refuses it, the error shows at the text area.
    type(tabs, "Elsewhere | http://elsewhere.example/help");
    within(el, '[part="save"]')!.click();
    await confirmDialog(el);
    await waitUntil(() => within(el, '[part="field-error"]'), "no field error", { timeout: 5000 });
    expect(tabs.getAttribute("aria-invalid")).to.equal("true");
    expect(tabs.getAttribute("aria-describedby")).to.contain("set-customTabs-err");
    expect(root(panel(el)).activeElement).to.equal(tabs);
    await atConsoleWidths(el, "settings custom tab refused");

    const url = `${location.origin}/help`;
    type(tabs, `en=Help; de=Hilfe | ${url}`);
    type(within(el, "#set-incidentsForFunds-amount") as HTMLInputElement, "10");
    type(within(el, "#set-incidentsForFunds-currency") as HTMLInputElement, "eur");
    type(within(el, "#set-incidentsForFunds-incidents") as HTMLInputElement, "2");
    const details = within(el, 'fieldset[data-rules] details')! as HTMLDetailsElement;
    details.open = true;
    const active = within(el, 'input[data-action="cancel"][data-list="statuses"][value="active"]') as HTMLInputElement;
    active.checked = true;
    active.dispatchEvent(new Event("change"));
    await atConsoleWidths(el, "settings tabs and funds edited");
    await setViewport({ width: 768, height: 900 });
    await screenshot("settings-tabs-funds");
    await setViewport({ width: 800, height: 600 });
    within(el, '[part="save"]')!.click();
    await waitUntil(() => within(el, 'dialog[part="confirm"][open]'), "no confirm", { timeout: 5000 });
    const confirmText = within(el, 'dialog[part="confirm"]')!.textContent!;
    expect(confirmText).to.contain(`Custom tabs: None → en=Help; de=Hilfe (${url})`);
    expect(confirmText).to.match(/Incidents for payments: None → 2 per .*10\.00 paid/);
    expect(confirmText).to.contain("Limits per action: No limit → Cancel (Active)");
    await atConsoleWidths(el, "settings tabs and funds confirm");
    within(el, '[part="confirm-button"]')!.click();
    await waitUntil(() => within(el, '[part="result"][role="status"]'), "no result", { timeout: 5000 });
    expect(within(el, '[part="result"]')!.textContent).to.contain("3 settings saved.");
    expect(root(panel(el)).activeElement).to.equal(within(el, '[part="result"]'));
    await atConsoleWidths(el, "settings tabs and funds saved");

    const settings = await api.get<Record<string, unknown>>("/v1/settings");
    expect(settings["customTabs"]).to.deep.equal([{ label: { en: "Help", de: "Hilfe" }, url }]);
    expect(settings["incidentsForFunds"]).to.deep.equal({ amount: 1000, currency: "EUR", incidents: 2 });
    expect(settings["subscriptionActions"]).to.deep.equal({ cancel: { statuses: ["active"] } });
    // The form shows what was saved.
    expect((within(el, "#set-incidentsForFunds-amount") as HTMLInputElement).value).to.equal("10.00");
  });

  it("overrides one customer field's access for one customer, sending the nested setting whole", async () => {
    const f = await fixture({});
    const { el, api } = await settingsScreen(f, "overrides");
    await waitUntil(() => within(el, "#ov-q"), "no search", { timeout: 8000 });
    within(el, 'form[role="search"] button[type="submit"]')!.click();
    await waitUntil(() => within(el, '[part="results"] button'), "no results", { timeout: 8000 });
    within(el, '[part="results"] button')!.click();
    await waitUntil(() => within(el, "#ov-customerFields-phone"), "no customer field override", { timeout: 8000 });
    expect(within(el, "#ov-activityEmails-payments")).to.equal(null);
    const phone = within(el, "#ov-customerFields-phone") as HTMLSelectElement;
    phone.value = "hidden";
    phone.dispatchEvent(new Event("change"));
    within(el, 'form[part="overrides"] button[type="submit"]')!.click();
    await waitUntil(() => within(el, 'dialog[part="confirm"][open]'), "no confirm", { timeout: 5000 });
    expect(within(el, 'dialog[part="confirm"]')!.textContent).to.contain("→ Hidden");
    await atConsoleWidths(el, "customer field override confirm");
    within(el, '[part="confirm-button"]')!.click();
    await waitUntil(() => within(el, '[part="result"][role="status"]'), "no result", { timeout: 5000 });
    expect(root(panel(el)).activeElement).to.equal(within(el, '[part="result"]'));
    const view = await api.get<{ overrides: Record<string, unknown> }>(`/v1/customers/${f.customerId}/settings`);
    expect(view.overrides["customerFields"]).to.deep.equal({ phone: "hidden" });
  });
});

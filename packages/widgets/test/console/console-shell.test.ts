import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../../src/console.ts";
import type { BillfrontConsole } from "../../src/console/billfront-console.ts";
import { fixture, staffUser } from "../fixtures.ts";
import { atEveryWidth } from "../layout.ts";

const nav = (el: BillfrontConsole) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="nav"] button')].map((b) => b.textContent!.trim());

describe("<billfront-console> shell (M1)", () => {
  it("shows an admin every section, an agent all but the settings", async () => {
    const f = await fixture({});
    const admin = await staffUser(f.merchantId, "admin");
    const el = await render<BillfrontConsole>(html`<billfront-console api=${f.api} token=${admin.token} locale="en"></billfront-console>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="nav"]'), "no navigation", { timeout: 8000 });
    expect(nav(el)).to.deep.equal(["Customers", "Review queue", "Helpdesk", "Settings"]);
    expect(el.shadowRoot!.querySelector('[part="header"]')!.textContent).to.contain(admin.email);
    await atEveryWidth(el, "console admin");

    const agent = await staffUser(f.merchantId, "agent");
    const el2 = await render<BillfrontConsole>(html`<billfront-console api=${f.api} token=${agent.token} locale="de"></billfront-console>`);
    await waitUntil(() => el2.shadowRoot!.querySelector('[part="nav"]'), "no navigation", { timeout: 8000 });
    expect(nav(el2)).to.deep.equal(["Kunden", "Prüfliste", "Helpdesk"]);
  });

  it("says so when the token is not valid, with a retry", async () => {
    const f = await fixture({});
    const el = await render<BillfrontConsole>(html`<billfront-console api=${f.api} token="st_00000000000000000000000000000000" locale="en"></billfront-console>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), "no error state", { timeout: 8000 });
    expect(el.shadowRoot!.querySelector('[part="error"] button')!.textContent!.trim()).to.equal("Try again");
  });
});

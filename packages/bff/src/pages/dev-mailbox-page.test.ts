import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { DevMailbox, devSmsSender } from "../dev/dev-mailbox.ts";
import { createTestApp } from "../testing.ts";

describe("the dev mailbox page", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const mailbox = new DevMailbox();
  const app = createApp({ ...t.deps, devMailbox: mailbox });
  mailbox.add({
    kind: "email",
    id: "m1",
    receivedAt: new Date("2026-06-15T12:00:00Z"),
    from: '"Northwind" <billing@example.com>',
    to: "ada@example.com",
    subject: "Your card <expires>",
    text: "Update it here:\nhttps://billing.example/links/abc?x=1&y=2",
    html: '<html><head><title>x</title></head><body><a href="https://billing.example/links/abc">Update</a><script>alert(1)</script></body></html>',
    attachments: [{ fileName: "INV-0001.pdf", contentType: "application/pdf", content: new TextEncoder().encode("%PDF-1.7") }],
    messageId: "<eml_1@example.com>",
  });
  await devSmsSender(mailbox).send({ id: "sms_1", fromName: "Northwind", to: "+447700900123", body: "Pay here: https://billing.example/checkout/t" });

  it("lists e-mail and SMS newest first under a strict CSP, with every link clickable", async () => {
    const res = await app.request("/dev/mailbox?id=m1");
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    const html = await res.text();
    const nav = html.slice(html.indexOf("<nav"), html.indexOf("</nav>"));
    expect(nav.indexOf("Pay here:")).toBeLessThan(nav.indexOf("Your card &lt;expires&gt;"));
    expect(nav.indexOf("Pay here:")).toBeGreaterThan(0);
    expect(html).toContain('<a href="https://billing.example/links/abc?x=1&amp;y=2" target="_blank" rel="noopener">');
    expect(html).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"');
    expect(html).toContain('href="/dev/mailbox/messages/m1/attachments/0"');
    expect(html).not.toContain("<expires>");
  });

  it("serves a message's HTML sandboxed, scripts blocked by its CSP and links opening a new tab", async () => {
    const res = await app.request("/dev/mailbox/messages/m1/html");
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("sandbox allow-popups allow-popups-to-escape-sandbox");
    expect(csp).toContain("default-src 'none'");
    expect(await res.text()).toContain('<head><base target="_blank">');
    const pdf = await app.request("/dev/mailbox/messages/m1/attachments/0");
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(new TextDecoder().decode(await pdf.arrayBuffer())).toBe("%PDF-1.7");
  });

  it("does not exist unless the server was given a mailbox", async () => {
    expect((await t.app.request("/dev/mailbox")).status).toBe(404);
  });
});

import { Hono, type Context } from "hono";
import type { AppDeps } from "../deps.ts";
import type { MailboxMessage } from "../dev/dev-mailbox.ts";

const PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// The message's own HTML: its inline styles and remote images, nothing that runs; links open a new tab.
const MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: http: https:; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

/**
 * The dev mailbox (demo only: mounted when the server is given a DevMailbox,
 * which `npm start` does and production never does): every e-mail the local
 * SMTP catcher received and every SMS the dev sender kept, newest first. No
 * script runs on the page; a message's HTML is shown in a sandboxed frame
 * under its own strict CSP, and every link in it and in the text is clickable.
 */
export function devMailboxPage(deps: AppDeps) {
  const app = new Hono();
  const mailbox = deps.devMailbox;
  if (!mailbox) return app;
  const common = (c: Context, csp: string) => {
    c.header("Content-Security-Policy", csp);
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    c.header("X-Content-Type-Options", "nosniff");
  };
  return app
    .get("/dev/mailbox", (c) => {
      common(c, PAGE_CSP);
      const messages = mailbox.list();
      const selected = (c.req.query("id") ? mailbox.get(c.req.query("id")!) : undefined) ?? messages[0];
      return c.html(mailboxHtml(messages, selected));
    })
    .get("/dev/mailbox/mailbox.css", (c) => {
      c.header("Cache-Control", "no-cache");
      return c.body(STYLES, 200, { "Content-Type": "text/css; charset=utf-8" });
    })
    .get("/dev/mailbox/messages/:id/html", (c) => {
      const message = mailbox.get(c.req.param("id"));
      if (!message || message.kind !== "email" || !message.html) return c.text("No HTML part.", 404);
      common(c, MESSAGE_CSP);
      return c.html(withBaseTarget(message.html));
    })
    .get("/dev/mailbox/messages/:id/attachments/:n", (c) => {
      const message = mailbox.get(c.req.param("id"));
      const file = message?.kind === "email" ? message.attachments[Number(c.req.param("n"))] : undefined;
      if (!file) return c.text("No such attachment.", 404);
      c.header("Cache-Control", "no-store");
      c.header("X-Content-Type-Options", "nosniff");
      return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
        "Content-Type": file.contentType,
        "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\w.-]/g, "_")}"`,
      });
    });
}

function mailboxHtml(messages: readonly MailboxMessage[], selected: MailboxMessage | undefined): string {
  const items = messages
    .map((m) => {
      const current = m.id === selected?.id ? ' aria-current="true"' : "";
      const title = m.kind === "email" ? m.subject || "(no subject)" : m.body.length > 90 ? `${m.body.slice(0, 89)}…` : m.body;
      return `<li><a href="/dev/mailbox?id=${encodeURIComponent(m.id)}"${current}><span class="kind kind-${m.kind}">${m.kind === "email" ? "E-mail" : "SMS"}</span> <span class="title">${esc(title)}</span><span class="meta">${esc(m.to)} · ${time(m.receivedAt)}</span></a></li>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dev mailbox${selected ? ` – ${esc(selected.kind === "email" ? selected.subject : `SMS to ${selected.to}`)}` : ""}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dev/mailbox/mailbox.css">
</head>
<body>
<header>
  <h1>Dev mailbox</h1>
  <p>${messages.length} message${messages.length === 1 ? "" : "s"} caught on this machine (e-mail through the local SMTP server, SMS from the dev sender); nothing here was sent anywhere. <a href="/dev/mailbox">Refresh</a></p>
</header>
<div class="layout">
  <nav aria-label="Messages, newest first">
    ${messages.length ? `<ol>${items}</ol>` : `<p class="empty">No messages yet. Anything Billfront sends appears here within a few seconds.</p>`}
  </nav>
  <main>${selected ? messageHtml(selected) : `<p class="empty">Nothing to show.</p>`}</main>
</div>
</body>
</html>`;
}

function messageHtml(m: MailboxMessage): string {
  if (m.kind === "sms") {
    return `<article aria-labelledby="message-title">
<h2 id="message-title">SMS to ${esc(m.to)}</h2>
<dl><dt>From</dt><dd>${esc(m.from)}</dd><dt>To</dt><dd>${esc(m.to)}</dd><dt>Received</dt><dd>${time(m.receivedAt)}</dd></dl>
<p class="sms">${linkify(m.body)}</p>
</article>`;
  }
  const attachments = m.attachments.length
    ? `<h3>Attachments</h3><ul class="attachments">${m.attachments
        .map((a, i) => `<li><a href="/dev/mailbox/messages/${encodeURIComponent(m.id)}/attachments/${i}" download="${esc(a.fileName)}">${esc(a.fileName)}</a> <span class="meta">${esc(a.contentType)}, ${Math.ceil(a.content.byteLength / 1024)} KB</span></li>`)
        .join("")}</ul>`
    : "";
  return `<article aria-labelledby="message-title">
<h2 id="message-title">${esc(m.subject || "(no subject)")}</h2>
<dl><dt>From</dt><dd>${esc(m.from)}</dd><dt>To</dt><dd>${esc(m.to)}</dd><dt>Received</dt><dd>${time(m.receivedAt)}</dd>${m.messageId ? `<dt>Message-ID</dt><dd>${esc(m.messageId)}</dd>` : ""}</dl>
${attachments}
${m.html ? `<h3>HTML part</h3><iframe title="HTML part of ${esc(m.subject)}" src="/dev/mailbox/messages/${encodeURIComponent(m.id)}/html" sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>` : ""}
<h3>Text part</h3>
<pre class="text">${linkify(m.text)}</pre>
</article>`;
}

/** Links in the message open in a new tab: the frame is sandboxed, so it cannot navigate itself or the mailbox. */
function withBaseTarget(html: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : `${base}${html}`;
}

function linkify(text: string): string {
  return esc(text).replace(/https?:\/\/[^\s<>"]+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`);
}

function time(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLES = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f6f7f9; color: #1b1f24; }
header { padding: 1rem 1.25rem; background: #fff; border-bottom: 1px solid #d8dde3; }
h1 { margin: 0 0 .25rem; font-size: 1.375rem; }
header p { margin: 0; color: #4a5260; font-size: .9375rem; }
a { color: #0b57d0; }
a:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
.layout { display: grid; grid-template-columns: minmax(16rem, 22rem) minmax(0, 1fr); min-height: calc(100vh - 5rem); }
nav { border-right: 1px solid #d8dde3; background: #fff; overflow-y: auto; }
nav ol { list-style: none; margin: 0; padding: 0; }
nav li a { display: block; padding: .75rem 1rem; border-bottom: 1px solid #eceff2; color: inherit; text-decoration: none; }
nav li a:hover { background: #f0f4fb; }
nav li a[aria-current="true"] { background: #e4ecfa; box-shadow: inset 4px 0 0 #0b57d0; }
.kind { display: inline-block; font-size: .75rem; font-weight: 600; padding: 0 .4rem; border-radius: 4px; background: #e7eaee; color: #2d3340; }
.kind-sms { background: #fdecc8; color: #5c3b00; }
.title { display: block; font-weight: 600; overflow-wrap: anywhere; }
.meta { display: block; color: #4a5260; font-size: .8125rem; overflow-wrap: anywhere; }
.attachments .meta { display: inline; }
main { padding: 1rem 1.25rem 2rem; min-width: 0; }
h2 { margin: 0 0 .5rem; font-size: 1.25rem; overflow-wrap: anywhere; }
h3 { margin: 1.25rem 0 .5rem; font-size: 1rem; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .125rem .75rem; margin: 0; font-size: .9375rem; }
dt { color: #4a5260; }
dd { margin: 0; overflow-wrap: anywhere; }
iframe { display: block; width: 100%; height: 36rem; border: 1px solid #d8dde3; border-radius: 6px; background: #fff; }
pre.text, .sms { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: 1rem; margin: 0; font: .9375rem/1.5 ui-monospace, Menlo, Consolas, monospace; }
.sms { font-family: inherit; font-size: 1rem; }
.empty { padding: 1rem; color: #4a5260; }
@media (max-width: 48rem) {
  .layout { grid-template-columns: minmax(0, 1fr); }
  nav { border-right: 0; border-bottom: 1px solid #d8dde3; max-height: 40vh; }
  iframe { height: 30rem; }
}
`;

import type { SmsSender } from "@billfront/core/server";
import { simpleParser } from "mailparser";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface MailboxAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

/** One message the dev mailbox caught: an e-mail parsed back from SMTP, or an SMS. */
export type MailboxMessage =
  | { kind: "email"; id: string; receivedAt: Date; from: string; to: string; subject: string; text: string; html: string | null; attachments: MailboxAttachment[]; messageId: string | null }
  | { kind: "sms"; id: string; receivedAt: Date; from: string; to: string; body: string };

/** Messages kept at most; the oldest go first. */
const CAPACITY = 500;

/**
 * The demo's mailbox (never used in production): e-mail arrives over real SMTP
 * at the catcher and is parsed back with mailparser; SMS arrive from the dev
 * SMS sender. Kept in memory only, newest first; a restart empties it.
 */
export class DevMailbox {
  readonly #messages: MailboxMessage[] = [];
  #waiters: (() => void)[] = [];

  add(message: MailboxMessage): void {
    this.#messages.unshift(message);
    this.#messages.length = Math.min(this.#messages.length, CAPACITY);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Newest first. */
  list(): readonly MailboxMessage[] {
    return this.#messages;
  }

  get(id: string): MailboxMessage | undefined {
    return this.#messages.find((m) => m.id === id);
  }

  /** Resolves with the first message (newest first) that matches, waiting for it up to `timeoutMs`. */
  async waitFor(match: (m: MailboxMessage) => boolean, timeoutMs = 10_000): Promise<MailboxMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.#messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("No such message arrived in the dev mailbox.");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export interface SmtpCatcher {
  port: number;
  /** For SMTP_URL: smtp://127.0.0.1:<port>. */
  url: string;
  close(): Promise<void>;
}

/**
 * An SMTP server on 127.0.0.1 only that accepts every message (no auth, no
 * TLS) and puts it, parsed, in the mailbox. For the demo and tests.
 */
export async function startSmtpCatcher(mailbox: DevMailbox, options: { port?: number; host?: string } = {}): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "Billfront dev mailbox",
    size: 25 * 1024 * 1024,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? session.envelope.rcptTo.map((r) => r.address).join(", "));
          mailbox.add({
            kind: "email",
            id: randomUUID(),
            receivedAt: new Date(),
            from: parsed.from?.text ?? "",
            to,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
            attachments: parsed.attachments.map((a) => ({ fileName: a.filename ?? "attachment", contentType: a.contentType, content: new Uint8Array(a.content) })),
            messageId: parsed.messageId ?? null,
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error("parse failed")));
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SmsSender that puts every SMS in the dev mailbox instead of sending it. */
export function devSmsSender(mailbox: DevMailbox): SmsSender {
  return {
    async send(sms) {
      mailbox.add({ kind: "sms", id: randomUUID(), receivedAt: new Date(), from: sms.fromName, to: sms.to, body: sms.body });
    },
  };
}

import { DeliveryError, type Mailer } from "@billfront/core/server";
import { createTransport } from "nodemailer";

/**
 * The Mailer over SMTP (nodemailer): `SMTP_URL` such as smtp://127.0.0.1:1025 or
 * smtps://user:pass@smtp.example.com. Sends the text and HTML parts and the
 * attachments, from the merchant's name at `from`; the outbox id is the
 * Message-ID. Failures become a code (`smtp_550`, `ECONNECTION`) without the
 * server's text, which can quote the recipient.
 */
export function smtpMailer(options: { url: string; from: string }): Mailer & { close(): void } {
  const transport = createTransport({
    url: options.url,
    // Short enough to finish well inside the outbox lease (two minutes).
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const domain = options.from.split("@")[1] ?? "billfront.localhost";
  return {
    async send(email) {
      try {
        await transport.sendMail({
          from: { name: email.fromName, address: options.from },
          to: email.to,
          subject: email.subject,
          text: email.text,
          ...(email.html ? { html: email.html } : {}),
          messageId: `<${email.id}@${domain}>`,
          attachments: email.attachments.map((a) => ({ filename: a.fileName, contentType: a.contentType, content: Buffer.from(a.content) })),
        });
      } catch (error) {
        throw new DeliveryError(smtpErrorCode(error));
      }
    },
    close: () => transport.close(),
  };
}

function smtpErrorCode(error: unknown): string {
  const e = error as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === "number") return `smtp_${e.responseCode}`;
  if (typeof e.code === "string" && /^E[A-Z]+$/.test(e.code)) return e.code;
  return "smtp_error";
}

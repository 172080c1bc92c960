import type { OutboxDelivery } from "@billfront/core/server";
import { DevMailbox, devSmsSender, startSmtpCatcher, type SmtpCatcher } from "../dev/dev-mailbox.ts";
import { httpSmsSender } from "./http-sms-sender.ts";
import { smtpMailer } from "./smtp-mailer.ts";

export interface DeliveryOptions {
  /** SMTP_URL; without it and without the dev mailbox, e-mail stays queued. */
  smtpUrl?: string | undefined;
  /** SMTP_FROM: the sender address (the merchant's name is shown with it). */
  smtpFrom?: string | undefined;
  smsUrl?: string | undefined;
  smsToken?: string | undefined;
  /** The demo's mailbox: a local SMTP catcher (unless smtpUrl is given) and SMS kept instead of sent. Refused in production. */
  devMailbox?: boolean | undefined;
  /** Port of the catcher on 127.0.0.1 (0 = any free one). */
  devSmtpPort?: number | undefined;
  /** When the port is taken, fail instead of taking a free one (set when the port was asked for explicitly). */
  devSmtpPortStrict?: boolean | undefined;
}

export interface RunningDelivery {
  delivery: Omit<OutboxDelivery, "links">;
  devMailbox: DevMailbox | undefined;
  catcher: SmtpCatcher | undefined;
  /** What is not configured, for a start-up line. */
  warnings: string[];
  close(): Promise<void>;
}

/** Builds the mailer and SMS sender from configuration, starting the dev mailbox's SMTP catcher when asked. */
export async function startDelivery(options: DeliveryOptions): Promise<RunningDelivery> {
  if (options.devMailbox && process.env.NODE_ENV === "production") throw new Error("The dev mailbox is for local use only; it is refused with NODE_ENV=production.");
  const devMailbox = options.devMailbox ? new DevMailbox() : undefined;
  const catcher = devMailbox && !options.smtpUrl ? await startCatcher(devMailbox, options.devSmtpPort ?? 1025, options.devSmtpPortStrict ?? false) : undefined;
  const smtpUrl = options.smtpUrl ?? catcher?.url;
  const mailer = smtpUrl ? smtpMailer({ url: smtpUrl, from: options.smtpFrom ?? "billing@billfront.localhost" }) : undefined;
  const sms = options.smsUrl ? httpSmsSender({ url: options.smsUrl, token: options.smsToken ?? "" }) : devMailbox ? devSmsSender(devMailbox) : undefined;
  const warnings = [...(mailer ? [] : ["SMTP_URL is not set: e-mail stays queued in the outbox."]), ...(sms ? [] : ["SMS_URL is not set: SMS stay queued in the outbox."])];
  return {
    delivery: { mailer, sms },
    devMailbox,
    catcher,
    warnings,
    async close() {
      mailer?.close();
      await catcher?.close();
    },
  };
}

async function startCatcher(mailbox: DevMailbox, port: number, strict: boolean): Promise<SmtpCatcher> {
  try {
    return await startSmtpCatcher(mailbox, { port });
  } catch (error) {
    // Another program (or another demo) has the port: any free one will do, the start-up line says which.
    if (strict || (error as { code?: string }).code !== "EADDRINUSE") throw error;
    return startSmtpCatcher(mailbox, { port: 0 });
  }
}

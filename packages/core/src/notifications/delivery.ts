import { isDomainError } from "../errors.ts";
import type { LinkPurpose } from "./queue-message.ts";

/** A file sent with an e-mail. */
export interface EmailAttachment {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingEmail {
  /** The outbox id; adapters use it as the Message-ID, so a repeat after a crash can be recognised. */
  id: string;
  /** The merchant's name, shown as the sender's. */
  fromName: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  attachments: EmailAttachment[];
}

/** Where e-mail goes (SMTP in production, the dev mailbox's catcher in the demo). Throws `DeliveryError` on failure. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

export interface OutgoingSms {
  id: string;
  /** The merchant's name, for providers that show a sender. */
  fromName: string;
  to: string;
  body: string;
}

/** Where SMS go: an SMS provider's HTTP API, or the dev mailbox. Throws `DeliveryError` on failure. */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<void>;
}

/** Signs the link of a message that carries one signed at send time (the BFF owns the keys). */
export type MessageLinkSigner = (input: { merchantId: string; customerId: string; purpose: LinkPurpose; subjectId: string | null }) => Promise<string>;

/** What the outbox can deliver with: a channel without its adapter waits (its messages stay pending). */
export interface OutboxDelivery {
  mailer?: Mailer | undefined;
  sms?: SmsSender | undefined;
  links?: MessageLinkSigner | undefined;
}

/**
 * A failed delivery, with a short code that is safe to store and show staff:
 * `smtp_550`, `ECONNECTION`, `sms_http_503`. Never the provider's text, which
 * can quote the recipient's address.
 */
export class DeliveryError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(`Delivery failed: ${code}`);
    this.name = "DeliveryError";
    this.code = code;
  }
}

const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,48}$/;

/** The code recorded for a failure: the adapter's, a domain error's, else a generic one. */
export function deliveryErrorCode(error: unknown): string {
  if (error instanceof DeliveryError || isDomainError(error)) return SAFE_CODE.test(error.code) ? error.code : "delivery_failed";
  return "delivery_failed";
}

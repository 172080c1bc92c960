import { Task } from "@lit/task";
import { formatMoney, type InvoiceView } from "@billfront/core";
import { css, html, nothing } from "lit";
import { BillfrontElement } from "../base.ts";
import type { PortalClient } from "../client.ts";
import { saveFile } from "../download.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import type { BillfrontErrorDetail, DocumentDownloadDetail, InvoicePayDetail } from "../events.ts";
import { formatDate } from "../format.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor } from "../i18n/messages.ts";
import { badge, design, errorState, skeleton, toneOf } from "../ui/design.ts";

/**
 * One invoice to pay, as a "pay this invoice" link opens it in a limited
 * session (A5, P2): which order it belongs to, its amount, a Pay button while
 * the API says it is payable, and its PDF. Shown by `<my-orders>`.
 *
 * @fires billfront-document-download - before the PDF is fetched (cancelable); detail {@link DocumentDownloadDetail}
 * @fires billfront-invoice-pay - the invoice was paid or declined; detail {@link InvoicePayDetail}
 * @fires billfront-error - loading, paying or the download failed
 * @csspart invoice - the invoice card
 * @csspart status - the invoice's status badge
 * @csspart outcome - the confirmation after paying
 * @csspart pay - the Pay button
 * @csspart download - the PDF button
 * @tagname billfront-pay-invoice
 */
export class BillfrontPayInvoice extends BillfrontElement {
  static override styles = [
    design,
    css`
      .invoice .amount.big { font-size: 1.5rem; font-weight: 700; }
      .invoice .actions { margin-top: 1rem; }
      h3 { font-size: 1.125rem; }
    `,
  ];

  static override properties = {
    invoiceId: { attribute: "invoice-id" },
    locale: {},
    client: { attribute: false },
  };

  /** The invoice to show. */
  declare invoiceId: string | undefined;
  /** BCP 47 locale. */
  declare locale: string;
  /** The portal client (set by `<my-orders>`). */
  declare client: PortalClient | undefined;
  /** One idempotency key for this payment until it has a definite answer (R8). */
  #intents = new IntentKeys();
  #paying = false;
  #notice = "";
  #error = "";

  constructor() {
    super();
    this.locale = "en";
  }

  #invoice = new Task(this, {
    task: async ([client, id], { signal }) => (client && id ? client.getInvoice(id, signal) : undefined),
    args: () => [this.client, this.invoiceId] as const,
    onError: (error) => this.#report(error),
  });

  protected override render() {
    const t = messagesFor(this.locale);
    const shown = this.#invoice.value;
    return this.#invoice.render({
      pending: () => (shown ? this.#renderInvoice(shown) : skeleton(t.loadingOrder, 1)),
      error: (error) => errorState(errorMessage(error, this.locale), t.retry, () => void this.#invoice.run()),
      complete: (invoice) => (invoice ? this.#renderInvoice(invoice) : nothing),
    });
  }

  #renderInvoice(invoice: InvoiceView) {
    const t = messagesFor(this.locale);
    const amount = formatMoney(invoice.amount, this.locale);
    const kind = t.documentKind.invoice;
    return html`<section part="invoice" class="card invoice" aria-labelledby="invoice-heading">
      <div class="spread">
        <h3 id="invoice-heading" tabindex="-1">${kind} ${invoice.number}</h3>
        ${badge(t.rowStatus[invoice.status] ?? invoice.status, toneOf(invoice.status))}
      </div>
      <p class="meta">${invoice.order_number ? html`${t.order(invoice.order_number)} · ` : nothing}${formatDate(invoice.issued_at, this.locale)}</p>
      <p class="amount big">${amount}</p>
      <p role="status" class="notice success" part="outcome" id="invoice-notice" tabindex="-1" ?hidden=${!this.#notice}>${this.#notice}</p>
      ${this.#error ? html`<p role="alert" part="error" class="notice warning" id="invoice-error" tabindex="-1">${this.#error}</p>` : nothing}
      <div class="actions">
        ${invoice.payable
          ? html`<button type="button" class="primary" part="pay" ?disabled=${this.#paying} aria-busy=${this.#paying ? "true" : "false"} @click=${() => this.#pay(invoice)}>${this.#paying ? t.paying : t.payNow(amount)}</button>`
          : nothing}
        <button type="button" part="download" aria-label=${t.download(kind, invoice.number)} @click=${() => this.#download(invoice)}>${kind} ${invoice.number}</button>
      </div>
    </section>`;
  }

  async #pay(invoice: InvoiceView): Promise<void> {
    const client = this.client;
    if (!client || this.#paying) return;
    const t = messagesFor(this.locale);
    this.#paying = true;
    this.#notice = "";
    this.#error = "";
    this.requestUpdate();
    try {
      const result = await this.#intents.send(`pay:${invoice.id}`, null, (key) => client.payInvoice(invoice.id, key));
      this.emit<InvoicePayDetail>("billfront-invoice-pay", {
        orderId: invoice.order_id ?? "",
        invoiceId: invoice.id,
        paymentId: result.payment_id,
        status: result.status,
        declineCode: result.decline_code,
      });
      if (result.status === "approved") this.#notice = t.paid_notice;
      else if (result.status === "pending") this.#notice = t.pending_notice;
      else this.#error = t.declinedBecause(t.declineReasons[result.decline_code ?? ""] ?? t.declineReasons.default);
      await this.#invoice.run();
    } catch (error) {
      this.#error = errorMessage(error, this.locale);
      this.#report(error);
    } finally {
      this.#paying = false;
      this.requestUpdate();
    }
    // The Pay button is gone once paid: the outcome takes focus.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.#error ? "#invoice-error" : "#invoice-notice")?.focus();
  }

  async #download(invoice: InvoiceView): Promise<void> {
    const detail = { orderId: invoice.order_id ?? "", documentId: invoice.document.id, kind: "invoice" as const, number: invoice.number };
    if (!this.emit<DocumentDownloadDetail>("billfront-document-download", detail, { cancelable: true }) || !this.client) return;
    try {
      saveFile(await this.client.downloadDocument(invoice.document.id));
    } catch (error) {
      this.#report(error);
    }
  }

  #report(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.locale));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-pay-invoice": BillfrontPayInvoice;
  }
}

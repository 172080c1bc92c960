import { Task } from "@lit/task";
import { formatMoney, type HistoryRow, type OrderDetailsView } from "@billfront/core";
import { css, html, nothing } from "lit";
import { BillfrontElement } from "../base.ts";
import { ApiError, type PortalClient } from "../client.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import { saveFile } from "../download.ts";
import type { BillfrontErrorDetail, DocumentDownloadDetail, InvoicePayDetail } from "../events.ts";
import { formatDate } from "../format.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { myOrdersStyles } from "./styles.ts";

/**
 * One order in full: lines and taxes, totals, next payment, instalment balance,
 * billing history with document downloads (O2–O5). Shown by `<my-orders>`.
 *
 * @fires billfront-document-download - before a PDF is fetched (cancelable); detail {@link DocumentDownloadDetail}
 * @fires billfront-invoice-pay - an open invoice was paid or declined; detail {@link InvoicePayDetail}
 * @fires billfront-error - loading or a download failed
 * @csspart details - the whole details view
 * @csspart lines - the table of order lines
 * @csspart totals - paid, refunded, credited, balance, next payment
 * @csspart history - the billing history table
 * @csspart download - every download button
 */
export class BillfrontOrderDetails extends BillfrontElement {
  static override styles = [
    myOrdersStyles,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.875rem;
      }
      caption,
      h4 {
        text-align: start;
        font-weight: 600;
        font-size: 1rem;
        margin: 1.25rem 0 0.5rem;
      }
      th,
      td {
        text-align: start;
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid var(--billfront-border);
        vertical-align: top;
      }
      .num {
        text-align: end;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      dl {
        display: grid;
        grid-template-columns: max-content auto;
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--billfront-muted);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .docs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      .docs button,
      td button {
        margin: 0;
        padding: 0.125rem 0.5rem;
        font-size: 0.8125rem;
      }
      .notice {
        background: #eef3fc;
        border-radius: var(--billfront-radius);
        padding: 0.5rem 0.75rem;
      }
    `,
  ];

  static override properties = {
    orderId: { attribute: "order-id" },
    locale: {},
    client: { attribute: false },
  };

  /** The order to show. */
  declare orderId: string | undefined;
  /** BCP 47 locale. */
  declare locale: string;
  /** The portal client (set by `<my-orders>`). */
  declare client: PortalClient | undefined;
  #openDeclines = new Set<string>();
  /** One idempotency key per invoice until the payment has a definite answer, so a retried click cannot pay twice. */
  #payKeys = new Map<string, string>();
  #paying: string | undefined;
  #notice = "";
  #payError = "";

  constructor() {
    super();
    this.locale = "en";
  }

  #order = new Task(this, {
    task: async ([client, orderId], { signal }) => (client && orderId ? client.getOrder(orderId, signal) : undefined),
    args: () => [this.client, this.orderId] as const,
    onError: (error) => this.#report(error),
  });

  protected override render() {
    const t = messagesFor(this.locale);
    return this.#order.render({
      pending: () => html`<p role="status" part="loading">${t.loadingOrder}</p>`,
      error: (error) => html`
        <div role="alert" part="error">
          <p>${this.#message(error)}</p>
          <button type="button" @click=${() => void this.#order.run()}>${t.retry}</button>
        </div>
      `,
      complete: (order) => (order ? this.#renderOrder(order, t) : nothing),
    });
  }

  #renderOrder(order: OrderDetailsView, t: Messages) {
    const money = (m: { amount: number; currency: string }) => formatMoney(m, this.locale);
    const date = (iso: string) => formatDate(iso, this.locale);
    const subtotal = { amount: order.items.reduce((s, i) => s + i.amount.amount, 0), currency: order.total.currency };
    const viewOnly = !order.actions.some((a) => a !== "download") && ["paused", "cancelled", "complete", "refunded"].includes(order.status);
    return html`
      <section part="details" aria-labelledby="order-heading">
        <h3 id="order-heading" tabindex="-1">${t.order(order.number)}</h3>
        <p class="meta">
          <span part="status" data-status=${order.status}>${t.status[order.status]}</span>
          ${t.type[order.type]} · ${t.placedOn(date(order.placed_at))}
        </p>
        ${viewOnly ? html`<p class="notice" part="notice">${t.viewOnly}</p>` : nothing}

        <div class="scroll">
          <table part="lines">
            <caption>${t.items}</caption>
            <thead>
              <tr>
                <th scope="col">${t.description}</th>
                <th scope="col" class="num">${t.quantity}</th>
                <th scope="col" class="num">${t.unitPrice}</th>
                <th scope="col" class="num">${t.amount}</th>
              </tr>
            </thead>
            <tbody>
              ${order.items.map(
                (i) => html`<tr>
                  <td>${i.description}</td>
                  <td class="num">${i.quantity}</td>
                  <td class="num">${money(i.unit_price)}</td>
                  <td class="num">${money(i.amount)}</td>
                </tr>`,
              )}
            </tbody>
            <tfoot>
              ${order.taxes.length
                ? html`<tr>
                      <th scope="row" colspan="3" class="num">${t.subtotal}</th>
                      <td class="num">${money(subtotal)}</td>
                    </tr>
                    ${order.taxes.map(
                      (tax) => html`<tr>
                        <th scope="row" colspan="3" class="num">${tax.description}</th>
                        <td class="num">${money(tax.amount)}</td>
                      </tr>`,
                    )}`
                : nothing}
              <tr>
                <th scope="row" colspan="3" class="num">${t.total}</th>
                <td class="num"><strong>${money(order.total)}</strong></td>
              </tr>
            </tfoot>
          </table>
        </div>

        <h4>${t.totals}</h4>
        <dl part="totals">
          <dt>${t.paid}</dt>
          <dd>${money(order.paid)}</dd>
          ${order.refunded.amount > 0 ? html`<dt>${t.refundedTotal}</dt><dd>${money(order.refunded)}</dd>` : nothing}
          ${order.credited.amount > 0 ? html`<dt>${t.credited}</dt><dd>${money(order.credited)}</dd>` : nothing}
          ${order.instalments ? html`<dt>${t.instalmentsPaid}</dt><dd>${order.instalments.paid} / ${order.instalments.count}</dd>` : nothing}
          ${order.balance ? html`<dt>${t.balance}</dt><dd>${money(order.balance)}</dd>` : nothing}
          ${order.next_payment
            ? html`<dt>${t.nextPayment}</dt><dd>${t.nextPaymentValue(date(order.next_payment.due_at), money(order.next_payment.amount))}</dd>`
            : nothing}
          ${order.skipped_payments.length
            ? html`<dt>${t.skippedPayments}</dt><dd>${order.skipped_payments.map((s) => `${date(s.due_at)} (${money(s.amount)})`).join(", ")}</dd>`
            : nothing}
        </dl>
        ${order.actions.includes("download")
          ? html`<button type="button" part="download" @click=${() => this.#download(order, null, "order_summary", order.number)}>${t.downloadSummary}</button>`
          : nothing}

        <h4 id="history-heading">${t.billingHistory}</h4>
        <p role="status" class="meta">${this.#notice}</p>
        ${this.#payError ? html`<p role="alert" part="error">${this.#payError}</p>` : nothing}
        ${order.history.length === 0 ? html`<p class="meta">${t.noHistory}</p>` : this.#renderHistory(order, t)}
      </section>
    `;
  }

  #renderHistory(order: OrderDetailsView, t: Messages) {
    const money = (m: { amount: number; currency: string }) => formatMoney(m, this.locale);
    return html`
      <div class="scroll">
        <table part="history" aria-labelledby="history-heading">
          <thead>
            <tr>
              <th scope="col">${t.date}</th>
              <th scope="col">${t.description}</th>
              <th scope="col">${t.statusLabel}</th>
              <th scope="col" class="num">${t.amount}</th>
              <th scope="col">${t.documents}</th>
            </tr>
          </thead>
          <tbody>
            ${order.history.map((row) => this.#renderRow(order, row, t, money))}
          </tbody>
        </table>
      </div>
    `;
  }

  #renderRow(order: OrderDetailsView, row: HistoryRow, t: Messages, money: (m: { amount: number; currency: string }) => string) {
    const open = this.#openDeclines.has(row.id);
    const reason = t.declineReasons[row.decline_code ?? ""] ?? t.declineReasons.default;
    return html`
      <tr data-row-id=${row.id} data-row-type=${row.type} data-row-status=${row.status}>
        <td>${formatDate(row.occurred_at, this.locale)}</td>
        <td>${t.rowType[row.type] ?? row.type}</td>
        <td>${t.rowStatus[row.status] ?? row.status}</td>
        <td class="num">${money(row.amount)}</td>
        <td>
          <div class="docs">
            ${row.documents.map(
              (doc) => html`<button
                type="button"
                part="download"
                aria-label=${t.download(t.documentKind[doc.kind], doc.number)}
                @click=${() => this.#download(order, doc.id, doc.kind, doc.number)}
              >
                ${t.documentKind[doc.kind]} ${doc.number}
              </button>`,
            )}
            ${row.payable && order.actions.includes("pay")
              ? html`<button type="button" part="pay" ?disabled=${this.#paying === row.id} @click=${() => this.#pay(order, row)}>
                  ${this.#paying === row.id ? t.paying : t.payNow(money(row.amount))}
                </button>`
              : nothing}
            ${row.decline_code
              ? html`<button type="button" aria-expanded=${open ? "true" : "false"} aria-controls="decline-${row.id}" @click=${() => this.#toggleDecline(row.id)}>
                  ${t.details}
                </button>`
              : nothing}
          </div>
          ${row.decline_code ? html`<p id="decline-${row.id}" class="meta" ?hidden=${!open}>${t.declinedBecause(reason)}</p>` : nothing}
        </td>
      </tr>
    `;
  }

  async #pay(order: OrderDetailsView, row: HistoryRow): Promise<void> {
    if (!this.client || this.#paying) return;
    const t = messagesFor(this.locale);
    const key = this.#payKeys.get(row.id) ?? crypto.randomUUID();
    this.#payKeys.set(row.id, key);
    this.#paying = row.id;
    this.#notice = "";
    this.#payError = "";
    this.requestUpdate();
    try {
      const result = await this.client.payInvoice(row.id, key);
      this.#payKeys.delete(row.id);
      this.emit<InvoicePayDetail>("billfront-invoice-pay", {
        orderId: order.id,
        invoiceId: row.id,
        paymentId: result.payment_id,
        status: result.status,
        declineCode: result.decline_code,
      });
      if (result.status === "approved") this.#notice = t.paid_notice;
      else this.#payError = t.declinedBecause(t.declineReasons[result.decline_code ?? ""] ?? t.declineReasons.default);
      await this.#order.run();
    } catch (error) {
      if (error instanceof ApiError && error.status > 0 && error.status < 500) this.#payKeys.delete(row.id);
      this.#payError = this.#message(error);
      this.#report(error);
    } finally {
      this.#paying = undefined;
      this.requestUpdate();
    }
  }

  #toggleDecline(rowId: string): void {
    if (!this.#openDeclines.delete(rowId)) this.#openDeclines.add(rowId);
    this.requestUpdate();
  }

  async #download(order: OrderDetailsView, documentId: string | null, kind: DocumentDownloadDetail["kind"], number: string): Promise<void> {
    const proceed = this.emit<DocumentDownloadDetail>("billfront-document-download", { orderId: order.id, documentId, kind, number }, { cancelable: true });
    if (!proceed || !this.client) return;
    try {
      saveFile(documentId ? await this.client.downloadDocument(documentId) : await this.client.downloadOrderSummary(order.id));
    } catch (error) {
      this.#report(error);
    }
  }

  /** Moves keyboard focus to the order's heading (after opening). */
  focusHeading(): void {
    void this.updateComplete.then(async () => {
      await this.#order.taskComplete.catch(() => undefined);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#order-heading")?.focus();
    });
  }

  #message(error: unknown): string {
    return errorMessage(error, this.locale);
  }

  #report(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.locale));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-order-details": BillfrontOrderDetails;
  }
}

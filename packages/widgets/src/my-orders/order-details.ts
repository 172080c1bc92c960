import { Task } from "@lit/task";
import { formatMoney, type DocumentRef, type HistoryRow, type OrderDetailsView, type SubscriptionView } from "@billfront/core";
import { html, nothing } from "lit";
import { BillfrontElement, define } from "../base.ts";
import { ApiError, type PortalClient } from "../client.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import { saveFile } from "../download.ts";
import type { BillfrontErrorDetail, CustomerRequestDetail, DocumentDownloadDetail, DocumentForwardDetail, InvoicePayDetail } from "../events.ts";
import { formatDate } from "../format.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { renderForwardDialog, type ForwardState } from "./forward-dialog.ts";
import { renderHistoryList } from "./history-table.ts";
import { orderDetailsStyles } from "./order-details.styles.ts";
import { badge, design, errorState, skeleton, toneOf } from "../ui/design.ts";
import { BillfrontPayInvoice } from "./pay-invoice.ts";
import { BillfrontSubscriptionPanel } from "./subscription-panel.ts";

// The panel ships in this chunk: only an opened subscription order needs it; so does the one-invoice view of a pay link.
define("billfront-subscription-panel", BillfrontSubscriptionPanel);
define("billfront-pay-invoice", BillfrontPayInvoice);

/** An order as shown, with its subscription if it has one. */
interface LoadedOrder {
  order: OrderDetailsView;
  subscription: SubscriptionView | null;
}

/** The confirm dialog of a refund request (one payment) or a cancellation. */
type RequestDialog = { kind: "refund"; row: HistoryRow } | { kind: "cancel" } | { kind: "reactivate" };

/**
 * One order in full: lines and taxes, totals, next payment, instalment balance,
 * billing history with document downloads (O2–O5), and for a subscription
 * its panel (`<billfront-subscription-panel>`, S1–S7). Shown by `<my-orders>`.
 *
 * @fires billfront-document-download - before a PDF is fetched (cancelable); detail {@link DocumentDownloadDetail}
 * @fires billfront-document-forward - a document was queued to be e-mailed to another address; detail {@link DocumentForwardDetail}
 * @fires billfront-invoice-pay - an open invoice was paid or declined; detail {@link InvoicePayDetail}
 * @fires billfront-refund-request - the customer asked for a refund; detail {@link CustomerRequestDetail}
 * @fires billfront-cancellation-request - the customer asked to cancel; detail {@link CustomerRequestDetail}
 * @fires billfront-subscription-* - from the subscription panel; see {@link BillfrontSubscriptionPanel}
 * @fires billfront-error - loading or a download failed
 * @fires billfront-subscription-reactivate - the order's subscription started again (order-level Reactivate)
 * @fires change - (not composed) the order changed after an action here; `<my-orders>` reloads its list on return
 * @csspart details - the whole details view
 * @csspart summary-card - the order's summary: number, status, total, dates
 * @csspart notice - the view-only notice (O8)
 * @csspart lines - the table of order lines
 * @csspart totals - paid, refunded, credited, balance, next payment
 * @csspart history - the billing history list, one entry per payment, refund, invoice or credit
 * @csspart download - every download button
 * @csspart forward - every forward button (shown when the shop allows forwarding)
 * @tagname billfront-order-details
 */
export class BillfrontOrderDetails extends BillfrontElement {
  static override styles = [design, orderDetailsStyles];

  static override properties = {
    orderId: { attribute: "order-id" },
    locale: {},
    client: { attribute: false },
    payInvoice: { attribute: "pay-invoice" },
    openAt: { attribute: "open-at" },
  };

  /** The order to show. */
  declare orderId: string | undefined;
  /** BCP 47 locale. */
  declare locale: string;
  /** The portal client (set by `<my-orders>`). */
  declare client: PortalClient | undefined;
  /** A5: the invoice whose Pay button gets focus once the order is shown. */
  declare payInvoice: string | undefined;
  /** A5: the subscription dialog to open once the order is shown: `cancel` or `change`. */
  declare openAt: string | undefined;
  /** The deep link's step was reached once; a reload after an action does not move focus again. */
  #arrived = false;
  #openDeclines = new Set<string>();
  /** One idempotency key per intended payment or request until it has a definite answer, so a retried click cannot pay twice. */
  #intents = new IntentKeys();
  #paying: string | undefined;
  /** The confirm dialog currently open: a refund of one payment, or the cancellation. */
  #dialog: RequestDialog | undefined;
  #busy = false;
  /** The forward dialog, while open, and the button that opened it (focus goes back there). */
  #forward: ForwardState | undefined;
  #forwardOpener: HTMLElement | null = null;
  #notice = "";
  #payError = "";
  /** The button that opened the request dialog: focus goes back there when it closes without a request. */
  #opener: HTMLElement | null = null;

  constructor() {
    super();
    this.locale = "en";
  }

  #order = new Task(this, {
    task: async ([client, orderId], { signal }): Promise<LoadedOrder | undefined> => {
      if (!client || !orderId) return undefined;
      const order = await client.getOrder(orderId, signal);
      return { order, subscription: order.type === "recurring" ? await subscriptionOf(client, orderId, signal) : null };
    },
    args: () => [this.client, this.orderId] as const,
    onError: (error) => this.#report(error),
  });

  protected override render() {
    const t = messagesFor(this.locale);
    const shown = this.#order.value;
    return this.#order.render({
      // A reload after an action keeps the order on screen (and focus where it was) until the new one arrives.
      pending: () => (shown && shown.order.id === this.orderId ? this.#renderOrder(shown.order, shown.subscription, t) : skeleton(t.loadingOrder, 3)),
      error: (error) => errorState(this.#message(error), t.retry, () => void this.#order.run()),
      complete: (loaded) => (loaded ? this.#renderOrder(loaded.order, loaded.subscription, t) : nothing),
    });
  }

  #renderOrder(order: OrderDetailsView, subscription: SubscriptionView | null, t: Messages) {
    const money = (m: { amount: number; currency: string }) => formatMoney(m, this.locale);
    const date = (iso: string) => formatDate(iso, this.locale);
    const subtotal = { amount: order.items.reduce((s, i) => s + i.amount.amount, 0), currency: order.total.currency };
    // O8 as the API says it: nothing to do here but look and download, and nothing in the subscription's panel either.
    const viewOnly = order.view_only && !subscription?.actions.length;
    const cancel = order.actions.includes("cancel") && !subscription;
    const reactivate = order.actions.includes("reactivate") && !subscription;
    return html`
      <section part="details" class="stack details" aria-labelledby="order-heading">
        <div class="card summary" part="summary-card">
          <div class="spread">
            <h3 id="order-heading" tabindex="-1">${t.order(order.number)}</h3>
            ${badge(t.status[order.status] ?? order.status, toneOf(order.status))}
          </div>
          <p class="amount big"><span class="sr-only">${t.total}: </span>${money(order.total)}</p>
          <p class="meta">${t.type[order.type]} · ${t.placedOn(date(order.placed_at))}</p>
          ${order.next_payment ? html`<p class="meta">${t.nextPayment}: ${t.nextPaymentValue(date(order.next_payment.due_at), money(order.next_payment.amount))}</p>` : nothing}
          ${viewOnly ? html`<p class="notice" part="notice">${t.viewOnly}</p>` : nothing}
          <div class="actions">
            ${reactivate
              ? html`<button type="button" class="primary" part="reactivate" @click=${(e: Event) => this.#openDialog({ kind: "reactivate" }, e)}>${t.orderView.reactivate}</button>`
              : nothing}
            ${order.actions.includes("download")
              ? html`<button type="button" part="download" @click=${() => this.#download(order, null, "order_summary", order.number)}>${t.downloadSummary}</button>`
              : nothing}
            ${cancel ? html`<button type="button" class="danger" part="cancel" @click=${(e: Event) => this.#openDialog({ kind: "cancel" }, e)}>${t.cancelSubscription}</button>` : nothing}
          </div>
        </div>

        <p role="status" class="notice success" part="outcome" id="order-notice" tabindex="-1" ?hidden=${!this.#notice}>${this.#notice}</p>
        ${this.#payError ? html`<p role="alert" part="error" class="notice warning" id="order-error" tabindex="-1">${this.#payError}</p>` : nothing}

        <div class="card">
          <h4 id="items-heading">${t.items}</h4>
          <table class="table lines" part="lines" aria-labelledby="items-heading">
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
                  <td data-label=${t.description} class="item">${i.description}</td>
                  <td data-label=${t.quantity} class="num">${i.quantity}</td>
                  <td data-label=${t.unitPrice} class="num">${money(i.unit_price)}</td>
                  <td data-label=${t.amount} class="num">${money(i.amount)}</td>
                </tr>`,
              )}
            </tbody>
            <tfoot>
              ${order.taxes.length
                ? html`<tr>
                      <th scope="row" colspan="3" class="num">${t.subtotal}</th>
                      <td class="num" data-label=${t.subtotal}>${money(subtotal)}</td>
                    </tr>
                    ${order.taxes.map(
                      (tax) => html`<tr>
                        <th scope="row" colspan="3" class="num">${tax.description}</th>
                        <td class="num" data-label=${tax.description}>${money(tax.amount)}</td>
                      </tr>`,
                    )}`
                : nothing}
              <tr class="grand">
                <th scope="row" colspan="3" class="num">${t.total}</th>
                <td class="num" data-label=${t.total}><strong>${money(order.total)}</strong></td>
              </tr>
            </tfoot>
          </table>
        </div>

        <div class="card">
          <h4 id="totals-heading">${t.totals}</h4>
          <dl part="totals" class="sum" aria-labelledby="totals-heading">
            <div><dt>${t.paid}</dt><dd>${money(order.paid)}</dd></div>
            ${order.refunded.amount > 0 ? html`<div><dt>${t.refundedTotal}</dt><dd>${this.#refundedValue(order, t)}</dd></div>` : nothing}
            ${order.credited.amount > 0 ? html`<div><dt>${t.orderView.accountCredit}</dt><dd>${money(order.credited)}</dd></div>` : nothing}
            ${order.instalments ? html`<div><dt>${t.instalmentsPaid}</dt><dd>${order.instalments.paid} / ${order.instalments.count}</dd></div>` : nothing}
            ${order.balance ? html`<div><dt>${t.balance}</dt><dd>${money(order.balance)}</dd></div>` : nothing}
            ${order.next_payment
              ? html`<div><dt>${t.nextPayment}</dt><dd>${t.nextPaymentValue(date(order.next_payment.due_at), money(order.next_payment.amount))}</dd></div>`
              : nothing}
            ${order.skipped_payments.length
              ? html`<div><dt>${t.skippedPayments}</dt><dd>${order.skipped_payments.map((s) => `${date(s.due_at)} (${money(s.amount)})`).join(", ")}</dd></div>`
              : nothing}
          </dl>
        </div>

        ${subscription
          ? html`<billfront-subscription-panel
              .subscription=${subscription}
              .client=${this.client}
              locale=${this.locale}
              open-at=${this.openAt ?? nothing}
              @change=${this.#subscriptionChanged}
            ></billfront-subscription-panel>`
          : nothing}

        <div class="card">
          <h4 id="history-heading">${t.billingHistory}</h4>
          ${order.history.length === 0
            ? html`<p class="meta">${t.noHistory}</p>`
            : renderHistoryList(order, {
                t,
                locale: this.locale,
                paying: this.#paying,
                openDeclines: this.#openDeclines,
                download: (doc) => this.#download(order, doc.id, doc.kind, doc.number),
                forward: (doc) => this.#openForward(doc),
                pay: (row) => this.#pay(order, row),
                requestRefund: (row, e) => this.#openDialog({ kind: "refund", row }, e),
                toggleDecline: (row) => this.#toggleDecline(row.id),
              })}
        </div>
        ${this.#renderDialog(order, t)}
        ${renderForwardDialog(this.#forward, t, { submit: (e) => void this.#submitForward(e, order), close: () => this.#closeForward() })}
      </section>
    `;
  }

  /** The refunded money once, with the credit notes that document it (not again as "credited"). */
  #refundedValue(order: OrderDetailsView, t: Messages): string {
    const amount = formatMoney(order.refunded, this.locale);
    const notes = order.history
      .filter((row) => row.type === "refund" && row.status === "approved")
      .flatMap((row) => row.documents.filter((d) => d.kind === "credit_note").map((d) => d.number));
    return notes.length ? t.orderView.refundedWithNotes(amount, notes) : amount;
  }

  #renderDialog(order: OrderDetailsView, t: Messages) {
    const dialog = this.#dialog;
    if (!dialog) return nothing;
    const question =
      dialog.kind === "refund" ? t.refundDialog(formatMoney(dialog.row.amount, this.locale)) : dialog.kind === "cancel" ? t.cancelDialog(order.number) : t.orderView.reactivateDialog(order.number);
    const confirm = dialog.kind === "refund" ? t.confirmRefund : dialog.kind === "cancel" ? t.confirmCancel : t.orderView.reactivate;
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @close=${() => this.#closeDialog()}>
      <form method="dialog" @submit=${(e: SubmitEvent) => this.#submitDialog(e, order)}>
        <h4 id="dialog-title">${question}</h4>
        ${dialog.kind === "reactivate" ? nothing : html`<label>${t.reason}<textarea name="reason" rows="3" maxlength="2000"></textarea></label>`}
        <div class="actions">
          <button type="submit" value="confirm" class=${dialog.kind === "cancel" ? "danger solid" : "primary"} ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"}>${confirm}</button>
          <button type="button" @click=${() => this.#closeDialog()}>${t.goBack}</button>
        </div>
      </form>
    </dialog>`;
  }

  protected override updated(): void {
    if (!this.payInvoice || this.#arrived || !this.#order.value) return;
    this.#arrived = true;
    const row = this.renderRoot.querySelector<HTMLElement>(`[part~="history"] [data-row-id="${CSS.escape(this.payInvoice)}"]`);
    row?.classList.add("target");
    const pay = row?.querySelector<HTMLElement>('[part="pay"]');
    (pay ?? this.renderRoot.querySelector<HTMLElement>("#order-heading"))?.focus();
    row?.scrollIntoView({ block: "center" });
  }

  /** After an action in the panel: the order's status and next payment follow the subscription, so the order reloads. */
  #subscriptionChanged(event: Event): void {
    const shown = this.#order.value;
    // Meanwhile the panel keeps what the action returned, not the subscription loaded before it.
    if (shown) shown.subscription = (event.target as BillfrontSubscriptionPanel).subscription ?? null;
    this.dispatchEvent(new Event("change"));
    void this.#order.run();
  }

  #openDialog(dialog: RequestDialog, event?: Event): void {
    this.#opener = (event?.currentTarget as HTMLElement | undefined) ?? null;
    this.#dialog = dialog;
    this.#notice = "";
    this.#payError = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLDialogElement>("dialog[part='dialog']")?.showModal());
  }

  /** Closes the request dialog; without a request sent, focus goes back to the button that opened it. */
  #closeDialog(focusOpener = true): void {
    if (!this.#dialog) return;
    this.#dialog = undefined;
    this.requestUpdate();
    const opener = this.#opener;
    if (focusOpener) void this.updateComplete.then(() => (opener?.isConnected ? opener : this.#heading())?.focus());
  }

  async #submitDialog(event: SubmitEvent, order: OrderDetailsView): Promise<void> {
    event.preventDefault();
    const dialog = this.#dialog;
    if (!dialog || !this.client || this.#busy) return;
    const t = messagesFor(this.locale);
    const reason = String(new FormData(event.target as HTMLFormElement).get("reason") ?? "");
    this.#busy = true;
    this.requestUpdate();
    try {
      const client = this.client;
      if (dialog.kind === "reactivate") {
        const subscriptionId = order.subscription_id;
        if (!subscriptionId) return;
        const subscription = await this.#intents.send(`reactivate:${subscriptionId}`, null, (key) => client.reactivateSubscription(subscriptionId, key));
        this.emit("billfront-subscription-reactivate", { subscriptionId, orderId: order.id, subscription });
        this.#notice = t.subscription.updated;
      } else {
        // Reopening the dialog after a network failure and sending the same reason retries the same request.
        const result =
          dialog.kind === "refund"
            ? await this.#intents.send(`refund:${dialog.row.id}`, reason, (key) => client.requestRefund(dialog.row.id, reason, key))
            : await this.#intents.send(`cancel:${order.id}`, reason, (key) => client.requestCancellation(order.id, reason, key));
        this.emit<CustomerRequestDetail>(dialog.kind === "refund" ? "billfront-refund-request" : "billfront-cancellation-request", {
          orderId: order.id,
          paymentId: dialog.kind === "refund" ? dialog.row.id : null,
          status: result.status,
        });
        this.#notice = t.requestOutcome[result.status] ?? "";
      }
      this.#closeDialog(false);
      this.dispatchEvent(new Event("change"));
      await this.#order.run();
    } catch (error) {
      this.#payError = this.#message(error);
      this.#report(error);
      this.#closeDialog(false);
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
    // The button pressed may be gone (a refunded payment offers no second request): the outcome is where to go on from.
    await this.updateComplete;
    this.#outcome()?.focus();
  }

  /** The message saying how the last action ended: the error if it failed, else the confirmation. */
  #outcome(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(this.#payError ? "#order-error" : "#order-notice");
  }

  #heading(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>("#order-heading");
  }

  async #pay(order: OrderDetailsView, row: HistoryRow): Promise<void> {
    if (!this.client || this.#paying) return;
    const t = messagesFor(this.locale);
    this.#paying = row.id;
    this.#notice = "";
    this.#payError = "";
    this.requestUpdate();
    try {
      const client = this.client;
      const result = await this.#intents.send(`pay:${row.id}`, null, (key) => client.payInvoice(row.id, key));
      this.emit<InvoicePayDetail>("billfront-invoice-pay", {
        orderId: order.id,
        invoiceId: row.id,
        paymentId: result.payment_id,
        status: result.status,
        declineCode: result.decline_code,
      });
      if (result.status === "approved") this.#notice = t.paid_notice;
      // Waiting for the bank is not a decline: say so, and the reloaded history offers no Pay while it waits.
      else if (result.status === "pending") this.#notice = t.pending_notice;
      else this.#payError = t.declinedBecause(t.declineReasons[result.decline_code ?? ""] ?? t.declineReasons.default);
      this.dispatchEvent(new Event("change"));
      await this.#order.run();
    } catch (error) {
      this.#payError = this.#message(error);
      this.#report(error);
    } finally {
      this.#paying = undefined;
      this.requestUpdate();
    }
    await this.updateComplete;
    this.#outcome()?.focus();
  }

  #openForward(doc: DocumentRef): void {
    this.#forwardOpener = this.renderRoot.querySelector<HTMLElement>(`button[part="forward"][data-document-id="${CSS.escape(doc.id)}"]`);
    this.#forward = { doc, busy: false, error: "" };
    this.#notice = "";
    this.requestUpdate();
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLDialogElement>("dialog.forward")?.showModal();
      this.renderRoot.querySelector<HTMLInputElement>("#forward-to")?.focus();
    });
  }

  #closeForward(): void {
    if (!this.#forward) return;
    this.#forward = undefined;
    this.requestUpdate();
    const opener = this.#forwardOpener;
    void this.updateComplete.then(() => opener?.focus());
  }

  async #submitForward(event: SubmitEvent, order: OrderDetailsView): Promise<void> {
    event.preventDefault();
    const state = this.#forward;
    if (!state || state.busy || !this.client) return;
    const t = messagesFor(this.locale);
    const input = (event.target as HTMLFormElement).querySelector<HTMLInputElement>("#forward-to")!;
    const to = input.value.trim();
    if (!input.checkValidity() || !to) {
      this.#forward = { ...state, error: t.errors.invalid_email ?? t.errors.default };
      this.requestUpdate();
      input.focus();
      return;
    }
    this.#forward = { ...state, busy: true, error: "" };
    this.requestUpdate();
    try {
      const result = await this.client.forwardDocument(state.doc.id, to);
      this.emit<DocumentForwardDetail>("billfront-document-forward", { orderId: order.id, documentId: state.doc.id, kind: state.doc.kind, number: state.doc.number, forwardsLeft: result.forwards_left });
      this.#notice = t.forward.sent(t.documentKind[state.doc.kind], state.doc.number, to);
      this.#closeForward();
    } catch (error) {
      this.#forward = { ...state, busy: false, error: this.#message(error) };
      this.#report(error);
      this.requestUpdate();
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("#forward-to")?.focus());
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

/** The subscription on a recurring order, or null for one without (an order placed before subscriptions, say). */
async function subscriptionOf(client: PortalClient, orderId: string, signal: AbortSignal): Promise<SubscriptionView | null> {
  try {
    return await client.getOrderSubscription(orderId, signal);
  } catch (error) {
    if (error instanceof ApiError && error.code === "subscription_not_found") return null;
    throw error;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-order-details": BillfrontOrderDetails;
  }
}

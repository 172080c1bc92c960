import { Task } from "@lit/task";
import { formatMoney, type HistoryRow, type OrderView } from "@billfront/core";
import { html, nothing } from "lit";
import { PortalElement } from "../portal-element.ts";
import type { PortalClient } from "../client.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import type { BillfrontErrorDetail, InvoicePayDetail, OrderOpenDetail, OrdersLoadedDetail } from "../events.ts";
import { formatDate } from "../format.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor } from "../i18n/messages.ts";
import type { DeepLink } from "../context.ts";
import type { BillfrontOrderDetails } from "./order-details.ts";
import { orderListStyles } from "./styles.ts";
import { badge, design, emptyState, errorState, skeleton, toneOf } from "../ui/design.ts";
import { define } from "../base.ts";

/** Order details are their own chunk, fetched the first time a customer opens an order (W7). */
export const loadOrderDetails = () => import("./order-details.ts").then((m) => define("billfront-order-details", m.BillfrontOrderDetails));


/**
 * The customer's orders, newest first, with status, total and next payment.
 * Works inside `<billfront-portal>` or alone with its own `api` and `session`.
 * A deep link (A5, `flow` / `flow-subject` here or on the portal) opens the
 * order holding an invoice at its Pay button (`pay_invoice`), or a
 * subscription's order with its cancel or change-plan dialog open
 * (`cancel_subscription`, `change_plan`). A limited `pay_invoice` session
 * shows only that invoice, to pay.
 *
 * @fires billfront-orders-loaded - a page of orders arrived; detail `{ orders, hasMore }`
 * @fires billfront-order-open - the customer opened an order (cancelable); detail `{ orderId, number }`
 * @fires billfront-order-close - the customer went back to the list; detail `{ orderId, number }`
 * @fires billfront-document-download - a PDF is about to be fetched (cancelable); detail `{ orderId, documentId, kind, number }`
 * @fires billfront-invoices-pay - several open invoices were paid together; detail `{ invoiceIds, status }`
 * @fires billfront-error - loading failed; detail `{ code, status, message }`
 * @csspart list - the list of orders
 * @csspart order - one order
 * @csspart open - the button that opens an order
 * @csspart back - the button that returns to the list
 * @csspart status - an order's status badge
 * @csspart pay-all - the banner that pays every open invoice at once (O6)
 * @csspart loading - the loading skeleton
 * @csspart empty - the message shown when there are no orders
 * @csspart error - the error message
 * @csspart history-comment - a note the shop wrote on a payment or refund, in the billing history
 * @cssproperty --billfront-accent - buttons and focus rings
 * @cssproperty --billfront-surface - card background
 * @tagname my-orders
 */
export class MyOrders extends PortalElement {
  static override styles = [design, orderListStyles];

  static override properties = {
    ...PortalElement.properties,
    pageSize: { type: Number, attribute: "page-size" },
  };

  /** Orders per page (1-100). */
  declare pageSize: number;

  #more: OrderView[] = [];
  #nextCursor: string | null = null;
  #selected: OrderOpenDetail | undefined;
  /** Where the opened order starts, when a deep link opened it: an invoice's Pay button or a subscription dialog. */
  #target: { pay?: string; dialog?: string } = {};
  /** The deep link is followed once, on the first load: closing what it opened does not open it again. */
  #linked = false;
  /** Open invoices across all orders, for "pay all" (O6). */
  #payable: HistoryRow[] = [];
  /** The shop takes several invoices in one payment (the portal config's `pay_invoices_together`). */
  #payTogether = false;
  /** One idempotency key per intended "pay all" until it has a definite answer (R8). */
  #intents = new IntentKeys();
  #payNotice = "";
  #payError = "";
  #payingAll = false;
  /** Reloading after a payment: the list stays on screen meanwhile. */
  #reloading = false;
  /** Something changed inside the opened order (a payment, a request, a subscription action): the list reloads on return. */
  #stale = false;

  constructor() {
    super();
    this.pageSize = 20;
  }

  #orders = new Task(this, {
    task: async ([client, pageSize], { signal }) => {
      if (!client) return undefined;
      this.#more = [];
      const [page, history, config] = await Promise.all([client.listOrders({ limit: pageSize }, signal), client.getBillingHistory(signal), client.getPortalConfig(undefined, signal)]);
      this.#payable = history.filter((row) => row.payable);
      this.#payTogether = config.actions.includes("pay_invoices_together");
      this.#nextCursor = page.next_cursor;
      this.emit<OrdersLoadedDetail>("billfront-orders-loaded", { orders: page.data, hasMore: page.next_cursor !== null });
      const link = this.connection.deepLink;
      if (link && !this.#linked) {
        this.#linked = true;
        await this.#follow(client, link, page.data, history);
      }
      return page.data;
    },
    // A limited pay_invoice session may not list orders: it shows the one invoice instead.
    args: () => [this.#payOnly() ? undefined : this.#client(), this.pageSize] as const,
    onError: (error) => this.#reportError(error),
  });

  #client(): PortalClient | undefined {
    return this.connection.client;
  }

  get #locale(): string {
    return this.connection.locale;
  }

  #payOnly(): string | undefined {
    const link = this.connection.deepLink;
    return link?.limited && link.flow === "pay_invoice" ? link.subject : undefined;
  }

  /** A5: the order a deep link is about, opened where the flow starts; an id that is not found leaves the list as it is. */
  async #follow(client: PortalClient, link: DeepLink, orders: OrderView[], history: HistoryRow[]): Promise<void> {
    const id = link.subject;
    if (!id) return;
    let orderId: string | null | undefined;
    if (link.flow === "pay_invoice") {
      const row = history.find((r) => r.id === id || r.documents.some((d) => d.id === id));
      orderId = row?.order_id;
      this.#target = { pay: id };
    } else if (link.flow === "cancel_subscription" || link.flow === "change_plan") {
      orderId = await client.getSubscription(id).then((s) => s.order_id, () => undefined);
      this.#target = { dialog: link.flow === "change_plan" ? "change" : "cancel" };
    }
    if (orderId) this.#openOrder({ id: orderId, number: orders.find((o) => o.id === orderId)?.number ?? "" });
  }

  protected override render() {
    const t = messagesFor(this.#locale);
    const ended = this.renderSessionEnded();
    if (ended) return ended;
    const invoice = this.#payOnly();
    if (invoice) {
      void loadOrderDetails();
      return html`<billfront-pay-invoice .client=${this.#client()} invoice-id=${invoice} locale=${this.#locale}></billfront-pay-invoice>`;
    }
    if (this.#selected) {
      return html`
        <button type="button" part="back" @click=${this.#closeOrder}><span aria-hidden="true">←</span> ${t.back}</button>
        <billfront-order-details
          .client=${this.#client()}
          order-id=${this.#selected.orderId}
          locale=${this.#locale}
          pay-invoice=${this.#target.pay ?? nothing}
          open-at=${this.#target.dialog ?? nothing}
          @billfront-invoice-pay=${this.#paidInOrder}
          @change=${this.#changedInOrder}
        ></billfront-order-details>
      `;
    }
    const shown = this.#reloading ? this.#orders.value : undefined;
    return this.#orders.render({
      initial: () => emptyState(t.notConfigured),
      // A reload after paying keeps the list (and its confirmation) on screen until the new one arrives.
      pending: () => (shown ? this.#renderList(shown, t) : skeleton(t.loading, 3)),
      error: (error) => errorState(this.#errorMessage(error), t.retry, () => void this.#orders.run()),
      complete: (orders) => (orders ? this.#renderList(orders, t) : emptyState(t.notConfigured)),
    });
  }

  #renderList(orders: OrderView[], t: ReturnType<typeof messagesFor>) {
    const all = [...orders, ...this.#more];
    if (all.length === 0) return emptyState(t.empty);
    return html`
      ${this.#renderPayAll(t)}
      <ol part="list" class="orders" aria-label=${t.listLabel}>
        ${all.map((order) => this.#renderOrder(order))}
      </ol>
      ${this.#nextCursor ? html`<button type="button" class="more" @click=${this.#loadMore}>${t.loadMore}</button>` : nothing}
    `;
  }

  #renderOrder(order: OrderView) {
    const t = messagesFor(this.#locale);
    const date = (iso: string) => formatDate(iso, this.#locale);
    const items = order.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.description}` : i.description)).join(", ");
    return html`
      <li part="order" class="card order" data-order-id=${order.id}>
        <div class="spread">
          <h3>
            <button type="button" part="open" class="link" aria-label=${t.viewOrder(order.number)} @click=${() => this.#openOrder(order)}>
              ${t.order(order.number)}
            </button>
          </h3>
          ${badge(t.status[order.status] ?? order.status, toneOf(order.status))}
        </div>
        <p class="items">${items}</p>
        <div class="spread">
          <p class="meta">${t.type[order.type]} · ${t.placedOn(date(order.placed_at))}</p>
          <p class="amount total"><span class="sr-only">${t.total}: </span>${formatMoney(order.total, this.#locale)}</p>
        </div>
        ${order.instalments || order.next_payment || order.refunded.amount > 0
          ? html`<p class="next">
              ${[
                order.instalments ? t.instalments(order.instalments.paid, order.instalments.count) : "",
                order.next_payment ? `${t.nextBilling(date(order.next_payment.due_at))} (${formatMoney(order.next_payment.amount, this.#locale)})` : "",
                order.refunded.amount > 0 ? t.refunded(formatMoney(order.refunded, this.#locale)) : "",
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>`
          : nothing}
      </li>
    `;
  }

  // Several open invoices in one currency can be paid together (O6), when the shop allows it.
  #renderPayAll(t: ReturnType<typeof messagesFor>) {
    const rows = this.#payable;
    const currency = rows[0]?.amount.currency;
    const together = this.#payTogether && rows.length > 1 && rows.every((r) => r.amount.currency === currency);
    const total = together ? formatMoney({ amount: rows.reduce((s, r) => s + r.amount.amount, 0), currency: currency! }, this.#locale) : "";
    return html`
      <p role="status" class="meta pay-notice" tabindex="-1" id="pay-notice">${this.#payNotice}</p>
      ${this.#payError ? html`<p role="alert" part="error" class="notice warning" tabindex="-1" id="pay-error">${this.#payError}</p>` : nothing}
      ${together
        ? html`<div part="pay-all" class="notice pay-all">
            <span>${t.openInvoices(rows.length, total)}</span>
            <button type="button" class="primary" ?disabled=${this.#payingAll} aria-busy=${this.#payingAll ? "true" : "false"} @click=${this.#payAll}>${t.payAll(total)}</button>
          </div>`
        : nothing}
    `;
  }

  /** An invoice paid inside the opened order is no longer open: it leaves the pay-all set at once, and the list reloads on return. */
  #paidInOrder(event: CustomEvent<InvoicePayDetail>): void {
    if (event.detail.status !== "declined") this.#payable = this.#payable.filter((r) => r.id !== event.detail.invoiceId);
    this.#stale = true;
  }

  #changedInOrder(): void {
    this.#stale = true;
  }

  async #payAll() {
    const client = this.#client();
    if (!client || this.#payingAll) return;
    const t = messagesFor(this.#locale);
    this.#payError = "";
    this.#payNotice = "";
    this.#payingAll = true;
    this.requestUpdate();
    // Sorted, so the same invoices are always the same request body.
    const invoiceIds = this.#payable.map((r) => r.id).sort();
    try {
      // The same key while these invoices' payment has no definite answer; another set of invoices is another action.
      const result = await this.#intents.send("pay-all", invoiceIds, (key) => client.payInvoices(invoiceIds, key));
      if (result.status === "declined") this.#payError = t.declinedBecause(t.declineReasons[result.decline_code ?? ""] ?? t.declineReasons.default);
      else this.#payNotice = result.status === "pending" ? t.pending_notice : t.paid_notice;
      this.emit("billfront-invoices-pay", { invoiceIds, status: result.status });
      this.#reloading = true;
      await this.#orders.run().finally(() => (this.#reloading = false));
    } catch (error) {
      this.#payError = this.#errorMessage(error);
      this.#reportError(error);
    } finally {
      this.#payingAll = false;
    }
    this.requestUpdate();
    // The banner's button is gone (or busy): the outcome is where the customer goes on from.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(this.#payError ? "#pay-error" : "#pay-notice")?.focus();
  }

  #openOrder(order: Pick<OrderView, "id" | "number">): void {
    const detail = { orderId: order.id, number: order.number };
    if (!this.emit<OrderOpenDetail>("billfront-order-open", detail, { cancelable: true })) return;
    this.#selected = detail;
    this.requestUpdate();
    // A deep link puts focus on its own step (the Pay button, the dialog) instead.
    const linked = this.#target.pay || this.#target.dialog;
    void loadOrderDetails()
      .then(() => this.updateComplete)
      .then(() => linked || this.renderRoot.querySelector<BillfrontOrderDetails>("billfront-order-details")?.focusHeading());
  }

  #closeOrder(): void {
    const closed = this.#selected;
    if (!closed) return;
    this.#selected = undefined;
    this.#target = {};
    this.emit<OrderOpenDetail>("billfront-order-close", closed);
    // O6: what was paid or changed inside the order is not offered again from a list loaded before it.
    if (this.#stale) {
      this.#stale = false;
      this.#reloading = true;
      void this.#orders.run().finally(() => {
        this.#reloading = false;
        this.requestUpdate();
      });
    }
    this.requestUpdate();
    // Back to where the customer was: the button of the order they had opened.
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-order-id="${closed.orderId}"] [part="open"]`)?.focus(),
    );
  }

  async #loadMore() {
    const client = this.#client();
    if (!client || !this.#nextCursor) return;
    try {
      const page = await client.listOrders({ cursor: this.#nextCursor, limit: this.pageSize });
      this.#more = [...this.#more, ...page.data];
      this.#nextCursor = page.next_cursor;
      this.emit<OrdersLoadedDetail>("billfront-orders-loaded", { orders: page.data, hasMore: page.next_cursor !== null });
      this.requestUpdate();
    } catch (error) {
      this.#reportError(error);
    }
  }

  #errorMessage(error: unknown): string {
    return errorMessage(error, this.#locale);
  }

  #reportError(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.#locale));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "my-orders": MyOrders;
  }
}

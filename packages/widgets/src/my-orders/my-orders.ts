import { ContextConsumer } from "@lit/context";
import { Task } from "@lit/task";
import { formatMoney, type OrderView } from "@billfront/core";
import { html, nothing } from "lit";
import { BillfrontElement } from "../base.ts";
import { ApiError, createPortalClient, type PortalClient } from "../client.ts";
import { portalContext } from "../context.ts";
import { messagesFor } from "../i18n/messages.ts";
import { myOrdersStyles } from "./styles.ts";

export interface OrdersLoadedDetail {
  orders: OrderView[];
  hasMore: boolean;
}

export interface BillfrontErrorDetail {
  code: string;
  status: number;
  message: string;
}

/**
 * The customer's orders, newest first, with status, total and next payment.
 * Works inside `<billfront-portal>` or alone with its own `api` and `session`.
 *
 * @fires billfront-orders-loaded - a page of orders arrived; detail `{ orders, hasMore }`
 * @fires billfront-error - loading failed; detail `{ code, status, message }`
 * @csspart list - the list of orders
 * @csspart order - one order
 * @csspart status - an order's status badge
 * @csspart loading - the loading message
 * @csspart empty - the message shown when there are no orders
 * @csspart error - the error message
 * @cssproperty --billfront-accent - buttons and focus rings
 * @cssproperty --billfront-surface - card background
 */
export class MyOrders extends BillfrontElement {
  static override styles = myOrdersStyles;

  static override properties = {
    api: { type: String },
    session: { type: String },
    locale: { type: String },
    pageSize: { type: Number, attribute: "page-size" },
  };

  /** Base URL of the BFF when used without `<billfront-portal>`. */
  declare api: string | undefined;
  /** Portal session token when used without `<billfront-portal>`. */
  declare session: string | undefined;
  /** BCP 47 locale; overrides the portal's and the page's. */
  declare locale: string | undefined;
  /** Orders per page (1-100). */
  declare pageSize: number;

  #portal = new ContextConsumer(this, { context: portalContext, subscribe: true });
  #more: OrderView[] = [];
  #nextCursor: string | null = null;

  constructor() {
    super();
    this.pageSize = 20;
  }

  #orders = new Task(this, {
    task: async ([client, pageSize], { signal }) => {
      if (!client) return undefined;
      this.#more = [];
      const page = await client.listOrders({ limit: pageSize }, signal);
      this.#nextCursor = page.next_cursor;
      this.emit<OrdersLoadedDetail>("billfront-orders-loaded", { orders: page.data, hasMore: page.next_cursor !== null });
      return page.data;
    },
    args: () => [this.#client(), this.pageSize] as const,
    onError: (error) => this.#reportError(error),
  });

  #clientCache: { api: string; session: string; client: PortalClient } | undefined;

  // Own attributes win over the surrounding portal's; the client is rebuilt only when they change.
  #client(): PortalClient | undefined {
    const portal = this.#portal.value;
    const api = this.api ?? portal?.api;
    const session = this.session ?? portal?.session;
    if (!api || !session) return undefined;
    if (this.#clientCache?.api !== api || this.#clientCache.session !== session) {
      this.#clientCache = { api, session, client: portal && portal.api === api && portal.session === session ? portal.client : createPortalClient(api, session) };
    }
    return this.#clientCache.client;
  }

  get #locale(): string {
    return this.locale ?? this.#portal.value?.locale ?? (document.documentElement.lang || navigator.language);
  }

  protected override render() {
    const t = messagesFor(this.#locale);
    return this.#orders.render({
      initial: () => html`<p part="empty">${t.notConfigured}</p>`,
      pending: () => html`<p role="status" part="loading">${t.loading}</p>`,
      error: (error) => html`
        <div role="alert" part="error">
          <p>${this.#errorMessage(error)}</p>
          <button type="button" @click=${() => void this.#orders.run()}>${t.retry}</button>
        </div>
      `,
      complete: (orders) => {
        if (!orders) return html`<p part="empty">${t.notConfigured}</p>`;
        const all = [...orders, ...this.#more];
        if (all.length === 0) return html`<p part="empty">${t.empty}</p>`;
        return html`
          <ol part="list" aria-label=${t.listLabel}>
            ${all.map((order) => this.#renderOrder(order))}
          </ol>
          ${this.#nextCursor ? html`<button type="button" @click=${this.#loadMore}>${t.loadMore}</button>` : nothing}
        `;
      },
    });
  }

  #renderOrder(order: OrderView) {
    const t = messagesFor(this.#locale);
    const date = (iso: string) => new Intl.DateTimeFormat(this.#locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));
    const showNext = order.next_billing_at && (order.status === "active" || order.status === "in_progress" || order.status === "past_due" || order.status === "trial");
    return html`
      <li part="order" data-order-id=${order.id}>
        <h3>${t.order(order.number)}</h3>
        <span class="total" aria-label=${t.total}>${formatMoney(order.total, this.#locale)}</span>
        <p class="meta">${t.type[order.type]} · ${t.placedOn(date(order.placed_at))}</p>
        <span part="status" data-status=${order.status}>${t.status[order.status]}</span>
        <p class="items">
          ${order.items.map((i) => (i.quantity > 1 ? `${i.quantity} × ${i.description}` : i.description)).join(", ")}
          ${order.instalments ? html` · ${t.instalments(order.instalments.paid, order.instalments.count)}` : nothing}
          ${showNext ? html` · ${t.nextBilling(date(order.next_billing_at!))}` : nothing}
          ${order.refunded.amount > 0 ? html` · ${t.refunded(formatMoney(order.refunded, this.#locale))}` : nothing}
        </p>
      </li>
    `;
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
    const t = messagesFor(this.#locale);
    const code = error instanceof ApiError ? error.code : "default";
    return t.errors[code] ?? t.errors.default;
  }

  #reportError(error: unknown): void {
    const detail: BillfrontErrorDetail =
      error instanceof ApiError
        ? { code: error.code, status: error.status, message: this.#errorMessage(error) }
        : { code: "unexpected", status: 0, message: this.#errorMessage(error) };
    this.emit<BillfrontErrorDetail>("billfront-error", detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "my-orders": MyOrders;
  }
}

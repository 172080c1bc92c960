import { Task } from "@lit/task";
import { formatMoney, type Money, type OrderView, type PaymentMethodView } from "@billfront/core";
import { html, nothing } from "lit";
import { PortalElement } from "../portal-element.ts";
import { ApiError } from "../client.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import { IntentKeys } from "../idempotency.ts";
import type { BillfrontErrorDetail } from "../events.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { myOrdersStyles, themeDefaults } from "../my-orders/styles.ts";
import { mostUsedCurrency, toMinorUnits } from "./amounts.ts";
import { paymentMethodsStyles } from "./styles.ts";

/** Detail of `billfront-payment-method-add|default|remove|assign` events. */
export interface PaymentMethodEventDetail {
  paymentMethod: Pick<PaymentMethodView, "id" | "brand" | "last4" | "exp_month" | "exp_year">;
  orderId?: string;
}

const CHARGING = ["active", "trial", "past_due", "in_progress"];

/**
 * The customer's saved cards (R1): list, add through the card form iframe served
 * by Billfront (the page never sees a card number), make default, assign to a
 * subscription, remove. A deep link with flow `update_card` (A5) opens with
 * the card form showing; a limited session (an action link's) leaves out the
 * account credit, which it may not top up.
 *
 * @fires billfront-payment-methods-loaded - detail `{ paymentMethods }`
 * @fires billfront-payment-method-add - a card was saved; detail `{ paymentMethod }`
 * @fires billfront-payment-method-default - detail `{ paymentMethod }`
 * @fires billfront-payment-method-assign - detail `{ paymentMethod, orderId }`
 * @fires billfront-payment-method-remove - detail `{ paymentMethod }`
 * @fires billfront-balance-top-up - funds were added; detail `{ amount }`
 * @fires billfront-error - detail `{ code, status, message }`
 * @csspart list - the list of cards
 * @csspart method - one card
 * @csspart card-form - the iframe with Billfront's card form
 * @tagname payment-methods
 */
export class PaymentMethods extends PortalElement {
  static override styles = [themeDefaults, myOrdersStyles, paymentMethodsStyles];



  #adding = false;
  #confirming: string | undefined;
  #notice = "";
  #actionError = "";
  #frameHeight = 0;
  /** Idempotency keys of the money this element moves (top-ups), one per intended action. */
  #intents = new IntentKeys();
  /** The update_card deep link opens the form once; closing it does not open it again. */
  #linked = false;

  #methods = new Task(this, {
    task: async ([client], { signal }) => {
      if (!client) return undefined;
      const [methods, orders, balances, config] = await Promise.all([
        client.listPaymentMethods(signal),
        client.listOrders({ limit: 100 }, signal),
        client.getBalances(signal),
        client.getPortalConfig(undefined, signal),
      ]);
      this.emit("billfront-payment-methods-loaded", { paymentMethods: methods });
      return {
        methods,
        balances,
        // Funds are added in the currency the customer already uses with this shop.
        currency: balances[0]?.currency ?? mostUsedCurrency(orders.data),
        subscriptions: orders.data.filter((o) => o.type !== "one_time" && CHARGING.includes(o.status)),
        // The shop may keep customers from saving cards here (P6 "add payment methods").
        canAdd: config.actions.includes("add_payment_method"),
      };
    },
    args: () => [this.connection.client] as const,
    onError: (error) => this.#report(error),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("message", this.#onMessage);
  }

  override disconnectedCallback(): void {
    window.removeEventListener("message", this.#onMessage);
    super.disconnectedCallback();
  }

  protected override willUpdate(): void {
    if (!this.#linked && this.connection.client && this.connection.deepLink?.flow === "update_card") {
      this.#linked = true;
      this.#adding = true;
    }
  }

  protected override render() {
    const t = messagesFor(this.connection.locale);
    const ended = this.renderSessionEnded();
    if (ended) return ended;
    return html`
      <p role="status" class="meta">${this.#notice}</p>
      ${this.#actionError ? html`<p role="alert" part="error">${this.#actionError}</p>` : nothing}
      ${this.#methods.render({
        initial: () => html`<p part="empty">${t.notConfigured}</p>`,
        pending: () => html`<p role="status" part="loading">${t.cards.loading}</p>`,
        error: (error) => html`<div role="alert" part="error">
          <p>${this.#message(error)}</p>
          <button type="button" @click=${() => void this.#methods.run()}>${t.retry}</button>
        </div>`,
        complete: (data) =>
          data
            ? html`${this.#renderList(data.methods, data.subscriptions, t)}${this.connection.deepLink?.limited ? nothing : this.#renderBalance(data.balances, data.currency, data.methods.length > 0, t)}`
            : html`<p part="empty">${t.notConfigured}</p>`,
      })}
      ${this.#adding ? this.#renderForm(t) : html`<button type="button" part="add" @click=${this.#startAdding} ?hidden=${!this.#methods.value?.canAdd}>${t.cards.add}</button>`}
    `;
  }

  #renderList(methods: PaymentMethodView[], subscriptions: OrderView[], t: Messages) {
    if (methods.length === 0) return html`<p part="empty">${t.cards.empty}</p>`;
    return html`<ul part="list" aria-label=${t.cards.listLabel}>
      ${methods.map((m) => {
        const brand = t.cards.brands[m.brand] ?? t.cards.brands.unknown!;
        const expiry = `${String(m.exp_month).padStart(2, "0")}/${m.exp_year}`;
        return html`<li part="method" data-payment-method-id=${m.id}>
          <div class="row">
            <strong>${t.cards.ending(brand, m.last4)}</strong>
            <span class="meta">${t.cards.expires(expiry)}</span>
            ${m.is_default ? html`<span class="badge" part="default-badge">${t.cards.default}</span>` : nothing}
            ${m.expired ? html`<span class="badge expired">${t.cards.expired}</span>` : nothing}
            ${m.assigned_to.map((n) => html`<span class="meta">${t.cards.assignedTo(n)}</span>`)}
          </div>
          ${this.#confirming === m.id
            ? html`<div class="row" role="group" aria-label=${t.cards.confirmRemove(brand, m.last4)}>
                <span>${t.cards.confirmRemove(brand, m.last4)}</span>
                <button type="button" @click=${() => this.#remove(m)}>${t.cards.remove}</button>
                <button type="button" @click=${() => this.#confirm(undefined)}>${t.cards.keep}</button>
              </div>`
            : html`<div class="row">
                ${m.is_default ? nothing : html`<button type="button" @click=${() => this.#makeDefault(m)}>${t.cards.makeDefault}</button>`}
                ${subscriptions.length && !m.expired
                  ? html`<select aria-label=${t.cards.useForLabel(brand, m.last4)} @change=${(e: Event) => this.#assign(m, e)}>
                      <option value="">${t.cards.useFor}…</option>
                      ${subscriptions.map((o) => html`<option value=${o.id}>${t.order(o.number)}</option>`)}
                    </select>`
                  : nothing}
                <button type="button" @click=${() => this.#confirm(m.id)}>${t.cards.remove}</button>
              </div>`}
        </li>`;
      })}
    </ul>`;
  }

  #renderBalance(balances: Money[], currency: string | undefined, hasCard: boolean, t: Messages) {
    const locale = this.connection.locale;
    return html`<section part="balance" aria-labelledby="credit-heading">
      <h3 id="credit-heading">${t.cards.credit}</h3>
      <p>${balances.length ? balances.map((b) => formatMoney(b, locale)).join(", ") : t.cards.noCredit}</p>
      ${currency && hasCard
        ? html`<form class="row" @submit=${(e: SubmitEvent) => this.#topUp(e, currency)}>
            <label>${t.cards.amountLabel(currency)} <input name="amount" inputmode="decimal" required size="8" /></label>
            <button type="submit">${t.cards.addFunds}</button>
          </form>`
        : nothing}
    </section>`;
  }

  async #topUp(event: SubmitEvent, currency: string) {
    event.preventDefault();
    const t = messagesFor(this.connection.locale);
    const form = event.target as HTMLFormElement;
    const minor = toMinorUnits(String(new FormData(form).get("amount") ?? ""), currency);
    if (minor === undefined) {
      this.#actionError = t.cards.invalidAmount;
      this.requestUpdate();
      return;
    }
    const amount = { amount: minor, currency };
    await this.#act(async () => {
      // One key per top-up of this amount until it has a definite answer: a retried click after a network failure cannot charge twice.
      const result = await this.#intents.send("top-up", amount, (key) => this.connection.client!.topUp(amount, key));
      if (result.status === "declined") throw new ApiError(402, result.decline_code ?? "card_declined", "declined");
      this.#notice = t.cards.fundsAdded(formatMoney(amount, this.connection.locale));
      form.reset();
    }, "billfront-balance-top-up", { amount });
  }

  #renderForm(t: Messages) {
    const api = this.connection.api!;
    const url = new URL("/card-form", api);
    url.searchParams.set("merchant", this.connection.merchantId ?? "");
    url.searchParams.set("origin", location.origin);
    url.searchParams.set("locale", this.connection.locale);
    url.hash = new URLSearchParams({ session: this.connection.session ?? "" }).toString();
    return html`<section aria-labelledby="add-heading">
      <h3 id="add-heading">${t.cards.addHeading}</h3>
      <iframe part="card-form" title=${t.cards.addHeading} src=${url.toString()}></iframe>
      <button type="button" @click=${this.#stopAdding}>${t.cards.cancel}</button>
    </section>`;
  }

  // Only messages from Billfront's own card form frame, from the BFF's origin, are trusted.
  #onMessage = (event: MessageEvent): void => {
    const frame = this.renderRoot.querySelector("iframe");
    if (!frame || event.source !== frame.contentWindow || event.origin !== new URL(this.connection.api ?? "about:blank").origin) return;
    const data = event.data as { type?: string; height?: number; paymentMethod?: PaymentMethodEventDetail["paymentMethod"] };
    if (data.type === "billfront:card-form-height" && typeof data.height === "number") {
      this.#frameHeight = Math.ceil(data.height);
      this.requestUpdate();
    } else if (data.type === "billfront:payment-method-added" && data.paymentMethod) {
      const t = messagesFor(this.connection.locale);
      const m = data.paymentMethod;
      this.#notice = t.cards.added(t.cards.brands[m.brand] ?? t.cards.brands.unknown!, m.last4);
      this.emit<PaymentMethodEventDetail>("billfront-payment-method-add", { paymentMethod: m });
      this.#stopAdding();
      void this.#methods.run();
    }
  };

  // Set through the CSSOM, not a style attribute: merchant pages with a strict CSP block inline styles.
  protected override updated(): void {
    const frame = this.renderRoot.querySelector("iframe");
    if (frame) frame.style.height = this.#frameHeight ? `${this.#frameHeight}px` : "";
  }

  #startAdding(): void {
    this.#adding = true;
    this.#notice = "";
    this.requestUpdate();
  }

  #stopAdding(): void {
    this.#adding = false;
    this.#frameHeight = 0;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="add"]')?.focus());
  }

  #confirm(id: string | undefined): void {
    this.#confirming = id;
    this.requestUpdate();
  }

  async #makeDefault(m: PaymentMethodView) {
    await this.#act(() => this.connection.client!.setDefaultPaymentMethod(m.id), "billfront-payment-method-default", { paymentMethod: m });
  }

  async #assign(m: PaymentMethodView, event: Event) {
    const orderId = (event.target as HTMLSelectElement).value;
    if (!orderId) return;
    await this.#act(() => this.connection.client!.assignPaymentMethod(orderId, m.id), "billfront-payment-method-assign", { paymentMethod: m, orderId });
  }

  async #remove(m: PaymentMethodView) {
    this.#confirming = undefined;
    await this.#act(() => this.connection.client!.removePaymentMethod(m.id), "billfront-payment-method-remove", { paymentMethod: m });
  }

  async #act(call: () => Promise<unknown>, event: `billfront-${string}`, detail: PaymentMethodEventDetail | { amount: Money }) {
    this.#actionError = "";
    try {
      await call();
      this.emit(event, detail);
      await this.#methods.run();
    } catch (error) {
      this.#actionError = this.#message(error);
      this.#report(error);
    }
    this.requestUpdate();
  }

  #message(error: unknown): string {
    return errorMessage(error, this.connection.locale);
  }

  #report(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.connection.locale));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "payment-methods": PaymentMethods;
  }
}

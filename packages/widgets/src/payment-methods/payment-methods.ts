import { Task } from "@lit/task";
import { formatMoney, type Money, type OrderView, type PaymentMethodView } from "@billfront/core";
import { html, nothing, type TemplateResult } from "lit";
import { PortalElement } from "../portal-element.ts";
import { ApiError } from "../client.ts";
import { errorMessage } from "../errors.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { brandMark, badge, design, emptyState, errorState, skeleton } from "../ui/design.ts";
import { mostUsedCurrency, toMinorUnits } from "./amounts.ts";
import { paymentMethodsStyles } from "./styles.ts";
import { CardFormFrame } from "../ui/card-form-frame.ts";

/** Detail of `billfront-payment-method-add|default|remove|assign` events. */
export interface PaymentMethodEventDetail {
  paymentMethod: Pick<PaymentMethodView, "id" | "brand" | "last4" | "exp_month" | "exp_year">;
  orderId?: string;
}

const CHARGING = ["active", "trial", "past_due", "in_progress"];

/** What the element loads: the cards, the credit, the subscriptions a card can be assigned to, and whether cards may be added. */
interface CardsData {
  methods: PaymentMethodView[];
  balances: Money[];
  currency: string | undefined;
  subscriptions: OrderView[];
  canAdd: boolean;
}

/** The card as people read it on a receipt: "Visa •••• 4242" (the dots hidden from screen readers, which hear "Visa ending 4242"). */
const dots = (last4: string) => `•••• ${last4}`;

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
 * @csspart brand - a card's brand mark
 * @csspart default-badge - the "Default" badge
 * @csspart expired-badge - the "Expired" badge
 * @csspart confirm-remove - the confirm step before removing a card
 * @csspart add - the "Add a card" button
 * @csspart card-form - the iframe with Billfront's card form; it takes this element's look (accent, text,
 *   surface, border, radius, font, colour scheme) and language
 * @csspart balance - the account credit card, with the top-up form
 * @csspart status - the confirmation after an action (focused once it is said)
 * @csspart loading - the skeleton while cards load
 * @csspart empty - no saved cards
 * @csspart error - loading or an action failed
 * @tagname payment-methods
 */
export class PaymentMethods extends PortalElement {
  static override styles = [design, paymentMethodsStyles];
  static override properties = { ...PortalElement.properties, theme: { type: String, reflect: true } };

  /** `light`, `dark` or `auto` (the design's colour scheme); the card form follows it. */
  declare theme: string | undefined;

  #adding = false;
  #confirming: string | undefined;
  /** The card whose "use for a subscription" form is open. */
  #assigning: string | undefined;
  #notice = "";
  #actionError = "";
  #busy = false;
  /** The card form iframe: its address, look, height and the card it saved. */
  #frame = new CardFormFrame(this, this.connection, (m) => {
    const t = messagesFor(this.connection.locale);
    this.#notice = t.cards.added(this.#brand(m.brand, t), m.last4);
    this.emit<PaymentMethodEventDetail>("billfront-payment-method-add", { paymentMethod: m });
    this.#adding = false;
    // Focus goes to the new card once the list shows it (the status message until then), never to <body>.
    void this.#reload().then(() => this.#focusMethod(m.id));
  });
  /** Idempotency keys of the money this element moves (top-ups), one per intended action. */
  #intents = new IntentKeys();
  /** The update_card deep link opens the form once; closing it does not open it again. */
  #linked = false;

  #methods = new Task(this, {
    task: async ([client], { signal }): Promise<CardsData | undefined> => {
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
    onError: (error) => this.reportError(error),
  });

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
      <div class="stack">
        <div role="status" part="status">${this.#notice ? html`<p class="notice success" tabindex="-1">${this.#notice}</p>` : nothing}</div>
        ${this.#actionError ? html`<p role="alert" class="notice warning" part="error">${this.#actionError}</p>` : nothing}
        ${this.#methods.render({
          initial: () => emptyState(t.notConfigured),
          pending: () => (this.#methods.value ? this.#renderData(this.#methods.value, t) : skeleton(t.cards.loading, 2)),
          error: (error) => errorState(this.#message(error), t.retry, () => void this.#methods.run()),
          complete: (data) => (data ? this.#renderData(data, t) : emptyState(t.notConfigured)),
        })}
      </div>
      ${this.#frame.samples()}
    `;
  }

  #renderData(data: CardsData, t: Messages) {
    const limited = this.connection.deepLink?.limited;
    return html`${this.#renderCards(data, t)}${this.#adding ? this.#renderForm(t) : nothing}${limited ? nothing : this.#renderBalance(data.balances, data.currency, data.methods, t)}`;
  }

  #addButton(t: Messages, canAdd: boolean): TemplateResult | typeof nothing {
    if (!canAdd || this.#adding) return nothing;
    return html`<button type="button" class="primary" part="add" @click=${this.#startAdding}>${t.cards.add}</button>`;
  }

  #renderCards(data: CardsData, t: Messages) {
    if (data.methods.length === 0) {
      return this.#adding ? nothing : emptyState(t.cards.empty, this.#addButton(t, data.canAdd));
    }
    return html`<section class="stack" aria-labelledby="cards-heading">
      <header class="spread">
        <h3 id="cards-heading">${t.cards.listLabel}</h3>
        ${this.#addButton(t, data.canAdd)}
      </header>
      <ul class="methods" part="list" aria-labelledby="cards-heading">
        ${data.methods.map((m) => this.#renderMethod(m, data.subscriptions, t))}
      </ul>
    </section>`;
  }

  #renderMethod(m: PaymentMethodView, subscriptions: OrderView[], t: Messages) {
    const brand = this.#brand(m.brand, t);
    const expiry = `${String(m.exp_month).padStart(2, "0")}/${m.exp_year}`;
    return html`<li class="card method" part="method" data-payment-method-id=${m.id} tabindex="-1" aria-labelledby=${`pm-${m.id}`}>
      <div class="card-name">
        ${brandMark(m.brand)}
        <strong id=${`pm-${m.id}`}><span aria-hidden="true">${brand} ${dots(m.last4)}</span><span class="sr-only">${t.cards.ending(brand, m.last4)}</span></strong>
        ${m.is_default ? badge(t.cards.default, "neutral", "default-badge") : nothing}
        ${m.expired ? badge(t.cards.expired, "danger", "expired-badge") : nothing}
      </div>
      <p class="meta">${t.cards.expires(expiry)}</p>
      ${m.assigned_to.length ? html`<ul class="uses meta">${m.assigned_to.map((n) => html`<li>${t.cards.assignedTo(n)}</li>`)}</ul>` : nothing}
      ${this.#confirming === m.id
        ? this.#renderConfirm(m, brand, t)
        : this.#assigning === m.id
          ? this.#renderAssign(m, brand, subscriptions, t)
          : html`<div class="actions">
              ${m.is_default ? nothing : html`<button type="button" ?disabled=${this.#busy} @click=${() => this.#makeDefault(m)}>${t.cards.makeDefault}</button>`}
              ${subscriptions.length && !m.expired
                ? html`<button type="button" data-action="assign" aria-describedby=${`pm-${m.id}`} ?disabled=${this.#busy} @click=${() => this.#openAssign(m.id)}>${t.cards.useFor}</button>`
                : nothing}
              <button type="button" class="danger" data-action="remove" ?disabled=${this.#busy} @click=${() => this.#confirm(m.id)}>${t.cards.remove}</button>
            </div>`}
    </li>`;
  }

  /** Before removing: what core says removal would do — the subscriptions it pays and the card taking over — or why it cannot go yet. */
  #renderConfirm(m: PaymentMethodView, brand: string, t: Messages) {
    const { orders, moves_to, refused } = m.removal;
    const list = new Intl.ListFormat(this.connection.locale, { type: "conjunction" }).format(orders.map((n) => n));
    return html`<div class="confirm notice warning" part="confirm-remove" role="group" aria-labelledby=${`confirm-${m.id}`}>
      <p class="lead" id=${`confirm-${m.id}`} tabindex="-1">${t.cards.confirmRemove(brand, m.last4)}</p>
      ${orders.length ? html`<p>${t.cards.removePays(list, orders.length)}</p>` : nothing}
      ${refused
        ? html`<p>${t.cards.removeRefused}</p>`
        : orders.length && moves_to
          ? html`<p>${t.cards.removeMovesTo(t.cards.ending(this.#brand(moves_to.brand, t), moves_to.last4))}</p>`
          : nothing}
      <div class="actions">
        ${refused ? nothing : html`<button type="button" class="danger solid" ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"} @click=${() => this.#remove(m)}>${t.cards.remove}</button>`}
        <button type="button" @click=${() => this.#confirm(undefined, m.id)}>${t.cards.keep}</button>
      </div>
    </div>`;
  }

  #renderAssign(m: PaymentMethodView, brand: string, subscriptions: OrderView[], t: Messages) {
    return html`<form class="assign-form" @submit=${(e: SubmitEvent) => this.#assign(m, e)}>
      <label>${t.cards.useForLabel(brand, m.last4)}
        <select name="order" required>
          ${subscriptions.map((o) => html`<option value=${o.id}>${t.order(o.number)}</option>`)}
        </select>
      </label>
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"}>${t.cards.assign}</button>
        <button type="button" @click=${() => this.#openAssign(undefined, m.id)}>${t.cards.cancel}</button>
      </div>
    </form>`;
  }

  #renderBalance(balances: Money[], currency: string | undefined, methods: PaymentMethodView[], t: Messages) {
    const locale = this.connection.locale;
    const card = methods.find((m) => m.is_default && !m.expired);
    return html`<section class="card credit" part="balance" aria-labelledby="credit-heading">
      <h3 id="credit-heading">${t.cards.credit}</h3>
      <p>
        <span class="sr-only">${t.cards.balanceLabel}: </span>
        ${balances.length
          ? html`<span class="amount">${balances.map((b) => formatMoney(b, locale)).join(", ")}</span>`
          : html`<span class="muted">${t.cards.noCredit}</span>`}
      </p>
      ${currency && card
        ? html`<form class="top-up" @submit=${(e: SubmitEvent) => this.#topUp(e, currency)}>
              <label>${t.cards.amountLabel(currency)} <input name="amount" inputmode="decimal" required autocomplete="off" aria-describedby="top-up-card" /></label>
              <button type="submit" ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"}>${t.cards.addFunds}</button>
            </form>
            <p class="meta" id="top-up-card">${t.cards.topUpWith(t.cards.ending(this.#brand(card.brand, t), card.last4))}</p>`
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
    await this.#act(
      async () => {
        // One key per top-up of this amount until it has a definite answer: a retried click after a network failure cannot charge twice.
        const result = await this.#intents.send("top-up", amount, (key) => this.connection.client!.topUp(amount, key));
        if (result.status === "declined") throw new ApiError(402, result.decline_code ?? "card_declined", "declined");
        form.reset();
        return t.cards.fundsAdded(formatMoney(amount, this.connection.locale));
      },
      "billfront-balance-top-up",
      { amount },
    );
  }

  #renderForm(t: Messages) {
    return html`<section class="card" aria-labelledby="add-heading">
      <h3 id="add-heading" tabindex="-1">${t.cards.addHeading}</h3>
      <iframe part="card-form" title=${t.cards.addHeading}></iframe>
      <div class="actions"><button type="button" @click=${this.#stopAdding}>${t.cards.cancel}</button></div>
    </section>`;
  }

  #brand(brand: string, t: Messages): string {
    return t.cards.brands[brand] ?? t.cards.brands.unknown!;
  }

  #startAdding(): void {
    this.#adding = true;
    this.#notice = "";
    this.#actionError = "";
    this.requestUpdate();
    // The form's heading: the next Tab goes into the card form.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#add-heading")?.focus());
  }

  #stopAdding(): void {
    this.#adding = false;
    this.#frame.reset();
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="add"]')?.focus());
  }

  #confirm(id: string | undefined, back?: string): void {
    this.#confirming = id;
    this.#assigning = undefined;
    this.#actionError = "";
    this.requestUpdate();
    void this.updateComplete.then(() => {
      if (id) this.renderRoot.querySelector<HTMLElement>(`#confirm-${CSS.escape(id)}`)?.focus();
      else if (back) this.#methodEl(back)?.querySelector<HTMLElement>('[data-action="remove"]')?.focus();
    });
  }

  #openAssign(id: string | undefined, back?: string): void {
    this.#assigning = id;
    this.#confirming = undefined;
    this.requestUpdate();
    void this.updateComplete.then(() => {
      if (id) this.#methodEl(id)?.querySelector("select")?.focus();
      else if (back) this.#methodEl(back)?.querySelector<HTMLElement>('[data-action="assign"]')?.focus();
    });
  }

  async #makeDefault(m: PaymentMethodView) {
    const t = messagesFor(this.connection.locale);
    const done = await this.#act(async () => {
      await this.connection.client!.setDefaultPaymentMethod(m.id);
      return t.cards.madeDefault(this.#brand(m.brand, t), m.last4);
    }, "billfront-payment-method-default", { paymentMethod: m });
    if (done) this.#focusMethod(m.id);
  }

  async #assign(m: PaymentMethodView, event: SubmitEvent) {
    event.preventDefault();
    const t = messagesFor(this.connection.locale);
    const select = (event.target as HTMLFormElement).querySelector("select")!;
    const orderId = select.value;
    const order = this.#methods.value?.subscriptions.find((o) => o.id === orderId);
    if (!orderId || !order) return;
    const done = await this.#act(async () => {
      await this.connection.client!.assignPaymentMethod(orderId, m.id);
      this.#assigning = undefined;
      return t.cards.assigned(this.#brand(m.brand, t), m.last4, order.number);
    }, "billfront-payment-method-assign", { paymentMethod: m, orderId });
    if (done) this.#focusMethod(m.id);
  }

  async #remove(m: PaymentMethodView) {
    const t = messagesFor(this.connection.locale);
    const done = await this.#act(async () => {
      await this.connection.client!.removePaymentMethod(m.id);
      this.#confirming = undefined;
      return t.cards.removed(this.#brand(m.brand, t), m.last4);
    }, "billfront-payment-method-remove", { paymentMethod: m });
    // The card is gone: focus goes to the message that says so.
    if (done) this.#focusNotice();
    else this.renderRoot.querySelector<HTMLElement>('[part="error"]')?.focus();
  }

  /** Runs one action: busy while it runs, then the list again, the confirmation said (or the error shown). True when it succeeded. */
  async #act(call: () => Promise<string>, event: `billfront-${string}`, detail: PaymentMethodEventDetail | { amount: Money }): Promise<boolean> {
    this.#actionError = "";
    this.#notice = "";
    this.#busy = true;
    this.requestUpdate();
    try {
      const notice = await call();
      this.emit(event, detail);
      this.#notice = notice;
      await this.#reload();
      return true;
    } catch (error) {
      this.#actionError = this.#message(error);
      this.reportError(error);
      return false;
    } finally {
      this.#busy = false;
      this.requestUpdate();
      await this.updateComplete;
    }
  }

  async #reload(): Promise<void> {
    this.requestUpdate();
    await this.#methods.run();
    await this.updateComplete;
  }

  #methodEl(id: string): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`[data-payment-method-id="${CSS.escape(id)}"]`);
  }

  #focusMethod(id: string): void {
    const el = this.#methodEl(id);
    if (el) el.focus();
    else this.#focusNotice();
  }

  #focusNotice(): void {
    this.renderRoot.querySelector<HTMLElement>('[part="status"] .notice')?.focus();
  }

  #message(error: unknown): string {
    return errorMessage(error, this.connection.locale);
  }

}

declare global {
  interface HTMLElementTagNameMap {
    "payment-methods": PaymentMethods;
  }
}

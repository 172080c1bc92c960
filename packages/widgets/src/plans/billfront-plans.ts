import { Task } from "@lit/task";
import { CardFormFrame } from "../ui/card-form-frame.ts";
import { formatMoney, type PaymentMethodView, type PlanView, type SubscriptionStartPreviewView } from "@billfront/core";
import { css, html, nothing } from "lit";
import { ApiError } from "../client.ts";
import { errorMessage } from "../errors.ts";
import type { SubscriptionStartDetail } from "../events.ts";
import { formatDate } from "../format.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { PortalElement } from "../portal-element.ts";
import type { PortalSession } from "../session.ts";
import { badge, brandMark, design, emptyState, errorState, skeleton } from "../ui/design.ts";
import { createPlansClient, type PlansClient } from "./plans-client.ts";


/** How far the customer got in the start dialog: choosing card and quantity, then the preview to confirm. */
type Step = { plan: PlanView; quantity: number; card: string | null; adding: boolean; preview: SubscriptionStartPreviewView | null; error: string; notice: string };

/**
 * The shop's plans a customer may start themselves (A6): price per interval,
 * trial, a saved card or a new one (Billfront's card form in an iframe), a
 * preview of exactly what is charged today and next, then the confirm. Shown
 * only when the portal lists `start_subscription` among its actions.
 *
 * @fires billfront-plans-loaded - detail `{ plans }`
 * @fires billfront-subscription-start - a plan was started; detail `{ subscriptionId, orderId, status }`
 * @fires billfront-payment-method-add - a card was saved in the dialog; detail `{ paymentMethod }`
 * @fires billfront-error - detail `{ code, status, message }`
 * @csspart list - the list of plans
 * @csspart plan - one plan's card
 * @csspart choose - a plan's "Choose" button
 * @csspart dialog - the start dialog
 * @csspart preview - the amounts charged today and next
 * @csspart card-form - the iframe with Billfront's card form
 * @csspart notice - what the last start did
 * @tagname billfront-plans
 */
export class BillfrontPlans extends PortalElement {
  static override styles = [
    design,
    css`
      .plans { list-style: none; margin: 0; padding: 0; display: grid; gap: var(--_bf-space); grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr)); }
      .plan { display: flex; flex-direction: column; gap: 0.5rem; }
      .plan > * + * { margin-top: 0; }
      .plan .price { font-size: 1.25rem; }
      .plan .actions { margin-top: auto; padding-top: 0.25rem; }
      .cards { display: grid; gap: 0.25rem; }
      .cards .choice { flex-wrap: wrap; }
      dl { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0.375rem 1rem; margin: 0; }
      dt { color: var(--_bf-muted); }
      dd { margin: 0; text-align: end; font-variant-numeric: tabular-nums; }
      .total { display: contents; }
      .total dt, .total dd { color: var(--_bf-text); font-weight: 700; font-size: 1.0625rem; border-top: 1px solid var(--_bf-border); padding-top: 0.375rem; }
      iframe { width: 100%; border: 0; min-height: 12rem; display: block; }
      input[name="quantity"] { max-width: 8rem; }
      .notice:focus { outline: none; }
    `,
  ];

  #clients: { api: string; session: PortalSession; client: PlansClient } | undefined;
  #step: Step | undefined;
  #busy = false;
  #notice = "";
  /** The card form iframe, in the start dialog: the card it saves becomes the chosen one. */
  #frame = new CardFormFrame(this, this.connection, (m) => {
    if (!this.#step) return;
    const t = messagesFor(this.connection.locale);
    this.emit("billfront-payment-method-add", { paymentMethod: m });
    Object.assign(this.#step, { card: m.id, adding: false, notice: t.plans.cardAdded(t.cards.brands[m.brand] ?? t.cards.brands.unknown!, m.last4) });
    void this.#reloadCards().then(() => this.focusAfterRender(`input[name="card"][value="${m.id}"]`));
  });
  /** The cards after one was added in the dialog (else the loaded ones). */
  #cards: PaymentMethodView[] | undefined;
  /** One key per start the customer means, kept until it has a definite answer (R8). */
  #intents = new IntentKeys();
  /** The control that opened the dialog, focused again when it closes without a start. */
  #opener: HTMLElement | undefined;

  #load = new Task(this, {
    task: async ([client, plans], { signal }) => {
      if (!client || !plans) return undefined;
      const config = await client.getPortalConfig(undefined, signal);
      // The shop decides (P6); without the action there is nothing to offer, and no call that would be refused.
      if (!config.actions.includes("start_subscription")) return { allowed: false as const };
      const [page, cards] = await Promise.all([plans.list(signal), client.listPaymentMethods(signal)]);
      this.emit("billfront-plans-loaded", { plans: page.data });
      return { allowed: true as const, plans: page.data, cards, canAdd: config.actions.includes("add_payment_method") };
    },
    args: () => [this.connection.client, this.#client()] as const,
    onError: (error) => this.reportError(error),
  });

  protected override render() {
    const t = messagesFor(this.connection.locale);
    const ended = this.renderSessionEnded();
    if (ended) return ended;
    return html`<section class="stack" aria-labelledby="plans-heading">
      <h2 id="plans-heading">${t.plans.heading}</h2>
      <p class="notice success" part="notice" role="status" tabindex="-1" ?hidden=${!this.#notice}>${this.#notice}</p>
      ${this.#load.render({
        initial: () => emptyState(t.notConfigured),
        pending: () => (this.#load.value?.allowed ? this.#renderPlans(this.#load.value.plans, t) : skeleton(t.plans.loading, 2)),
        error: (error) => errorState(errorMessage(error, this.connection.locale), t.retry, () => void this.#load.run()),
        complete: (data) => (!data ? emptyState(t.notConfigured) : !data.allowed ? emptyState(t.plans.unavailable) : this.#renderPlans(data.plans, t)),
      })}
      ${this.#renderDialog(t)}
    </section>`;
  }

  #renderPlans(plans: PlanView[], t: Messages) {
    if (plans.length === 0) return emptyState(t.plans.empty);
    const locale = this.connection.locale;
    return html`<ul class="plans" part="list" aria-label=${t.plans.listLabel}>
      ${plans.map(
        (p) => html`<li class="card plan" part="plan" data-price-id=${p.id}>
          <h3>${p.product}</h3>
          <p class="meta">${p.name}</p>
          ${p.description ? html`<p>${p.description}</p>` : nothing}
          <p class="amount price">${t.subscription.price(formatMoney(p.price, locale), p.interval, p.interval_count)}</p>
          ${p.trial_days > 0 ? html`<p>${badge(t.plans.trial(p.trial_days), "info", "trial")}</p>` : nothing}
          <div class="actions">
            <button type="button" class="primary" part="choose" aria-label=${t.plans.chooseLabel(`${p.product} — ${p.name}`)} @click=${(e: Event) => this.#open(e, p)}>${t.plans.choose}</button>
          </div>
        </li>`,
      )}
    </ul>`;
  }

  #renderDialog(t: Messages) {
    const step = this.#step;
    if (!step) return nothing;
    const name = `${step.plan.product} — ${step.plan.name}`;
    return html`<dialog part="dialog" aria-labelledby="start-title" @close=${() => this.#close()}>
      <form method="dialog" novalidate @submit=${(e: SubmitEvent) => void this.#submit(e)}>
        <h3 id="start-title">${t.plans.dialogTitle(name)}</h3>
        ${step.notice ? html`<p class="notice" role="status">${step.notice}</p>` : nothing}
        ${step.error ? html`<p role="alert" id="start-error" tabindex="-1">${step.error}</p>` : nothing}
        ${step.preview ? this.#renderPreview(step.preview, t) : this.#renderChoices(step, t)}
      </form>
    </dialog>`;
  }

  #renderChoices(step: Step, t: Messages) {
    const data = this.#load.value;
    const cards = data?.allowed ? (this.#cards ?? data.cards).filter((c) => !c.expired) : [];
    const p = step.plan;
    const fixed = p.max_quantity !== null && p.max_quantity === p.min_quantity;
    return html`${fixed
        ? nothing
        : html`<label
            >${t.quantity} (${t.subscription.quantityRange(p.min_quantity, p.max_quantity)})
            <input type="number" name="quantity" required min=${p.min_quantity} max=${p.max_quantity ?? nothing} .value=${String(step.quantity)} />
          </label>`}
      <fieldset class="cards">
        <legend>${t.plans.payWith}</legend>
        ${cards.length === 0 ? html`<p class="meta">${t.plans.noCards}</p>` : nothing}
        ${cards.map((c) => {
          const brand = t.cards.brands[c.brand] ?? t.cards.brands.unknown!;
          return html`<label class="choice"
            ><input type="radio" name="card" value=${c.id} .checked=${c.id === step.card} @change=${() => (step.card = c.id)} />
            ${brandMark(c.brand)} <span>${t.cards.ending(brand, c.last4)}</span>
            <span class="meta">${t.cards.expires(`${String(c.exp_month).padStart(2, "0")}/${c.exp_year}`)}</span></label
          >`;
        })}
      </fieldset>
      ${step.adding ? this.#renderCardForm(t) : data?.allowed && data.canAdd ? html`<div><button type="button" part="add-card" @click=${() => this.#startAdding()}>${t.plans.addCard}</button></div>` : nothing}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.#busy || !step.card} aria-busy=${this.#busy ? "true" : "false"}>${t.plans.continue}</button>
        <button type="button" @click=${() => this.#dismiss()}>${t.plans.close}</button>
      </div>`;
  }

  #renderPreview(preview: SubscriptionStartPreviewView, t: Messages) {
    const locale = this.connection.locale;
    const money = (amount: number) => formatMoney({ amount, currency: preview.currency }, locale);
    const p = preview.plan;
    return html`<dl part="preview">
        <dt>${t.plans.pricePerPeriod}</dt>
        <dd>${t.subscription.price(money(preview.period_amount), p.interval, p.interval_count)}${preview.quantity > 1 ? html`<br /><span class="meta">${preview.quantity} × ${money(p.price.amount)}</span>` : nothing}</dd>
        ${preview.taxes.map((tax) => html`<dt>${t.plans.taxes}: ${tax.description}</dt><dd>${money(tax.amount)}</dd>`)}
        ${preview.trial ? html`<dt>${t.plans.trialLabel}</dt><dd>${t.plans.trial(preview.trial.days)}</dd>` : nothing}
        ${preview.balance_applied > 0 ? html`<dt>${t.plans.fromCredit}</dt><dd>−${money(preview.balance_applied)}</dd>` : nothing}
        <div class="total" part="due-today"><dt>${t.plans.dueToday}</dt><dd>${money(preview.due_now)}</dd></div>
        <dt>${t.plans.nextCharge(formatDate(preview.next_charge_at, locale))}</dt>
        <dd>${money(preview.next_charge_amount)}</dd>
      </dl>
      ${preview.trial ? html`<p class="notice" part="trial-note">${t.plans.trialNote(formatDate(preview.trial.ends_at, locale))}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="primary" part="confirm" ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"}>${this.#busy ? t.plans.starting : t.plans.confirm}</button>
        <button type="button" ?disabled=${this.#busy} @click=${() => this.#back()}>${t.plans.back}</button>
      </div>`;
  }

  #renderCardForm(t: Messages) {
    return html`<div class="stack">
      ${this.#frame.render(t.cards.addHeading)}
      <div><button type="button" @click=${() => this.#stopAdding()}>${t.cards.cancel}</button></div>
    </div>`;
  }

  async #reloadCards(): Promise<void> {
    const data = this.#load.value;
    if (!data?.allowed || !this.connection.client) return;
    this.#cards = await this.connection.client.listPaymentMethods();
    this.requestUpdate();
  }

  #open(event: Event, plan: PlanView): void {
    this.#opener = event.currentTarget as HTMLElement;
    const data = this.#load.value;
    const cards = data?.allowed ? (this.#cards ?? data.cards).filter((c) => !c.expired) : [];
    this.#notice = "";
    this.#step = { plan, quantity: plan.min_quantity, card: (cards.find((c) => c.is_default) ?? cards[0])?.id ?? null, adding: false, preview: null, error: "", notice: "" };
    this.requestUpdate();
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector("dialog")?.showModal();
      this.focusAfterRender('input[name="quantity"], input[name="card"]:checked, button[part="add-card"], dialog button');
    });
  }

  #startAdding(): void {
    if (!this.#step) return;
    Object.assign(this.#step, { adding: true, notice: "", error: "" });
    this.requestUpdate();
    this.focusAfterRender("iframe");
  }

  #stopAdding(): void {
    if (!this.#step) return;
    this.#step.adding = false;
    this.#frame.reset();
    this.requestUpdate();
    this.focusAfterRender('button[part="add-card"]');
  }

  #back(): void {
    if (!this.#step) return;
    Object.assign(this.#step, { preview: null, error: "" });
    this.requestUpdate();
    this.focusAfterRender('input[name="quantity"], input[name="card"]:checked');
  }

  /** Closed without a start (Close, Escape): back to the plan's button. */
  #dismiss(): void {
    this.renderRoot.querySelector("dialog")?.close();
  }

  #close(): void {
    if (!this.#step) return;
    this.#step = undefined;
    this.#frame.reset();
    this.requestUpdate();
    const opener = this.#opener;
    void this.updateComplete.then(() => (this.#notice ? this.focusAfterRender('[part="notice"]') : opener?.isConnected && opener.focus()));
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const step = this.#step;
    const plans = this.#client();
    if (!step || !plans || this.#busy) return;
    const t = messagesFor(this.connection.locale);
    if (!step.preview) {
      const quantity = Number((this.renderRoot.querySelector<HTMLInputElement>('input[name="quantity"]')?.value ?? step.quantity) || step.plan.min_quantity);
      step.quantity = quantity;
      if (!step.card) return;
      await this.#call(step, async () => {
        step.preview = await plans.preview({ price: step.plan.id, quantity });
        step.notice = "";
      });
      this.focusAfterRender(step.error ? "#start-error" : 'button[part="confirm"]');
      return;
    }
    const input = { price: step.plan.id, quantity: step.quantity, payment_method: step.card! };
    const started = await this.#call(step, () => this.#intents.send(`start:${step.plan.id}`, input, (key) => plans.start(input, key)));
    if (!started) {
      this.focusAfterRender("#start-error");
      return;
    }
    const locale = this.connection.locale;
    const name = `${step.plan.product} — ${step.plan.name}`;
    this.#notice = started.status === "trialing" && started.trial_ends_at ? t.plans.startedTrial(name, formatDate(started.trial_ends_at, locale)) : t.plans.started(name);
    this.emit<SubscriptionStartDetail>("billfront-subscription-start", { subscriptionId: started.id, orderId: started.order_id, status: started.status });
    this.#dismiss();
  }

  /** Runs a dialog request; a failure is shown in the dialog (a decline with the card's reason) and reported. */
  async #call<T>(step: Step, request: () => Promise<T>): Promise<T | undefined> {
    this.#busy = true;
    step.error = "";
    this.requestUpdate();
    try {
      return await request();
    } catch (error) {
      const t = messagesFor(this.connection.locale);
      const reason = error instanceof ApiError && error.code === "subscription_payment_declined" ? String(error.problem.details?.["decline_code"] ?? "default") : undefined;
      step.error = reason ? t.plans.declined(t.declineReasons[reason] ?? t.declineReasons.default) : errorMessage(error, this.connection.locale);
      this.reportError(error);
      return undefined;
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  #client(): PlansClient | undefined {
    const api = this.connection.api;
    // The shared session of the portal client: an expired one is renewed through fetchSession like every other call.
    const session = this.connection.client?.session;
    if (!api || !session) return undefined;
    if (this.#clients?.api !== api || this.#clients.session !== session) this.#clients = { api, session, client: createPlansClient(api, session) };
    return this.#clients.client;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-plans": BillfrontPlans;
  }
}

import type { SubscriptionAction, SubscriptionView } from "@billfront/core";
import { html, nothing } from "lit";
import { BillfrontElement } from "../base.ts";
import { ApiError, type PortalClient } from "../client.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import type { BillfrontErrorDetail, SubscriptionEventDetail, SubscriptionEventMap } from "../events.ts";
import { formatDate } from "../format.ts";
import { IntentKeys, isDefiniteFailure } from "../idempotency.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { design } from "../ui/design.ts";
import { cancelReason, endOfTerm, isoDay, planLabel, renderDialogBody, type SubscriptionDialog, type Timing } from "./subscription-dialogs.ts";
import { subscriptionPanelStyles } from "./subscription-panel.styles.ts";
import { renderExtras, renderSummary, type Outcome } from "./subscription-summary.ts";

/** A date field's day as the instant it starts (UTC, as dates are shown); undefined when empty. */
const startOf = (day: string) => (day ? new Date(`${day}T00:00:00Z`).toISOString() : undefined);

/**
 * The subscription of a recurring order (S1–S7, A1, A2): what it is and what
 * is scheduled, with a control for each action the API lists in `actions` and
 * nothing else — the shop's settings are enforced there, not here.
 *
 * @fires billfront-subscription-cancel - detail {@link SubscriptionEventDetail} with `{ status, when, reason }`
 * @fires billfront-subscription-cancel-undo - the scheduled cancellation was removed
 * @fires billfront-subscription-reactivate - a cancelled subscription started again
 * @fires billfront-subscription-pause - detail adds `{ pauseAt, resumeAt }`
 * @fires billfront-subscription-pause-schedule - the pause dates were moved or removed; `{ pauseAt, resumeAt }`
 * @fires billfront-subscription-resume - detail adds `{ at }`
 * @fires billfront-subscription-change - detail adds `{ priceId, quantity, when, preview }`
 * @fires billfront-subscription-change-undo - the change scheduled for the term's end was dropped
 * @fires billfront-subscription-trial-extend - detail adds `{ trialEndsAt }`
 * @fires billfront-subscription-trial-activate - the trial ended early and billing started
 * @fires billfront-subscription-addon - detail adds `{ op, priceId, addonId, quantity }`
 * @fires billfront-subscription-coupon - detail adds `{ op, code, couponId }`
 * @fires billfront-subscription-autocharge - detail adds `{ on }`
 * @fires billfront-subscription-payment-method-remove - the assigned card was unassigned
 * @fires billfront-error - an action failed; the panel shows the same message
 * @fires change - (not composed) the subscription changed; the order details reload
 * @csspart subscription - the panel
 * @csspart summary - the plan card: product, plan, price, status, dates and the main actions
 * @csspart status - the subscription's status badge
 * @csspart actions - the buttons of the allowed actions
 * @csspart addons - the add-ons card
 * @csspart coupons - the discounts card
 * @csspart ends - the scheduled end of the subscription
 * @csspart scheduled-change - a plan change scheduled for the term's end
 * @csspart outcome - what the last action did
 * @csspart dialog - the confirm dialog
 * @tagname billfront-subscription-panel
 */
export class BillfrontSubscriptionPanel extends BillfrontElement {
  static override styles = [design, subscriptionPanelStyles];

  static override properties = {
    subscription: { attribute: false },
    client: { attribute: false },
    locale: {},
    openAt: { attribute: "open-at" },
  };

  /** The subscription to show (set by the order details). */
  declare subscription: SubscriptionView | undefined;
  /** The portal client. */
  declare client: PortalClient | undefined;
  /** BCP 47 locale. */
  declare locale: string;
  /** A5: open this dialog as soon as the subscription is shown, if its action is allowed: `cancel` or `change`. */
  declare openAt: string | undefined;
  #openedAt = false;
  #dialog: SubscriptionDialog | undefined;
  /** The control that opened the dialog, focused again when it closes without a change. */
  #opener: HTMLElement | null = null;
  /** One idempotency key per intended action until it has a definite answer, so a retried click cannot charge twice. */
  #intents = new IntentKeys();
  #busy = false;
  #notice = "";
  #error = "";
  /** The last failure was a definite answer (4xx), not a network failure or a 5xx. */
  #refused = false;

  constructor() {
    super();
    this.locale = "en";
  }

  protected override render() {
    const sub = this.subscription;
    if (!sub) return nothing;
    const t = messagesFor(this.locale);
    const s = t.subscription;
    const can = (action: SubscriptionAction) => sub.actions.includes(action);
    const date = (iso: string) => formatDate(iso, this.locale);
    const ends = sub.cancel_at_period_end ? endOfTerm(sub) : null;
    const button = (label: string, onClick: (e: Event) => void, kind = "") =>
      html`<button type="button" class=${kind} ?disabled=${this.#busy} @click=${onClick}>${label}</button>`;
    const context = {
      t,
      locale: this.locale,
      busy: this.#busy,
      run: <E extends keyof SubscriptionEventMap>(event: E, call: (client: PortalClient) => Promise<Outcome<E>>) => this.#run(event, call),
      submitForm: (event: SubmitEvent, submit: (data: FormData) => Promise<boolean>) => void this.#submitForm(event, submit),
    };
    // The two or three main actions as real buttons (primary, secondary, danger); the rest below them.
    const main = html`
      ${can("reactivate") ? button(s.reactivate, (e) => this.#open(e, { kind: "reactivate" }), "primary") : nothing}
      ${can("resume") ? button(s.resume, (e) => this.#open(e, { kind: "resume" }), "primary") : nothing}
      ${can("change_plan") || can("change_quantity") ? button(s.changePlan, (e) => this.#open(e, changeDialog(sub)), can("resume") ? "" : "primary") : nothing}
      ${can("pause") ? button(s.pause, (e) => this.#open(e, { kind: "pause" })) : nothing}
      ${can("cancel") ? button(t.cancelSubscription, (e) => this.#open(e, cancelDialog(sub)), "danger") : nothing}
    `;
    const more = html`
      ${can("edit_pause_schedule") ? button(s.editPause, (e) => this.#open(e, { kind: "schedule" })) : nothing}
      ${can("extend_trial")
        ? button(s.extendTrial(sub.trial_extension_days), () =>
            void this.#run("billfront-subscription-trial-extend", async (c) => {
              const subscription = await c.extendTrial(sub.id);
              return { subscription, trialEndsAt: subscription.trial_ends_at };
            }),
          )
        : nothing}
      ${can("activate_trial") ? button(s.activateTrial, (e) => this.#open(e, { kind: "activate" })) : nothing}
      ${can("autocharge_off") || can("autocharge_on") ? button(sub.autocharge ? s.autochargeOff : s.autochargeOn, () => void this.#setAutocharge(!sub.autocharge)) : nothing}
      ${can("remove_payment_method")
        ? button(s.removeCard, () => void this.#run("billfront-subscription-payment-method-remove", async (c) => ({ subscription: await c.removeSubscriptionPaymentMethod(sub.id) })))
        : nothing}
    `;
    const scheduled = html`
      ${ends
        ? html`<div class="notice warning spread" part="ends">
            <span>${s.endsOn(date(ends))}</span>
            ${can("remove_scheduled_cancellation") ? button(s.keep, () => void this.#run("billfront-subscription-cancel-undo", async (c) => ({ subscription: await c.removeScheduledCancellation(sub.id) })), "primary") : nothing}
          </div>`
        : nothing}
      ${sub.scheduled_change
        ? html`<div class="notice spread" part="scheduled-change">
            <span>${s.scheduledChange}: ${s.changeValue(planLabel(sub.scheduled_change.plan, t, this.locale), sub.scheduled_change.quantity, sub.scheduled_change.at ? date(sub.scheduled_change.at) : "")}</span>
            ${can("undo_scheduled_change") ? button(s.undoChange, () => void this.#run("billfront-subscription-change-undo", async (c) => ({ subscription: await c.undoScheduledChange(sub.id) }))) : nothing}
          </div>`
        : nothing}
    `;
    const actions = sub.actions.some((a) => ACTION_BUTTONS.includes(a))
      ? html`<div class="plan-actions" part="actions">
          <div class="actions">${main}</div>
          <div class="actions">${more}</div>
        </div>`
      : nothing;
    return html`<section part="subscription" class="stack" aria-labelledby="subscription-heading">
      <h4 id="subscription-heading" tabindex="-1">${s.heading}</h4>
      <p role="status" class="notice success" part="outcome" id="subscription-notice" tabindex="-1" ?hidden=${!this.#notice}>${this.#notice}</p>
      ${this.#error && !this.#dialog ? html`<p role="alert" part="error" class="notice warning" id="subscription-error" tabindex="-1">${this.#error}</p>` : nothing}
      ${renderSummary(sub, context, html`${scheduled}${actions}`)}
      ${renderExtras(sub, context)}
      ${this.#renderDialog(sub, t)}
    </section>`;
  }

  #renderDialog(sub: SubscriptionView, t: Messages) {
    const dialog = this.#dialog;
    if (!dialog) return nothing;
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @close=${() => this.#close()}>
      <form method="dialog" @submit=${(e: SubmitEvent) => void this.#submitDialog(e, sub)}>
        ${renderDialogBody(dialog, {
          sub,
          t,
          locale: this.locale,
          busy: this.#busy,
          close: () => this.#close(),
          acceptOffer: (reason) => void this.#cancel(sub, dialog.kind === "cancel" ? dialog.when : "end_of_term", reason, true),
          declineOffer: () => {
            Object.assign(dialog, { declined: true });
            this.requestUpdate();
            // The button pressed is gone: on to the final confirm.
            void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('dialog button[type="submit"]')?.focus());
          },
          removeSchedule: () => void this.#editSchedule(sub, sub.status === "paused" ? { resume_at: null } : { pause_at: null, resume_at: null }),
          choose: (patch) => {
            Object.assign(dialog, patch);
            this.requestUpdate();
          },
        })}
        ${this.#error ? html`<p role="alert" part="error">${this.#error}</p>` : nothing}
      </form>
    </dialog>`;
  }

  /** A deep link (A5) opens its dialog once, when the action is among those the API allows; otherwise the panel shows as it is. */
  protected override updated(): void {
    const sub = this.subscription;
    if (!sub || !this.openAt || this.#openedAt) return;
    this.#openedAt = true;
    const dialog =
      this.openAt === "cancel" && sub.actions.includes("cancel")
        ? cancelDialog(sub)
        : this.openAt === "change" && (sub.actions.includes("change_plan") || sub.actions.includes("change_quantity"))
          ? changeDialog(sub)
          : undefined;
    // After this update, not inside it.
    if (dialog) queueMicrotask(() => this.#open(undefined, dialog));
  }

  #open(event: Event | undefined, dialog: SubscriptionDialog): void {
    this.#opener = (event?.currentTarget as HTMLElement | undefined) ?? null;
    this.#dialog = dialog;
    this.#notice = "";
    this.#error = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector("dialog")?.showModal());
  }

  #close(): void {
    if (!this.#dialog) return;
    this.#dialog = undefined;
    this.#error = "";
    this.requestUpdate();
    const opener = this.#opener;
    void this.updateComplete.then(() => (opener?.isConnected ? opener : this.#heading())?.focus());
  }

  async #submitDialog(event: SubmitEvent, sub: SubscriptionView): Promise<void> {
    event.preventDefault();
    const dialog = this.#dialog;
    if (!dialog || !this.client || this.#busy) return;
    const data = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? "");
    switch (dialog.kind) {
      case "cancel":
        if (!dialog.declined) return;
        return void (await this.#cancel(sub, (field("when") || dialog.when) as Timing, cancelReason(event.target as HTMLFormElement), false));
      case "change":
        return this.#submitChange(sub, dialog, data);
      case "pause": {
        // A start of today means now: the API takes no instant already past.
        const pauseAt = field("pause_at") > isoDay() ? startOf(field("pause_at")) : undefined;
        const resumeAt = startOf(field("resume_at"));
        return void (await this.#run("billfront-subscription-pause", async (c) => ({
          subscription: await c.pauseSubscription(sub.id, { ...(pauseAt ? { at: pauseAt } : {}), ...(resumeAt ? { resume_at: resumeAt } : {}) }),
          pauseAt: pauseAt ?? null,
          resumeAt: resumeAt ?? null,
        })));
      }
      case "resume": {
        const at = field("at") > isoDay() ? startOf(field("at")) : undefined;
        const input = at ? { at } : {};
        return void (await this.#run("billfront-subscription-resume", async (c) => ({ subscription: await this.#intents.send(`resume:${sub.id}`, input, (key) => c.resumeSubscription(sub.id, input, key)), at: at ?? null })));
      }
      case "schedule": {
        const input = { ...(data.has("pause_at") ? { pause_at: startOf(field("pause_at")) ?? null } : {}), resume_at: startOf(field("resume_at")) ?? null };
        return void (await this.#editSchedule(sub, input));
      }
      case "reactivate":
        return void (await this.#run("billfront-subscription-reactivate", async (c) => ({ subscription: await this.#intents.send(`reactivate:${sub.id}`, null, (key) => c.reactivateSubscription(sub.id, key)) })));
      case "activate":
        return void (await this.#run("billfront-subscription-trial-activate", async (c) => ({ subscription: await this.#intents.send(`activate:${sub.id}`, null, (key) => c.activateTrial(sub.id, key)) })));
    }
  }

  #step(dialog: SubscriptionDialog): void {
    this.#dialog = dialog;
    this.#error = "";
    this.requestUpdate();
    // The next step's first control, not whatever stayed focused from the last one.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("dialog button")?.focus());
  }

  #cancel(sub: SubscriptionView, when: Timing, reason: string | null, acceptOffer: boolean): Promise<boolean> {
    const input = { when, ...(reason ? { reason } : {}), ...(acceptOffer ? { accept_retention_offer: true } : {}) };
    return this.#run("billfront-subscription-cancel", async (c) => {
      const outcome = await this.#intents.send(`cancel:${sub.id}`, input, (key) => c.cancelSubscription(sub.id, input, key));
      return { subscription: outcome.subscription, status: outcome.status, when, reason };
    });
  }

  /** Change now: preview first, then confirm exactly those amounts; at the term's end (or in a trial, with nothing to prorate): at once. */
  async #submitChange(sub: SubscriptionView, dialog: Extract<SubscriptionDialog, { kind: "change" }>, data: FormData): Promise<void> {
    if (!this.client) return;
    if (!dialog.input) {
      const price = String(data.get("price") ?? sub.plan.id);
      const quantity = data.has("quantity") ? Number(data.get("quantity")) : sub.quantity;
      dialog.when = (data.get("when") as Timing | null) ?? dialog.when;
      dialog.input = { ...(price !== sub.plan.id ? { price } : {}), ...(quantity !== sub.quantity ? { quantity } : {}) };
      if (dialog.when === "now" && sub.status !== "trialing") {
        const input = dialog.input;
        this.#busy = true;
        this.#error = "";
        this.requestUpdate();
        try {
          const preview = await this.client.previewSubscriptionChange(sub.id, input);
          return this.#step({ ...dialog, preview });
        } catch (error) {
          dialog.input = null;
          this.#fail(error);
          return;
        } finally {
          this.#busy = false;
          this.requestUpdate();
        }
      }
    }
    const input = { ...dialog.input, when: dialog.when, ...(dialog.preview ? { proration_date: dialog.preview.proration_date } : {}) };
    const ok = await this.#run("billfront-subscription-change", async (c) => {
      const result = await this.#intents.send(`change:${sub.id}`, input, (key) => c.changeSubscription(sub.id, input, key));
      return { subscription: result.subscription, priceId: input.price ?? sub.plan.id, quantity: input.quantity ?? sub.quantity, when: input.when, preview: result.preview };
    });
    // A refused change (an expired preview, say) goes back to the form to be corrected and reviewed again;
    // after a network failure the confirm stays, to retry with the same key.
    if (!ok && this.#dialog === dialog && (!dialog.preview || this.#refused)) {
      Object.assign(dialog, { input: null, preview: null });
      this.requestUpdate();
    }
  }

  #editSchedule(sub: SubscriptionView, input: { pause_at?: string | null; resume_at?: string | null }): Promise<boolean> {
    return this.#run("billfront-subscription-pause-schedule", async (c) => {
      const subscription = await c.editPauseSchedule(sub.id, input);
      return { subscription, pauseAt: subscription.pause_at, resumeAt: subscription.resume_at };
    });
  }

  #setAutocharge(on: boolean): Promise<boolean> {
    const sub = this.subscription!;
    return this.#run("billfront-subscription-autocharge", async (c) => ({ subscription: await c.setSubscriptionAutocharge(sub.id, on), on }));
  }

  async #submitForm(event: SubmitEvent, submit: (data: FormData) => Promise<boolean>): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!this.#busy && (await submit(new FormData(form)))) form.reset();
  }

  /**
   * Runs one action: on success the panel shows the subscription the API
   * returned, closes the dialog, announces it, emits `event` and asks the order
   * details to reload; on failure nothing changes but a readable message.
   */
  async #run<E extends keyof SubscriptionEventMap>(event: E, call: (client: PortalClient) => Promise<Outcome<E>>): Promise<boolean> {
    const sub = this.subscription;
    if (!sub || !this.client || this.#busy) return false;
    this.#busy = true;
    this.#error = "";
    this.#notice = "";
    this.requestUpdate();
    try {
      const outcome = await call(this.client);
      const s = messagesFor(this.locale).subscription;
      this.subscription = outcome.subscription;
      this.#dialog = undefined;
      this.#notice = "status" in outcome ? s.outcome[outcome.status as keyof typeof s.outcome] : s.updated;
      this.emit(event, { subscriptionId: sub.id, orderId: sub.order_id, ...outcome } as SubscriptionEventDetail<SubscriptionEventMap[E]>);
      this.dispatchEvent(new Event("change"));
      // The control used may be gone (a cancelled subscription has no "Pause"): the message saying what happened takes focus.
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#subscription-notice")?.focus());
      return true;
    } catch (error) {
      this.#fail(error);
      return false;
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  #fail(error: unknown): void {
    // A definite refusal ends the action (its key is dropped by the intent keys); after a network failure or a 5xx it may be retried as it is.
    this.#refused = !(error instanceof ApiError) || isDefiniteFailure(error);
    this.#error = errorMessage(error, this.locale);
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.locale));
  }

  #heading(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>("#subscription-heading");
  }
}

/** The actions shown as buttons in the plan card (addons and coupons have their own cards). */
const ACTION_BUTTONS: readonly SubscriptionAction[] = [
  "reactivate", "resume", "change_plan", "change_quantity", "pause", "cancel", "edit_pause_schedule", "extend_trial", "activate_trial", "autocharge_off", "autocharge_on", "remove_payment_method",
];

function cancelDialog(sub: SubscriptionView): SubscriptionDialog {
  return { kind: "cancel", when: sub.cancellation_timings.includes("end_of_term") ? "end_of_term" : "now", declined: !sub.retention_offer };
}

/** The change dialog on the current plan, with the quantity change's timings when quantity may change. */
function changeDialog(sub: SubscriptionView): SubscriptionDialog {
  const when = (sub.actions.includes("change_quantity") ? sub.quantity_change_timings[0] : sub.change_timings[0]) ?? "now";
  return { kind: "change", price: sub.plan.id, when, input: null, preview: null };
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-subscription-panel": BillfrontSubscriptionPanel;
  }
}

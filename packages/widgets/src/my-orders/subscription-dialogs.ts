import { formatMoney, type ChangePreviewView, type SubscriptionPriceView, type SubscriptionView } from "@billfront/core";
import { html, nothing } from "lit";
import { formatDate } from "../format.ts";
import type { Messages } from "../i18n/messages.ts";

export type Timing = "now" | "end_of_term";

/** The confirm dialog open in the subscription panel, and how far the customer got in it. */
export type SubscriptionDialog =
  /** `declined`: the retention offer, if any, was turned down, so the cancellation can be confirmed. */
  | { kind: "cancel"; when: Timing; declined: boolean }
  | { kind: "change"; price: string; when: Timing; input: { price?: string; quantity?: number } | null; preview: ChangePreviewView | null }
  | { kind: "pause" | "resume" | "schedule" | "reactivate" | "activate" };

/** What a dialog needs from the panel that shows it. */
export interface DialogContext {
  sub: SubscriptionView;
  t: Messages;
  locale: string;
  busy: boolean;
  close(): void;
  acceptOffer(reason: string | null): void;
  declineOffer(): void;
  removeSchedule(): void;
  /** The customer picked another plan or timing in the change form. */
  choose(patch: { price?: string; when?: Timing }): void;
}

/** A calendar day (UTC, like every date shown) as `YYYY-MM-DD`, `days` from today. */
export function isoDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** When "at the end of the term" is: the trial's end for a trial, else the current period's. */
export function endOfTerm(sub: SubscriptionView): string | null {
  return sub.status === "trialing" ? sub.trial_ends_at : sub.current_period_end;
}

/** The reason a cancel form gives: one of the common reasons and the customer's own words, as the shop will read it. */
export function cancelReason(form: HTMLFormElement): string | null {
  const data = new FormData(form);
  const words = String(data.get("comment") ?? "").trim();
  return [String(data.get("reason") ?? ""), words].filter(Boolean).join(": ").slice(0, 500) || null;
}

/** A plan as the customer reads it: product, name and price per interval. */
export function planLabel(plan: SubscriptionPriceView, t: Messages, locale: string): string {
  return `${plan.product} — ${plan.name} (${t.subscription.price(formatMoney(plan.price, locale), plan.interval, plan.interval_count)})`;
}

/** The inside of the panel's `<form method="dialog">`: a heading `#dialog-title`, fields and buttons. */
export function renderDialogBody(dialog: SubscriptionDialog, c: DialogContext) {
  const { sub, t } = c;
  const s = t.subscription;
  const date = (iso: string | null) => (iso ? formatDate(iso, c.locale) : "");
  const buttons = (submit: string, extra: unknown = nothing, kind = "primary") => html`<div class="actions">
    <button type="submit" class=${kind} ?disabled=${c.busy} aria-busy=${c.busy ? "true" : "false"}>${submit}</button>
    ${extra}
    <button type="button" @click=${c.close}>${t.goBack}</button>
  </div>`;
  const timings = (legend: string, options: readonly Timing[], current: Timing) => html`<fieldset @change=${(e: Event) => c.choose({ when: (e.target as HTMLInputElement).value as Timing })}>
    <legend>${legend}</legend>
    ${options.map((w) => html`<label class="choice"><input type="radio" name="when" value=${w} .checked=${w === current} required /> ${s.timing[w]}</label>`)}
  </fieldset>`;

  switch (dialog.kind) {
    case "cancel": {
      const offer = dialog.declined ? null : sub.retention_offer;
      // The offer comes first (A1); the final confirm appears once it is turned down.
      return html`<h4 id="dialog-title">${s.cancelHeading}</h4>
        ${offer
          ? html`<div class="notice" part="offer">
              <p><strong>${s.offerHeading}</strong></p>
              <p>${offer.name}: ${offer.description}</p>
              <div class="actions">
                <button type="button" class="primary" ?disabled=${c.busy} @click=${(e: Event) => c.acceptOffer(cancelReason((e.target as HTMLButtonElement).form!))}>${s.acceptOffer}</button>
                <button type="button" @click=${c.declineOffer}>${s.cancelAnyway}</button>
              </div>
            </div>`
          : nothing}
        ${timings(s.when, sub.cancellation_timings, dialog.when)}
        <label
          >${s.reasonLabel}
          <select name="reason">
            <option value=""></option>
            ${Object.entries(s.reasons).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
          </select>
        </label>
        <label>${s.comment}<textarea name="comment" rows="3" maxlength="400"></textarea></label>
        ${offer
          ? html`<div class="actions"><button type="button" @click=${c.close}>${t.goBack}</button></div>`
          : html`<p part="outcome">${dialog.when === "now" ? s.endsNow : s.endsAt(date(endOfTerm(sub)))}</p>
              ${buttons(s.confirmCancellation, nothing, "danger solid")}`}`;
    }
    case "change": {
      const preview = dialog.preview;
      if (preview) {
        const money = (amount: number) => formatMoney({ amount, currency: preview.currency }, c.locale);
        return html`<h4 id="dialog-title">${s.changeHeading}</h4>
          <dl part="preview">
            <div><dt>${s.credit}</dt> <dd>−${money(preview.credit)}</dd></div>
            <div><dt>${s.charge}</dt> <dd>${money(preview.charge)}</dd></div>
          </dl>
          <p class="notice" part="net">
            <strong>${preview.net > 0 ? s.chargedNow(money(preview.due_now)) : preview.net < 0 ? s.toBalance(money(preview.credit_to_balance)) : s.nothingNow}</strong>
          </p>
          <p class="meta">${s.nextAmount(money(preview.next_period_amount), date(preview.period_end))}</p>
          ${buttons(s.confirmChange)}`;
      }
      const plans = [sub.plan, ...sub.switch_to];
      const target = plans.find((p) => p.id === dialog.price) ?? sub.plan;
      // A new plan follows the shop's plan-change timing; the same plan with another quantity has its own.
      const options = target.id !== sub.plan.id || sub.quantity_change_timings.length === 0 ? sub.change_timings : sub.quantity_change_timings;
      const now = dialog.when === "now" && sub.status !== "trialing";
      return html`<h4 id="dialog-title">${s.changeHeading}</h4>
        ${sub.actions.includes("change_plan")
          ? html`<label
              >${s.plan}
              <select name="price" @change=${(e: Event) => c.choose({ price: (e.target as HTMLSelectElement).value })}>
                ${plans.map((p) => html`<option value=${p.id} ?selected=${p.id === dialog.price}>${planLabel(p, t, c.locale)}</option>`)}
              </select>
            </label>`
          : nothing}
        ${sub.actions.includes("change_quantity")
          ? html`<label
              >${t.quantity} (${s.quantityRange(target.min_quantity, target.max_quantity)})
              <input type="number" name="quantity" required min=${target.min_quantity} max=${target.max_quantity ?? nothing} .value=${String(sub.quantity)} />
            </label>`
          : nothing}
        ${options.length > 1 ? timings(s.changeWhen, options, dialog.when) : html`<p class="meta">${s.timing[dialog.when]}</p>`}
        ${dialog.when === "end_of_term" && sub.current_period_end ? html`<p class="meta">${s.changeAt(date(sub.current_period_end))}</p>` : nothing}
        ${buttons(now ? s.review : s.confirmChange)}`;
    }
    case "pause": {
      // The shop says when a pause may start (S3): at once, on a date, or either; a resume date is a date too.
      const now = sub.pause_timings.includes("now");
      const dated = sub.pause_timings.includes("scheduled");
      return html`<h4 id="dialog-title">${s.pause}</h4>
        ${dated
          ? html`<label>${now ? s.pauseFrom : s.pauseOn}<input type="date" name="pause_at" min=${now ? isoDay() : isoDay(1)} ?required=${!now} /></label>
              <label>${s.resumeOn}<input type="date" name="resume_at" min=${isoDay(1)} /></label>`
          : html`<p part="outcome">${s.pausesNow}</p>`}
        ${buttons(s.pause)}`;
    }
    case "resume": {
      const now = sub.resume_timings.includes("now");
      return html`<h4 id="dialog-title">${s.resume}</h4>
        ${sub.resume_timings.includes("scheduled")
          ? html`<label>${now ? s.resumeFrom : s.resumeDate}<input type="date" name="at" min=${now ? isoDay() : isoDay(1)} ?required=${!now} /></label>`
          : html`<p part="outcome">${s.resumesNow}</p>`}
        ${buttons(s.resume)}`;
    }
    case "schedule":
      return html`<h4 id="dialog-title">${s.editPause}</h4>
        ${sub.status !== "paused"
          ? html`<label>${s.pausesOn}<input type="date" name="pause_at" min=${isoDay(1)} .value=${sub.pause_at?.slice(0, 10) ?? ""} /></label>`
          : nothing}
        <label>${s.resumesOn}<input type="date" name="resume_at" min=${isoDay(1)} .value=${sub.resume_at?.slice(0, 10) ?? ""} /></label>
        ${buttons(s.save, html`<button type="button" ?disabled=${c.busy} @click=${c.removeSchedule}>${s.removeSchedule}</button>`)}`;
    case "reactivate":
    case "activate":
      return html`<h4 id="dialog-title">${dialog.kind === "reactivate" ? s.reactivateQuestion : s.activateQuestion}</h4>
        ${buttons(s.confirm)}`;
  }
}

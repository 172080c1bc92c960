import { formatMoney, type SubscriptionView } from "@billfront/core";
import { html, nothing } from "lit";
import type { PortalClient } from "../client.ts";
import type { SubscriptionEventMap } from "../events.ts";
import { formatDate } from "../format.ts";
import type { Messages } from "../i18n/messages.ts";
import { badge, toneOf } from "../ui/design.ts";
import { planLabel } from "./subscription-dialogs.ts";

/** What an action call resolves to: the subscription now, and what its event adds. */
export type Outcome<E extends keyof SubscriptionEventMap> = { subscription: SubscriptionView } & SubscriptionEventMap[E];

/** Runs one action of the panel and emits `event`; false when it failed (the panel shows why). */
export type RunAction = <E extends keyof SubscriptionEventMap>(event: E, call: (client: PortalClient) => Promise<Outcome<E>>) => Promise<boolean>;

/** What the summary needs from the panel. */
export interface SummaryContext {
  t: Messages;
  locale: string;
  busy: boolean;
  run: RunAction;
  /** Handles an inline form's submit; the form is reset when `submit` succeeds. */
  submitForm(event: SubmitEvent, submit: (data: FormData) => Promise<boolean>): void;
}

/**
 * The plan card (Stripe's customer portal is the model): product and plan,
 * price per interval, status, next billing date and amount, trial end, and
 * then whatever `extra` the panel puts under it (what is scheduled, the actions).
 */
export function renderSummary(sub: SubscriptionView, c: SummaryContext, extra: unknown = nothing) {
  const { t } = c;
  const s = t.subscription;
  const date = (iso: string) => formatDate(iso, c.locale);
  const live = sub.status === "active" || sub.status === "past_due";
  const price = s.price(formatMoney(sub.plan.price, c.locale), sub.plan.interval, sub.plan.interval_count);
  return html`<div class="card plan" part="summary">
    <div class="spread">
      <div class="plan-title">
        <h5>${sub.plan.product}</h5>
        <p class="meta">${sub.plan.name}</p>
      </div>
      ${badge(s.status[sub.status], toneOf(sub.status))}
    </div>
    <p class="price"><span class="amount">${price}</span>${sub.quantity > 1 ? html` <span class="meta">× ${sub.quantity}</span>` : nothing}</p>
    <dl class="facts">
      <div><dt>${t.quantity}</dt><dd>${sub.quantity}</dd></div>
      ${sub.current_period_start && sub.current_period_end && sub.status !== "cancelled"
        ? html`<div><dt>${s.period}</dt><dd>${date(sub.current_period_start)} – ${date(sub.current_period_end)}</dd></div>`
        : nothing}
      ${live && !sub.cancel_at_period_end && sub.current_period_end ? html`<div><dt>${s.renews}</dt><dd>${date(sub.current_period_end)}</dd></div>` : nothing}
      ${sub.status === "trialing" && sub.trial_ends_at ? html`<div><dt>${s.trialEnds}</dt><dd>${date(sub.trial_ends_at)}</dd></div>` : nothing}
      ${sub.cancelled_at ? html`<div><dt>${s.cancelledOn}</dt><dd>${date(sub.cancelled_at)}</dd></div>` : nothing}
      ${sub.pause_at ? html`<div><dt>${s.pausesOn}</dt><dd>${date(sub.pause_at)}</dd></div>` : nothing}
      ${sub.resume_at ? html`<div><dt>${s.resumesOn}</dt><dd>${date(sub.resume_at)}</dd></div>` : nothing}
      <div><dt>${s.autocharge}</dt><dd>${sub.autocharge ? s.on : s.off}</dd></div>
    </dl>
    ${extra}
  </div>`;
}

/** Add-ons and discounts, each in its own card with its forms (only when there is something to show or do). */
export function renderExtras(sub: SubscriptionView, c: SummaryContext) {
  const s = c.t.subscription;
  return html`${sub.addons.length || (sub.actions.includes("manage_addons") && sub.available_addons.length)
      ? html`<section class="card" part="addons" aria-labelledby="addons-heading"><h5 id="addons-heading">${s.addons}</h5>${renderAddons(sub, c)}</section>`
      : nothing}
    ${sub.coupons.length || sub.actions.includes("apply_coupon")
      ? html`<section class="card" part="coupons" aria-labelledby="coupons-heading"><h5 id="coupons-heading">${s.coupons}</h5>${renderCoupons(sub, c)}</section>`
      : nothing}`;
}

function renderAddons(sub: SubscriptionView, c: SummaryContext) {
  const { t } = c;
  const s = t.subscription;
  const manage = sub.actions.includes("manage_addons");
  const addon = (op: "add" | "update" | "remove", call: (client: PortalClient) => Promise<SubscriptionView>, ids: { priceId?: string; addonId?: string; quantity?: number }) =>
    c.run("billfront-subscription-addon", async (client) => ({ subscription: await call(client), op, priceId: ids.priceId ?? null, addonId: ids.addonId ?? null, quantity: ids.quantity ?? null }));
  return html`<ul class="lines-list">
      ${sub.addons.map((a) => {
        const name = `${a.price.product} — ${a.price.name}`;
        const update = (data: FormData) => {
          const quantity = Number(data.get("quantity"));
          return addon("update", (client) => client.updateSubscriptionAddon(sub.id, a.id, quantity), { addonId: a.id, quantity });
        };
        return html`<li>
          ${manage && a.manageable
            ? html`<form class="inline" @submit=${(e: SubmitEvent) => c.submitForm(e, update)}>
                <span class="addon-name">${name}</span>
                <span class="row">
                  <input type="number" name="quantity" required min=${a.price.min_quantity} max=${a.price.max_quantity ?? nothing} .value=${String(a.quantity)} aria-label=${s.quantityOf(name)} />
                  <button type="submit" ?disabled=${c.busy}>${s.update}</button>
                  <button type="button" class="danger" ?disabled=${c.busy} @click=${() => void addon("remove", (client) => client.removeSubscriptionAddon(sub.id, a.id), { addonId: a.id })}>${s.remove(name)}</button>
                </span>
              </form>`
            : html`<span class="spread"><span>${a.quantity} × ${name}</span><span class="amount">${formatMoney({ amount: a.price.price.amount * a.quantity, currency: a.price.price.currency }, c.locale)}</span></span>`}
        </li>`;
      })}
    </ul>
    ${manage && sub.available_addons.length
      ? html`<form
          class="inline"
          @submit=${(e: SubmitEvent) =>
            c.submitForm(e, (data) => {
              const priceId = String(data.get("price"));
              const quantity = Number(data.get("quantity"));
              return addon("add", (client) => client.addSubscriptionAddon(sub.id, { price: priceId, quantity }), { priceId, quantity });
            })}
        >
          <label class="grow">${s.addAddon}<select name="price">${sub.available_addons.map((p) => html`<option value=${p.id}>${planLabel(p, t, c.locale)}</option>`)}</select></label>
          <label class="qty">${t.quantity}<input type="number" name="quantity" required min="1" value="1" /></label>
          <button type="submit" ?disabled=${c.busy}>${s.add}</button>
        </form>`
      : nothing}`;
}

function renderCoupons(sub: SubscriptionView, c: SummaryContext) {
  const s = c.t.subscription;
  const manage = sub.actions.includes("apply_coupon");
  const coupon = (op: "apply" | "remove", call: (client: PortalClient) => Promise<SubscriptionView>, ids: { code?: string; couponId?: string }) =>
    c.run("billfront-subscription-coupon", async (client) => ({ subscription: await call(client), op, code: ids.code ?? null, couponId: ids.couponId ?? null }));
  return html`<ul class="lines-list">
      ${sub.coupons.map(
        (applied) => html`<li class="spread">
          <span>${applied.name} (${applied.code})</span>
          ${manage
            ? html`<button type="button" ?disabled=${c.busy} @click=${() => void coupon("remove", (client) => client.removeSubscriptionCoupon(sub.id, applied.id), { couponId: applied.id })}>
                ${s.remove(applied.code)}
              </button>`
            : nothing}
        </li>`,
      )}
    </ul>
    ${manage
      ? html`<form
          class="inline"
          @submit=${(e: SubmitEvent) =>
            c.submitForm(e, (data) => {
              const code = String(data.get("code")).trim();
              return coupon("apply", (client) => client.applySubscriptionCoupon(sub.id, code), { code });
            })}
        >
          <label class="grow">${s.couponCode}<input name="code" required maxlength="40" autocomplete="off" /></label>
          <button type="submit" ?disabled=${c.busy}>${s.apply}</button>
        </form>`
      : nothing}`;
}

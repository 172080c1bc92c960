import type { SubscriptionView } from "@billfront/core";
import { html, nothing } from "lit";
import type { PortalClient } from "../client.ts";
import type { SubscriptionEventMap } from "../events.ts";
import { formatDate } from "../format.ts";
import type { Messages } from "../i18n/messages.ts";
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

/** Status, plan, period, what is scheduled, addons and coupons (with their controls, if allowed) and autocharge. */
export function renderSummary(sub: SubscriptionView, c: SummaryContext) {
  const { t } = c;
  const s = t.subscription;
  const date = (iso: string) => formatDate(iso, c.locale);
  const live = sub.status === "active" || sub.status === "past_due";
  return html`<dl part="summary">
    <dt>${t.statusLabel}</dt>
    <dd><span part="status" data-status=${sub.status}>${s.status[sub.status]}</span></dd>
    <dt>${s.plan}</dt>
    <dd>${planLabel(sub.plan, t, c.locale)}</dd>
    <dt>${t.quantity}</dt>
    <dd>${sub.quantity}</dd>
    ${sub.current_period_start && sub.current_period_end && sub.status !== "cancelled"
      ? html`<dt>${s.period}</dt><dd>${date(sub.current_period_start)} – ${date(sub.current_period_end)}</dd>`
      : nothing}
    ${live && !sub.cancel_at_period_end && sub.current_period_end ? html`<dt>${s.renews}</dt><dd>${date(sub.current_period_end)}</dd>` : nothing}
    ${sub.status === "trialing" && sub.trial_ends_at ? html`<dt>${s.trialEnds}</dt><dd>${date(sub.trial_ends_at)}</dd>` : nothing}
    ${sub.cancelled_at ? html`<dt>${s.cancelledOn}</dt><dd>${date(sub.cancelled_at)}</dd>` : nothing}
    ${sub.pause_at ? html`<dt>${s.pausesOn}</dt><dd>${date(sub.pause_at)}</dd>` : nothing}
    ${sub.resume_at ? html`<dt>${s.resumesOn}</dt><dd>${date(sub.resume_at)}</dd>` : nothing}
    ${sub.addons.length || sub.actions.includes("manage_addons") ? html`<dt>${s.addons}</dt><dd>${renderAddons(sub, c)}</dd>` : nothing}
    ${sub.coupons.length || sub.actions.includes("apply_coupon") ? html`<dt>${s.coupons}</dt><dd>${renderCoupons(sub, c)}</dd>` : nothing}
    <dt>${s.autocharge}</dt>
    <dd>${sub.autocharge ? s.on : s.off}</dd>
  </dl>`;
}

function renderAddons(sub: SubscriptionView, c: SummaryContext) {
  const { t } = c;
  const s = t.subscription;
  const manage = sub.actions.includes("manage_addons");
  const addon = (op: "add" | "update" | "remove", call: (client: PortalClient) => Promise<SubscriptionView>, ids: { priceId?: string; addonId?: string; quantity?: number }) =>
    c.run("billfront-subscription-addon", async (client) => ({ subscription: await call(client), op, priceId: ids.priceId ?? null, addonId: ids.addonId ?? null, quantity: ids.quantity ?? null }));
  return html`<ul>
      ${sub.addons.map((a) => {
        const name = `${a.price.product} — ${a.price.name}`;
        const update = (data: FormData) => {
          const quantity = Number(data.get("quantity"));
          return addon("update", (client) => client.updateSubscriptionAddon(sub.id, a.id, quantity), { addonId: a.id, quantity });
        };
        return html`<li>
          ${manage && a.manageable
            ? html`<form class="inline" @submit=${(e: SubmitEvent) => c.submitForm(e, update)}>
                <input type="number" name="quantity" required min=${a.price.min_quantity} max=${a.price.max_quantity ?? nothing} .value=${String(a.quantity)} aria-label=${s.quantityOf(name)} />
                × ${name}
                <button type="submit" ?disabled=${c.busy}>${s.update}</button>
                <button type="button" ?disabled=${c.busy} @click=${() => void addon("remove", (client) => client.removeSubscriptionAddon(sub.id, a.id), { addonId: a.id })}>${s.remove(name)}</button>
              </form>`
            : `${a.quantity} × ${name}`}
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
          <label>${s.addAddon}<select name="price">${sub.available_addons.map((p) => html`<option value=${p.id}>${planLabel(p, t, c.locale)}</option>`)}</select></label>
          <label>${t.quantity}<input type="number" name="quantity" required min="1" value="1" /></label>
          <button type="submit" ?disabled=${c.busy}>${s.add}</button>
        </form>`
      : nothing}`;
}

function renderCoupons(sub: SubscriptionView, c: SummaryContext) {
  const s = c.t.subscription;
  const manage = sub.actions.includes("apply_coupon");
  const coupon = (op: "apply" | "remove", call: (client: PortalClient) => Promise<SubscriptionView>, ids: { code?: string; couponId?: string }) =>
    c.run("billfront-subscription-coupon", async (client) => ({ subscription: await call(client), op, code: ids.code ?? null, couponId: ids.couponId ?? null }));
  return html`<ul>
      ${sub.coupons.map(
        (applied) => html`<li>
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
          <label>${s.couponCode}<input name="code" required maxlength="40" autocomplete="off" /></label>
          <button type="submit" ?disabled=${c.busy}>${s.apply}</button>
        </form>`
      : nothing}`;
}

import { css, html, svg, unsafeCSS, nothing, type TemplateResult } from "lit";
import { designCss } from "@billfront/core/design-css";

/** The design system for an element's shadow root: tokens, theme attribute and shared parts. Put it first in `styles`. */
export const design = css`${unsafeCSS(designCss(":host"))}`;

/** Loading: grey blocks in the shape of what is coming (`rows` cards), announced once to screen readers. */
export function skeleton(label: string, rows = 3): TemplateResult {
  return html`<div class="skeleton" part="loading" role="status" aria-live="polite">
    <span class="sr-only">${label}</span>
    ${Array.from({ length: rows }, () => html`<div class="bone" aria-hidden="true"></div>`)}
  </div>`;
}

/** Nothing to show yet: a calm message, optionally with one action. */
export function emptyState(message: string, action: TemplateResult | typeof nothing = nothing): TemplateResult {
  return html`<div class="state" part="empty"><p>${message}</p>${action}</div>`;
}

/** Loading failed: what happened, and a retry that runs the load again. */
export function errorState(message: string, retryLabel: string, retry: () => void): TemplateResult {
  return html`<div class="state error" role="alert" part="error">
    <p>${message}</p>
    <button type="button" class="primary" @click=${retry}>${retryLabel}</button>
  </div>`;
}

const MARKS: Record<string, (id: string) => TemplateResult> = {
  visa: () => svg`<rect width="40" height="26" rx="4" fill="#1a1f71"/><text x="20" y="17.5" text-anchor="middle" font-family="Arial,sans-serif" font-size="11" font-weight="700" font-style="italic" fill="#fff">VISA</text>`,
  mastercard: () => svg`<rect width="40" height="26" rx="4" fill="#252525"/><circle cx="16" cy="13" r="7" fill="#eb001b"/><circle cx="24" cy="13" r="7" fill="#f79e1b" fill-opacity=".9"/>`,
  amex: () => svg`<rect width="40" height="26" rx="4" fill="#2e77bc"/><text x="20" y="17" text-anchor="middle" font-family="Arial,sans-serif" font-size="9" font-weight="700" fill="#fff">AMEX</text>`,
  discover: () => svg`<rect width="40" height="26" rx="4" fill="#fff" stroke="#d3d8de"/><circle cx="26" cy="13" r="5" fill="#f48120"/><text x="14" y="16" text-anchor="middle" font-family="Arial,sans-serif" font-size="6" font-weight="700" fill="#231f20">DISC</text>`,
};

/** A card brand's mark, decorative (the brand's name is in the text beside it). Unknown brands get a generic card. */
export function brandMark(brand: string): TemplateResult {
  const mark =
    MARKS[brand]?.(brand) ??
    svg`<rect width="40" height="26" rx="4" fill="#5b6470"/><rect x="5" y="7" width="30" height="3" fill="#fff" fill-opacity=".7"/><rect x="5" y="16" width="12" height="3" rx="1" fill="#fff" fill-opacity=".7"/>`;
  return html`<svg class="brand" part="brand" data-brand=${brand} viewBox="0 0 40 26" aria-hidden="true" focusable="false">${mark}</svg>`;
}

/** A status as a coloured badge; `tone` by what the status means to the customer. */
export function badge(label: string, tone: "success" | "danger" | "warning" | "info" | "neutral" = "neutral", part = "status"): TemplateResult {
  return html`<span class="badge" part=${part} data-tone=${tone}>${label}</span>`;
}

/** The tone of an order, subscription, invoice or ticket status. */
export function toneOf(status: string): "success" | "danger" | "warning" | "info" | "neutral" {
  if (["active", "paid", "complete", "completed", "in_progress", "trial", "trialing", "approved", "succeeded", "answered"].includes(status)) return "success";
  if (["past_due", "declined", "failed", "expired", "rejected", "uncollectible", "unpaid"].includes(status)) return "danger";
  if (["pending", "open", "paused", "requested", "awaiting", "due", "processing"].includes(status)) return "warning";
  if (["refunded", "credited", "partially_refunded", "scheduled"].includes(status)) return "info";
  return "neutral";
}

import { css } from "lit";

/**
 * @deprecated Nothing in my-orders uses it any more: elements put `design` from
 * `../ui/design.ts` first in `static styles`, which declares no public token.
 * Kept unchanged, with `myOrdersStyles`, for the elements that still import both
 * (payment methods, helpdesk, account details) until they move to the design sheet:
 * their own styles read `--billfront-*` without fallbacks.
 *
 * Theme defaults, declared once on the outermost Billfront element. The merchant's
 * own rules (`my-orders { --billfront-accent: ... }`) win over `:host`; nested
 * elements must not declare them again or they would hide the merchant's values.
 */
export const themeDefaults = css`
  :host {
    --billfront-font: inherit;
    --billfront-color: #1b1f24;
    --billfront-muted: #5b6470;
    --billfront-surface: #ffffff;
    --billfront-border: #d6dae0;
    --billfront-radius: 0.5rem;
    --billfront-accent: #0b57d0;
    --billfront-danger: #b3261e;
  }
`;

/** @deprecated the pre-design list styles; see `themeDefaults`. */
export const myOrdersStyles = css`
  :host {
    display: block;
    font-family: var(--billfront-font);
    color: var(--billfront-color);
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  li {
    background: var(--billfront-surface);
    border: 1px solid var(--billfront-border);
    border-radius: var(--billfront-radius);
    padding: 0.875rem 1rem;
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0.25rem 1rem;
  }
  h3 {
    margin: 0;
    font-size: 1rem;
  }
  .meta,
  .items {
    color: var(--billfront-muted);
    font-size: 0.875rem;
    margin: 0;
  }
  .items {
    grid-column: 1 / -1;
  }
  .total {
    font-weight: 600;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  [part~="status"] {
    justify-self: start;
    align-self: start;
    font-size: 0.75rem;
    font-weight: 600;
    border-radius: 999px;
    padding: 0.125rem 0.5rem;
    background: #e8eaed;
  }
  [data-status="active"],
  [data-status="paid"],
  [data-status="complete"],
  [data-status="in_progress"],
  [data-status="trial"] {
    background: #d7f0dd;
    color: #0d5323;
  }
  [data-status="past_due"] {
    background: #fde0dc;
    color: #8c1d18;
  }
  .notice {
    background: #eef3fc;
    border-radius: var(--billfront-radius);
    padding: 0.5rem 0.75rem;
    margin-bottom: 0.75rem;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
  }
  .notice button {
    margin: 0;
  }
  [role="alert"] {
    color: var(--billfront-danger);
  }
  button {
    font: inherit;
    margin-top: 0.75rem;
    padding: 0.375rem 0.875rem;
    border-radius: var(--billfront-radius);
    border: 1px solid var(--billfront-accent);
    background: var(--billfront-surface);
    color: var(--billfront-accent);
    cursor: pointer;
  }
  button.link {
    all: unset;
    cursor: pointer;
    color: var(--billfront-accent);
    text-decoration: underline;
    text-underline-offset: 0.2em;
    font-weight: 600;
  }
  [part="back"] {
    margin: 0 0 0.5rem;
  }
  button:focus-visible,
  button.link:focus-visible,
  h3:focus-visible {
    outline: 2px solid var(--billfront-accent);
    outline-offset: 2px;
  }
  button:focus-visible {
    outline: 2px solid var(--billfront-accent);
    outline-offset: 2px;
  }
`;

/** `<my-orders>`: the order list as cards, the pay-all banner and the back button. */
export const orderListStyles = css`
  .orders { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  .order { display: grid; gap: 0.375rem; }
  .order > * + * { margin-top: 0; }
  .order h3 { font-size: 1rem; min-width: 0; flex: 1 1 10rem; }
  .order h3 button.link { font-size: 1rem; font-weight: 700; text-align: start; overflow-wrap: normal; }
  .order .items { color: var(--_bf-text); }
  .order .total { font-size: 1.0625rem; }
  .order .next { font-size: 0.875rem; color: var(--_bf-muted); }
  .pay-all { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; margin-bottom: 0.75rem; }
  [part="back"] { margin: 0 0 0.75rem; }
  .more { margin-top: 0.75rem; }
  .pay-notice { margin-bottom: 0.75rem; }
`;

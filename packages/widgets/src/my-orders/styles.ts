import { css } from "lit";

/**
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

import { css } from "lit";
import { design } from "../ui/design.ts";

/**
 * The design sheet under its old name, for elements that still import it.
 * It declares no public `--billfront-*` token (they inherit from the page);
 * new code puts `design` from `../ui/design.ts` first in `static styles`.
 * @deprecated use `design`
 */
export const themeDefaults = design;

/**
 * The list styles elements outside my-orders still build on (payment methods,
 * helpdesk, account details) until they move to the design sheet's parts. They
 * read the design's private tokens, so a merchant's `--billfront-*` still reaches them.
 * @deprecated use `design` and its parts (`.card`, `.badge`, `button.primary`…)
 */
export const myOrdersStyles = css`
  ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.75rem; }
  li {
    background: var(--_bf-surface); border: 1px solid var(--_bf-border); border-radius: var(--_bf-radius);
    padding: 0.875rem 1rem; display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0.25rem 1rem;
  }
  h3 { margin: 0; font-size: 1rem; }
  .meta, .items { color: var(--_bf-muted); font-size: 0.875rem; margin: 0; }
  .items { grid-column: 1 / -1; }
  .total { font-weight: 600; text-align: end; font-variant-numeric: tabular-nums; }
  [part~="status"]:not(.badge) {
    justify-self: start; align-self: start; font-size: 0.75rem; font-weight: 600;
    border-radius: 999px; padding: 0.125rem 0.5rem; background: var(--_bf-subtle);
  }
  .notice { margin-bottom: 0.75rem; display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; }
  [part="back"] { margin: 0 0 0.5rem; }
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

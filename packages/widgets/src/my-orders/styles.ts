import { css } from "lit";

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

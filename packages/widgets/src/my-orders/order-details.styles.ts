import { css } from "lit";

/** The order details: summary card, lines, totals, the billing history list and the request dialog. Read after `design`. */
export const orderDetailsStyles = css`
  .details h4 { font-size: 1rem; }
  .summary .amount.big { font-size: 1.5rem; font-weight: 700; }
  .summary h3 { font-size: 1.125rem; }
  .summary .actions { margin-top: 1rem; }
  .card > h4 + * { margin-top: 0.5rem; }

  .lines .item { overflow-wrap: anywhere; }
  .lines tfoot th, .lines tfoot td { border-bottom: 0; padding-top: 0.25rem; padding-bottom: 0.25rem; font-weight: 400; color: var(--_bf-text); }
  .lines tfoot tr:first-child th, .lines tfoot tr:first-child td { padding-top: 0.75rem; }
  .lines tfoot .grand th, .lines tfoot .grand td { font-weight: 700; font-size: 1rem; }
  .lines tfoot .grand:not(:first-child) th, .lines tfoot .grand:not(:first-child) td { border-top: 1px solid var(--_bf-border); padding-top: 0.5rem; }
  /* Stacked, a total row is one line: its label (data-label) and its amount, right-aligned like the rest. */
  @container billfront (max-width: 34rem) {
    .lines tfoot th[scope="row"] { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .lines tfoot tr { border-bottom: 0; padding: 0.125rem 0; }
    .lines tbody td.item { font-weight: 600; }
    .lines tbody td.item::before { display: none; }
    .lines tbody td.item { justify-content: flex-start; text-align: start; }
  }

  /* Totals: term on the left, amount on the right, one line each. */
  .sum { display: grid; gap: 0.375rem; margin: 0; }
  .sum > div { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.125rem 1rem; }
  .sum dt { color: var(--_bf-muted); }
  .sum dd { margin: 0; margin-inline-start: auto; text-align: end; font-variant-numeric: tabular-nums; font-weight: 600; min-width: 0; }

  .history { list-style: none; margin: 0; padding: 0; }
  .history .entry { display: grid; gap: 0.25rem; padding: 0.75rem 0; border-bottom: 1px solid var(--_bf-border); }
  .history .entry:first-child { padding-top: 0.25rem; }
  .history .entry:last-child { border-bottom: 0; padding-bottom: 0; }
  .history .what { font-weight: 600; }
  .history .docs { margin-top: 0.25rem; gap: 0.25rem 1rem; }
  .history .docs button.link { margin: 0; }
  /* The invoice a pay link is about (A5). */
  .history .entry.target { background: var(--_bf-warning-bg); margin: 0 calc(var(--_bf-space) * -0.5); padding-inline: calc(var(--_bf-space) * 0.5); border-radius: var(--_bf-radius); }
  textarea { resize: vertical; }
`;

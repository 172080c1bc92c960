import { css } from "lit";

/** The subscription panel: the plan card, its actions, the add-on and discount cards and the dialog's fields. Read after `design`. */
export const subscriptionPanelStyles = css`
  :host { margin-top: 0; }
  h4 { font-size: 1rem; }
  h5 { margin: 0; font-size: 1rem; line-height: 1.3; }
  .plan .plan-title { display: grid; gap: 0.125rem; min-width: 0; }
  .plan .plan-title h5 { font-size: 1.0625rem; }
  .plan .price .amount { font-size: 1.25rem; font-weight: 700; white-space: normal; }
  .facts { display: grid; gap: 0.375rem; margin: 0; }
  .facts > div { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.125rem 1rem; }
  .facts dt { color: var(--_bf-muted); }
  .facts dd { margin: 0; margin-inline-start: auto; text-align: end; font-variant-numeric: tabular-nums; min-width: 0; }
  .plan-actions { display: grid; gap: 0.5rem; padding-top: 0.75rem; border-top: 1px solid var(--_bf-border); }
  .plan-actions .actions:empty { display: none; }
  .notice.spread { align-items: center; }
  .lines-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .lines-list > li { min-width: 0; }
  form.inline { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem; }
  form.inline .grow { flex: 1 1 12rem; }
  form.inline .qty { flex: 0 0 6rem; }
  .addon-name { flex: 1 1 100%; min-width: 0; }
  input[type="number"] { width: 6rem; }
  dialog form { display: grid; gap: 0.875rem; }
  dialog .notice p + p, dialog .notice .actions { margin-top: 0.5rem; }
  dialog dl { display: grid; gap: 0.375rem; margin: 0; }
  dialog dl > div { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
  dialog dd { margin: 0; margin-inline-start: auto; font-variant-numeric: tabular-nums; font-weight: 600; }
  dialog dt { color: var(--_bf-muted); }
  textarea { resize: vertical; }
`;

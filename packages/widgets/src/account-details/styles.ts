import { css } from "lit";

/** What the account details add to the design system: the field list, the edit form and the e-mail confirmation step. */
export const accountStyles = css`
  :host > * + * {
    margin-top: var(--_bf-space);
  }
  [part="notice"]:empty {
    display: none;
  }
  [part="notice"]:focus {
    outline: 2px solid currentColor;
    outline-offset: 2px;
  }
  .notice.danger {
    background: var(--_bf-danger-bg);
    color: var(--_bf-danger);
  }
  h4 {
    font-size: 1rem;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(0, 12rem) minmax(0, 1fr);
    gap: 0.625rem 1rem;
    margin: 0;
  }
  dt {
    color: var(--_bf-muted);
  }
  dd {
    margin: 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  form {
    display: grid;
    gap: 0.875rem;
    max-width: 40rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-width: 0;
  }
  label,
  .label {
    font-weight: 600;
  }
  /* The required marker stays beside its label's text. */
  .field > label {
    display: block;
  }
  .value {
    overflow-wrap: anywhere;
  }
  .required {
    color: var(--_bf-danger);
    margin-inline-start: 0.125rem;
  }
  .field-error {
    color: var(--_bf-danger);
    font-size: 0.875rem;
  }
  fieldset {
    border: 1px solid var(--_bf-border);
    border-radius: var(--_bf-radius);
    padding: 0.5rem 0.875rem 0.875rem;
    gap: 0.75rem;
  }
  legend {
    padding: 0 0.25rem;
  }
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
    gap: 0.75rem;
  }
  [part="email-confirm"] {
    background: var(--_bf-info-bg);
    border-color: transparent;
  }
  [part="email-confirm"] p {
    overflow-wrap: anywhere;
  }
  [part="email-confirm"] input {
    max-width: 10rem;
    letter-spacing: 0.2em;
    font-variant-numeric: tabular-nums;
  }
  @container billfront (max-width: 30rem) {
    dl {
      grid-template-columns: minmax(0, 1fr);
      gap: 0.125rem;
    }
    dd {
      margin-bottom: 0.5rem;
    }
  }
`;

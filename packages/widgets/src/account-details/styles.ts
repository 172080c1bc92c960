import { css } from "lit";

/** The field list, the edit form and the e-mail confirmation step. */
export const accountStyles = css`
  :host {
    container-type: inline-size;
  }
  h3 {
    margin: 0 0 0.75rem;
  }
  h4 {
    margin: 0 0 0.25rem;
    font-size: 1rem;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(0, 12rem) minmax(0, 1fr);
    gap: 0.5rem 1rem;
    margin: 0;
  }
  dt {
    font-weight: 600;
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
  form p {
    margin: 0;
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
  .value {
    overflow-wrap: anywhere;
  }
  .required {
    color: var(--billfront-danger);
    margin-inline-start: 0.125rem;
  }
  input,
  select {
    font: inherit;
    color: inherit;
    background: var(--billfront-surface);
    width: 100%;
    box-sizing: border-box;
    min-height: 2.5rem;
    padding: 0.375rem 0.5rem;
    border: 1px solid #8a939e;
    border-radius: 0.375rem;
  }
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--billfront-accent);
    outline-offset: 1px;
  }
  [aria-invalid="true"] {
    border: 2px solid var(--billfront-danger);
  }
  .field-error {
    color: var(--billfront-danger);
    font-size: 0.875rem;
  }
  fieldset {
    border: 1px solid var(--billfront-border);
    border-radius: var(--billfront-radius);
    margin: 0;
    padding: 0.5rem 0.875rem 0.875rem;
    display: grid;
    gap: 0.75rem;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .pair {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
    gap: 0.75rem;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .row button {
    margin: 0;
  }
  button[type="submit"] {
    background: var(--billfront-accent);
    color: #ffffff;
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
  [part="email-confirm"] {
    background: #eef3fc;
    border-radius: var(--billfront-radius);
    padding: 0.75rem 1rem;
    margin-bottom: 1rem;
  }
  [part="email-confirm"] p {
    margin: 0 0 0.5rem;
    overflow-wrap: anywhere;
  }
  [part="email-confirm"] input {
    max-width: 10rem;
    letter-spacing: 0.2em;
    font-variant-numeric: tabular-nums;
  }
  [part="notice"]:empty {
    display: none;
  }
  [part="notice"] {
    margin: 0 0 0.75rem;
  }
  @container (max-width: 30rem) {
    dl {
      grid-template-columns: minmax(0, 1fr);
      gap: 0.125rem;
    }
    dd {
      margin-bottom: 0.5rem;
    }
  }
`;

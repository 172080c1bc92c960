import { css } from "lit";

/** The subscription panel: its frame, compact lists, inline forms and dialog fields. */
export const subscriptionPanelStyles = css`
  :host {
    margin-top: 1.25rem;
  }
  section {
    border: 1px solid var(--billfront-border);
    border-radius: var(--billfront-radius);
    padding: 0 1rem 1rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.375rem;
  }
  li {
    display: block;
    border: 0;
    padding: 0;
    background: none;
  }
  form {
    display: grid;
    gap: 0.625rem;
  }
  form.inline {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.375rem 0.5rem;
    margin-top: 0.375rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  label.choice {
    display: flex;
    align-items: center;
    gap: 0.5rem;
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25rem;
  }
  legend {
    padding: 0;
    margin-bottom: 0.25rem;
  }
  input,
  select {
    font: inherit;
    padding: 0.25rem 0.375rem;
    border: 1px solid var(--billfront-border);
    border-radius: 0.375rem;
  }
  input[type="number"] {
    width: 5rem;
  }
  /* A long plan or addon name must not push the panel wider than a 360 px screen. */
  [part="summary"] {
    grid-template-columns: max-content minmax(0, 1fr);
  }
  [part="summary"] dd,
  form.inline label {
    min-width: 0;
    max-width: 100%;
    grid-template-columns: minmax(0, 1fr);
  }
  select,
  input {
    min-width: 0;
    max-width: 100%;
  }
  input[type="radio"] {
    margin: 0;
  }
  form button,
  .notice button {
    margin: 0;
  }
  [part="actions"] {
    margin-top: 0.75rem;
  }
  .notice {
    margin: 0.75rem 0 0;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  h4:focus-visible {
    outline: 2px solid var(--billfront-accent);
    outline-offset: 2px;
  }
  [data-status="trialing"] {
    background: #d7f0dd;
    color: #0d5323;
  }
`;

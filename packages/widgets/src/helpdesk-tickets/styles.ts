import { css } from "lit";

export const helpdeskStyles = css`
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  form {
    display: grid;
    gap: 0.625rem;
    max-width: 36rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  /* A narrow phone: fields (a file input's "Choose files" text included) shrink to the form instead of widening it. */
  form > *,
  label > * {
    min-width: 0;
  }
  input,
  select,
  textarea {
    box-sizing: border-box;
    max-width: 100%;
    font: inherit;
    padding: 0.375rem;
    border: 1px solid var(--billfront-border);
    border-radius: 0.375rem;
  }
  .message {
    border-left: 3px solid var(--billfront-border);
    padding: 0.25rem 0.75rem;
    margin: 0 0 0.75rem;
  }
  .message[data-author="staff"] {
    border-left-color: var(--billfront-accent);
  }
  .message p {
    white-space: pre-wrap;
    margin: 0.25rem 0 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .row button {
    margin: 0;
  }
`;

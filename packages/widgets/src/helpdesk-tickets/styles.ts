import { css } from "lit";

/** What the helpdesk adds to the design system: the ticket cards, the conversation thread and the purchase dialog. */
export const helpdeskStyles = css`
  .layout {
    display: grid;
    gap: var(--_bf-space);
  }
  /* Links and small buttons keep their own width in the grid instead of stretching across it. */
  .layout > button,
  [part="back"] {
    justify-self: start;
    margin: 0;
  }
  ol.tickets,
  ul.packages,
  ul.attachments {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .ticket h3 {
    font-size: 1rem;
  }
  .ticket h3 button.link {
    font-size: inherit;
    text-align: start;
    color: var(--_bf-text);
  }
  .ticket .spread,
  .package .spread {
    align-items: center;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
  }
  .toolbar h3 {
    font-size: 1.0625rem;
  }

  /* Help sections (tickets / billing) as a segmented control that wraps. */
  nav.sections {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.25rem;
    border-radius: var(--_bf-radius);
    background: var(--_bf-subtle);
    width: fit-content;
    max-width: 100%;
  }
  nav.sections button {
    border-color: transparent;
    background: transparent;
  }
  nav.sections button[aria-current="page"] {
    background: var(--_bf-surface);
    border-color: var(--_bf-border);
    box-shadow: var(--_bf-shadow);
  }

  .incident-balance {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem 1rem;
  }
  .incident-balance > * + * {
    margin-top: 0;
  }
  .incident-balance .count {
    font-size: 1.25rem;
    font-weight: 700;
  }

  form.card {
    display: grid;
    gap: 0.875rem;
    max-width: 40rem;
  }
  form.card > * + * {
    margin-top: 0;
  }
  textarea {
    resize: vertical;
  }
  input[type="file"] {
    padding: 0.375rem;
  }

  /* The conversation: the customer's messages on one side, the shop's on the other, each a bubble. */
  .thread {
    display: grid;
    gap: 0.75rem;
  }
  .message {
    display: grid;
    gap: 0.25rem;
    max-width: min(100%, 40rem);
    padding: 0.625rem 0.875rem;
    border-radius: var(--_bf-radius);
    border: 1px solid var(--_bf-border);
    background: var(--_bf-surface);
  }
  .message[data-author="customer"] {
    justify-self: end;
    background: var(--_bf-info-bg);
    border-color: transparent;
  }
  .message[data-author="staff"] {
    justify-self: start;
    background: var(--_bf-subtle);
    border-inline-start: 3px solid var(--_bf-accent);
  }
  .message header {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
    align-items: baseline;
  }
  .message .body {
    white-space: pre-wrap;
  }
  .message:focus-visible {
    outline-offset: 3px;
  }
  ul.attachments {
    gap: 0.125rem;
  }
  ul.attachments button.link {
    gap: 0.25rem;
    margin: 0;
    text-align: start;
  }
  ul.attachments svg {
    width: 1rem;
    height: 1rem;
    flex: none;
  }

  .package .amount {
    font-size: 1.0625rem;
  }
  dialog dl {
    display: grid;
    grid-template-columns: minmax(0, auto) minmax(0, 1fr);
    gap: 0.375rem 1rem;
    margin: 0;
  }
  dialog dt {
    color: var(--_bf-muted);
  }
  dialog dd {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  dialog .stack {
    gap: 1rem;
  }
  [part="notice"],
  [part="error"].notice {
    margin: 0;
  }
  .notice.danger {
    background: var(--_bf-danger-bg);
    color: var(--_bf-danger);
  }
  .notice:focus {
    outline: 2px solid currentColor;
    outline-offset: 2px;
  }
`;

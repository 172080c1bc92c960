import { css } from "lit";

/** The card list, the account credit and the card form frame, on top of the design sheet. */
export const paymentMethodsStyles = css`
  .methods {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.75rem;
  }
  .method {
    display: grid;
    gap: 0.5rem;
  }
  /* The grid spaces the card's lines; the design's card margins would double it. */
  .method > * + * {
    margin-top: 0;
  }
  .method > .actions,
  .method > .confirm,
  .method > .assign-form {
    margin-top: 0.375rem;
  }
  .method:focus-visible {
    outline: 2px solid var(--_bf-accent);
    outline-offset: 2px;
  }
  .method .card-name {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.625rem;
    min-width: 0;
  }
  .method .card-name strong {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.01em;
  }
  .method .uses {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .confirm {
    display: grid;
    gap: 0.625rem;
  }
  .confirm .lead {
    font-weight: 600;
  }
  .assign-form {
    display: grid;
    gap: 0.625rem;
    max-width: 24rem;
  }
  header.spread {
    align-items: center;
  }
  .credit .amount {
    font-size: 1.5rem;
    line-height: 1.2;
  }
  .top-up {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  .top-up label {
    flex: 1 1 10rem;
    max-width: 16rem;
  }
  iframe {
    border: 0;
    width: 100%;
    height: 19rem;
    display: block;
  }
  [part="status"] .notice:focus {
    outline: none;
  }
  [part="status"] .notice:focus-visible {
    outline: 2px solid var(--_bf-accent);
    outline-offset: 2px;
  }
`;

import { css } from "lit";

/** The card list, the account credit and the card form frame. */
export const paymentMethodsStyles = css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.75rem;
      }
      li {
        grid-template-columns: 1fr;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      .row button,
      .row select {
        margin: 0;
      }
      select {
        font: inherit;
        padding: 0.25rem;
      }
      iframe {
        border: 0;
        width: 100%;
        min-height: 16rem;
        display: block;
      }
      .badge {
        font-size: 0.75rem;
        font-weight: 600;
        border-radius: 999px;
        padding: 0.125rem 0.5rem;
        background: #e8eaed;
      }
      .badge.expired {
        background: #fde0dc;
        color: #8c1d18;
      }
    `;

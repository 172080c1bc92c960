import { css } from "lit";

/** Tables, totals and the confirm dialog of the order details view. */
export const orderDetailsStyles = css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.875rem;
      }
      caption,
      h4 {
        text-align: start;
        font-weight: 600;
        font-size: 1rem;
        margin: 1.25rem 0 0.5rem;
      }
      th,
      td {
        text-align: start;
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid var(--billfront-border);
        vertical-align: top;
      }
      .num {
        text-align: end;
        font-variant-numeric: tabular-nums;
        white-space: nowrap;
      }
      dl {
        display: grid;
        /* A long term wraps rather than squeezing its value into a sliver on a phone. */
        grid-template-columns: fit-content(40%) minmax(0, 1fr);
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        color: var(--billfront-muted);
      }
      dd {
        margin: 0;
        font-variant-numeric: tabular-nums;
      }
      .docs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem;
      }
      .docs button,
      td button {
        margin: 0;
        padding: 0.125rem 0.5rem;
        font-size: 0.8125rem;
      }
      dialog {
        border: 1px solid var(--billfront-border);
        border-radius: var(--billfront-radius);
        max-width: 28rem;
      }
      textarea,
      dialog input {
        font: inherit;
        width: 100%;
        box-sizing: border-box;
      }
      /* Choices keep their own size beside their label (a full-width radio was an ellipse at 360 px). */
      dialog input[type="radio"],
      dialog input[type="checkbox"] {
        width: auto;
        margin: 0;
        flex: none;
      }
      dialog input {
        padding: 0.375rem 0.5rem;
        margin: 0.25rem 0 0.75rem;
        border: 1px solid var(--billfront-muted);
        border-radius: var(--billfront-radius);
      }
      dialog input[aria-invalid="true"] {
        border-color: #b3261e;
      }
      .notice {
        background: #eef3fc;
        border-radius: var(--billfront-radius);
        padding: 0.5rem 0.75rem;
      }
      /* The invoice a pay link is about (A5). */
      tr.target {
        background: #fdf6dd;
      }
    `;

import { formatMoney, type DocumentRef, type HistoryRow, type OrderDetailsView } from "@billfront/core";
import { html, nothing } from "lit";
import { formatDate } from "../format.ts";
import type { Messages } from "../i18n/messages.ts";
import { badge, toneOf } from "../ui/design.ts";

/** What a history entry can ask its owner to do. */
export interface HistoryTableHandlers {
  t: Messages;
  locale: string;
  /** The invoice being paid right now, if any. */
  paying: string | undefined;
  /** Declined payments whose reason is shown. */
  openDeclines: ReadonlySet<string>;
  download(doc: DocumentRef): void;
  forward(doc: DocumentRef): void;
  pay(row: HistoryRow): void;
  requestRefund(row: HistoryRow, event: Event): void;
  toggleDecline(row: HistoryRow): void;
}

/**
 * The billing history of one order (O3) as a list, newest first: one entry per
 * payment, refund, open invoice, credit or skipped payment — what it was, when,
 * how much, its status — with the documents and actions that entry allows.
 * A list rather than a wide table, so it reads the same on a phone.
 */
export function renderHistoryList(order: OrderDetailsView, h: HistoryTableHandlers) {
  return html`<ul part="history" class="history" aria-labelledby="history-heading">
    ${order.history.map((row) => renderEntry(order, row, h))}
  </ul>`;
}

function renderEntry(order: OrderDetailsView, row: HistoryRow, h: HistoryTableHandlers) {
  const { t } = h;
  const money = formatMoney(row.amount, h.locale);
  const open = h.openDeclines.has(row.id);
  const reason = t.declineReasons[row.decline_code ?? ""] ?? t.declineReasons.default;
  const pay = row.payable && order.actions.includes("pay");
  const refund = row.refundable && order.actions.includes("request_refund");
  const hasControls = row.documents.length > 0 || pay || refund || row.decline_code;
  return html`<li class="entry" data-row-id=${row.id} data-row-type=${row.type} data-row-status=${row.status}>
    <div class="spread">
      <span class="what">${t.rowType[row.type] ?? row.type}</span>
      <span class="amount">${row.type === "refund" ? "−" : ""}${money}</span>
    </div>
    <div class="spread">
      <span class="meta">${formatDate(row.occurred_at, h.locale)}</span>
      ${badge(t.rowStatus[row.status] ?? row.status, toneOf(row.status), "row-status")}
    </div>
    ${row.refund_requested ? html`<p class="meta">${t.refundRequested}</p>` : nothing}
    ${row.comment ? html`<p class="meta comment" part="history-comment"><strong>${t.shopComment}:</strong> ${row.comment}</p>` : nothing}
    ${hasControls
      ? html`<div class="actions docs">
          ${row.documents.map(
            (doc) => html`<button type="button" class="link" part="download" aria-label=${t.download(t.documentKind[doc.kind], doc.number)} @click=${() => h.download(doc)}>
                ${t.documentKind[doc.kind]} ${doc.number}
              </button>
              ${order.document_actions.includes("forward")
                ? html`<button type="button" class="link" part="forward" data-document-id=${doc.id} aria-label=${t.forward.label(t.documentKind[doc.kind], doc.number)} @click=${() => h.forward(doc)}>
                    ${t.forward.button}
                  </button>`
                : nothing}`,
          )}
          ${row.decline_code
            ? html`<button type="button" class="link" aria-expanded=${open ? "true" : "false"} aria-controls="decline-${row.id}" @click=${() => h.toggleDecline(row)}>${t.details}</button>`
            : nothing}
          ${pay
            ? html`<button type="button" class="primary" part="pay" ?disabled=${h.paying === row.id} aria-busy=${h.paying === row.id ? "true" : "false"} @click=${() => h.pay(row)}>
                ${h.paying === row.id ? t.paying : t.payNow(money)}
              </button>`
            : nothing}
          ${refund ? html`<button type="button" part="request-refund" @click=${(e: Event) => h.requestRefund(row, e)}>${t.requestRefund}</button>` : nothing}
        </div>`
      : nothing}
    ${row.decline_code ? html`<p id="decline-${row.id}" class="meta decline" ?hidden=${!open}>${t.declinedBecause(reason)}</p>` : nothing}
  </li>`;
}

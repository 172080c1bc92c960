import { formatMoney, type DocumentRef, type HistoryRow, type OrderDetailsView } from "@billfront/core";
import { html, nothing } from "lit";
import { formatDate } from "../format.ts";
import type { Messages } from "../i18n/messages.ts";

/** What a history row can ask its owner to do. */
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
  requestRefund(row: HistoryRow): void;
  toggleDecline(row: HistoryRow): void;
}

/**
 * The billing history of one order (O3): one row per payment, refund, open
 * invoice or skipped payment, with the documents and actions that row allows.
 */
export function renderHistoryTable(order: OrderDetailsView, h: HistoryTableHandlers) {
  const { t } = h;
  return html`
    <div class="scroll">
      <table part="history" aria-labelledby="history-heading">
        <thead>
          <tr>
            <th scope="col">${t.date}</th>
            <th scope="col">${t.description}</th>
            <th scope="col">${t.statusLabel}</th>
            <th scope="col" class="num">${t.amount}</th>
            <th scope="col">${t.documents}</th>
          </tr>
        </thead>
        <tbody>
          ${order.history.map((row) => renderRow(order, row, h))}
        </tbody>
      </table>
    </div>
  `;
}

function renderRow(order: OrderDetailsView, row: HistoryRow, h: HistoryTableHandlers) {
  const { t } = h;
  const money = formatMoney(row.amount, h.locale);
  const open = h.openDeclines.has(row.id);
  const reason = t.declineReasons[row.decline_code ?? ""] ?? t.declineReasons.default;
  return html`
    <tr data-row-id=${row.id} data-row-type=${row.type} data-row-status=${row.status}>
      <td>${formatDate(row.occurred_at, h.locale)}</td>
      <td>${t.rowType[row.type] ?? row.type}</td>
      <td>${t.rowStatus[row.status] ?? row.status}</td>
      <td class="num">${money}</td>
      <td>
        <div class="docs">
          ${row.documents.map(
            (doc) => html`<button type="button" part="download" aria-label=${t.download(t.documentKind[doc.kind], doc.number)} @click=${() => h.download(doc)}>
                ${t.documentKind[doc.kind]} ${doc.number}
              </button>
              ${order.document_actions.includes("forward")
                ? html`<button type="button" part="forward" data-document-id=${doc.id} aria-label=${t.forward.label(t.documentKind[doc.kind], doc.number)} @click=${() => h.forward(doc)}>
                    ${t.forward.button}
                  </button>`
                : nothing}`,
          )}
          ${row.payable && order.actions.includes("pay")
            ? html`<button type="button" part="pay" ?disabled=${h.paying === row.id} @click=${() => h.pay(row)}>
                ${h.paying === row.id ? t.paying : t.payNow(money)}
              </button>`
            : nothing}
          ${row.refundable && order.actions.includes("request_refund")
            ? html`<button type="button" part="request-refund" @click=${() => h.requestRefund(row)}>${t.requestRefund}</button>`
            : nothing}
          ${row.refund_requested ? html`<span class="meta">${t.refundRequested}</span>` : nothing}
          ${row.decline_code
            ? html`<button type="button" aria-expanded=${open ? "true" : "false"} aria-controls="decline-${row.id}" @click=${() => h.toggleDecline(row)}>
                ${t.details}
              </button>`
            : nothing}
        </div>
        ${row.decline_code ? html`<p id="decline-${row.id}" class="meta" ?hidden=${!open}>${t.declinedBecause(reason)}</p>` : nothing}
      </td>
    </tr>
  `;
}

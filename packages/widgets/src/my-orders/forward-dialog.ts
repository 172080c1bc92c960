import type { DocumentRef } from "@billfront/core";
import { html, nothing } from "lit";
import type { Messages } from "../i18n/messages.ts";

/** The forward dialog's state while it is open. */
export interface ForwardState {
  doc: DocumentRef;
  busy: boolean;
  /** Why the last try failed, shown in the dialog (which stays open to correct the address). */
  error: string;
}

/**
 * A small modal to e-mail one document to another address: one labelled e-mail
 * field, Send and Go back. Escape closes it (the native dialog's cancel), and
 * focus returns to the Forward button that opened it.
 */
export function renderForwardDialog(state: ForwardState | undefined, t: Messages, h: { submit(event: SubmitEvent): void; close(): void }) {
  if (!state) return nothing;
  const kind = t.documentKind[state.doc.kind];
  return html`<dialog part="dialog forward-dialog" class="forward" aria-labelledby="forward-title" aria-describedby="forward-intro" @close=${h.close}>
    <form method="dialog" @submit=${h.submit} novalidate>
      <h4 id="forward-title">${t.forward.title(kind, state.doc.number)}</h4>
      <p id="forward-intro" class="meta">${t.forward.intro}</p>
      <label for="forward-to">${t.forward.email}</label>
      <input
        id="forward-to"
        name="to"
        type="email"
        inputmode="email"
        autocomplete="email"
        required
        maxlength="254"
        autofocus
        aria-invalid=${state.error ? "true" : "false"}
        aria-describedby=${state.error ? "forward-error" : nothing}
      />
      ${state.error ? html`<p id="forward-error" role="alert" part="error">${state.error}</p>` : nothing}
      <div class="actions">
        <button type="submit" class="primary" value="send" ?disabled=${state.busy} aria-busy=${state.busy ? "true" : "false"}>${state.busy ? t.forward.sending : t.forward.send}</button>
        <button type="button" @click=${h.close}>${t.goBack}</button>
      </div>
    </form>
  </dialog>`;
}

import { Task } from "@lit/task";
import { formatMoney, type Money, type PaymentMethodView, type PricePointView, type ProductView, type TicketSummaryView, type TicketView } from "@billfront/core";
import { html, nothing, svg, type TemplateResult } from "lit";
import { PortalElement } from "../portal-element.ts";
import { toUploads, type HelpdeskOverview } from "../client.ts";
import { saveFile } from "../download.ts";
import { errorMessage } from "../errors.ts";
import { formatDate } from "../format.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { badge, brandMark, design, emptyState, errorState, skeleton, toneOf } from "../ui/design.ts";
import { helpdeskStyles } from "./styles.ts";

/** Detail of the `billfront-ticket-*` events. */
export interface TicketEventDetail {
  ticketId: string;
  subject: string;
}

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,application/pdf";

type View = { name: "list" } | { name: "new" } | { name: "ticket"; id: string } | { name: "billing" } | { name: "buy" };

/** Detail of `billfront-incidents-purchase`: an incident package was bought (or the card declined). */
export interface IncidentsPurchaseDetail {
  orderId: string;
  priceId: string;
  status: "approved" | "pending" | "declined" | "authorized";
  available: number;
}

/** A package the customer chose to buy, waiting for their confirmation (H4). */
interface Intended {
  product: ProductView;
  price: PricePointView;
}

type BuyData = { packages: ProductView[]; cards: PaymentMethodView[]; credit: Money[] };

/**
 * The customer's support tickets (H1): list, open a new one in a department,
 * read the conversation, reply, close and reopen. A deep link with flow
 * `open_ticket` (A5) opens with the new-ticket form. Shows the incident balance
 * when the shop has paid departments, and sells incident packages (H4) after a
 * confirmation that names the package, the amount and the card to be charged.
 *
 * @fires billfront-ticket-open - the customer opened a ticket (cancelable); detail `{ ticketId, subject }`
 * @fires billfront-ticket-create - a new ticket was sent
 * @fires billfront-ticket-reply - a reply was sent
 * @fires billfront-ticket-close - the ticket was closed
 * @fires billfront-ticket-reopen - the ticket was reopened
 * @fires billfront-incidents-buy - out of incidents for a paid department (cancelable: the page may sell them its own way, else the widget lists the shop's incident packages); detail `{ departmentId }`
 * @fires billfront-incidents-purchase - an incident package was bought; detail `{ orderId, priceId, status, available }`
 * @fires billfront-error - detail `{ code, status, message }`
 * @csspart list - the list of tickets
 * @csspart ticket - one ticket in the list (a card)
 * @csspart status - a ticket's status badge
 * @csspart incident-balance - the card with the customer's support incidents
 * @csspart balance-buy - its "Buy incidents" button
 * @csspart buy-incidents - "Buy incidents" in the new-ticket form, when a paid department is out of incidents
 * @csspart conversation - the messages of the open ticket
 * @csspart message - one message of the conversation (`data-author` is `customer` or `staff`)
 * @csspart attachment - a file attached to a message
 * @csspart form - the new-ticket and reply forms
 * @csspart packages - the incident packages on sale
 * @csspart package - one package price (a card)
 * @csspart confirm - the dialog that confirms a purchase: package, amount and card
 * @csspart confirm-buy - its pay button
 * @csspart notice - what the last action did
 * @csspart error - why the last action failed
 * @tagname helpdesk-tickets
 */
export class HelpdeskTickets extends PortalElement {
  static override styles = [design, helpdeskStyles];

  #view: View = { name: "list" };
  #error = "";
  /** A confirmation shown above the current view, e.g. after buying incidents. */
  #notice = "";
  #sending = false;
  /** One idempotency key per intended purchase or new ticket until it has a definite answer: a retry cannot pay (or take an incident) twice. */
  #intents = new IntentKeys();
  /** The department chosen in the new-ticket form, to show its cost (H3). */
  #department: string | undefined;
  /** H2: the merchant shows the customer's orders beside the tickets. */
  #billingSection = false;
  /** The open_ticket deep link opens the form once. */
  #linked = false;
  /** Where "back" from the packages goes: the view that offered them. */
  #buyFrom: "list" | "new" = "new";
  /** The package waiting for the customer's confirmation (its dialog is open). */
  #intended: Intended | undefined;
  /**
   * What the current view showed last: kept on screen while the same view reloads
   * (after a reply, a close), so the controls in use stay where they are and keep focus.
   */
  #shown: TemplateResult | undefined;
  /** A confirmed purchase is closing the dialog: focus goes to its outcome, not back to Buy. */
  #purchasing = false;

  #data = new Task(this, {
    task: async ([client, view], { signal }) => {
      if (!client) return undefined;
      if (view.name === "ticket") return { kind: "ticket" as const, ticket: await client.getTicket(view.id, signal) };
      if (view.name === "new") return { kind: "new" as const, helpdesk: await client.getHelpdesk(signal) };
      if (view.name === "buy") {
        const [packages, cards, credit] = await Promise.all([client.listIncidentPackages(signal), client.listPaymentMethods(signal), client.getBalances(signal)]);
        return { kind: "buy" as const, buy: { packages, cards, credit } };
      }
      const [tickets, helpdesk] = await Promise.all([client.listTickets(signal), client.getHelpdesk(signal)]);
      this.#billingSection = helpdesk.billing_section;
      return { kind: view.name === "billing" ? ("billing" as const) : ("list" as const), tickets, helpdesk };
    },
    args: () => [this.connection.client, this.#view] as const,
    onError: (error) => this.reportError(error),
  });

  protected override willUpdate(): void {
    if (!this.#linked && this.connection.client && this.connection.deepLink?.flow === "open_ticket") {
      this.#linked = true;
      this.#view = { name: "new" };
    }
  }

  protected override updated(): void {
    // The purchase dialog is modal: opened once its content is on the page.
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog[part="confirm"]');
    if (dialog && this.#intended && !dialog.open) dialog.showModal();
  }

  protected override render() {
    const t = messagesFor(this.connection.locale);
    const ended = this.renderSessionEnded();
    if (ended) return ended;
    return html`<div class="layout">
      ${this.#error ? html`<p role="alert" part="error" class="notice danger" id="alert" tabindex="-1">${this.#error}</p>` : nothing}
      ${this.#notice ? html`<p role="status" part="notice" class="notice success" id="notice" tabindex="-1">${this.#notice}</p>` : nothing}
      ${this.#data.render({
        initial: () => emptyState(t.notConfigured),
        pending: () => this.#shown ?? skeleton(t.tickets.loading, 3),
        error: (error) => errorState(errorMessage(error, this.connection.locale), t.retry, () => void this.#data.run()),
        complete: (data) => {
          if (!data) return emptyState(t.notConfigured);
          this.#shown =
            data.kind === "ticket"
              ? this.#renderTicket(data.ticket, t)
              : data.kind === "new"
                ? this.#renderNew(data.helpdesk, t)
                : data.kind === "buy"
                  ? this.#renderBuy(data.buy, t)
                  : html`${this.#renderSections(data.kind, t)}${data.kind === "billing" ? this.#renderBilling() : this.#renderList(data.tickets, data.helpdesk, t)}`;
          return this.#shown;
        },
      })}
    </div>`;
  }

  #renderSections(current: "list" | "billing", t: Messages) {
    if (!this.#billingSection) return nothing;
    return html`<nav class="sections" part="sections" aria-label=${t.tickets.sections}>
      <button type="button" aria-current=${current === "list" ? "page" : "false"} @click=${() => this.#go({ name: "list" })}>${t.tickets.ticketsTab}</button>
      <button type="button" aria-current=${current === "billing" ? "page" : "false"} @click=${() => this.#go({ name: "billing" })}>${t.tickets.billingTab}</button>
    </nav>`;
  }

  // The billing section embeds <my-orders>, which finds the portal connection the same way this element does.
  #renderBilling() {
    return html`<my-orders part="billing" .api=${this.api} .session=${this.session} .locale=${this.locale}></my-orders>`;
  }

  #renderList(tickets: TicketSummaryView[], helpdesk: HelpdeskOverview, t: Messages) {
    const locale = this.connection.locale;
    return html`
      ${this.#renderIncidentBalance(helpdesk, t)}
      <div class="toolbar">
        <h3>${t.tickets.listLabel}</h3>
        <button type="button" class="primary" part="new" @click=${() => this.#go({ name: "new" })}>${t.tickets.newTicket}</button>
      </div>
      ${tickets.length === 0
        ? emptyState(t.tickets.empty)
        : html`<ol class="tickets" part="list" aria-label=${t.tickets.listLabel}>
            ${tickets.map(
              (ticket) => html`<li class="card ticket" part="ticket" data-ticket-id=${ticket.id}>
                <div class="spread">
                  <h4 class="title"><button type="button" class="link" @click=${() => this.#openTicket(ticket)}>${ticket.subject}</button></h4>
                  ${badge(t.tickets.status[ticket.status] ?? ticket.status, ticketTone(ticket.status))}
                </div>
                <p class="meta">${ticket.department.name} · ${t.tickets.updated(formatDate(ticket.updated_at, locale))}</p>
              </li>`,
            )}
          </ol>`}
    `;
  }

  /** H3/H4: how many incidents the customer has, beside the way to buy more (only where a department costs them). */
  #renderIncidentBalance(helpdesk: HelpdeskOverview, t: Messages) {
    const paid = helpdesk.departments.find((d) => d.paid);
    if (!paid) return nothing;
    const { incidents } = helpdesk;
    return html`<section class="card incident-balance" part="incident-balance" aria-labelledby="incidents-heading">
      <div>
        <h3 id="incidents-heading">${t.tickets.incidentsHeading}</h3>
        <p class="count">${t.tickets.incidentsAvailable(incidents.available)}</p>
        ${incidents.on_credit > 0 ? html`<p class="meta">${t.tickets.onCredit(incidents.on_credit, incidents.credit_limit)}</p>` : nothing}
      </div>
      <button type="button" part="balance-buy" @click=${() => this.#buyIncidents(paid.id, "list")}>${t.tickets.buyIncidents}</button>
    </section>`;
  }

  #renderNew(helpdesk: HelpdeskOverview, t: Messages) {
    const { departments, incidents } = helpdesk;
    const selected = departments.find((d) => d.id === this.#department) ?? departments[0];
    const blocked = selected?.paid === true && !incidents.can_open_paid_ticket;
    return html`<button type="button" class="link" part="back" @click=${() => this.#go({ name: "list" })}>← ${t.tickets.back}</button>
      <form class="card" part="form" @submit=${this.#create}>
        <h3 id="new-heading" tabindex="-1">${t.tickets.newTicket}</h3>
        <label
          >${t.tickets.department}
          <select name="department" required aria-describedby="cost" @change=${(e: Event) => this.#selectDepartment((e.target as HTMLSelectElement).value)}>
            ${departments.map((d) => html`<option value=${d.id} ?selected=${d.id === selected?.id}>${d.paid ? `${d.name} ${t.tickets.paidCost}` : d.name}</option>`)}
          </select>
        </label>
        <div id="cost" part="incidents" role="status" class=${selected?.paid ? (blocked ? "notice warning" : "notice") : ""}>
          ${selected?.paid
            ? incidents.available > 0
              ? html`<p>${t.tickets.costNote(incidents.available)}</p>`
              : incidents.can_open_paid_ticket
                ? html`<p>${t.tickets.onCredit(incidents.on_credit, incidents.credit_limit)}</p>`
                : html`<p>${t.tickets.noIncidents}</p>
                    <button type="button" part="buy-incidents" @click=${() => this.#buyIncidents(selected.id, "new")}>${t.tickets.buyIncidents}</button>`
            : nothing}
        </div>
        <label>${t.tickets.subject}<input name="subject" required maxlength="200" /></label>
        <label>${t.tickets.message}<textarea name="body" required rows="5" maxlength="20000"></textarea></label>
        <label>${t.tickets.attach}<input type="file" name="files" multiple accept=${ACCEPT} /></label>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.#sending || blocked} aria-busy=${this.#sending ? "true" : "false"}>${t.tickets.send}</button>
          <button type="button" @click=${() => this.#go({ name: "list" })}>${t.tickets.cancel}</button>
        </div>
      </form>`;
  }

  #renderTicket(ticket: TicketView, t: Messages) {
    const locale = this.connection.locale;
    const closed = ticket.status === "closed";
    return html`
      <button type="button" class="link" part="back" @click=${() => this.#go({ name: "list" })}>← ${t.tickets.back}</button>
      <div class="stack">
        <h3 id="ticket-heading" tabindex="-1">${ticket.subject}</h3>
        <p class="row meta">${badge(t.tickets.status[ticket.status] ?? ticket.status, ticketTone(ticket.status))} <span>${ticket.department.name}</span></p>
        ${ticket.incidents_used > 0 ? html`<p part="incidents-used" class="meta">${t.tickets.incidentsUsed(ticket.incidents_used)}</p>` : nothing}
      </div>
      <section class="thread" part="conversation" aria-labelledby="ticket-heading">
        ${ticket.messages.map((m) => {
          const author = m.author === "customer" ? t.tickets.you : t.tickets.support;
          const date = formatDate(m.created_at, locale);
          return html`<article class="message" part="message" data-author=${m.author} tabindex="-1" aria-label=${t.tickets.messageFrom(author, date)}>
            <header><strong>${author}</strong><span class="meta">${date}</span></header>
            <p class="body">${m.body}</p>
            ${m.attachments.length
              ? html`<ul class="attachments" aria-label=${t.tickets.attachments}>
                  ${m.attachments.map(
                    (a) => html`<li><button type="button" class="link" part="attachment" @click=${() => this.#download(ticket.id, a.id)}>${PAPERCLIP}${a.file_name}</button></li>`,
                  )}
                </ul>`
              : nothing}
          </article>`;
        })}
      </section>
      ${closed
        ? nothing
        : html`<form class="card" part="form" @submit=${(e: SubmitEvent) => this.#reply(e, ticket)}>
            <label>${t.tickets.reply}<textarea name="body" required rows="4" maxlength="20000"></textarea></label>
            <label>${t.tickets.attach}<input type="file" name="files" multiple accept=${ACCEPT} /></label>
            <div class="actions">
              <button type="submit" class="primary" ?disabled=${this.#sending} aria-busy=${this.#sending ? "true" : "false"}>${t.tickets.sendReply}</button>
            </div>
          </form>`}
      <div class="actions">
        <button type="button" part="toggle" ?disabled=${this.#sending} @click=${() => this.#setClosed(ticket, !closed)}>${closed ? t.tickets.reopen : t.tickets.close}</button>
      </div>
    `;
  }

  // H4: the shop's incident packages, each price with what it gives and a Buy button that asks for confirmation first.
  #renderBuy(data: BuyData, t: Messages) {
    const locale = this.connection.locale;
    const prices = data.packages.flatMap((product) => product.prices.map((price) => ({ product, price })));
    return html`
      <button type="button" class="link" part="back" @click=${() => this.#go({ name: this.#buyFrom })}>← ${this.#buyFrom === "new" ? t.tickets.newTicket : t.tickets.back}</button>
      <h3 id="buy-heading" tabindex="-1">${t.tickets.buyHeading}</h3>
      ${prices.length === 0
        ? emptyState(t.tickets.noPackages)
        : html`<ul class="packages" part="packages">
            ${prices.map(
              ({ product, price }) => html`<li class="card package" part="package" data-price-id=${price.id}>
                <div class="spread">
                  <h4>${product.name} · ${price.name}</h4>
                  <span class="amount">${formatMoney(price.price, locale)}</span>
                </div>
                <p class="meta">${gives(product, price, t)}</p>
                <div class="actions">
                  <button type="button" class="primary" part="buy" data-price-id=${price.id} ?disabled=${this.#sending} @click=${() => this.#askToBuy({ product, price })}>
                    ${t.tickets.buy}
                  </button>
                </div>
              </li>`,
            )}
          </ul>`}
      ${this.#intended ? this.#renderConfirm(this.#intended, data, t) : nothing}
    `;
  }

  /** The purchase, spelled out before any money moves: the package, the amount, and what pays for it (account credit first, then the card). */
  #renderConfirm({ product, price }: Intended, data: BuyData, t: Messages) {
    const locale = this.connection.locale;
    const card = this.#cardFor(data.cards);
    const credit = data.credit.find((m) => m.currency === price.price.currency && m.amount > 0);
    const coveredByCredit = credit !== undefined && credit.amount >= price.price.amount;
    const payable = card !== undefined || coveredByCredit;
    const amount = formatMoney(price.price, locale);
    return html`<dialog part="confirm" aria-labelledby="confirm-heading" @close=${this.#closeConfirm}>
      <div class="stack">
        <h3 id="confirm-heading">${t.tickets.confirmHeading}</h3>
        <dl>
          <dt>${t.tickets.confirmPackage}</dt>
          <dd><span>${product.name} · ${price.name}</span> <span class="meta">${gives(product, price, t)}</span></dd>
          <dt>${t.tickets.confirmAmount}</dt>
          <dd class="amount">${amount}</dd>
          ${card && !coveredByCredit
            ? html`<dt>${t.tickets.paidWith}</dt>
                <dd part="charged-card">${brandMark(card.brand)}<span>${t.cards.ending(t.cards.brands[card.brand] ?? card.brand, card.last4)}</span></dd>`
            : nothing}
        </dl>
        ${credit ? html`<p class="notice">${t.tickets.creditFirst(formatMoney(credit, locale))}</p>` : nothing}
        ${payable ? nothing : html`<p class="notice warning" part="no-card">${t.tickets.noCard}</p>`}
        <div class="actions">
          ${payable
            ? html`<button type="button" class="primary" part="confirm-buy" ?disabled=${this.#sending} aria-busy=${this.#sending ? "true" : "false"} @click=${() => this.#purchase(price, card)}>
                ${t.tickets.confirmBuy(amount)}
              </button>`
            : nothing}
          <button type="button" part="go-back" @click=${() => this.#dialog()?.close()}>${t.goBack}</button>
        </div>
      </div>
    </dialog>`;
  }

  /** The card a purchase charges: the default one, else the first that has not expired. */
  #cardFor(cards: PaymentMethodView[]): PaymentMethodView | undefined {
    return cards.find((c) => c.is_default && !c.expired) ?? cards.find((c) => !c.expired);
  }

  #dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector<HTMLDialogElement>('dialog[part="confirm"]');
  }

  #askToBuy(intended: Intended): void {
    this.#intended = intended;
    this.#error = "";
    this.#notice = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="confirm-buy"], [part="go-back"]')?.focus());
  }

  #closeConfirm(): void {
    const priceId = this.#intended?.price.id;
    this.#intended = undefined;
    this.requestUpdate();
    // Back to the Buy button that opened it, unless the purchase moves focus on to its outcome.
    if (this.#purchasing) {
      this.#purchasing = false;
      return;
    }
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[part="buy"][data-price-id="${priceId}"]`)?.focus());
  }

  #buyIncidents(departmentId: string, from: "list" | "new"): void {
    if (!this.emit("billfront-incidents-buy", { departmentId }, { cancelable: true })) return;
    this.#buyFrom = from;
    this.#go({ name: "buy" });
  }

  async #purchase(price: PricePointView, card: PaymentMethodView | undefined) {
    const t = messagesFor(this.connection.locale);
    this.#purchasing = true;
    let available: number | undefined;
    await this.#send(async (client) => {
      // The key belongs to this package paid with this card: confirming again after a lost answer replays it.
      const bought = await this.#intents.send(`buy-incidents:${price.id}`, { card: card?.id ?? null }, (key) => client.buyIncidentPackage(price.id, key, card?.id));
      this.emit<IncidentsPurchaseDetail>("billfront-incidents-purchase", { orderId: bought.order_id, priceId: price.id, status: bought.payment.status, available: bought.incidents.available });
      if (bought.payment.status === "declined") {
        this.#error = t.tickets.purchaseDeclined;
        return;
      }
      available = bought.incidents.available;
    });
    // Its close event (a later task) sees the flag and leaves focus to the outcome below.
    const dialog = this.#dialog();
    if (dialog?.open) dialog.close();
    else this.#purchasing = false;
    if (available !== undefined) {
      this.#go({ name: this.#buyFrom }, "#notice");
      this.#notice = t.tickets.purchased(available);
    } else {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#alert")?.focus();
    }
  }

  #selectDepartment(id: string): void {
    this.#department = id;
    this.requestUpdate();
  }

  /**
   * Shows another view and, once it has loaded, puts focus on its heading (or on
   * `focus`): never left on `<body>` when the control in use goes away.
   */
  #go(view: View, focus?: string): void {
    this.#view = view;
    this.#error = "";
    this.#notice = "";
    this.#intended = undefined;
    this.#shown = undefined;
    this.requestUpdate();
    const target = focus ?? (view.name === "ticket" ? "#ticket-heading" : view.name === "new" ? "#new-heading" : view.name === "buy" ? "#buy-heading" : '[part="new"]');
    void this.#settled().then(() => this.renderRoot.querySelector<HTMLElement>(target)?.focus());
  }

  /** Resolves once the update that starts the view's load, the load and the render of its result are done. */
  async #settled(): Promise<void> {
    await this.updateComplete;
    await this.#data.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }

  #openTicket(ticket: TicketSummaryView): void {
    if (!this.emit<TicketEventDetail>("billfront-ticket-open", { ticketId: ticket.id, subject: ticket.subject }, { cancelable: true })) return;
    this.#go({ name: "ticket", id: ticket.id });
  }

  async #create(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    await this.#send(async (client) => {
      const attachments = await toUploads(form.getAll("files").filter((f): f is File => f instanceof File && f.size > 0));
      const input = {
        department: String(form.get("department")),
        subject: String(form.get("subject")),
        body: String(form.get("body")),
        ...(attachments.length ? { attachments } : {}),
      };
      const ticket = await this.#intents.send("open-ticket", input, (key) => client.openTicket(input, key));
      this.emit<TicketEventDetail>("billfront-ticket-create", { ticketId: ticket.id, subject: ticket.subject });
      this.#go({ name: "ticket", id: ticket.id });
    });
  }

  async #reply(event: SubmitEvent, ticket: TicketView) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = String(data.get("body"));
    await this.#send(async (client) => {
      await client.replyToTicket(ticket.id, body, await toUploads(data.getAll("files").filter((f): f is File => f instanceof File && f.size > 0)));
      this.emit<TicketEventDetail>("billfront-ticket-reply", { ticketId: ticket.id, subject: ticket.subject });
      form.reset();
      await this.#data.run();
      // The reply is the new item: focus lands on it, at the end of the conversation.
      await this.updateComplete;
      [...this.renderRoot.querySelectorAll<HTMLElement>('[part="message"]')].at(-1)?.focus();
    });
  }

  async #download(ticketId: string, attachmentId: string) {
    await this.#send(async (client) => saveFile(await client.downloadTicketAttachment(ticketId, attachmentId)));
  }

  async #setClosed(ticket: TicketView, closed: boolean) {
    await this.#send(async (client) => {
      await client.setTicketClosed(ticket.id, closed);
      this.emit<TicketEventDetail>(closed ? "billfront-ticket-close" : "billfront-ticket-reopen", { ticketId: ticket.id, subject: ticket.subject });
      await this.#data.run();
    });
    // The button stays (its label turns to the opposite action): focus stays on it.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="toggle"]')?.focus();
  }

  async #send(action: (client: NonNullable<HelpdeskTickets["connection"]["client"]>) => Promise<void>) {
    const client = this.connection.client;
    if (!client || this.#sending) return;
    this.#sending = true;
    this.#error = "";
    this.requestUpdate();
    try {
      await action(client);
    } catch (error) {
      this.#error = errorMessage(error, this.connection.locale);
      this.reportError(error);
      // A refused send: say why where focus lands (the dialog, if any, is closed by the caller).
      void this.updateComplete.then(() => {
        if (!this.#intended) this.renderRoot.querySelector<HTMLElement>("#alert")?.focus();
      });
    } finally {
      this.#sending = false;
      this.requestUpdate();
    }
  }

}

/** What a package price gives: its incidents, for life or per month of its term. */
function gives(product: ProductView, price: PricePointView, t: Messages): string {
  return price.interval
    ? t.tickets.packagePerMonth(product.incidents!, price.interval === "year" ? price.interval_count * 12 : price.interval_count)
    : t.tickets.packageLifetime(product.incidents!);
}

/** A ticket's status as the customer reads it: their turn is a warning, the shop's turn is info, closed is neutral. */
function ticketTone(status: string) {
  return status === "waiting_on_customer" ? "warning" : status === "waiting_on_staff" ? "info" : status === "open" ? "success" : toneOf(status);
}

const PAPERCLIP = svg`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M21 11.5 12.5 20a5 5 0 0 1-7-7l8.5-8.5a3.5 3.5 0 0 1 5 5L10.5 18a2 2 0 0 1-3-3l7.5-7.5"/></svg>`;

declare global {
  interface HTMLElementTagNameMap {
    "helpdesk-tickets": HelpdeskTickets;
  }
}

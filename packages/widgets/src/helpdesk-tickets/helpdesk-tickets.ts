import { Task } from "@lit/task";
import { formatMoney, type ProductView, type TicketSummaryView, type TicketView } from "@billfront/core";
import { html, nothing } from "lit";
import { PortalElement } from "../portal-element.ts";
import { toUploads, type HelpdeskOverview } from "../client.ts";
import { saveFile } from "../download.ts";
import { errorDetail, errorMessage } from "../errors.ts";
import type { BillfrontErrorDetail } from "../events.ts";
import { formatDate } from "../format.ts";
import { IntentKeys } from "../idempotency.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { myOrdersStyles, themeDefaults } from "../my-orders/styles.ts";
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

/**
 * The customer's support tickets (H1): list, open a new one in a department,
 * read the conversation, reply, close and reopen. A deep link with flow
 * `open_ticket` (A5) opens with the new-ticket form.
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
 * @csspart ticket - one ticket in the list
 * @csspart conversation - the messages of the open ticket
 * @csspart form - the new-ticket and reply forms
 * @tagname helpdesk-tickets
 */
export class HelpdeskTickets extends PortalElement {
  static override styles = [themeDefaults, myOrdersStyles, helpdeskStyles];



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

  #data = new Task(this, {
    task: async ([client, view], { signal }) => {
      if (!client) return undefined;
      if (view.name === "ticket") return { kind: "ticket" as const, ticket: await client.getTicket(view.id, signal) };
      if (view.name === "new") return { kind: "new" as const, helpdesk: await client.getHelpdesk(signal) };
      if (view.name === "buy") return { kind: "buy" as const, packages: await client.listIncidentPackages(signal) };
      const [tickets, helpdesk] = await Promise.all([client.listTickets(signal), client.getHelpdesk(signal)]);
      this.#billingSection = helpdesk.billing_section;
      return { kind: view.name === "billing" ? ("billing" as const) : ("list" as const), tickets };
    },
    args: () => [this.connection.client, this.#view] as const,
    onError: (error) => this.#report(error),
  });

  protected override willUpdate(): void {
    if (!this.#linked && this.connection.client && this.connection.deepLink?.flow === "open_ticket") {
      this.#linked = true;
      this.#view = { name: "new" };
    }
  }

  protected override render() {
    const t = messagesFor(this.connection.locale);
    const ended = this.renderSessionEnded();
    if (ended) return ended;
    return html`
      ${this.#error ? html`<p role="alert" part="error">${this.#error}</p>` : nothing}
      ${this.#notice ? html`<p role="status" part="notice">${this.#notice}</p>` : nothing}
      ${this.#data.render({
        initial: () => html`<p part="empty">${t.notConfigured}</p>`,
        pending: () => html`<p role="status" part="loading">${t.tickets.loading}</p>`,
        error: (error) => html`<div role="alert" part="error">
          <p>${errorMessage(error, this.connection.locale)}</p>
          <button type="button" @click=${() => void this.#data.run()}>${t.retry}</button>
        </div>`,
        complete: (data) => {
          if (!data) return html`<p part="empty">${t.notConfigured}</p>`;
          if (data.kind === "ticket") return this.#renderTicket(data.ticket, t);
          if (data.kind === "new") return this.#renderNew(data.helpdesk, t);
          if (data.kind === "buy") return this.#renderBuy(data.packages, t);
          return html`${this.#renderSections(data.kind, t)}${data.kind === "billing" ? this.#renderBilling() : this.#renderList(data.tickets, t)}`;
        },
      })}
    `;
  }

  #renderSections(current: "list" | "billing", t: Messages) {
    if (!this.#billingSection) return nothing;
    return html`<nav class="row" part="sections" aria-label=${t.tickets.sections}>
      <button type="button" aria-current=${current === "list" ? "page" : "false"} @click=${() => this.#go({ name: "list" })}>${t.tickets.ticketsTab}</button>
      <button type="button" aria-current=${current === "billing" ? "page" : "false"} @click=${() => this.#go({ name: "billing" })}>${t.tickets.billingTab}</button>
    </nav>`;
  }

  // The billing section embeds <my-orders>, which finds the portal connection the same way this element does.
  #renderBilling() {
    return html`<my-orders part="billing" .api=${this.api} .session=${this.session} .locale=${this.locale}></my-orders>`;
  }

  #renderList(tickets: TicketSummaryView[], t: Messages) {
    const locale = this.connection.locale;
    return html`
      <button type="button" part="new" @click=${() => this.#go({ name: "new" })}>${t.tickets.newTicket}</button>
      ${tickets.length === 0
        ? html`<p part="empty">${t.tickets.empty}</p>`
        : html`<ol part="list" aria-label=${t.tickets.listLabel}>
            ${tickets.map(
              (ticket) => html`<li part="ticket" data-ticket-id=${ticket.id}>
                <h3><button type="button" class="link" @click=${() => this.#openTicket(ticket)}>${ticket.subject}</button></h3>
                <span part="status" data-status=${ticket.status}>${t.tickets.status[ticket.status] ?? ticket.status}</span>
                <p class="meta">${ticket.department.name} · ${t.tickets.updated(formatDate(ticket.updated_at, locale))}</p>
              </li>`,
            )}
          </ol>`}
    `;
  }

  #renderNew(helpdesk: HelpdeskOverview, t: Messages) {
    const { departments, incidents } = helpdesk;
    const selected = departments.find((d) => d.id === this.#department) ?? departments[0];
    const blocked = selected?.paid === true && !incidents.can_open_paid_ticket;
    return html`<form part="form" @submit=${this.#create}>
      <h3 id="new-heading" tabindex="-1">${t.tickets.newTicket}</h3>
      <label
        >${t.tickets.department}
        <select name="department" required aria-describedby="cost" @change=${(e: Event) => this.#selectDepartment((e.target as HTMLSelectElement).value)}>
          ${departments.map((d) => html`<option value=${d.id} ?selected=${d.id === selected?.id}>${d.paid ? `${d.name} ${t.tickets.paidCost}` : d.name}</option>`)}
        </select>
      </label>
      <p id="cost" part="incidents" class="meta" role="status">
        ${selected?.paid
          ? incidents.available > 0
            ? t.tickets.costNote(incidents.available)
            : incidents.can_open_paid_ticket
              ? t.tickets.onCredit(incidents.on_credit, incidents.credit_limit)
              : html`${t.tickets.noIncidents}
                  <button type="button" part="buy-incidents" @click=${() => this.#buyIncidents(selected.id)}>${t.tickets.buyIncidents}</button>`
          : nothing}
      </p>
      <label>${t.tickets.subject}<input name="subject" required maxlength="200" /></label>
      <label>${t.tickets.message}<textarea name="body" required rows="5" maxlength="20000"></textarea></label>
      <label>${t.tickets.attach}<input type="file" name="files" multiple accept=${ACCEPT} /></label>
      <div class="row">
        <button type="submit" ?disabled=${this.#sending || blocked}>${t.tickets.send}</button>
        <button type="button" @click=${() => this.#go({ name: "list" })}>${t.tickets.cancel}</button>
      </div>
    </form>`;
  }

  #renderTicket(ticket: TicketView, t: Messages) {
    const locale = this.connection.locale;
    const closed = ticket.status === "closed";
    return html`
      <button type="button" part="back" @click=${() => this.#go({ name: "list" })}>← ${t.tickets.back}</button>
      <h3 id="ticket-heading" tabindex="-1">${ticket.subject}</h3>
      <p class="meta"><span part="status" data-status=${ticket.status}>${t.tickets.status[ticket.status] ?? ticket.status}</span> ${ticket.department.name}</p>
      ${ticket.incidents_used > 0 ? html`<p part="incidents-used" class="meta">${t.tickets.incidentsUsed(ticket.incidents_used)}</p>` : nothing}
      <section part="conversation" aria-labelledby="ticket-heading">
        ${ticket.messages.map(
          (m) => html`<article class="message" data-author=${m.author}>
            <strong>${m.author === "customer" ? t.tickets.you : t.tickets.support}</strong>
            <span class="meta">${formatDate(m.created_at, locale)}</span>
            <p>${m.body}</p>
            ${m.attachments.length
              ? html`<div class="row" aria-label=${t.tickets.attachments}>
                  ${m.attachments.map(
                    (a) => html`<button type="button" part="attachment" @click=${() => this.#download(ticket.id, a.id)}>${a.file_name}</button>`,
                  )}
                </div>`
              : nothing}
          </article>`,
        )}
      </section>
      ${closed
        ? nothing
        : html`<form part="form" @submit=${(e: SubmitEvent) => this.#reply(e, ticket)}>
            <label>${t.tickets.reply}<textarea name="body" required rows="4" maxlength="20000"></textarea></label>
            <label>${t.tickets.attach}<input type="file" name="files" multiple accept=${ACCEPT} /></label>
            <div class="row"><button type="submit" ?disabled=${this.#sending}>${t.tickets.sendReply}</button></div>
          </form>`}
      <div class="row">
        <button type="button" @click=${() => this.#setClosed(ticket, !closed)}>${closed ? t.tickets.reopen : t.tickets.close}</button>
      </div>
    `;
  }

  // H4: the shop's incident packages, each price with what it gives and a Buy button.
  #renderBuy(packages: ProductView[], t: Messages) {
    const locale = this.connection.locale;
    const prices = packages.flatMap((product) => product.prices.map((price) => ({ product, price })));
    return html`
      <button type="button" part="back" @click=${() => this.#go({ name: "new" })}>← ${t.tickets.newTicket}</button>
      <h3 id="buy-heading" tabindex="-1">${t.tickets.buyHeading}</h3>
      ${prices.length === 0
        ? html`<p part="empty">${t.tickets.noPackages}</p>`
        : html`<ul part="packages">
            ${prices.map(
              ({ product, price }) => html`<li part="package" data-price-id=${price.id}>
                <strong>${product.name}</strong> · ${price.name}
                <p class="meta">
                  ${price.interval
                    ? t.tickets.packagePerMonth(product.incidents!, price.interval === "year" ? price.interval_count * 12 : price.interval_count)
                    : t.tickets.packageLifetime(product.incidents!)}
                  · ${formatMoney(price.price, locale)}
                </p>
                <button type="button" part="buy" ?disabled=${this.#sending} @click=${() => this.#purchase(price.id)}>${t.tickets.buy}</button>
              </li>`,
            )}
          </ul>`}
    `;
  }

  #buyIncidents(departmentId: string): void {
    if (!this.emit("billfront-incidents-buy", { departmentId }, { cancelable: true })) return;
    this.#go({ name: "buy" });
  }

  async #purchase(priceId: string) {
    const t = messagesFor(this.connection.locale);
    await this.#send(async (client) => {
      const bought = await this.#intents.send(`buy-incidents:${priceId}`, null, (key) => client.buyIncidentPackage(priceId, key));
      this.emit<IncidentsPurchaseDetail>("billfront-incidents-purchase", { orderId: bought.order_id, priceId, status: bought.payment.status, available: bought.incidents.available });
      if (bought.payment.status === "declined") {
        this.#error = t.tickets.purchaseDeclined;
        return;
      }
      this.#go({ name: "new" });
      this.#notice = t.tickets.purchased(bought.incidents.available);
    });
  }

  #selectDepartment(id: string): void {
    this.#department = id;
    this.requestUpdate();
  }

  #go(view: View): void {
    this.#view = view;
    this.#error = "";
    this.#notice = "";
    this.requestUpdate();
    const heading = view.name === "ticket" ? "#ticket-heading" : view.name === "new" ? "#new-heading" : view.name === "buy" ? "#buy-heading" : '[part="new"]';
    void this.#data.taskComplete.catch(() => undefined).then(() => this.updateComplete).then(() => this.renderRoot.querySelector<HTMLElement>(heading)?.focus());
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
      this.#report(error);
    } finally {
      this.#sending = false;
      this.requestUpdate();
    }
  }

  #report(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", errorDetail(error, this.connection.locale));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "helpdesk-tickets": HelpdeskTickets;
  }
}

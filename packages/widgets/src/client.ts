import type { AppType } from "@billfront/bff/app";
import type {
  ChangePreviewView,
  DepartmentView,
  HistoryRow,
  InvoiceView,
  PortalSessionInfo,
  IncidentPurchase,
  IncidentSummary,
  ProductView,
  Money,
  OrderDetailsView,
  OrderView,
  Page,
  PaymentMethodView,
  PortalConfigView,
  SubscriptionView,
  TicketSummaryView,
  TicketView,
} from "@billfront/core";
import { hc } from "hono/client";
import { isSessionEnd, PortalSession } from "./session.ts";

/** A failure the API explained (problem+json) or a network failure (`code` = network_error). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The problem's field errors (`field`, `code`, `message`) and extra details, when it sent any. */
  readonly problem: { errors?: { field: string; code?: string; message: string }[]; details?: Record<string, unknown> };
  constructor(status: number, code: string, message: string, problem: ApiError["problem"] = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.problem = problem;
  }
}

/**
 * Typed portal API client for one session; types come from the BFF's routes
 * (type-only import). Given a {@link PortalSession}, a request refused as
 * `session_expired` is sent once more with the renewed token.
 */
export function createPortalClient(api: string, session: string | PortalSession) {
  const holder = typeof session === "string" ? new PortalSession(session) : session;
  // Read for every request, so a retry after a renewal carries the new token.
  const client = hc<AppType>(api, { headers: () => ({ Authorization: `Bearer ${holder.token}` }) });
  const send = (request: () => Promise<Response>) => sendAs(holder, request, api);
  let timeZone: Promise<string> | undefined;
  return {
    /** The shop's banner, portal address, custom tabs and portal-wide actions for this customer (P6); tab labels in `locale`. */
    async getPortalConfig(locale?: string, signal?: AbortSignal): Promise<PortalConfigView> {
      const res = await send(() => client.v1.portal.config.$get({ query: locale ? { locale } : {} }, { init: { signal: signal ?? null } }));
      const config = (await res.json()) as PortalConfigView;
      timeZone ??= Promise.resolve(config.time_zone);
      return config;
    },
    /** The shop's IANA time zone, the calendar dates are shown on: from a config already fetched, else fetched once. */
    shopTimeZone(): Promise<string> {
      timeZone ??= this.getPortalConfig().then(
        (config) => config.time_zone,
        (error: unknown) => {
          timeZone = undefined; // asked again by the next render, e.g. after a renewal
          throw error;
        },
      );
      return timeZone;
    },
    /** The session this client sends (its current token, and whether it has ended). */
    session: holder,
    /** The session itself: its flow (A5), return URL, expiry and the shop's name and brand. */
    async getSessionInfo(signal?: AbortSignal): Promise<PortalSessionInfo> {
      const res = await send(() => client.v1.portal.session.$get({}, { init: { signal: signal ?? null } }));
      return (await res.json()) as PortalSessionInfo;
    },
    /** Ends the session on the server (A8); the token is useless afterwards. Never renews: signing out of an expired session needs no new one. */
    async logout(): Promise<void> {
      await attempt(() => client.v1.portal.session.$delete());
    },
    async listOrders(query: { cursor?: string; limit?: number }, signal?: AbortSignal): Promise<Page<OrderView>> {
      const res = await send(() =>
        client.v1.portal.orders.$get(
          { query: { ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.limit ? { limit: String(query.limit) } : {}) } },
          { init: { signal: signal ?? null } },
        ),
      );
      return (await res.json()) as Page<OrderView>;
    },
    async getOrder(id: string, signal?: AbortSignal): Promise<OrderDetailsView> {
      const res = await send(() => client.v1.portal.orders[":id"].$get({ param: { id } }, { init: { signal: signal ?? null } }));
      return (await res.json()) as OrderDetailsView;
    },
    async listPaymentMethods(signal?: AbortSignal): Promise<PaymentMethodView[]> {
      const res = await send(() => client.v1.portal.payment_methods.$get({}, { init: { signal: signal ?? null } }));
      return ((await res.json()) as { data: PaymentMethodView[] }).data;
    },
    async setDefaultPaymentMethod(id: string): Promise<PaymentMethodView[]> {
      const res = await send(() => client.v1.portal.payment_methods[":id"].default.$post({ param: { id } }));
      return ((await res.json()) as { data: PaymentMethodView[] }).data;
    },
    async removePaymentMethod(id: string): Promise<PaymentMethodView[]> {
      const res = await send(() => client.v1.portal.payment_methods[":id"].$delete({ param: { id } }));
      return ((await res.json()) as { data: PaymentMethodView[] }).data;
    },
    async assignPaymentMethod(orderId: string, paymentMethodId: string): Promise<PaymentMethodView[]> {
      const res = await send(() => client.v1.portal.orders[":id"].payment_method.$put({ param: { id: orderId }, json: { payment_method: paymentMethodId } }));
      return ((await res.json()) as { data: PaymentMethodView[] }).data;
    },
    /** Pays an open invoice with the default (or given) card; the key makes a retried click safe (R8). */
    async payInvoice(invoiceId: string, idempotencyKey: string, paymentMethodId?: string): Promise<InvoicePayment> {
      const res = await send(() =>
        client.v1.portal.invoices[":id"].pay.$post(
          { param: { id: invoiceId }, json: paymentMethodId ? { payment_method: paymentMethodId } : {} },
          { headers: { "Idempotency-Key": idempotencyKey } },
        ),
      );
      return (await res.json()) as InvoicePayment;
    },
    async requestRefund(paymentId: string, reason: string, idempotencyKey: string): Promise<{ status: string }> {
      const res = await send(() =>
        client.v1.portal.payments[":id"].refund_request.$post({ param: { id: paymentId }, json: { reason } }, { headers: { "Idempotency-Key": idempotencyKey } }),
      );
      return (await res.json()) as { status: string };
    },
    async requestCancellation(orderId: string, reason: string, idempotencyKey: string): Promise<{ status: string }> {
      const res = await send(() =>
        client.v1.portal.orders[":id"].cancellation.$post({ param: { id: orderId }, json: { reason } }, { headers: { "Idempotency-Key": idempotencyKey } }),
      );
      return (await res.json()) as { status: string };
    },
    /** Sends one of the customer's documents, as a PDF attached to an e-mail, to another address. */
    async forwardDocument(documentId: string, to: string): Promise<{ id: string; status: "queued"; forwards_left: number }> {
      const res = await send(() => client.v1.portal.documents[":id"].forward.$post({ param: { id: documentId }, json: { to } }));
      return (await res.json()) as { id: string; status: "queued"; forwards_left: number };
    },
    /** One invoice, as a "pay this invoice" link shows it (A5). */
    async getInvoice(id: string, signal?: AbortSignal): Promise<InvoiceView> {
      const res = await send(() => client.v1.portal.invoices[":id"].$get({ param: { id } }, { init: { signal: signal ?? null } }));
      return (await res.json()) as InvoiceView;
    },
    async getBillingHistory(signal?: AbortSignal): Promise<HistoryRow[]> {
      const res = await send(() => client.v1.portal.billing_history.$get({}, { init: { signal: signal ?? null } }));
      return ((await res.json()) as { data: HistoryRow[] }).data;
    },
    /** Pays several open invoices in one payment (O6). */
    async payInvoices(invoiceIds: string[], idempotencyKey: string): Promise<InvoicePayment> {
      const res = await send(() => client.v1.portal.invoices.pay.$post({ json: { invoices: invoiceIds } }, { headers: { "Idempotency-Key": idempotencyKey } }));
      return (await res.json()) as InvoicePayment;
    },
    async listDepartments(signal?: AbortSignal): Promise<DepartmentView[]> {
      const res = await send(() => client.v1.portal.departments.$get({}, { init: { signal: signal ?? null } }));
      return ((await res.json()) as { data: DepartmentView[] }).data;
    },
    async getHelpdesk(signal?: AbortSignal): Promise<HelpdeskOverview> {
      const res = await send(() => client.v1.portal.helpdesk.$get({}, { init: { signal: signal ?? null } }));
      return (await res.json()) as HelpdeskOverview;
    },
    async listTickets(signal?: AbortSignal): Promise<TicketSummaryView[]> {
      const res = await send(() => client.v1.portal.tickets.$get({}, { init: { signal: signal ?? null } }));
      return ((await res.json()) as { data: TicketSummaryView[] }).data;
    },
    async getTicket(id: string, signal?: AbortSignal): Promise<TicketView> {
      const res = await send(() => client.v1.portal.tickets[":id"].$get({ param: { id } }, { init: { signal: signal ?? null } }));
      return (await res.json()) as TicketView;
    },
    /** Opens a ticket; the key makes a retried send safe, since a paid department takes an incident per ticket (H3, R8). */
    async openTicket(input: { department: string; subject: string; body: string; attachments?: AttachmentUpload[] }, idempotencyKey: string): Promise<TicketView> {
      const res = await send(() => client.v1.portal.tickets.$post({ json: input }, { headers: { "Idempotency-Key": idempotencyKey } }));
      return (await res.json()) as TicketView;
    },
    async replyToTicket(id: string, body: string, attachments?: AttachmentUpload[]): Promise<TicketView> {
      const res = await send(() => client.v1.portal.tickets[":id"].replies.$post({ param: { id }, json: { body, ...(attachments?.length ? { attachments } : {}) } }));
      return (await res.json()) as TicketView;
    },
    async downloadTicketAttachment(ticketId: string, attachmentId: string): Promise<DownloadedFile> {
      return file(await send(() => client.v1.portal.tickets[":id"].attachments[":attachment"].$get({ param: { id: ticketId, attachment: attachmentId } })));
    },
    async setTicketClosed(id: string, closed: boolean): Promise<TicketView> {
      const res = await send(() => client.v1.portal.tickets[":id"][":action{close|reopen}"].$post({ param: { id, action: closed ? "close" : "reopen" } }));
      return (await res.json()) as TicketView;
    },
    /** Incident packages the shop sells (H4). */
    async listIncidentPackages(signal?: AbortSignal): Promise<ProductView[]> {
      const res = await send(() => client.v1.portal.incident_packages.$get({}, { init: { signal: signal ?? null } }));
      return ((await res.json()) as { data: ProductView[] }).data;
    },
    /** Buys an incident package with account credit, then the card named (the default card when none is) (H4). */
    async buyIncidentPackage(priceId: string, idempotencyKey: string, paymentMethodId?: string): Promise<IncidentPurchase> {
      const json = paymentMethodId ? { payment_method: paymentMethodId } : {};
      const res = await send(() => client.v1.portal.incident_packages[":id"].purchase.$post({ param: { id: priceId }, json }, { headers: { "Idempotency-Key": idempotencyKey } }));
      return (await res.json()) as IncidentPurchase;
    },
    async getBalances(signal?: AbortSignal): Promise<Money[]> {
      const res = await send(() => client.v1.portal.balance.$get({}, { init: { signal: signal ?? null } }));
      return ((await res.json()) as { data: Money[] }).data;
    },
    /** Adds funds to the account with the default card (A7). */
    async topUp(amount: Money, idempotencyKey: string): Promise<InvoicePayment> {
      const res = await send(() => client.v1.portal.balance.top_ups.$post({ json: amount }, { headers: { "Idempotency-Key": idempotencyKey } }));
      return (await res.json()) as InvoicePayment;
    },
    /** The subscription on a recurring order; `subscription_not_found` when the order has none. */
    async getOrderSubscription(orderId: string, signal?: AbortSignal): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.orders[":id"].subscription.$get({ param: { id: orderId } }, { init: { signal: signal ?? null } })));
    },
    async getSubscription(id: string, signal?: AbortSignal): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].$get({ param: { id } }, { init: { signal: signal ?? null } })));
    },
    /** Cancels now or at the end of the term (S1), or takes the retention offer instead (A1). */
    async cancelSubscription(id: string, input: { when: "now" | "end_of_term"; reason?: string; accept_retention_offer?: boolean }, idempotencyKey: string): Promise<SubscriptionCancelOutcome> {
      const res = await send(() => client.v1.portal.subscriptions[":id"].cancel.$post({ param: { id }, json: input }, { headers: { "Idempotency-Key": idempotencyKey } }));
      return (await res.json()) as SubscriptionCancelOutcome;
    },
    async removeScheduledCancellation(id: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].scheduled_cancellation.$delete({ param: { id } })));
    },
    async reactivateSubscription(id: string, idempotencyKey: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].reactivate.$post({ param: { id } }, { headers: { "Idempotency-Key": idempotencyKey } })));
    },
    /** Pauses now (no `at`) or on a date, optionally with a date to resume (S3). */
    async pauseSubscription(id: string, input: { at?: string; resume_at?: string }): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].pause.$post({ param: { id }, json: input })));
    },
    async resumeSubscription(id: string, input: { at?: string }, idempotencyKey: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].resume.$post({ param: { id }, json: input }, { headers: { "Idempotency-Key": idempotencyKey } })));
    },
    /** Moves or deletes (null) the scheduled pause and resume dates (S3). */
    async editPauseSchedule(id: string, input: { pause_at?: string | null; resume_at?: string | null }): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].pause_schedule.$put({ param: { id }, json: input })));
    },
    async extendTrial(id: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].trial.extend.$post({ param: { id } })));
    },
    async activateTrial(id: string, idempotencyKey: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].trial.activate.$post({ param: { id } }, { headers: { "Idempotency-Key": idempotencyKey } })));
    },
    /** What a plan or quantity change now would credit and charge (S5, A2). */
    async previewSubscriptionChange(id: string, input: { price?: string; quantity?: number }): Promise<ChangePreviewView> {
      const res = await send(() => client.v1.portal.subscriptions[":id"].change.preview.$post({ param: { id }, json: input }));
      return (await res.json()) as ChangePreviewView;
    },
    /** Changes plan or quantity; pass the preview's `proration_date` to be charged exactly what it showed. */
    async changeSubscription(
      id: string,
      input: { price?: string; quantity?: number; when: "now" | "end_of_term"; proration_date?: string },
      idempotencyKey: string,
    ): Promise<{ subscription: SubscriptionView; preview: ChangePreviewView | null }> {
      const res = await send(() => client.v1.portal.subscriptions[":id"].change.$post({ param: { id }, json: input }, { headers: { "Idempotency-Key": idempotencyKey } }));
      return (await res.json()) as { subscription: SubscriptionView; preview: ChangePreviewView | null };
    },
    async undoScheduledChange(id: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].scheduled_change.$delete({ param: { id } })));
    },
    async addSubscriptionAddon(id: string, input: { price: string; quantity?: number }): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].addons.$post({ param: { id }, json: input })));
    },
    async updateSubscriptionAddon(id: string, addonId: string, quantity: number): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].addons[":addon"].$patch({ param: { id, addon: addonId }, json: { quantity } })));
    },
    async removeSubscriptionAddon(id: string, addonId: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].addons[":addon"].$delete({ param: { id, addon: addonId } })));
    },
    async applySubscriptionCoupon(id: string, code: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].coupons.$post({ param: { id }, json: { code } })));
    },
    async removeSubscriptionCoupon(id: string, appliedId: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].coupons[":applied"].$delete({ param: { id, applied: appliedId } })));
    },
    async setSubscriptionAutocharge(id: string, on: boolean): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].autocharge.$put({ param: { id }, json: { on } })));
    },
    /** Forgets the card assigned to the subscription; autocharge stops with it and renewals are invoiced with a pay link (S7). */
    async removeSubscriptionPaymentMethod(id: string): Promise<SubscriptionView> {
      return view(await send(() => client.v1.portal.subscriptions[":id"].payment_method.$delete({ param: { id } })));
    },
    async downloadDocument(id: string): Promise<DownloadedFile> {
      return file(await send(() => client.v1.portal.documents[":id"].pdf.$get({ param: { id } })));
    },
    async downloadOrderSummary(orderId: string): Promise<DownloadedFile> {
      return file(await send(() => client.v1.portal.orders[":id"]["summary.pdf"].$get({ param: { id: orderId } })));
    },
  };
}

/** Departments, the billing-section switch and the customer's incidents (H1–H3). */
export interface HelpdeskOverview {
  departments: DepartmentView[];
  billing_section: boolean;
  incidents: IncidentSummary;
}

/** A file attached to a ticket message, base64-encoded for the JSON body. */
export interface AttachmentUpload {
  file_name: string;
  data: string;
}

/** Reads files chosen in a file input into uploads. */
export async function toUploads(files: Iterable<File>): Promise<AttachmentUpload[]> {
  const uploads: AttachmentUpload[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    uploads.push({ file_name: f.name, data: btoa(binary) });
  }
  return uploads;
}

/** The outcome of paying an invoice. */
export interface InvoicePayment {
  payment_id: string;
  /** `pending`: the bank has not answered yet (sandbox card 4000 0000 0000 3220); not a decline. */
  status: "approved" | "declined" | "pending";
  decline_code: string | null;
  receipt_id: string | null;
}

/** What a cancellation did (S1, A1, R5): cancelled now, scheduled for the term's end, kept by the offer, or sent to the shop. */
export interface SubscriptionCancelOutcome {
  status: "cancelled" | "cancel_scheduled" | "retained" | "requested";
  subscription: SubscriptionView;
}

/** A downloaded document and the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

async function view(res: Response): Promise<SubscriptionView> {
  return (await res.json()) as SubscriptionView;
}

async function file(res: Response): Promise<DownloadedFile> {
  const disposition = res.headers.get("Content-Disposition") ?? "";
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "document.pdf";
  return { blob: await res.blob(), fileName };
}

export type PortalClient = ReturnType<typeof createPortalClient>;

/**
 * Sends a request; a `session_expired` answer renews the session (once for all
 * requests refused with the same token) and sends it again, once. Any other
 * end of the session (revoked, signed out) marks it ended without a renewal.
 */
/** Sends requests as a session, renewing it once on `session_expired` (for clients of lazy chunks, e.g. <account-details>). */
export function sessionSender(session: PortalSession, api?: string): (request: () => Promise<Response>) => Promise<Response> {
  return (request) => sendAs(session, request, api);
}

async function sendAs(session: PortalSession, request: () => Promise<Response>, api?: string): Promise<Response> {
  try {
    return await renewing(session, request);
  } catch (error) {
    // A CORS refusal reaches the page as the same TypeError as a network failure: ask the BFF which it was (P5).
    if (api && error instanceof ApiError && (error.code === "network_error" || (error.code === "origin_not_allowed" && !error.problem.details))) {
      throw (await originRefusal(api, session.token)) ?? error;
    }
    throw error;
  }
}

/**
 * Whether this page's origin is one the session's merchant does not allow:
 * `GET /v1/origin_check` answers any origin (no credentials). Undefined when it
 * is allowed, or when that cannot be told (the service is really unreachable).
 */
async function originRefusal(api: string, token: string): Promise<ApiError | undefined> {
  const [kind, merchant] = token.split(".");
  if (kind !== "bfps" || !merchant || typeof location === "undefined") return undefined;
  try {
    const res = await fetch(`${api.replace(/\/+$/, "")}/v1/origin_check?${new URLSearchParams({ merchant })}`, { credentials: "omit" });
    if (!res.ok) return undefined;
    const answer = (await res.json()) as { merchant_name: string; origin: string | null; allowed: boolean };
    if (answer.allowed) return undefined;
    const origin = answer.origin ?? location.origin;
    return new ApiError(403, "origin_not_allowed", `${origin} is not an allowed origin for ${answer.merchant_name}.`, { details: { merchant_name: answer.merchant_name, origin } });
  } catch {
    return undefined;
  }
}

async function renewing(session: PortalSession, request: () => Promise<Response>): Promise<Response> {
  const used = session.token;
  try {
    return await attempt(request);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !isSessionEnd(error.code)) throw error;
    if (error.code !== "session_expired") {
      session.end(error.code);
      throw error;
    }
    if (!(await session.renew(used))) throw error;
    try {
      return await attempt(request);
    } catch (again) {
      // Renewed, and still refused: the session is over.
      if (again instanceof ApiError && again.status === 401 && isSessionEnd(again.code)) session.end(again.code);
      throw again;
    }
  }
}

async function attempt(request: () => Promise<Response>): Promise<Response> {
  let res: Response;
  try {
    res = await request();
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The billing service could not be reached.");
  }
  if (res.ok) return res;
  let problem: { code?: string; detail?: string } & ApiError["problem"] = {};
  try {
    problem = (await res.json()) as typeof problem;
  } catch {
    // not problem+json (a proxy's error page, say): keep the HTTP status
  }
  throw new ApiError(res.status, problem.code ?? "http_error", problem.detail ?? res.statusText, problem);
}

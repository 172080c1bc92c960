import { addCard, createDepartment, schema, type PaymentGateway } from "@billfront/core/server";
import { guardGatewayCalls, observedGateway, testDatabaseKind, withAdmin } from "@billfront/core/testing";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

/**
 * Issue 10, "no 5xx under concurrency": a shop places orders for a customer
 * through the merchant API while that customer, in the widgets, pays invoices
 * (one and several at once), tops up and buys incident packages, with double
 * clicks. Everything goes through the real app on a real database, with the
 * real sandbox gateway behind an observer that notes every approval. Before
 * the fix 104 of 147 such requests answered 500 and 13 of 42 approvals had no
 * transaction row.
 */

const SHOP_ORIGIN = "https://shop.example";
const ORDER_AMOUNT = 1200;
const PACK_AMOUNT = 900;
const FEE_AMOUNT = 700;

type Sent = { label: string; status: number; body: unknown; again: () => Promise<Sent> };
type Approval = { key: string; amount: number; reference: string };

/** A slow acquirer (0-15 ms, as a real one is much slower still) widens every race window without changing what it answers. */
function slowed(inner: PaymentGateway): PaymentGateway {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
  return {
    name: inner.name,
    tokenizeCard: (card, now) => inner.tokenizeCard(card, now),
    authorize: async (input) => (await pause(), inner.authorize(input)),
    void: (input) => inner.void(input),
    refund: (input) => inner.refund(input),
  };
}

/** Sets up one merchant, one customer with a saved card, open invoices and an incident package; then fires `size` mixed requests at once. */
async function mixedRun(size: { orders: number; pays: number; bulkPays: number; topUps: number; packs: number; fees: number; followUps: number }) {
  const approvals: Approval[] = [];
  let guarded: ReturnType<typeof guardGatewayCalls> | undefined;
  const t = await createTestApp({
    observe: (core) =>
      (guarded = guardGatewayCalls({
        ...core,
        gateway: observedGateway(slowed(core.gateway), ({ key, amount, result }) => {
          if (result.status === "approved") approvals.push({ key, amount: amount.amount, reference: result.reference });
        }),
      })),
  });
  const shop = await t.createMerchant([SHOP_ORIGIN]);
  const customer = await t.createCustomer(shop.merchantId);
  const scope = { merchantId: shop.merchantId, customerId: customer.id };
  await addCard(t.core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" }, { makeDefault: true });
  const { token } = await t.mintSession(shop.merchantId, customer.id, 24 * 3600);

  const send = async (label: string, method: string, path: string, body: unknown, key: string): Promise<Sent> => {
    const portal = path.startsWith("/v1/portal/");
    const res = await t.app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${portal ? token : shop.secretKey}`,
        "Content-Type": "application/json",
        "Idempotency-Key": key,
        // The widgets call from the merchant's page; the shop's server calls without an origin.
        ...(portal ? { Origin: SHOP_ORIGIN } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the raw text: a 500 may not be JSON
    }
    return { label, status: res.status, body: parsed, again: () => send(label, method, path, body, key) };
  };
  const placeOrder = (i: number) =>
    send(`order ${i}`, "POST", "/v1/orders", { customer: customer.id, type: "one_time", currency: "EUR", items: [{ description: `Beans ${i}`, quantity: 1, unit_amount: ORDER_AMOUNT }] }, `order-${i}`);

  // Open invoices to pay, placed by the shop the way it always does.
  const openInvoices: string[] = [];
  for (let i = 0; i < 8; i++) {
    const placed = await placeOrder(1000 + i);
    expect(placed.status).toBe(201);
    openInvoices.push((placed.body as { invoice: { id: string } }).invoice.id);
  }
  const pack = (await (await t.app.request("/v1/products", { method: "POST", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: "Hotline", incidents: 3 }) })).json()) as { id: string };
  const packPriceRes = await t.app.request(`/v1/products/${pack.id}/prices`, {
    method: "POST",
    headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name: "3 incidents", amount: PACK_AMOUNT, currency: "EUR" }),
  });
  expect(packPriceRes.status).toBe(201);
  const packPrice = (await packPriceRes.json()) as { id: string };

  // A ticket the shop's staff charge support fees on (H8): the one thing that may take the balance below zero.
  const department = await createDepartment(t.core, shop.merchantId, { name: "Setup" });
  const ticket = await send("ticket", "POST", "/v1/portal/tickets", { department: department.id, subject: "Grinder", body: "It squeaks" }, "ticket-1");
  expect(ticket.status).toBe(201);
  const ticketId = (ticket.body as { id: string }).id;

  // Every fifth request of a kind repeats the previous one's key and body: a double click.
  const requests: (() => Promise<Sent[]>)[] = [];
  for (let i = 0; i < size.orders; i++) {
    const n = i % 5 === 4 ? i - 1 : i;
    if (i < size.followUps) {
      // The shop places an order and the customer pays it from the payment link right away.
      requests.push(async () => {
        const placed = await placeOrder(n);
        if (placed.status !== 201) return [placed];
        const invoiceId = (placed.body as { invoice: { id: string } }).invoice.id;
        return [placed, await send(`pay new invoice ${i}`, "POST", `/v1/portal/invoices/${invoiceId}/pay`, {}, `pay-new-${i}`)];
      });
    } else requests.push(async () => [await placeOrder(n)]);
  }
  for (let i = 0; i < size.pays; i++) {
    const j = i % 5 === 4 ? i - 1 : i;
    const invoiceId = openInvoices[j % openInvoices.length]!;
    requests.push(async () => [await send(`pay ${j}`, "POST", `/v1/portal/invoices/${invoiceId}/pay`, {}, `pay-${j}`)]);
  }
  for (let i = 0; i < size.bulkPays; i++) {
    const j = i % 5 === 4 ? i - 1 : i;
    const pair = [openInvoices[j % openInvoices.length]!, openInvoices[(j + 3) % openInvoices.length]!];
    requests.push(async () => [await send(`bulk ${j}`, "POST", "/v1/portal/invoices/pay", { invoices: pair }, `bulk-${j}`)]);
  }
  for (let i = 0; i < size.topUps; i++) {
    const j = i % 5 === 4 ? i - 1 : i;
    requests.push(async () => [await send(`top-up ${j}`, "POST", "/v1/portal/balance/top_ups", { amount: 500 + j, currency: "EUR" }, `top-up-${j}`)]);
  }
  for (let i = 0; i < size.packs; i++) {
    const j = i % 5 === 4 ? i - 1 : i;
    requests.push(async () => [await send(`pack ${j}`, "POST", `/v1/portal/incident_packages/${packPrice.id}/purchase`, {}, `pack-${j}`)]);
  }
  for (let i = 0; i < size.fees; i++) {
    const j = i % 5 === 4 ? i - 1 : i;
    requests.push(async () => [await send(`fee ${j}`, "POST", `/v1/tickets/${ticketId}/fees`, { amount: FEE_AMOUNT, currency: "EUR" }, `fee-${j}`)]);
  }
  // Shuffled, so every kind of request meets every other.
  for (let i = requests.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [requests[i], requests[j]] = [requests[j]!, requests[i]!];
  }

  const deadlocksBefore = await deadlockCount(t.database.url);
  // The customer's widget keeps reading the balance meanwhile: it must never show less than nothing.
  const balanceReads: number[] = [];
  let running = true;
  const watcher = (async () => {
    while (running) {
      const res = await t.app.request("/v1/portal/balance", { headers: { Authorization: `Bearer ${token}`, Origin: SHOP_ORIGIN } });
      const data = ((await res.json()) as { data: { amount: number; currency: string }[] }).data;
      balanceReads.push(data.find((b) => b.currency === "EUR")?.amount ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const wave = (await Promise.all(requests.map((r) => r()))).flat();
  running = false;
  await watcher;
  // A double click that met its twin still running got 409 with Retry-After; the widget sends it again
  // later, and then gets the twin's answer replayed.
  const retried = await Promise.all(wave.filter((s) => s.status === 409 && (s.body as { code?: string }).code === "idempotency_request_in_progress").map((s) => s.again()));
  // Whatever stayed open (its payments all met one in flight) can still be paid: nothing is left blocking it.
  const stillOpen = await t.core.db.select({ id: schema.documents.id }).from(schema.documents).where(and(eq(schema.documents.merchantId, shop.merchantId), eq(schema.documents.status, "open"), inArray(schema.documents.id, openInvoices)));
  const latePays = await Promise.all(stillOpen.map((i) => send(`late pay ${i.id}`, "POST", `/v1/portal/invoices/${i.id}/pay`, {}, `late-${i.id}`)));
  const sent = [...wave, ...retried, ...latePays];
  return { t, scope, sent, retried, gatewayCalls: guarded!.calls, gatewayCallsInsideTransactions: guarded!.callsInsideTransactions, approvals, balanceReads, deadlocksBefore, openInvoices, fired: requests.length };
}

/** JSON with object keys sorted: a replayed answer comes back from jsonb, which keeps keys in its own order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/**
 * The server's deadlock counter for the test database. Backends report their
 * counters when they exit, so the app's connections are ended first (the pool
 * opens new ones when the test queries again).
 */
async function deadlockCount(url: string | undefined): Promise<number | null> {
  if (!url) return null;
  return withAdmin(url, async (sql) => {
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    for (let i = 0; i < 50; i++) {
      const [row] = await sql<{ others: number }[]>`select count(*)::int as others from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
      if (row?.others === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await sql`select pg_stat_clear_snapshot()`;
    const [row] = await sql<{ deadlocks: number }[]>`select deadlocks::int as deadlocks from pg_stat_database where datname = current_database()`;
    return row?.deadlocks ?? 0;
  });
}

async function assertMoneySafe(run: Awaited<ReturnType<typeof mixedRun>>) {
  const { t, scope, sent, approvals, balanceReads } = run;
  const db = t.core.db;

  // 1. No request answered 5xx; list any with its body.
  const failures = sent.filter((s) => s.status >= 500).map((s) => `${s.label}: ${s.status} ${JSON.stringify(s.body)}`);
  expect(failures).toEqual([]);
  // Every answer is a definite one a customer or shop can act on.
  const unexpected = sent.filter((s) => ![200, 201, 409].includes(s.status)).map((s) => `${s.label}: ${s.status} ${JSON.stringify(s.body)}`);
  expect(unexpected).toEqual([]);

  // No gateway call was made while a transaction was open (a rollback would lose the record of an approval).
  expect(run.gatewayCalls.length).toBeGreaterThanOrEqual(approvals.length);
  expect(run.gatewayCallsInsideTransactions).toEqual([]);

  // 2. Every approval the gateway gave is booked: the attempt that asked for it is done, and its
  //    approved card payment rows (one per invoice it paid, one for a top-up) carry its reference and add up to it.
  const attempts = await db.select().from(schema.gatewayAttempts).where(eq(schema.gatewayAttempts.merchantId, scope.merchantId));
  const cardPayments = await db
    .select()
    .from(schema.transactions)
    .where(and(eq(schema.transactions.merchantId, scope.merchantId), eq(schema.transactions.kind, "payment"), eq(schema.transactions.funding, "card"), eq(schema.transactions.status, "approved")));
  const distinct = new Map(approvals.map((a) => [a.reference, a]));
  expect(distinct.size).toBeGreaterThan(0);
  const unbooked: string[] = [];
  for (const approval of distinct.values()) {
    const attempt = attempts.find((a) => a.gatewayKey === approval.key);
    const rows = cardPayments.filter((p) => p.gatewayReference === approval.reference);
    const invoices = ((attempt?.target as { invoice_ids?: string[] } | undefined)?.invoice_ids ?? [null]).length;
    const booked = rows.reduce((s, r) => s + r.amount, 0);
    if (!attempt || attempt.status !== "done" || rows.length !== invoices || booked !== approval.amount || new Set(rows.map((r) => r.invoiceId)).size !== rows.length) {
      unbooked.push(`${approval.reference} (${approval.amount}): attempt ${attempt?.status ?? "missing"}, ${rows.length} rows for ${invoices} invoice(s), ${booked} booked`);
    }
  }
  expect(unbooked).toEqual([]);
  // ...and nothing is booked as approved by card that the gateway did not approve.
  expect(cardPayments.filter((p) => !distinct.has(p.gatewayReference ?? "")).map((p) => p.id)).toEqual([]);
  // No attempt is left started: every request that recorded one finished it.
  expect(attempts.filter((a) => a.status !== "done").map((a) => `${a.purpose} ${a.idempotencyKey} ${a.status}`)).toEqual([]);

  // 3. No invoice is paid twice: approved payments on an invoice never exceed its total, and a paid invoice is paid in full.
  const invoices = await db.select().from(schema.documents).where(and(eq(schema.documents.merchantId, scope.merchantId), eq(schema.documents.kind, "invoice")));
  const payments = await db
    .select()
    .from(schema.transactions)
    .where(and(eq(schema.transactions.merchantId, scope.merchantId), eq(schema.transactions.kind, "payment"), eq(schema.transactions.status, "approved")));
  const overpaid: string[] = [];
  for (const invoice of invoices) {
    const paid = payments.filter((p) => p.invoiceId === invoice.id).reduce((s, p) => s + p.amount, 0);
    if (paid > invoice.totalAmount || (invoice.status === "paid") !== (paid === invoice.totalAmount)) overpaid.push(`${invoice.number}: ${invoice.status}, total ${invoice.totalAmount}, paid ${paid}`);
  }
  expect(overpaid).toEqual([]);
  // The seeded invoices were all paid in the end (a late payment of each one the wave left open went through).
  expect(sent.filter((x) => x.label.startsWith("late pay ") && x.status !== 201).map((x) => `${x.label}: ${x.status} ${JSON.stringify(x.body)}`)).toEqual([]);
  expect(invoices.filter((i) => run.openInvoices.includes(i.id) && i.status !== "paid").map((i) => i.number)).toEqual([]);

  // 4. The balance is its ledger: each approved top-up added once, each payment from credit and each fee taken once;
  //    only fees may take it below zero.
  const entries = await db.select().from(schema.balanceEntries).where(and(eq(schema.balanceEntries.merchantId, scope.merchantId), eq(schema.balanceEntries.customerId, scope.customerId)));
  const fees = await db.select().from(schema.supportFees).where(eq(schema.supportFees.merchantId, scope.merchantId));
  const topUps = cardPayments.filter((p) => p.invoiceId === null);
  const fromCredit = payments.filter((p) => p.funding === "balance");
  const ledgerMismatch: string[] = [];
  const expectEntry = (what: string, reference: string, kind: string, amount: number) => {
    const e = entries.filter((x) => x.reference === reference);
    if (e.length !== 1 || e[0]!.kind !== kind || e[0]!.amount !== amount) ledgerMismatch.push(`${what} ${reference}: ${JSON.stringify(e.map((x) => [x.kind, x.amount]))}`);
  };
  for (const p of topUps) expectEntry("top-up", p.id, "top_up", p.amount);
  for (const p of fromCredit) expectEntry("credit payment", p.id, "invoice_payment", -p.amount);
  for (const f of fees) expectEntry("fee", f.id, "support_fee", -f.amount);
  expect(ledgerMismatch).toEqual([]);
  expect(entries).toHaveLength(topUps.length + fromCredit.length + fees.length); // nothing else moved the balance
  const feesTotal = fees.reduce((s, f) => s + f.amount, 0);
  const ledger = entries.reduce((s, e) => s + e.amount, 0);
  expect(ledger).toBe(topUps.reduce((s, p) => s + p.amount, 0) - fromCredit.reduce((s, p) => s + p.amount, 0) - feesTotal);
  expect(ledger).toBeGreaterThanOrEqual(-feesTotal);
  const shown = (await (await t.app.request("/v1/portal/balance", { headers: { Authorization: `Bearer ${(await t.mintSession(scope.merchantId, scope.customerId)).token}` } })).json()) as { data: { amount: number }[] };
  expect(shown.data[0]?.amount ?? 0).toBe(ledger);
  expect(balanceReads.filter((b) => b < -feesTotal)).toEqual([]);
  // Credit pays only what is there: the payments from credit never exceed what was topped up.
  expect(fromCredit.reduce((s, p) => s + p.amount, 0)).toBeLessThanOrEqual(topUps.reduce((s, p) => s + p.amount, 0));
  // A fee double click is one fee.
  expect(fees).toHaveLength(new Set(sent.filter((x) => x.label.startsWith("fee ") && x.status === 201).map((x) => x.label)).size);

  // 5. A double click is one operation: its retry is answered (no key is left running), every
  //    successful answer to one key is the same answer, and each order key placed one order.
  expect(run.retried.filter((s) => s.status === 409 && (s.body as { code?: string }).code === "idempotency_request_in_progress").map((s) => s.label)).toEqual([]);
  const answers = new Map<string, Set<string>>();
  for (const s of sent.filter((x) => x.status === 201)) answers.set(s.label, (answers.get(s.label) ?? new Set()).add(canonical(s.body)));
  expect([...answers].filter(([, bodies]) => bodies.size > 1).map(([label]) => label)).toEqual([]);
  const lines = await db.select().from(schema.orderItems).where(eq(schema.orderItems.merchantId, scope.merchantId));
  const beans = lines.filter((l) => l.description.startsWith("Beans ")).map((l) => l.description);
  expect(beans.length).toBe(new Set(beans).size);
  const orders = await db.select().from(schema.orders).where(eq(schema.orders.merchantId, scope.merchantId));
  expect(new Set(orders.map((o) => o.number)).size).toBe(orders.length); // order numbers never repeat
}

describe("no 5xx under concurrency: a shop placing orders while its customer pays, tops up and buys incidents (issue 10)", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it.runIf(testDatabaseKind() === "postgres")(
    "answers 150 mixed concurrent requests without a 5xx, books every approval once, pays no invoice twice and deadlocks nowhere (PostgreSQL)",
    { timeout: 180_000 },
    async () => {
      const run = await mixedRun({ orders: 40, pays: 30, bulkPays: 15, topUps: 30, packs: 30, fees: 5, followUps: 10 });
      closers.push(() => run.t.close());
      expect(run.fired).toBe(150);
      await assertMoneySafe(run);
      expect(await deadlockCount(run.t.database.url)).toBe(run.deadlocksBefore);
    },
  );

  it.runIf(testDatabaseKind() === "pglite")("answers mixed concurrent requests without a 5xx and books every approval once (PGlite)", { timeout: 120_000 }, async () => {
    const run = await mixedRun({ orders: 10, pays: 10, bulkPays: 5, topUps: 10, packs: 8, fees: 2, followUps: 3 });
    closers.push(() => run.t.close());
    await assertMoneySafe(run);
  });
});

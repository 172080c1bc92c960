// Latency and throughput of the portal API on the seeded demo data, in process on
// embedded PGlite (or DATABASE_URL). Run: npm run bench
import { startServer } from "@billfront/bff";
import { generateSecret, openDatabase, SandboxGateway, seedDemo, systemClock } from "@billfront/core/server";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const database = await openDatabase({ url: process.env.DATABASE_URL });
const core = { db: database.db, clock: systemClock, gateway: new SandboxGateway() };
const demo = await seedDemo(core, { allowedOrigins: [] });
const server = await startServer({ port: 0, database, secret: process.env.BILLFRONT_SECRET || generateSecret() });
const { token } = (await (
  await fetch(`${server.url}/v1/portal_sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${demo.secretKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ customer: demo.customerId }),
  })
).json()) as { token: string };
const auth = { Authorization: `Bearer ${token}` };
const orders = (await (await fetch(`${server.url}/v1/portal/orders`, { headers: auth })).json()) as { data: { id: string }[] };
const details = (await (await fetch(`${server.url}/v1/portal/orders/${orders.data[0]!.id}`, { headers: auth })).json()) as {
  history: { documents: { id: string }[] }[];
};
const invoice = details.history.flatMap((h) => h.documents)[0]!.id;

async function measure(name: string, path: string) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const t0 = performance.now();
        const res = await fetch(`${server.url}${path}`, { headers: auth });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path}: ${res.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(`${name.padEnd(22)} p50 ${pct(50).padStart(6)} ms   p95 ${pct(95).padStart(6)} ms   ${(times.length / elapsed).toFixed(0).padStart(5)} req/s`);
}

console.log(`${database.kind}, ${REQUESTS} requests per endpoint, ${CONCURRENCY} at a time`);
await measure("GET /orders", "/v1/portal/orders");
await measure("GET /orders/:id", `/v1/portal/orders/${orders.data[0]!.id}`);
await measure("GET /billing_history", "/v1/portal/billing_history");
await measure("GET invoice PDF", `/v1/portal/documents/${invoice}/pdf`);
await server.close();
await database.close();

// `npm run example:react` / `npm run example:vue`: the BFF on the embedded database
// (or DATABASE_URL), a seeded demo merchant that allows the example's origin, and the
// example's own merchant server (examples/<name>/server.ts) serving its built app.
import { findMerchant, generateSecret, getCustomer, openDatabase, SandboxGateway, secretBoxFrom, seedDemo, setAllowedOrigins, systemClock, type DemoSeed } from "@billfront/core/server";
import { startServer } from "@billfront/bff";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const EXAMPLES = { react: "@billfront/example-react", vue: "@billfront/example-vue" } as const;
const name = process.argv[2] as keyof typeof EXAMPLES;
if (!(name in EXAMPLES)) {
  console.error(`usage: node scripts/example.ts ${Object.keys(EXAMPLES).join("|")}`);
  process.exit(2);
}
const { startExampleSite } = (await import(EXAMPLES[name])) as typeof import("@billfront/example-react");

const dataDir = resolve(process.env.BILLFRONT_DATA_DIR ?? `.billfront/example-${name}`);
const stateFile = join(dataDir, "example.json");
const bffPort = Number(process.env.PORT ?? 8787);
const sitePort = Number(process.env.SITE_PORT ?? 8081);
const siteOrigin = `http://localhost:${sitePort}`;

await mkdir(dataDir, { recursive: true });
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: join(dataDir, "db") });
type State = Partial<DemoSeed> & { billfrontSecret?: string };
const state: State = await readFile(stateFile, "utf8").then((text) => JSON.parse(text) as State, () => ({}));
state.billfrontSecret ??= generateSecret();
const secret = process.env.BILLFRONT_SECRET || state.billfrontSecret;
const core = { db: database.db, clock: systemClock, gateway: new SandboxGateway(), secrets: secretBoxFrom(secret) };

let demo = state.merchantId ? (state as DemoSeed) : undefined;
if (!demo || !(await findMerchant(core, demo.merchantId))) {
  demo = await seedDemo(core, { allowedOrigins: [siteOrigin] });
  Object.assign(state, demo);
} else {
  await setAllowedOrigins(core, demo.merchantId, [siteOrigin]);
}
// The secret key and BILLFRONT_SECRET live only in this git-ignored file.
await writeFile(stateFile, JSON.stringify(state, null, 2));
await chmod(stateFile, 0o600);
const customer = await getCustomer(core, demo.merchantId, demo.customerId);

const bff = await startServer({ port: bffPort, database, jobs: true, secret: core.secrets });
const site = await startExampleSite({ billfrontUrl: bff.url, secretKey: demo.secretKey, customerId: demo.customerId, customerEmail: customer.email, port: sitePort });
console.log(`Billfront BFF on ${bff.url} (${database.kind}); demo merchant ${demo.merchantId}, secret key in ${stateFile}`);
console.log(`Example ready: open ${site.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await site.close();
  await bff.close();
  await database.close();
  process.exit(0);
};
process.once("SIGINT", stop).once("SIGTERM", stop);

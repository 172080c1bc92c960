// `npm start`: the BFF on the embedded database (or DATABASE_URL), a seeded demo
// merchant, the example merchant page that embeds <my-orders>, and a local SMTP
// catcher whose messages (and the demo's SMS) the BFF shows at /dev/mailbox.
import { createStaffUser, findMerchant, generateSecret, getCustomer, listStaffUsers, openDatabase, SandboxGateway, secretBoxFrom, seedDemo, setAllowedOrigins, systemClock, type DemoSeed } from "@billfront/core/server";
import { ConfigurationError, describeStartupError, readEnv, startDelivery, startServer } from "@billfront/bff";
import { startMerchantSite } from "@billfront/example-plain-html";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

// The environment is checked before anything is seeded or migrated: a readable list of what is wrong, exit 1.
try {
  readEnv();
  if (process.env.SITE_PORT && !/^\d{1,5}$/.test(process.env.SITE_PORT)) throw new ConfigurationError("Invalid configuration:\n  SITE_PORT: must be a port number");
} catch (error) {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const dataDir = resolve(process.env.BILLFRONT_DATA_DIR || ".billfront/data");
const stateFile = join(dirname(dataDir), "demo.json");
const bffPort = Number(process.env.PORT ?? 8787);
const sitePort = Number(process.env.SITE_PORT ?? 8080);
const siteOrigin = `http://localhost:${sitePort}`;

await mkdir(dataDir, { recursive: true });
const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir }).catch((error: unknown) => {
  console.error(`Cannot open the database (${process.env.DATABASE_URL ? "DATABASE_URL" : `PGlite in ${dataDir}`}): ${describeStartupError(error)}`);
  process.exit(1);
});

// BILLFRONT_SECRET (encrypts signing keys and MFA secrets): the environment's, or one generated
// at first start and kept in the (git-ignored) state file; printed once.
type DemoState = Partial<DemoSeed> & { billfrontSecret?: string };
const state: DemoState = (await readDemoState()) ?? {};
let freshSecret = false;
if (!process.env.BILLFRONT_SECRET && !state.billfrontSecret) {
  state.billfrontSecret = generateSecret();
  await writeState();
  freshSecret = true;
}
const secret = process.env.BILLFRONT_SECRET || state.billfrontSecret!;
const core = { db: database.db, clock: systemClock, gateway: new SandboxGateway(), secrets: secretBoxFrom(secret) };

// Seed once; the secret key exists only in this (git-ignored) file and on screen.
let demo: DemoSeed | undefined = state.merchantId ? (state as DemoSeed) : undefined;
let freshKey = false;
if (!demo || !(await findMerchant(core, demo.merchantId))) {
  demo = await seedDemo(core, { allowedOrigins: [siteOrigin], logoUrl: `${siteOrigin}/logo.svg` });
  Object.assign(state, demo);
  await writeState();
  freshKey = true;
} else {
  await setAllowedOrigins(core, demo.merchantId, [siteOrigin]);
}
const customer = await getCustomer(core, demo.merchantId, demo.customerId);
// The shop's support team for the staff console (/staff): an admin and an agent, who sign in with a code by e-mail.
const STAFF = [
  { email: "admin@northwind.example", role: "admin" as const },
  { email: "agent@northwind.example", role: "agent" as const },
];
const existing = new Set((await listStaffUsers(core, demo.merchantId)).map((s) => s.email));
for (const member of STAFF) if (!existing.has(member.email)) await createStaffUser(core, demo.merchantId, member);

// E-mail goes over real SMTP to a catcher on 127.0.0.1 (DEV_SMTP_PORT, default 1025; SMTP_URL sends elsewhere instead).
const delivery = await startDelivery({
  devMailbox: true,
  devSmtpPort: Number(process.env.DEV_SMTP_PORT ?? 1025),
  devSmtpPortStrict: process.env.DEV_SMTP_PORT !== undefined,
  smtpUrl: process.env.SMTP_URL,
  smtpFrom: process.env.SMTP_FROM ?? "billing@northwind.example",
  smsUrl: process.env.SMS_URL,
  smsToken: process.env.SMS_TOKEN,
});
const bff = await startServer({ port: bffPort, database, publicUrl: process.env.BILLFRONT_PUBLIC_URL, jobs: true, delivery: delivery.delivery, devMailbox: delivery.devMailbox!, secret: core.secrets });
const site = await startMerchantSite({ billfrontUrl: bff.url, secretKey: demo.secretKey, customerId: demo.customerId, customerEmail: customer.email, port: sitePort });

console.log(`Billfront BFF on ${bff.url} (${database.kind}${database.kind === "pglite" ? `, data in ${dataDir}` : ""})`);
if (freshKey) {
  console.log(`Seeded demo merchant ${demo.merchantId} with customer ${demo.customerId}.`);
  console.log(`Demo secret API key (shown once, kept in ${stateFile}): ${demo.secretKey}`);
} else {
  console.log(`Using demo merchant ${demo.merchantId} (secret key in ${stateFile}).`);
}
console.log(`Dev mailbox (the demo's e-mail${delivery.catcher ? `, caught on ${delivery.catcher.url}` : ""} and SMS): open ${bff.url}/dev/mailbox`);
if (freshSecret) console.log(`Generated BILLFRONT_SECRET (shown once, kept in ${stateFile}; set it in the environment in production): ${secret}`);
console.log(`Customer sign-in: ${bff.url}/signin/${demo.merchantId} (as ${customer.email}; the code arrives in the dev mailbox)`);
console.log(`Staff console: ${bff.url}/staff (as ${STAFF.map((s) => `${s.email} (${s.role})`).join(" or ")}; the code arrives in the dev mailbox)`);
console.log(`Demo ready: open ${site.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await site.close();
  await bff.close();
  await delivery.close();
  await database.close();
  process.exit(0);
};
process.once("SIGINT", stop).once("SIGTERM", stop);

async function readDemoState(): Promise<DemoState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile, "utf8")) as DemoState;
  } catch {
    return undefined;
  }
}

async function writeState(): Promise<void> {
  await writeFile(stateFile, JSON.stringify(state, null, 2));
  await chmod(stateFile, 0o600);
}

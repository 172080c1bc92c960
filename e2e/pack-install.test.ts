// SLOW (about 2-4 minutes): the npm packages as a user gets them. Packs
// @billfront/core, widgets, bff and client from their builds, installs the
// tarballs into a new folder (with node@24 from the registry, as the engines
// ask for Node >= 22.12), and runs the installed `billfront` there.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packPackages } from "../scripts/pack-packages.mjs";
import { freePort } from "./demo.ts";

const run = promisify(execFile);
const SLOW = 600_000;

let work: string;
let app: string;
let tarballs: string[];
/** The machine's environment without what the repo's npm run put there (it would point npm back at the monorepo), nor CI's DATABASE_URL: the installed server runs on its embedded PGlite. */
let env: NodeJS.ProcessEnv;
const sh = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  run(command, args, { cwd: options.cwd ?? app, env: { ...env, ...options.env }, maxBuffer: 64 * 1024 * 1024 });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "billfront-pack-"));
  tarballs = packPackages(join(work, "tarballs"));
  app = join(work, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "billfront-install-test", private: true, type: "module" }));
  env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$|NODE_OPTIONS$|TURBO_|DATABASE_URL$)/i.test(k)));
  env.PATH = [join(app, "node_modules", ".bin"), process.env.PATH].join(delimiter);
  await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs, "node@24.21.0", "typescript@5.9.3"]);
}, SLOW);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("npm packages: pack, install into a new folder, run (slow)", () => {
  it("ships only built JavaScript, .d.ts, migrations, manifests, README and LICENSE", async () => {
    for (const tarball of tarballs) {
      const { stdout } = await run("tar", ["tzf", tarball]);
      const files = stdout.trim().split("\n");
      expect(files, tarball).toContain("package/README.md");
      expect(files, tarball).toContain("package/LICENSE");
      const strays = files.filter(
        (f) =>
          !/^package\/(package\.json|README\.md|LICENSE|custom-elements\.json|types\/[\w-]+\.d\.ts|dist\/.+\.(js|d\.ts)|dist\/db\/migrations\/.+\.(sql|json)|dist\/documents\/fonts\/[\w-]+\.(ttf|txt))$/.test(f) ||
          /\.test\.|\/src\//.test(f),
      );
      expect(strays, tarball).toEqual([]);
    }
    const { stdout } = await run("tar", ["tzf", tarballs.find((t) => t.includes("billfront-core-"))!]);
    expect(stdout).toContain("package/dist/db/migrations/0000_foundation.sql");
    expect(stdout).toContain("package/dist/db/migrations/meta/_journal.json");
    // The fonts documents are printed in, and their licence (issue 13).
    for (const font of ["NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansCJKsc-Regular-GB2312.ttf", "OFL.txt"]) expect(stdout).toContain(`package/dist/documents/fonts/${font}`);
  });

  it("the installed core renders an invoice for a Chinese name, with the fonts it ships (issue 13)", async () => {
    const script = `
      import { TestClock } from "@billfront/core";
      import { openDatabase, createMerchant, createCustomer, createOrder, issueInvoice, getDocumentPdf } from "@billfront/core/server";
      const handle = await openDatabase();
      const ctx = { db: handle.db, clock: new TestClock("2026-03-10T09:00:00.000Z") };
      const { merchantId } = await createMerchant(ctx, { name: "北京咖啡", address: "Łódź, ul. Piotrkowska 1" });
      const customer = await createCustomer(ctx, merchantId, { email: "wang@example.com", name: "王小明" });
      const order = await createOrder(ctx, merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Кофе", quantity: 1, unitAmount: 900 }] });
      const invoice = await issueInvoice(ctx, merchantId, { orderId: order.id });
      const pdf = await getDocumentPdf(ctx, { merchantId, customerId: customer.id }, invoice.id);
      console.log(JSON.stringify({ head: Buffer.from(pdf.bytes.subarray(0, 5)).toString(), size: pdf.bytes.length }));
      await handle.close();
    `;
    await writeFile(join(app, "render-invoice.mjs"), script);
    const { stdout } = await sh("node", ["render-invoice.mjs"], { env: { NODE_OPTIONS: "--no-experimental-strip-types" } });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(result.head).toBe("%PDF-");
    // Three subset fonts (Noto Sans regular and bold, the CJK cut): far more than the text alone, far less than a whole font.
    expect(result.size).toBeGreaterThan(10_000);
    expect(result.size).toBeLessThan(100_000);
  }, SLOW);

  it("`billfront migrate` applies the shipped migrations, running plain JavaScript", async () => {
    const { stdout } = await sh("npx", ["billfront", "migrate"], {
      // Nothing in the package may need TypeScript: Node >= 22.12 without type stripping runs it.
      env: { NODE_OPTIONS: "--no-experimental-strip-types", BILLFRONT_DATA_DIR: join(work, "migrate-data") },
    });
    expect(stdout).toContain("Migrations applied (pglite)");
  }, SLOW);

  it("`npx billfront start` answers /healthz and serves the widget script from the installed @billfront/widgets", async () => {
    const port = await freePort();
    const child: ChildProcess = spawn("npx", ["billfront", "start"], {
      cwd: app,
      env: { ...env, NODE_OPTIONS: "--no-experimental-strip-types", PORT: String(port), BILLFRONT_DATA_DIR: join(work, "data", "db") },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: npx does not pass SIGTERM on to the node it starts.
      detached: true,
    });
    let output = "";
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("Billfront BFF listening on")) resolve();
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("exit", (code) => reject(new Error(`billfront start exited with ${code}:\n${output}`)));
      });
      const base = `http://localhost:${port}`;
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok" });
      const script = await fetch(`${base}/widgets/billfront.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get("content-type")).toContain("javascript");
      expect(await script.text()).toContain("customElements");
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
      await exited;
    }
  }, SLOW);

  it("@billfront/client typechecks in a default strict NodeNext project, and rejects a wrong body", async () => {
    const project = join(app, "typed");
    await mkdir(project);
    await writeFile(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true } }));
    await writeFile(join(project, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(
      join(project, "merchant.ts"),
      `import { createBillfrontClient } from "@billfront/client";

const billfront = createBillfrontClient({ baseUrl: "http://localhost:8787", secretKey: "sk_test" });

export async function createCustomer(): Promise<string | undefined> {
  const res = await billfront.v1.customers.$post({ json: { email: "ada@example.com", name: "Ada" } });
  if (!res.ok) return undefined;
  const customer = await res.json();
  const id: string = customer.id;
  const session = await billfront.v1.portal_sessions.$post({ json: { customer: id } });
  return session.ok ? id : undefined;
}

export async function wrongBody(): Promise<void> {
  // @ts-expect-error: portal sessions are for a customer id
  await billfront.v1.portal_sessions.$post({ json: { customer: 1 } });
  // @ts-expect-error: email is a string
  await billfront.v1.customers.$post({ json: { email: 42 } });
}
`,
    );
    const result = await sh(join(app, "node_modules", ".bin", "tsc"), ["-p", "."], { cwd: project }).catch((error: { stdout: string }) => error);
    expect("stdout" in result ? result.stdout : "").toBe("");
  }, SLOW);

  it("@billfront/widgets imports in plain Node (server-side rendering) without throwing", async () => {
    const { stdout } = await sh("node", ["--input-type=module", "-e", 'const m = await import("@billfront/widgets"); console.log(typeof m.MyOrders)']);
    expect(stdout.trim()).toBe("function");
  }, SLOW);

  it("@billfront/widgets types: tag names, element properties and typed billfront-* events", async () => {
    const project = join(app, "typed-widgets");
    await mkdir(project);
    await writeFile(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, lib: ["ES2023", "DOM"] } }));
    await writeFile(join(project, "package.json"), JSON.stringify({ type: "module" }));
    await writeFile(
      join(project, "page.ts"),
      `import "@billfront/widgets";
import type { BillfrontEventMap, OrderOpenDetail } from "@billfront/widgets";

const orders = document.querySelector("my-orders")!;
orders.pageSize = 10;
orders.session = "token";
orders.addEventListener("billfront-order-open", (event) => {
  const detail: OrderOpenDetail = event.detail;
  console.log(detail.orderId.toUpperCase(), event.detail.number);
});
document.addEventListener("billfront-subscription-cancel", (event) => console.log(event.detail.subscription.status, event.detail.when));
const portal = document.createElement("billfront-portal");
void portal.logout();
export type Loaded = BillfrontEventMap["billfront-orders-loaded"]["detail"]["orders"][number]["id"];
// @ts-expect-error: an order-open detail has no amount
orders.addEventListener("billfront-order-open", (event) => event.detail.amount);
`,
    );
    const result = await sh(join(app, "node_modules", ".bin", "tsc"), ["-p", "."], { cwd: project }).catch((error: { stdout: string }) => error);
    expect("stdout" in result ? result.stdout : "").toBe("");
  }, SLOW);
});

// A merchant goes live from nothing, as the README's "Embedding" steps say: the real
// `billfront` CLI creates it (printing its secret key) and allows its origin, the real
// `billfront start` serves it, and a shop page on the merchant's OWN origin — a tiny
// HTTP server here, not the demo site — embeds the widgets with one script tag.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";
import { freePort } from "./demo.ts";

const cli = fileURLToPath(new URL("../packages/bff/src/cli.ts", import.meta.url));
const SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

describe("merchant go-live: CLI-created merchant embeds the portal on its own origin", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let bff: ChildProcess | undefined;
  let bffUrl: string;
  let browser: Browser;
  const sites: Server[] = [];
  let merchant: { id: string; secret_key: string };
  let customerId: string;
  let shopOrigin: string;
  let strangerOrigin: string;

  /** `billfront <args>` as a child process; resolves with its output once it exits. */
  const billfront = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
      child.once("exit", (code) => resolve({ code, stdout, stderr }));
    });

  const api = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bffUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${merchant.secret_key}`, "Content-Type": "application/json", ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  /**
   * The merchant's own shop page: its server mints a portal session per page view with the
   * secret key (which never reaches the browser) and embeds the elements with one script tag.
   */
  const startShop = async (port: number) => {
    const server = createServer((req, res) => {
      if (req.url === "/favicon.ico") return void res.writeHead(204).end();
      if (req.url !== "/account") return void res.writeHead(404).end();
      void api<{ token: string }>("POST", "/v1/portal_sessions", { customer: customerId }).then(({ token }) => {
        res.writeHead(200, {
          "Content-Type": "text/html; charset=utf-8",
          "Content-Security-Policy": `default-src 'self'; script-src ${bffUrl}; connect-src ${bffUrl}; frame-src ${bffUrl}; style-src 'self'; object-src 'none'; base-uri 'none'`,
        });
        res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>My account · Go Live Shop</title>
<script type="module" src="${bffUrl}/widgets/billfront.js"></script></head>
<body><h1>My account</h1>
<billfront-portal api="${bffUrl}" session="${token}">
  <my-orders></my-orders>
  <payment-methods></payment-methods>
</billfront-portal>
</body></html>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    sites.push(server);
    return `http://localhost:${port}`;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "billfront-golive-"));
    const bffPort = await freePort();
    bffUrl = `http://localhost:${bffPort}`;
    env = { ...process.env, DATABASE_URL: "", BILLFRONT_DATA_DIR: join(dir, "data"), BILLFRONT_SECRET: SECRET, PORT: String(bffPort) };
    const [shopPort, strangerPort] = [await freePort(), await freePort()];
    shopOrigin = `http://localhost:${shopPort}`;
    strangerOrigin = `http://localhost:${strangerPort}`;

    // 1. The operator creates the merchant; the key is printed once.
    const created = await billfront("merchant", "create", "--name", "Go Live Shop", "--email", "owner@golive.example");
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.match(/Created merchant (mer_\w+)/)?.[1];
    const key = created.stdout.match(/Secret API key \(shown once[^)]*\): (sk_test_\w+)/)?.[1];
    expect(id && key, created.stdout).toBeTruthy();
    merchant = { id: id!, secret_key: key! };
    // 2. ... and allows the shop's origin.
    const added = await billfront("origins", "add", "--merchant", merchant.id, shopOrigin);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(shopOrigin);

    // 3. The BFF runs.
    bff = spawn(process.execPath, [cli, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    await new Promise<void>((resolve, reject) => {
      bff!.stdout!.on("data", (c: Buffer) => {
        output += c.toString();
        if (output.includes("Billfront BFF listening")) resolve();
      });
      bff!.stderr!.on("data", (c: Buffer) => (output += c.toString()));
      bff!.once("exit", (code) => reject(new Error(`billfront start exited ${code}:\n${output}`)));
    });

    // 4. The merchant's server creates its customer and an order over the API.
    customerId = (await api<{ id: string }>("POST", "/v1/customers", { email: "grace@golive.example", name: "Grace Hopper" })).id;
    await api("POST", "/v1/orders", { customer: customerId, type: "one_time", currency: "EUR", items: [{ description: "Go-live starter kit", quantity: 1, unit_amount: 4900 }] }, { "Idempotency-Key": "golive-order-1" });

    await startShop(shopPort);
    await startShop(strangerPort);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    for (const site of sites) await new Promise((resolve) => site.close(resolve));
    if (bff && bff.exitCode === null) {
      const exited = new Promise((resolve) => bff!.once("exit", resolve));
      bff.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });

  it("renders <my-orders> with the customer's order on the merchant's own page, under its strict CSP", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${shopOrigin}/account`);
    const order = page.locator("my-orders [part=order]");
    await order.first().waitFor({ timeout: 30_000 });
    expect((await order.allTextContents()).join(" ")).toContain("Go-live starter kit");
    await page.locator("payment-methods").waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it("refuses the same page on an origin the merchant did not allow", async () => {
    const page = await browser.newPage();
    await page.goto(`${strangerOrigin}/account`);
    // The widget gets no answer it may read (CORS): it shows an error, never the orders.
    await page.locator("my-orders [part=error]").waitFor({ timeout: 30_000 });
    expect(await page.locator("my-orders [part=order]").count()).toBe(0);
    // The browser's own view: the portal API is not readable from this origin.
    const token = await page.locator("billfront-portal").getAttribute("session");
    const outcome = await page.evaluate(
      async ([api, session]) => {
        try {
          const res = await fetch(`${api}/v1/portal/orders`, { headers: { Authorization: `Bearer ${session}` } });
          return `status ${res.status}`;
        } catch (error) {
          return `refused: ${(error as Error).name}`;
        }
      },
      [bffUrl, token!] as const,
    );
    expect(outcome).toBe("refused: TypeError");
    await page.close();
  });
});

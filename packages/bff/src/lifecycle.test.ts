import { createTestDatabase } from "@billfront/core/testing";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { createTestApp } from "./testing.ts";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("/readyz", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  it("is 200 ready when the database answers (and the jobs run, where this process runs them)", async () => {
    const res = await t.app.request("/readyz");
    expect([res.status, await res.json()]).toEqual([200, { status: "ready", checks: { database: "ok", jobs: "not_run_here" } }]);
    const withJobs = createApp({ ...t.deps, jobsReady: () => true });
    expect(await (await withJobs.request("/readyz")).json()).toEqual({ status: "ready", checks: { database: "ok", jobs: "ok" } });
  });

  it("is 503 problem+json naming the job queue when pg-boss is not running", async () => {
    const res = await createApp({ ...t.deps, jobsReady: () => false }).request("/readyz");
    expect(res.status).toBe(503);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "not_ready", checks: { database: "ok", jobs: "failing" } });
  });

  it("is 503 problem+json naming the database when it cannot be reached", async () => {
    const gone = await createTestDatabase();
    await gone.close();
    const res = await createApp({ ...t.deps, core: { ...t.core, db: gone.db } }).request("/readyz");
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: "not_ready", checks: { database: "failing" } });
  });
});

describe("billfront start: structured logs and SIGTERM drain", () => {
  it("logs JSON lines with time and level, finishes the request in flight on SIGTERM, stops pg-boss and exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "billfront-drain-"));
    const port = await freePort();
    const child = spawn(process.execPath, [cli, "start"], {
      env: { ...process.env, DATABASE_URL: "", BILLFRONT_DATA_DIR: join(dir, "data"), PORT: String(port), BILLFRONT_SECRET: "0123456789abcdef".repeat(4) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (c: Buffer) => {
          output += c.toString();
          if (output.includes("Billfront BFF listening")) resolve();
        });
        child.stderr.on("data", (c: Buffer) => (output += c.toString()));
        void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      // Meanwhile another command refuses the embedded database this server holds, in one line.
      const other = spawn(process.execPath, [cli, "merchant", "list"], { env: { ...process.env, DATABASE_URL: "", BILLFRONT_DATA_DIR: join(dir, "data") }, stdio: ["ignore", "ignore", "pipe"] });
      let refusal = "";
      other.stderr.on("data", (c: Buffer) => (refusal += c.toString()));
      expect(await new Promise((resolve) => other.once("exit", resolve))).toBe(1);
      expect(refusal.trim()).toBe(`billfront: the embedded database in ${join(dir, "data")} is in use by process ${child.pid} (billfront start); stop it first, or use DATABASE_URL`);
      // Sign-in answers no sooner than 400 ms, known address or not: a request still in flight when SIGTERM arrives.
      const started = Date.now();
      const slow = fetch(`${base}/v1/sign_in`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ merchant: "mer_unknown", email: "a@shop.example" }) });
      await new Promise((resolve) => setTimeout(resolve, 100));
      child.kill("SIGTERM");
      const res = await slow;
      expect(res.status).toBe(404);
      expect(Date.now() - started).toBeGreaterThanOrEqual(380);
      expect(await exited).toBe(0);
      await expect(fetch(`${base}/readyz`)).rejects.toThrow();

      const lines = output.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const line of lines) expect(line).toMatchObject({ level: expect.stringMatching(/^(info|warn|error)$/), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), msg: expect.any(String) });
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining([`Billfront BFF listening on http://localhost:${port}`, "Draining: finishing in-flight requests", "Stopped"]));
      const requests = lines.filter((l) => l.msg === "request");
      expect(requests.find((l) => l.path === "/v1/sign_in")).toMatchObject({ method: "POST", status: 404, code: "merchant_not_found" });
      // The drained request is logged before the process says it stopped; no e-mail address reached the log.
      expect(lines.findIndex((l) => l.path === "/v1/sign_in")).toBeLessThan(lines.findIndex((l) => l.msg === "Stopped"));
      expect(output).not.toContain("a@shop.example");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

import { listAudit } from "@billfront/core/server";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runOnboardingCommand, UsageError } from "./cli-onboarding.ts";
import { createTestApp } from "./testing.ts";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));

/** The real `billfront` program as a child process. */
function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("billfront merchant / keys / origins / staff (onboarding CLI)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    await runOnboardingCommand(t.core, argv, { out: (line) => lines.push(line) });
    return lines.join("\n");
  };
  const json = async <T>(...argv: string[]) => JSON.parse(await run(...argv, "--json")) as T;
  const api = (key: string, method: string, path: string, body?: unknown) =>
    t.app.request(path, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it("creates a merchant whose printed key works (shown once, only its hash stored), and lists it", async () => {
    const out = await run("merchant", "create", "--name", "Acme Tools", "--origin", "https://Acme.example:443", "--origin", "http://localhost:5173", "--email", "Owner@acme.example");
    const id = out.match(/Created merchant (mer_\w+) "Acme Tools" \(sandbox\)/)?.[1];
    const key = out.match(/Secret API key \(shown once[^)]*\): (sk_test_\w+)/)?.[1];
    expect(id && key).toBeTruthy();
    const profile = await api(key!, "GET", "/v1/merchant");
    expect(await profile.json()).toMatchObject({ id, name: "Acme Tools", mode: "sandbox", allowed_origins: ["https://acme.example", "http://localhost:5173"], notify_emails: ["owner@acme.example"] });
    expect(await run("merchant", "list")).toContain(`${id}  sandbox  Acme Tools`);
    expect(await run("merchant", "list")).not.toContain(key!);
    const audit = (await listAudit(t.core, id!, { limit: 100 })).data;
    expect(audit).toContainEqual(expect.objectContaining({ action: "merchant.created", actor: "system:cli", source: "system" }));

    const live = await json<{ id: string; mode: string; secret_key: string }>("merchant", "create", "--name", "Live Shop", "--mode", "live");
    expect(live).toMatchObject({ mode: "live", secret_key: expect.stringMatching(/^sk_live_/) });
    expect((await json<{ data: { id: string }[] }>("merchant", "list")).data.map((m) => m.id)).toEqual(expect.arrayContaining([id, live.id]));
  });

  it("adds, lists and removes origins, refusing anything but scheme+host+port over https (http only on localhost)", async () => {
    const { id } = await json<{ id: string }>("merchant", "create", "--name", "Origins Shop");
    expect(await json("origins", "add", "--merchant", id, "https://shop.example")).toEqual({ allowed_origins: ["https://shop.example"] });
    expect(await json("origins", "add", "--merchant", id, "https://shop.example/")).toEqual({ allowed_origins: ["https://shop.example"] });
    for (const bad of ["http://shop.example", "https://shop.example/path", "https://shop.example?x=1", "ftp://shop.example", "shop.example", "https://u:p@shop.example"]) {
      await expect(run("origins", "add", "--merchant", id, bad)).rejects.toMatchObject({ code: "invalid_origin" });
    }
    await expect(run("merchant", "create", "--name", "Bad", "--origin", "http://evil.example")).rejects.toMatchObject({ code: "invalid_origin" });
    expect(await run("origins", "list", "--merchant", id)).toBe("https://shop.example");
    await expect(run("origins", "remove", "--merchant", id, "https://nope.example")).rejects.toMatchObject({ code: "origin_not_found" });
    expect(await json("origins", "remove", "--merchant", id, "https://shop.example")).toEqual({ allowed_origins: [] });
    const audit = (await listAudit(t.core, id, { limit: 100 })).data;
    expect(audit.filter((a) => a.action.startsWith("merchant.origin_")).map((a) => `${a.action} by ${a.actor}`).sort()).toEqual(["merchant.origin_added by system:cli", "merchant.origin_removed by system:cli"]);
  });

  it("creates, lists and revokes keys; a revoked key stops working; the last key stays", async () => {
    const shop = await json<{ id: string; secret_key: string }>("merchant", "create", "--name", "Keys Shop");
    const fresh = await json<{ id: string; secret_key: string }>("keys", "create", "--merchant", shop.id);
    expect((await api(fresh.secret_key, "GET", "/v1/merchant")).status).toBe(200);
    const listed = await json<{ data: { id: string; hint: string; revoked_at: string | null }[] }>("keys", "list", "--merchant", shop.id);
    expect(listed.data).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(fresh.secret_key);
    const first = listed.data.find((k) => k.id !== fresh.id)!;
    expect(await run("keys", "revoke", "--merchant", shop.id, first.id)).toContain(`Revoked key ${first.id}`);
    expect((await api(shop.secret_key, "GET", "/v1/merchant")).status).toBe(401);
    await expect(run("keys", "revoke", "--merchant", shop.id, fresh.id)).rejects.toMatchObject({ code: "last_api_key" });
    await expect(run("keys", "list", "--merchant", "mer_doesnotexist")).rejects.toMatchObject({ code: "merchant_not_found" });
  });

  it("creates, lists and disables staff; a disabled member's token stops working at once", async () => {
    const shop = await json<{ id: string; secret_key: string }>("merchant", "create", "--name", "Staff Shop");
    const out = await run("staff", "create", "--merchant", shop.id, "--email", "agent@staff.example", "--role", "agent");
    const token = out.match(/Staff API token \(shown once[^)]*\): (st_\w+)/)?.[1];
    expect(token).toBeTruthy();
    expect((await api(token!, "GET", "/v1/settings")).status).toBe(200);
    expect((await api(token!, "GET", "/v1/merchant")).status).toBe(403);
    const admin = await json<{ id: string; token: string }>("staff", "create", "--merchant", shop.id, "--email", "boss@staff.example", "--role", "admin");
    expect((await api(admin.token, "GET", "/v1/merchant")).status).toBe(200);
    expect((await json<{ data: { email: string; role: string }[] }>("staff", "list", "--merchant", shop.id)).data.map((s) => `${s.email} ${s.role}`).sort()).toEqual(["agent@staff.example agent", "boss@staff.example admin"]);
    expect(await run("staff", "disable", "--merchant", shop.id, "--email", "agent@staff.example")).toMatch(/Disabled stf_\w+ <agent@staff.example>/);
    expect((await api(token!, "GET", "/v1/settings")).status).toBe(401);
    await run("staff", "disable", "--merchant", shop.id, admin.id);
    expect((await api(admin.token, "GET", "/v1/merchant")).status).toBe(401);
    expect(await run("staff", "list", "--merchant", shop.id)).toMatch(/agent@staff.example {2}disabled/);
    // Another tenant's staff member is not found from here.
    const other = await json<{ id: string }>("merchant", "create", "--name", "Other");
    await expect(run("staff", "disable", "--merchant", other.id, admin.id)).rejects.toMatchObject({ code: "staff_not_found" });
    expect(((await listAudit(t.core, shop.id, { limit: 100 })).data).filter((a) => a.action === "staff_user.disabled")).toHaveLength(2);
  });

  it.each([
    [["merchant", "create"], /needs --name/],
    [["merchant", "create", "--name", "X", "--mode", "production"], /--mode must be sandbox or live/],
    [["merchant", "create", "--name", "X", "--email", "nope"], /--email must be an e-mail address/],
    [["merchant", "create", "--name", "X", "--colour", "red"], /Unknown option '--colour'/],
    [["keys", "list"], /needs --merchant/],
    [["keys", "list", "--merchant", "acme"], /must be a merchant id/],
    [["keys", "revoke", "--merchant", "mer_x"], /needs the key id/],
    [["origins", "add", "--merchant", "mer_x"], /needs an origin/],
    [["staff", "create", "--merchant", "mer_x", "--email", "a@b.example", "--role", "owner"], /needs --role agent or --role admin/],
    [["staff", "frobnicate"], /unknown command "staff frobnicate"/],
  ])("refuses %j with a usage error", async (argv, message) => {
    await expect(run(...argv)).rejects.toSatisfy((e: unknown) => e instanceof UsageError && message.test((e as Error).message));
  });

  it("as a program: prints the key on stdout, and bad input is one readable line on stderr with a non-zero exit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "billfront-cli-"));
    try {
      const env = { BILLFRONT_DATA_DIR: join(dir, "data"), BILLFRONT_SECRET: "0123456789abcdef".repeat(4) };
      const created = await runCli(["merchant", "create", "--name", "Spawned", "--json"], env);
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ name: "Spawned", secret_key: expect.stringMatching(/^sk_test_/) });
      const bad = await runCli(["origins", "add", "--merchant", (JSON.parse(created.stdout) as { id: string }).id, "http://shop.example"], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^billfront: "http:\/\/shop.example" must use https.*\[invalid_origin\]$/)]);
      const unknown = await runCli(["merchant", "create", "--name", "X", "--bogus"], env);
      expect([unknown.code, unknown.stderr.trim()]).toEqual([1, "billfront: Unknown option '--bogus' (see `billfront help`)"]);
      const usage = await runCli(["help"], {});
      expect(usage.stdout).toContain("origins add --merchant ID ORIGIN");
      const noDb = await runCli(["merchant", "list"], { DATABASE_URL: "postgres://billfront:secret@127.0.0.1:1/billfront" });
      expect(noDb.code).toBe(1);
      expect(noDb.stderr.trim()).toBe("billfront: cannot open the database (PostgreSQL at 127.0.0.1:1): ECONNREFUSED 127.0.0.1:1");
      const badEnv = await runCli(["merchant", "list"], { PORT: "eighty", SMTP_URL: "mailto:x" });
      expect(badEnv.code).toBe(1);
      expect(badEnv.stderr).toMatch(/Invalid configuration:\n {2}PORT: .*\n {2}SMTP_URL: /);
      expect(badEnv.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

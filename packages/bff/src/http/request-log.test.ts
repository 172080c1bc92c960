import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createTestApp } from "../testing.ts";

describe("request log", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  it("writes one JSON line per request with the request id, and redacts link tokens", async () => {
    const lines: string[] = [];
    const app = createApp({ ...t.deps, log: (line) => lines.push(line) });
    await app.request("/healthz");
    await app.request("/links/eyJsecret.token.here");
    const [health, checkout] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(health).toMatchObject({ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), method: "GET", path: "/healthz", status: 200, request_id: expect.any(String) });
    expect(checkout).toMatchObject({ path: "/links/[redacted]", status: 404 });
    expect(lines.join("\n")).not.toContain("eyJsecret");
  });

  it("a database error is logged with the request id and error code, never the query's parameters or the customer's e-mail", async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const app = createApp({ ...t.deps, log: (line) => lines.push(line), errorLog: (line) => errors.push(line) });
    const shop = await t.createMerchant();
    // A real database refusal of a row whose parameters hold an e-mail and a name.
    await t.core.db.execute(sql`alter table customers add constraint test_refuses_email check (email not like '%@refused.example')`);
    const res = await app.request("/v1/customers", {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "jane.doe@refused.example", name: "Jane Doe", external_id: "crm-4711" }),
    });
    await t.core.db.execute(sql`alter table customers drop constraint test_refuses_email`);
    const problem = (await res.json()) as { code: string; request_id: string };
    expect([res.status, problem.code]).toEqual([500, "internal_error"]);

    expect(errors).toHaveLength(1);
    const logged = JSON.parse(errors[0]!) as Record<string, unknown>;
    expect(logged).toMatchObject({ level: "error", request_id: problem.request_id, code: "internal_error", sqlstate: "23514", path: "/v1/customers" });
    const access = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(access).toMatchObject({ request_id: problem.request_id, status: 500, code: "internal_error" });
    const everything = [...errors, ...lines].join("\n");
    for (const secret of ["jane.doe", "refused.example", "Jane Doe", "crm-4711", shop.secretKey, "insert into", "params"]) {
      expect(everything).not.toContain(secret);
    }
  });
});

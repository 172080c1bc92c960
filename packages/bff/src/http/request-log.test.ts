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
    await app.request("/checkout/eyJsecret.token.here");
    const [health, checkout] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(health).toMatchObject({ level: "info", method: "GET", path: "/healthz", status: 200, request_id: expect.any(String) });
    expect(checkout).toMatchObject({ path: "/checkout/[redacted]", status: 400 });
    expect(lines.join("\n")).not.toContain("eyJsecret");
  });
});

import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { healthSchema } from "../openapi/schemas.ts";
import { problem } from "../http/problem.ts";

/** How long /readyz waits for the database before calling it unreachable. */
const READY_DB_TIMEOUT_MS = 2_000;

/** Unauthenticated endpoints: health, readiness, JWKS, the widget script. */
export function publicRoutes(deps: AppDeps) {
  return new Hono()
    .get("/healthz", doc({ summary: "Health check (the database answers)", tag: "System", security: "none", response: { description: "The database answers", schema: healthSchema } }), async (c) => {
      await deps.core.db.execute("select 1");
      return c.json({ status: "ok" });
    })
    // Readiness for a load balancer: the database answers `select 1` and, where this process runs the
    // jobs, pg-boss is running (not stopped or draining). 503 problem+json names what is not ready.
    .get("/readyz", doc({ summary: "Readiness: the database answers and the job queue runs", tag: "System", security: "none" }), async (c) => {
      c.header("Cache-Control", "no-store");
      const failing: string[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          deps.core.db.execute("select 1"),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), READY_DB_TIMEOUT_MS))),
        ]);
      } catch {
        failing.push("database");
      } finally {
        clearTimeout(timer);
      }
      if (deps.jobsReady && !deps.jobsReady()) failing.push("jobs");
      if (failing.length > 0) {
        return problem(c, 503, "not_ready", `Not ready: ${failing.join(" and ")} ${failing.length > 1 ? "are" : "is"} not available.`, { checks: Object.fromEntries(["database", "jobs"].map((k) => [k, failing.includes(k) ? "failing" : "ok"])) });
      }
      return c.json({ status: "ready", checks: { database: "ok", jobs: deps.jobsReady ? "ok" : "not_run_here" } });
    })
    .get("/.well-known/jwks.json", doc({ summary: "The public keys that verify Billfront's signed tokens (JWKS)", tag: "System", security: "none" }), (c) => {
      c.header("Cache-Control", "public, max-age=300");
      return c.json(deps.keys.jwks);
    })
    .get("/widgets/billfront.js", async (c) => {
      const script = await deps.loadWidgetScript();
      if (!script) return problem(c, 503, "widgets_not_built", "The widget bundle has not been built; run `npm run build`.");
      return c.body(script, 200, scriptHeaders("public, max-age=300"));
    })
    // Chunks the entry imports when a view is first used (W7); their names change with their content.
    .get("/widgets/chunks/:file{[A-Za-z0-9_-]+\\.js}", async (c) => {
      const script = await deps.loadWidgetScript(`chunks/${c.req.param("file")}`);
      if (!script) return problem(c, 404, "not_found", "No such widget file.");
      return c.body(script, 200, scriptHeaders("public, max-age=31536000, immutable"));
    })
    // The staff console's own entry and chunks, apart from the customer widgets (M1).
    .get("/widgets/console.js", async (c) => {
      const script = await deps.loadWidgetScript("console.js");
      if (!script) return problem(c, 503, "widgets_not_built", "The widget bundle has not been built; run `npm run build`.");
      return c.body(script, 200, scriptHeaders("public, max-age=300"));
    })
    .get("/widgets/console-chunks/:file{[A-Za-z0-9_-]+\\.js}", async (c) => {
      const script = await deps.loadWidgetScript(`console-chunks/${c.req.param("file")}`);
      if (!script) return problem(c, 404, "not_found", "No such widget file.");
      return c.body(script, 200, scriptHeaders("public, max-age=31536000, immutable"));
    });
}

/** Headers of widget files: module scripts loaded from other origins are fetched in CORS mode. */
function scriptHeaders(cacheControl: string) {
  return { "Content-Type": "text/javascript; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": cacheControl, "X-Content-Type-Options": "nosniff" };
}

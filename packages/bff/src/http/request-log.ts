import type { MiddlewareHandler } from "hono";

// Path segments that carry bearer material (payment links, emailed links) never reach a log line.
const SECRET_SEGMENTS = /^\/(checkout|links)\/[^/]+/;

/** One JSON line per request: request id, method, path (tokens redacted), status, duration. Bodies are never logged. */
export function requestLog(write: (line: string) => void = (line) => console.log(line)): MiddlewareHandler {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    write(
      JSON.stringify({
        level: c.res.status >= 500 ? "error" : "info",
        request_id: c.get("requestId"),
        method: c.req.method,
        path: c.req.path.replace(SECRET_SEGMENTS, "/$1/[redacted]"),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      }),
    );
  };
}

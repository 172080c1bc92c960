import type { MiddlewareHandler } from "hono";

// Path segments that carry bearer material (payment links, emailed links) never reach a log line.
const SECRET_SEGMENTS = /^\/(checkout|links)\/[^/]+/;

/** The request path as a log may show it: link tokens replaced by `[redacted]`. */
export function redactPath(path: string): string {
  return path.replace(SECRET_SEGMENTS, "/$1/[redacted]");
}

/** One JSON line per request: request id, method, path (tokens redacted), status, the problem's code, duration. Bodies, queries and headers are never logged. */
export function requestLog(write: (line: string) => void = (line) => console.log(line)): MiddlewareHandler {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    write(
      JSON.stringify({
        level: c.res.status >= 500 ? "error" : "info",
        request_id: c.get("requestId"),
        method: c.req.method,
        path: redactPath(c.req.path),
        status: c.res.status,
        ...(c.get("problemCode") ? { code: c.get("problemCode") } : {}),
        ms: Math.round(performance.now() - started),
      }),
    );
  };
}

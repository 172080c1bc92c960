import type { MiddlewareHandler } from "hono";
import { asLogger, type Logger } from "../log.ts";

// Path segments that carry bearer material (payment links, emailed links) never reach a log line.
const SECRET_SEGMENTS = /^\/(checkout|links)\/[^/]+/;

/** The request path as a log may show it: link tokens replaced by `[redacted]`. */
export function redactPath(path: string): string {
  return path.replace(SECRET_SEGMENTS, "/$1/[redacted]");
}

/**
 * One structured (pino) JSON line per request: time, level, request id, method,
 * path (tokens redacted), status, the problem's code, duration. Bodies, queries
 * and headers are never logged.
 */
export function requestLog(log: Logger | ((line: string) => void) = (line) => console.log(line)): MiddlewareHandler {
  const logger = asLogger(log);
  return async function requestLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const fields = {
      request_id: c.get("requestId"),
      method: c.req.method,
      path: redactPath(c.req.path),
      status: c.res.status,
      ...(c.get("problemCode") ? { code: c.get("problemCode") } : {}),
      ms: Math.round(performance.now() - started),
    };
    if (c.res.status >= 500) logger.error(fields, "request");
    else logger.info(fields, "request");
  };
}

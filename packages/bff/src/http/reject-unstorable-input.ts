import { findUnstorableText, isUnstorableText } from "@billfront/core";
import type { MiddlewareHandler } from "hono";
import { ProblemError } from "./problem.ts";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Refuses, with 422 `invalid_characters`, any request whose path, query or body
 * carries text Postgres cannot store (NUL, unpaired surrogates, broken
 * percent-encoding). Without it such an id or name reached the database and
 * every route answered 500. Runs before any route reads the input.
 */
export function rejectUnstorableInput(): MiddlewareHandler {
  return async function rejectUnstorableInputMiddleware(c, next) {
    const url = new URL(c.req.url);
    for (const segment of url.pathname.split("/")) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw refused("path", "The path is not valid percent-encoded UTF-8.");
      }
      if (isUnstorableText(decoded)) throw refused("path");
    }
    for (const [key, value] of url.searchParams) {
      if (isUnstorableText(key) || isUnstorableText(value)) throw refused(`query.${key}`);
    }
    if (BODY_METHODS.has(c.req.method)) {
      const type = c.req.header("Content-Type") ?? "";
      if (/^application\/(.+\+)?json/i.test(type)) {
        const text = await c.req.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined; // not JSON: the route's validator answers malformed_json
        }
        const field = findUnstorableText(body);
        if (field === "(too deep)") throw new ProblemError(422, "body_too_deep", "The JSON body is nested deeper than any request here takes.");
        if (field !== null) throw refused(`json.${field}`);
      } else if (/^application\/x-www-form-urlencoded/i.test(type)) {
        for (const [key, value] of new URLSearchParams(await c.req.text())) {
          if (isUnstorableText(key) || isUnstorableText(value)) throw refused(`form.${key}`);
        }
      }
    }
    await next();
  };
}

function refused(field: string, detail = `The ${field} holds a character that cannot be stored (NUL or an unpaired surrogate).`): ProblemError {
  return new ProblemError(422, "invalid_characters", detail);
}

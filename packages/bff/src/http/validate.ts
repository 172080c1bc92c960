import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { RequestValidationError } from "./problem.ts";

/** Where a validator keeps what it checks, for the OpenAPI generator (src/openapi/generate.ts). */
export const VALIDATES: unique symbol = Symbol.for("billfront.validates");

/** What one `validate()` middleware checks: the request part and its schema. */
export interface ValidatedInput {
  target: keyof ValidationTargets;
  schema: ZodType;
}

/**
 * zValidator whose failures become problem+json (through app.onError) instead of Hono's plain 400.
 * The middleware carries its target and schema (`[VALIDATES]`), so /openapi.json documents
 * exactly what the route validates.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  const middleware = zValidator(target, schema, (result) => {
    if (!result.success) throw new RequestValidationError(target, result.error.issues);
  });
  return Object.assign(middleware, { [VALIDATES]: { target, schema } satisfies ValidatedInput });
}

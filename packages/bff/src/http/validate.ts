import { zValidator } from "@hono/zod-validator";
import type { ValidationTargets } from "hono";
import type { ZodType } from "zod";
import { RequestValidationError } from "./problem.ts";

/** zValidator whose failures become problem+json (through app.onError) instead of Hono's plain 400. */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new RequestValidationError(target, result.error.issues);
  });
}

import { isDomainError } from "@billfront/core/server";
import type { Context } from "hono";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "./problem.ts";
import { rateLimits } from "./rate-limits.ts";

/** Answers that mean "no such credential": what a guesser gets. Expired or revoked sessions are real ones and do not count. */
const GUESS_CODES = new Set(["invalid_api_key", "session_invalid"]);

/**
 * Runs an authentication, refusing callers whose IP has failed too often
 * (API-key and session guessing) and counting a presented-but-unknown
 * credential as one failure. A success costs nothing, so busy honest clients
 * behind one address are not slowed down.
 */
export async function countAuthFailures<T>(deps: AppDeps, c: Context, authenticate: () => Promise<T>): Promise<T> {
  const limits = rateLimits(deps);
  const ip = c.get("clientIp") ?? "local";
  await limits.assertNotExhausted("authFailuresPerIp", ip);
  try {
    return await authenticate();
  } catch (error) {
    const code = isDomainError(error) || error instanceof ProblemError ? error.code : undefined;
    if (code && GUESS_CODES.has(code) && c.req.header("Authorization")) await limits.recordFailure("authFailuresPerIp", ip);
    throw error;
  }
}

import type { CoreContext } from "@billfront/core/server";
import type { KeyRing } from "./auth/signing-keys.ts";
import type { DevMailbox } from "./dev/dev-mailbox.ts";
import type { Logger } from "./log.ts";

/** Everything the HTTP layer needs from outside; tests build it on a real test database. */
export interface AppDeps {
  core: CoreContext;
  keys: KeyRing;
  /** Where this BFF is reachable from browsers, e.g. https://billing.example; also the token issuer. */
  publicUrl: string;
  /** The built widget bundle, or undefined when it has not been built. */
  /** A file of the widget build by name (`billfront.js`, `chunks/…`); undefined when missing. */
  loadWidgetScript: (name?: string) => Promise<string | undefined>;
  /** Where request log lines go (a pino logger, or a line sink); none in tests. */
  log?: Logger | ((line: string) => void) | undefined;
  /** What /readyz checks besides the database: whether this process's job queue runs (absent when it runs none). */
  jobsReady?: (() => boolean) | undefined;
  /** Trust `X-Forwarded-For` for the client IP (TRUST_PROXY=1, behind a reverse proxy). */
  trustProxy?: boolean | undefined;
  /** The least time POST /v1/sign_in takes, known address or not (timing must not tell them apart); 400 ms by default. */
  signInMinimumMs?: number | undefined;
  /** Where unexpected errors are logged (request id, code, error class, SQLSTATE, frames; never messages); stderr by default. */
  errorLog?: ((line: string) => void) | undefined;
  /** The demo's mailbox, served at /dev/mailbox; absent (and the page with it) in production. */
  devMailbox?: DevMailbox | undefined;
}

export { createApp, type AppType } from "./app.ts";
export type { AppDeps } from "./deps.ts";
export { startServer, type RunningServer, type StartOptions } from "./server.ts";
export { loadKeyRing, type KeyRing } from "./auth/signing-keys.ts";
export { signFlowLink, linkUrl } from "./pages/links-page.ts";
export type { Problem } from "./http/problem.ts";

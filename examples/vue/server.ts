import { fileURLToPath } from "node:url";
import { startExampleSite as startSite, type ExampleSiteOptions } from "../shared/merchant-server.ts";

export type { ExampleSiteOptions };

/**
 * The Vue example's merchant server (examples/shared/merchant-server.ts): serves
 * this example's build from ./dist and mints portal sessions with the secret key.
 */
export function startExampleSite(options: Omit<ExampleSiteOptions, "distDir"> & { distDir?: string }) {
  return startSite({ ...options, port: options.port ?? 8082, distDir: options.distDir ?? fileURLToPath(new URL("./dist", import.meta.url)) });
}

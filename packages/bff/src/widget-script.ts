import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** Reads the widget bundle built by @billfront/widgets, or undefined if it is not built yet. */
export function widgetScriptLoader(path?: string): () => Promise<string | undefined> {
  let cached: string | undefined;
  return async () => {
    if (cached) return cached;
    try {
      const file = path ?? fileURLToPath(import.meta.resolve("@billfront/widgets"));
      cached = await readFile(file, "utf8");
      return cached;
    } catch {
      return undefined;
    }
  };
}

import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Names the widget build writes: the entry, and content-hashed chunks loaded on first use (W7). */
export const WIDGET_FILE = /^(billfront\.js|console\.js|(?:chunks|console-chunks)\/[A-Za-z0-9_-]+\.js)$/;

/**
 * Reads files of the widget bundle built by @billfront/widgets (`billfront.js`
 * by default), or undefined if it is not built yet or the name is not one the build writes.
 */
export function widgetScriptLoader(entryPath?: string): (name?: string) => Promise<string | undefined> {
  const cache = new Map<string, string>();
  return async (name = "billfront.js") => {
    if (!WIDGET_FILE.test(name)) return undefined;
    const cached = cache.get(name);
    if (cached) return cached;
    try {
      const dir = dirname(entryPath ?? fileURLToPath(import.meta.resolve("@billfront/widgets/billfront.js")));
      const text = await readFile(join(dir, name), "utf8");
      cache.set(name, text);
      return text;
    } catch {
      return undefined;
    }
  };
}

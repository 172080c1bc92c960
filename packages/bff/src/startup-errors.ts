/**
 * One readable line for an error that stops the process at start: for a
 * database that cannot be reached, the underlying socket error (`ECONNREFUSED
 * 127.0.0.1:5432`, `ENOTFOUND db.internal`), looked for through `cause` chains
 * and AggregateErrors (Node tries every address of a host); otherwise the
 * innermost cause's first line (`password authentication failed for user "x"`),
 * never drizzle's "Failed query … params:" wrapper, never a stack, never a URL's password.
 */
export function describeStartupError(error: unknown): string {
  const sockets = new Set<string>();
  const messages: string[] = [];
  const walk = (e: unknown, depth: number) => {
    if (!e || typeof e !== "object" || depth > 6) return;
    const { code, address, port, hostname, message, errors, cause } = e as Record<string, unknown>;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) {
      const where = typeof address === "string" ? `${address}${port !== undefined ? `:${String(port)}` : ""}` : typeof hostname === "string" ? hostname : "";
      sockets.add(`${code}${where ? ` ${where}` : ""}`);
    }
    if (typeof message === "string" && message.trim()) messages.push(message.split("\n")[0]!.trim());
    if (Array.isArray(errors)) for (const inner of errors) walk(inner, depth + 1);
    walk(cause, depth + 1);
  };
  walk(error, 0);
  const text = sockets.size > 0 ? [...sockets].join(", ") : (messages.filter((m) => !/^Failed query:/.test(m)).at(-1) ?? messages.at(-1) ?? String(error));
  return text.replace(/(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g, "$1[redacted]@");
}

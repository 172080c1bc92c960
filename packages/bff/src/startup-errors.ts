/**
 * One readable line for an error that stops the process at start: the
 * underlying cause of a database that cannot be reached (`ECONNREFUSED
 * 127.0.0.1:5432`, `ENOTFOUND db.internal`, a refused password), looked for
 * through `cause` chains and AggregateErrors (Node's connection attempts to
 * every address of a host), instead of a bare stack. Never includes a URL's password.
 */
export function describeStartupError(error: unknown): string {
  const found = new Set<string>();
  const walk = (e: unknown, depth: number) => {
    if (!e || typeof e !== "object" || depth > 5) return;
    const { code, address, port, hostname, message, errors, cause } = e as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
      const where = typeof address === "string" ? `${address}${port !== undefined ? `:${String(port)}` : ""}` : typeof hostname === "string" ? hostname : "";
      found.add(`${code}${where ? ` ${where}` : ""}`);
    } else if (typeof message === "string" && message && Array.isArray(errors) === false && depth > 0) {
      found.add(message);
    }
    if (Array.isArray(errors)) for (const inner of errors) walk(inner, depth + 1);
    walk(cause, depth + 1);
  };
  walk(error, 0);
  const message = error instanceof Error && error.message ? error.message : "";
  const details = [...found].filter((d) => d !== message && !message.includes(d));
  return redactUrls([message || (error instanceof Error ? error.name : String(error)), ...details].filter(Boolean).join(": "));
}

/** True when the error is about reaching the database (or any server): a connection that failed at the socket. */
export function isConnectionError(error: unknown): boolean {
  return /\bE(CONNREFUSED|NOTFOUND|AI_AGAIN|TIMEDOUT|HOSTUNREACH|NETUNREACH|CONNRESET)\b/.test(describeStartupError(error));
}

function redactUrls(text: string): string {
  return text.replace(/(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g, "$1[redacted]@");
}

import { pino, stdTimeFunctions, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * The BFF's structured log: one JSON object a line with an ISO `time` and a
 * textual `level` (`info`, `warn`, `error`). Callers put ids, codes and counts in
 * it; never SQL parameters, personal data, tokens or card numbers.
 * `destination` is stdout unless given (tests pass a line sink).
 */
export function createLogger(destination?: DestinationStream | ((line: string) => void)): Logger {
  const stream = typeof destination === "function" ? { write: (line: string) => destination(line.endsWith("\n") ? line.slice(0, -1) : line) } : destination;
  const options = {
    base: { pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return stream ? pino(options, stream) : pino(options);
}

/** A log for `log?:` options that may be a logger or a plain line sink. */
export function asLogger(log: Logger | ((line: string) => void)): Logger {
  return typeof log === "function" ? createLogger(log) : log;
}

/**
 * Structured log lines for every domain. Each line names its domain and, where it
 * concerns a call, the call id or SIP Call-ID, so one grep follows a call through
 * signalling, media, IVR and ACD.
 *
 * @module
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export type LogFields = Record<string, unknown>;

/** Where formatted lines go; tests capture them, production writes to stderr. */
export type LogSink = (line: string, level: LogLevel) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger for another domain with the same level and sink. */
  child(domain: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  now?: () => number;
}

const encoder = new TextEncoder();
const stderrSink: LogSink = (line) => {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
};

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** Creates a logger for `domain`; lines look like `2026-… INFO http listening port=8080`. */
export function createLogger(domain: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const sink = options.sink ?? stderrSink;
  const now = options.now ?? Date.now;
  const threshold = LOG_LEVELS.indexOf(level);

  const write = (lineLevel: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
    let line = `${new Date(now()).toISOString()} ${lineLevel.toUpperCase()} ${domain} ${message}`;
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) line += ` ${key}=${formatValue(value)}`;
      }
    }
    sink(line, lineLevel);
  };

  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (childDomain) => createLogger(childDomain, { level, sink, now }),
  };
}

/**
 * Lets a noisy condition (a flood of bad packets, repeated auth failures) be logged
 * once per interval with a count, instead of once per occurrence.
 */
export class LogOncePerInterval {
  #lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly intervalMs: number, private readonly now: () => number) {}

  /** Calls `log(suppressedSinceLast)` when `key` was not logged within the interval. */
  maybe(key: string, log: (suppressed: number) => void): void {
    const entry = this.#lastLogged.get(key);
    const now = this.now();
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.#lastLogged.set(key, { at: now, suppressed: 0 });
    log(entry?.suppressed ?? 0);
  }
}

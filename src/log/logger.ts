import { capText, MAX_LOGGED_CHARS } from "./cap_text.ts";
import type { RecentLines } from "./recent_lines.ts";
import { RepeatLimit, type RepeatLimitOptions } from "./repeat_limit.ts";

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
  /** A logger for another domain with the same level, sink and repeat limit. */
  child(domain: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  now?: () => number;
  /**
   * How many warnings and errors with the same domain and message may be written per
   * interval; the rest are counted and reported in one line when the interval ends.
   * `false` writes every line.
   */
  repeatLimit?: RepeatLimitOptions | false;
  /** Keeps the latest warnings and errors for the admin's page as well. */
  recent?: RecentLines;
}

/**
 * Twenty lines a minute of one warning is plenty to see what happens, and bounds what
 * a peer that can trigger the warning at will can write.
 */
export const DEFAULT_REPEAT_LIMIT: RepeatLimitOptions = { lines: 20, intervalMs: 60_000 };

// Only warnings and errors are limited: info lines mark per-call milestones that a
// busy center legitimately writes many times a minute.
const LIMITED_LEVELS: ReadonlySet<LogLevel> = new Set(["warn", "error"]);

const encoder = new TextEncoder();
const stderrSink: LogSink = (line) => {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
};

const PLAIN = /^[\w.:/@+-]+$/;
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function formatText(text: string): string {
  const capped = capText(text);
  return PLAIN.test(capped) ? capped : JSON.stringify(capped);
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(capText(value.message));
  if (typeof value === "string") return formatText(value);
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    // A bigint or a cycle must not turn a log call into an exception.
    json = undefined;
  }
  json ??= String(value);
  return json.length > MAX_LOGGED_CHARS ? JSON.stringify(capText(json)) : json;
}

interface Shared {
  threshold: number;
  sink: LogSink;
  now: () => number;
  limit: RepeatLimit | undefined;
}

/**
 * Creates a logger for `domain`; lines look like `2026-… INFO http listening port=8080`.
 * Every value is capped (see `capText`) and warnings and errors are rate-limited per
 * domain and message, so text a peer controls can neither make a line huge nor make
 * lines without end.
 */
export function createLogger(domain: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const now = options.now ?? Date.now;
  const limitOptions = options.repeatLimit ?? DEFAULT_REPEAT_LIMIT;
  return loggerFor(domain, {
    threshold: LOG_LEVELS.indexOf(level),
    sink: options.recent
      ? options.recent.keep(options.sink ?? stderrSink)
      : options.sink ?? stderrSink,
    now,
    limit: limitOptions === false ? undefined : new RepeatLimit(limitOptions, now),
  });
}

function loggerFor(domain: string, shared: Shared): Logger {
  const line = (lineLevel: LogLevel, lineDomain: string, message: string, fields?: LogFields) => {
    const text = CONTROL.test(message) ? JSON.stringify(capText(message)) : capText(message);
    const at = new Date(shared.now()).toISOString();
    let out = `${at} ${lineLevel.toUpperCase()} ${lineDomain} ${text}`;
    if (fields) {
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) out += ` ${key}=${formatValue(value)}`;
      }
    }
    shared.sink(out, lineLevel);
  };

  const write = (lineLevel: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lineLevel) < shared.threshold) return;
    const limit = shared.limit;
    if (limit) {
      for (const { key, count } of limit.ended()) {
        const [level, from, repeated] = JSON.parse(key) as [LogLevel, string, string];
        line(level, from, "repeated lines suppressed", { message: repeated, count });
      }
      if (LIMITED_LEVELS.has(lineLevel)) {
        if (!limit.admit(JSON.stringify([lineLevel, domain, message]))) return;
      }
    }
    line(lineLevel, domain, message, fields);
  };

  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (childDomain) => loggerFor(childDomain, shared),
  };
}

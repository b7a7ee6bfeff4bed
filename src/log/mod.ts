/**
 * Structured log lines for every domain. Each line names its domain and, where it
 * concerns a call, the call id or SIP Call-ID, so one grep follows a call through
 * signalling, media, IVR and ACD.
 *
 * Log lines often carry what a peer sent. Every value is therefore capped at
 * {@link MAX_LOGGED_CHARS} characters with its length noted, and repeated warnings and
 * errors are limited per domain and message ({@link DEFAULT_REPEAT_LIMIT}), with the
 * dropped lines counted in one line when the interval ends. The latest warnings and
 * errors can be kept for the admin's page ({@link RecentLines}).
 *
 * @module
 */
export { capText, MAX_LOGGED_CHARS } from "./cap_text.ts";
export { LogOncePerInterval } from "./log_once_per_interval.ts";
export { createLogger, DEFAULT_REPEAT_LIMIT, LOG_LEVELS } from "./logger.ts";
export type { LogFields, Logger, LoggerOptions, LogLevel, LogSink } from "./logger.ts";
export { RECENT_LINES, type RecentLine, RecentLines } from "./recent_lines.ts";
export { RepeatLimit } from "./repeat_limit.ts";
export type { RepeatLimitOptions, Suppressed } from "./repeat_limit.ts";

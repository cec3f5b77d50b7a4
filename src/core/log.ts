/** Structured logging interface. Fields must never contain secrets. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured fields of one log line (serialized as JSON; never secrets). */
export type LogFields = Record<string, unknown>;

/** Where every module logs; the one implementation writes JSON lines (src/log/json_logger.ts). */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

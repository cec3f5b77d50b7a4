import type { LogFields, Logger, LogLevel } from "../core/log.ts";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Log line format: one JSON object per line, or human-readable text. */
export type LogFormat = "json" | "pretty";

/** Format, minimum level, sink, clock, and the secret values to scrub from every line. */
export interface LoggerOptions {
  format?: LogFormat;
  level?: LogLevel;
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
  now?: () => number;
  /** Values that must never appear in a log line (e.g. the private key); replaced by "[redacted]". */
  secrets?: readonly string[];
}

const encoder = new TextEncoder();

function defaultWrite(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}

function jsonSafe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Structured logger: one JSON object per line, or a compact human format. */
export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const format = options.format ?? "json";
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? defaultWrite;
  const now = options.now ?? Date.now;
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);

  const scrub = (line: string): string => {
    let out = line;
    for (const s of secrets) out = out.split(s).join("[redacted]");
    return out;
  };

  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const all = { ...bound, ...fields };
    let line: string;
    if (format === "json") {
      line = JSON.stringify(
        { t: new Date(now()).toISOString(), level, msg, ...all },
        (_k, v) => jsonSafe(v),
      );
    } else {
      const extra = Object.entries(all)
        .map(([k, v]) =>
          `${k}=${typeof v === "string" ? v : JSON.stringify(v, (_k, x) => jsonSafe(x))}`
        )
        .join(" ");
      line = `${new Date(now()).toISOString().slice(11, 23)} ${
        level.toUpperCase().padEnd(5)
      } ${msg}${extra ? " " + extra : ""}`;
    }
    write(scrub(line));
  };

  return {
    debug: (msg, fields) => emit("debug", msg, fields),
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

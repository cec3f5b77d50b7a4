/**
 * Command line of main.ts:
 *   main.ts [--sim] [--dry-run] [--duration <seconds>] [--log-format json|pretty]
 *           [--log-level debug|info|warn|error] <config.json>
 */
import type { LogLevel } from "../core/log.ts";
import type { LogFormat } from "../log/json_logger.ts";

/** The parsed command line of main.ts; `durationMs` absent means run until a signal. */
export interface CliArgs {
  readonly configPath: string;
  readonly sim: boolean;
  readonly dryRun: boolean;
  readonly durationMs?: number;
  readonly logFormat: LogFormat;
  readonly logLevel: LogLevel;
  readonly help: boolean;
}

/** The help text printed by `--help` and after every usage error. */
export const USAGE = `usage: deno task run <config.json> [options]
       deno task sim [-- options]            (embedded simulator, no keys, no network)

options:
  --sim                   trade against the embedded simulator with its demo key
  --dry-run               real market data, log the actions it would send, send nothing (no key)
  --duration <seconds>    stop by itself after this long (default: until Ctrl-C)
  --log-format json|pretty   (default json)
  --log-level debug|info|warn|error   (default info)

environment (never logged):
  HL_PRIVATE_KEY          key of the account or its API wallet (mainnet/testnet)
  HL_ACCOUNT_ADDRESS      the master account when HL_PRIVATE_KEY is an API wallet
  HL_VAULT_ADDRESS        trade for a vault or sub-account`;

/** Thrown for a bad command line (exit code 2). */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = "UsageError";
  }
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/**
 * Parse main.ts's arguments (`--flag value` or `--flag=value`); throws `UsageError` on anything
 * unknown or malformed.
 */
export function parseCliArgs(args: readonly string[]): CliArgs {
  let configPath: string | undefined;
  let sim = false;
  let dryRun = false;
  let durationMs: number | undefined;
  let logFormat: LogFormat = "json";
  let logLevel: LogLevel = "info";
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? "";
    const eq = raw.indexOf("=");
    const [flag, inline] = raw.startsWith("--") && eq > 0
      ? [raw.slice(0, eq), raw.slice(eq + 1)]
      : [raw, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--":
        break;
      case "-h":
      case "--help":
        help = true;
        break;
      case "--sim":
        sim = true;
        break;
      case "--dry-run":
        dryRun = true;
        break;
      case "--duration": {
        const v = value();
        const seconds = Number(v);
        if (v.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
          throw new UsageError(`--duration: expected a positive number of seconds, got "${v}"`);
        }
        durationMs = Math.round(seconds * 1000);
        break;
      }
      case "--log-format": {
        const v = value();
        if (v !== "json" && v !== "pretty") {
          throw new UsageError(`--log-format: expected json or pretty, got "${v}"`);
        }
        logFormat = v;
        break;
      }
      case "--log-level": {
        const v = value();
        if (!(LEVELS as readonly string[]).includes(v)) {
          throw new UsageError(`--log-level: expected one of ${LEVELS.join(", ")}, got "${v}"`);
        }
        logLevel = v as LogLevel;
        break;
      }
      default:
        if (flag.startsWith("-")) throw new UsageError(`unknown option ${flag}`);
        if (configPath !== undefined) {
          throw new UsageError(`one config file expected, got "${configPath}" and "${flag}"`);
        }
        configPath = flag;
    }
  }
  if (configPath === undefined && !help) throw new UsageError("missing the config file");
  return {
    configPath: configPath ?? "",
    sim,
    dryRun,
    ...(durationMs !== undefined ? { durationMs } : {}),
    logFormat,
    logLevel,
    help,
  };
}

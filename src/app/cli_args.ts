/**
 * Command line of main.ts:
 *   main.ts [--sim [--market calm|busy|thin] [--initial-address-budget N]] [--dry-run]
 *           [--duration <seconds>] [--log-format json|pretty] [--log-level debug|info|warn|error]
 *           <config.json>
 */
import { parseArgs } from "node:util";
import type { LogLevel } from "../core/log.ts";
import type { LogFormat } from "../log/json_logger.ts";
import {
  isMarketProfileName,
  MARKET_PROFILE_NAMES,
  type MarketProfileName,
} from "../sim/market/market_profiles.ts";

/** The parsed command line of main.ts; `durationMs` absent means run until a signal. */
export interface CliArgs {
  readonly configPath: string;
  readonly sim: boolean;
  /** `--market`: the embedded simulator's market profile (only with `--sim`). */
  readonly simMarket?: MarketProfileName;
  /** `--initial-address-budget`: the simulator's starting address budget (only with `--sim`). */
  readonly simInitialAddressBudget?: number;
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
  --market calm|busy|thin     simulator market profile (with --sim; default busy)
  --initial-address-budget N  simulator's starting address budget (with --sim; default 10000)
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

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  sim: { type: "boolean" },
  market: { type: "string" },
  "initial-address-budget": { type: "string" },
  "dry-run": { type: "boolean" },
  duration: { type: "string" },
  "log-format": { type: "string" },
  "log-level": { type: "string" },
} as const;

/** The `node:util` tokens, checked here so that every mistake is a UsageError of ours. */
function checkTokens(tokens: readonly { kind: string; name?: string; rawName?: string }[]) {
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const known = Object.hasOwn(OPTIONS, t.name ?? "");
    if (!known) throw new UsageError(`unknown option ${t.rawName}`);
  }
}

/**
 * Parse main.ts's arguments (`--flag value` or `--flag=value`); throws `UsageError` on anything
 * unknown or malformed.
 */
export function parseCliArgs(args: readonly string[]): CliArgs {
  // `deno task x -- flags` passes the `--` on: it separates nothing here.
  const { values, positionals, tokens } = parseArgs({
    args: args.filter((a) => a !== "--"),
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  checkTokens(tokens);
  const text = (name: keyof typeof OPTIONS): string | undefined => {
    const v = values[name];
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return typeof v === "string" ? v : undefined;
  };
  let durationMs: number | undefined;
  const duration = text("duration");
  if (duration !== undefined) {
    const seconds = Number(duration);
    if (duration.trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
      throw new UsageError(`--duration: expected a positive number of seconds, got "${duration}"`);
    }
    durationMs = Math.round(seconds * 1000);
  }
  const logFormat = text("log-format") ?? "json";
  if (logFormat !== "json" && logFormat !== "pretty") {
    throw new UsageError(`--log-format: expected json or pretty, got "${logFormat}"`);
  }
  const logLevel = text("log-level") ?? "info";
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw new UsageError(`--log-level: expected one of ${LEVELS.join(", ")}, got "${logLevel}"`);
  }
  const market = text("market");
  if (market !== undefined && !isMarketProfileName(market)) {
    throw new UsageError(
      `--market: expected one of ${MARKET_PROFILE_NAMES.join(", ")}, got "${market}"`,
    );
  }
  const budgetText = text("initial-address-budget");
  const budget = budgetText === undefined ? undefined : Number(budgetText);
  if (
    budgetText !== undefined && (budgetText.trim() === "" || !Number.isSafeInteger(budget) ||
      (budget ?? -1) < 0)
  ) {
    throw new UsageError(
      `--initial-address-budget: expected a non-negative integer, got "${budgetText}"`,
    );
  }
  if ((market !== undefined || budget !== undefined) && values.sim === undefined) {
    throw new UsageError("--market and --initial-address-budget need --sim");
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `one config file expected, got "${positionals[0]}" and "${positionals[1]}"`,
    );
  }
  const help = values.help !== undefined;
  const configPath = positionals[0];
  if (configPath === undefined && !help) throw new UsageError("missing the config file");
  return {
    configPath: configPath ?? "",
    sim: values.sim !== undefined,
    ...(market !== undefined ? { simMarket: market } : {}),
    ...(budget !== undefined ? { simInitialAddressBudget: budget } : {}),
    dryRun: values["dry-run"] !== undefined,
    ...(durationMs !== undefined ? { durationMs } : {}),
    logFormat,
    logLevel: logLevel as LogLevel,
    help,
  };
}

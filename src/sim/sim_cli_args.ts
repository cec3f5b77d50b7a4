/**
 * Command line of `deno task sim:exchange` (src/sim/cli.ts), parsed without side effects:
 * `[--port 8080] [--seed N] [--host 127.0.0.1] [--network testnet|mainnet]
 * [--market calm|busy|thin] [--initial-address-budget N] [--no-schedule-cancel-gate]
 * [--record FILE]`.
 */
import { parseArgs } from "node:util";
import {
  DEFAULT_MARKET_PROFILE,
  isMarketProfileName,
  MARKET_PROFILE_NAMES,
  type MarketProfileName,
} from "./market/market_profiles.ts";
import type { SimNetwork } from "./server/l1_signer_recovery.ts";

/** The parsed command line of the standalone simulator. */
export interface SimCliArgs {
  readonly port: number;
  readonly hostname: string;
  readonly seed: number;
  readonly network: SimNetwork;
  readonly marketProfile: MarketProfileName;
  /** Starting address budget of every account (absent = the exchange's 10,000). */
  readonly initialAddressBudget?: number;
  readonly noScheduleCancelGate: boolean;
  /** Feed recording file (`--record`). */
  readonly record?: string;
}

/** A bad command line; the CLI prints the message and exits 2. */
export class SimUsageError extends Error {
  /** The process exit code of a usage error. */
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "SimUsageError";
  }
}

function intFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < 0) {
    throw new SimUsageError(`--${name} must be a non-negative integer, got ${value}`);
  }
  return n;
}

/** Parse the simulator CLI's arguments; throws `SimUsageError` on anything unknown or malformed. */
export function parseSimCliArgs(args: readonly string[]): SimCliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: args.filter((a) => a !== "--"),
      options: {
        port: { type: "string" },
        seed: { type: "string" },
        host: { type: "string" },
        network: { type: "string" },
        market: { type: "string" },
        "initial-address-budget": { type: "string" },
        record: { type: "string" },
        "no-schedule-cancel-gate": { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new SimUsageError(error instanceof Error ? error.message : String(error));
  }
  const network = values.network ?? "testnet";
  if (network !== "testnet" && network !== "mainnet") {
    throw new SimUsageError(`--network must be testnet or mainnet, got ${network}`);
  }
  const market = values.market ?? DEFAULT_MARKET_PROFILE;
  if (!isMarketProfileName(market)) {
    throw new SimUsageError(
      `--market must be one of ${MARKET_PROFILE_NAMES.join(", ")}, got ${market}`,
    );
  }
  const budget = values["initial-address-budget"];
  return {
    port: intFlag(values.port, "port", 8080),
    hostname: values.host ?? "127.0.0.1",
    seed: intFlag(values.seed, "seed", 1),
    network,
    marketProfile: market,
    ...(budget !== undefined
      ? { initialAddressBudget: intFlag(budget, "initial-address-budget", 0) }
      : {}),
    noScheduleCancelGate: values["no-schedule-cancel-gate"] === true,
    ...(values.record !== undefined ? { record: values.record } : {}),
  };
}

/**
 * The configuration types the engine runs on (plain interfaces: the zod schema that validates the
 * file lives in src/config and is not loaded by the engine), and the port through which the engine
 * applies an operator's quoting patch without importing the validator.
 */
import type { ValidationIssue } from "./engine_view.ts";
import type { Network } from "./types.ts";

/** Quoting parameters of one coin, camelCase; same meaning and units as `coinSchema`'s keys. */
export interface CoinConfig {
  readonly coin: string;
  readonly levels: number;
  readonly spreadBps: number;
  readonly levelSpacingBps: number;
  readonly sizeUsd: number;
  readonly maxPositionUsd: number;
  readonly requoteThresholdBps: number;
  /** Dead zone for orders more passive than desired (>= requoteThresholdBps to matter). */
  readonly passiveRequoteThresholdBps: number;
  /** A size change within this (bps of the new size) keeps the order. */
  readonly sizeToleranceBps: number;
  readonly skewBps: number;
}

/** Halt and pause thresholds; same meaning as the `risk` keys of the file. */
export interface RiskConfig {
  readonly maxLossUsd: number;
  readonly maxConsecutiveRejects: number;
  readonly maxRateLimitErrors: number;
  readonly minAddressBudget: number;
  readonly resumeAddressBudget: number;
  /** undefined: the network's default (`lossStateFileFor`); null: not kept. */
  readonly lossStateFile?: string | null;
}

/** The address-budget governor's settings (`budget` in the file). */
export interface BudgetConfig {
  /** Govern the spend (allowance, ranking, widening); false: every change goes (paced only). */
  readonly governor: boolean;
  /** What is left above the reserve is spread over this many minutes, plus what fills earn. */
  readonly horizonMin: number;
  /** Requests kept for cancels and the kill switch. */
  readonly reserve: number;
  /** Buy requests with reserveRequestWeight up to this many USDC per day (0: never). */
  readonly maxBuyUsdPerDay: number;
}

/** Where the HTTP sidecar listens (port 0: any free port), and whether it runs. */
export interface SidecarConfig {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
  readonly allowedHosts: readonly string[];
  readonly confirmExposureFactor: number;
}

/**
 * The validated configuration the bot runs on: the file's keys in camelCase, defaults applied,
 * `orderTransport` resolved.
 */
export interface BotConfig {
  readonly network: Network;
  readonly apiUrl?: string;
  readonly wsUrl?: string;
  readonly loopMs: number;
  readonly minReplaceMs: number;
  readonly housekeepEveryN: number;
  readonly batchOrders: boolean;
  readonly useWebsocket: boolean;
  readonly orderTransport: "rest" | "ws";
  readonly cacheTtlMs: number;
  readonly maxQuoteAgeMs: number;
  readonly statusEveryMs: number;
  readonly requestTimeoutMs: number;
  readonly fairPrice: "mid" | "microprice";
  readonly deadManSwitchMs: number;
  readonly cancelForeignOrders: boolean;
  readonly risk: RiskConfig;
  readonly budget: BudgetConfig;
  readonly sidecar: SidecarConfig;
  readonly coins: readonly CoinConfig[];
}

/** One field an accepted quoting patch changed. */
export interface QuotingChange {
  readonly coin: string;
  readonly field: string;
  readonly from: number;
  readonly to: number;
}

/** The patched configuration, or every issue found (then nothing was applied). */
export type QuotingPatchResult =
  | { readonly ok: true; readonly config: BotConfig; readonly changes: readonly QuotingChange[] }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** Config validation and file form, injected into the engine by the app (src/config implements). */
export interface ConfigCodec {
  /** Validate an operator's quoting patch against `config` and apply it. */
  applyQuotingPatch(config: BotConfig, patch: unknown): QuotingPatchResult;
  /** The configuration in the file's keys (what `/config` shows). */
  toFile(config: BotConfig): unknown;
}

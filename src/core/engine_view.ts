/**
 * The read-only view and the control interface the engine offers to the sidecar. The sidecar
 * depends on nothing else of the engine (not the gateway, signer or order manager).
 */
import type { DataSource } from "./types.ts";

export interface LadderLevel {
  readonly px: number;
  readonly sz: number;
}

export interface CoinView {
  readonly coin: string;
  readonly source: DataSource | null;
  /** Age of the data the quotes are based on, ms; null before the first book. */
  readonly dataAgeMs: number | null;
  readonly mid: number | null;
  readonly bestBid: number | null;
  readonly bestAsk: number | null;
  /** Our live orders, best first. */
  readonly bids: readonly LadderLevel[];
  readonly asks: readonly LadderLevel[];
  /** Signed position size in coins. */
  readonly position: number;
  readonly notionalUsd: number;
  readonly realizedPnlUsd: number;
  readonly unrealizedPnlUsd: number;
  readonly feesUsd: number;
  /** "quoting" | "reducing" | "pulled" (stale data) | "halted" */
  readonly state: string;
}

export interface FillView {
  readonly timeMs: number;
  readonly coin: string;
  readonly side: "bid" | "ask";
  readonly px: number;
  readonly sz: number;
  readonly feeUsd: number;
  readonly tid: number;
}

export interface EventView {
  readonly timeMs: number;
  readonly level: "warn" | "error";
  readonly msg: string;
}

/** Cumulative histogram: counts[i] = observations <= bucketsMs[i]; `count` includes +Inf. */
export interface HistogramView {
  readonly bucketsMs: readonly number[];
  readonly counts: readonly number[];
  readonly sumMs: number;
  readonly count: number;
}

/** The dead-man's switch as configured and as the exchange last accepted it. */
export interface DeadManSwitchView {
  /** `dead_man_switch_ms` (0: off). */
  readonly configuredMs: number;
  /** The exchange accepted a trigger time that is still ahead. */
  readonly active: boolean;
  readonly armedUntilMs: number | null;
  /** Refusals by the exchange in this run, and the last refusal text. */
  readonly refusals: number;
  readonly lastRefusal: string | null;
  /** When the next attempt is due while not active (null when active or off). */
  readonly nextTryMs: number | null;
}

export interface EngineSnapshot {
  readonly timeMs: number;
  readonly startedAtMs: number;
  readonly halted: boolean;
  readonly haltReason: string | null;
  readonly loopMs: number;
  readonly loops: number;
  /** Wall time when the last loop iteration finished; null before the first. */
  readonly lastLoopEndMs: number | null;
  readonly loopDuration: HistogramView;
  readonly loopP50Ms: number | null;
  readonly loopP99Ms: number | null;
  readonly feed: {
    readonly used: boolean;
    readonly connected: boolean;
    readonly reconnects: number;
    readonly wsMessagesSent: number;
    readonly wsMessagesLastMinute: number;
    readonly wsCapacityPerMin: number;
  };
  readonly limiter: {
    readonly restWeightUsedLastMinute: number;
    readonly restCapacityPerMin: number;
    readonly http429: number;
    /** null until the first userRateLimit sync. */
    readonly addressBudgetRemaining: number | null;
    /** Below risk.min_address_budget (until back at resume_address_budget): slowed down. */
    readonly addressBudgetLow: boolean;
  };
  readonly deadManSwitch: DeadManSwitchView;
  /** Orders sent, by kind (place | modify | cancel) and outcome kind. */
  readonly orders: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Histogram of the number of items per exchange action. */
  readonly batchSize: HistogramView;
  readonly fills: number;
  readonly maxQuoteAgeMs: number;
  readonly coins: readonly CoinView[];
  readonly recentFills: readonly FillView[];
  readonly recentEvents: readonly EventView[];
}

export interface EngineView {
  snapshot(): EngineSnapshot;
}

export type PatchResult =
  | { readonly ok: true; readonly effective: unknown }
  | { readonly ok: false; readonly issues: unknown };

export interface EngineControl {
  /** Stop quoting and cancel all open orders. Resolves when the cancel was sent. */
  halt(reason: string, signal: AbortSignal): Promise<void>;
  resume(): void;
  /** Validate and apply a partial change of the quoting parameters (same schema as the file). */
  patchQuoting(patch: unknown): PatchResult;
  /** The effective configuration (no secrets). */
  effectiveConfig(): unknown;
}

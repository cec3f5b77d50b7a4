/**
 * The read-only view and the control interface the engine offers to the sidecar. The sidecar
 * depends on nothing else of the engine (not the gateway, signer or order manager).
 */
import type { DataSource } from "./types.ts";

/** One of our resting orders as the dashboard shows it: price and size in coins. */
export interface LadderLevel {
  readonly px: number;
  readonly sz: number;
}

/**
 * Everything the sidecar shows about one coin: market, our quotes, position, PnL (USD) and quoting
 * state.
 */
export interface CoinView {
  readonly coin: string;
  /** Where the coin's market data comes from now; null before it has any. */
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
  /** Signed position value at the mid (0 without a mid). */
  readonly notionalUsd: number;
  readonly realizedPnlUsd: number;
  readonly unrealizedPnlUsd: number;
  readonly feesUsd: number;
  /** "quoting" | "reducing" | "pulled" (stale data) | "halted" */
  readonly state: string;
}

/** One of our fills for the dashboard's recent-fills list (`feeUsd` negative for a rebate). */
export interface FillView {
  readonly timeMs: number;
  readonly coin: string;
  readonly side: "bid" | "ask";
  readonly px: number;
  readonly sz: number;
  readonly feeUsd: number;
  readonly tid: number;
}

/** A recent warning or error for the dashboard, so operators see trouble without reading logs. */
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

/** The address-budget governor's figures (requests of the per-address budget). */
export interface BudgetView {
  /** Whether the governor is on (`budget.governor`). */
  readonly governor: boolean;
  /** Requests left (the local estimate, synced from userRateLimit). */
  readonly remaining: number;
  /** Requests kept for cancels and the kill switch. */
  readonly reserve: number;
  /** Requests spent and earned (USDC of fills) in the trailing minute. */
  readonly spendPerMin: number;
  readonly earnPerMin: number;
  /** Sustainable spend rate, requests per minute. */
  readonly ratePerMin: number;
  /** What the next decision may spend. */
  readonly allowance: number;
  /** Changes deferred by the governor so far. */
  readonly deferred: number;
  /** Factor applied to the passive dead zones and size tolerances (1: as configured). */
  readonly widen: number;
  /** Levels per side while thinned (null: as configured). */
  readonly maxLevels: number | null;
  /** Requests bought (reserveRequestWeight) and USDC paid in the trailing day. */
  readonly boughtRequests: number;
  readonly boughtUsdLastDay: number;
}

/**
 * A consistent read of the engine's state at `timeMs`, copied out for /state, /metrics and the
 * dashboard.
 */
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
  /** Decisions taken on events (frames, fills, order updates, answers), besides heartbeats. */
  readonly decisions: number;
  /** Decisions whose actions waited for the WS message budget or in-flight gate (coalesced). */
  readonly heldDecisions: number;
  /** Market-data frame received -> order request written (orders caused by new data), ms. */
  readonly tickToOrder: HistogramView;
  readonly tickToOrderP50Ms: number | null;
  readonly tickToOrderP99Ms: number | null;
  readonly feed: {
    /** Whether the bot uses the WS feed at all (`use_websocket`). */
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
  readonly budget: BudgetView;
  /** Share of coin-time with live quotes on both sides, percent (null before a heartbeat). */
  readonly quotingUptimePct: number | null;
  /** Orders sent, by kind (place | modify | cancel) and outcome kind. */
  readonly orders: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Histogram of the number of items per exchange action. */
  readonly batchSize: HistogramView;
  readonly fills: number;
  /** Data older than this pulls a coin's quotes. */
  readonly maxQuoteAgeMs: number;
  readonly coins: readonly CoinView[];
  /**
   * Realized + unrealized - fees over every coin the bot holds or traded (the position tracker's
   * figure, the one the loss limit uses); the status line, history and dashboard show this one.
   */
  readonly totalPnlUsd: number;
  readonly recentFills: readonly FillView[];
  readonly recentEvents: readonly EventView[];
}

/** The read side the sidecar gets: a snapshot on demand, nothing it could mutate. */
export interface EngineView {
  snapshot(): EngineSnapshot;
}

/**
 * One problem with a request to change the configuration, in the one shape the engine and the
 * sidecar both answer with: `path` is a JSON path into the request body ("$" = the body itself,
 * e.g. "$.coins.BTC.spread_bps"), `message` says what was expected.
 */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Answer to `patchQuoting`: the effective config in the file's keys, or the validation issues
 * (nothing applied).
 */
export type PatchResult =
  | { readonly ok: true; readonly effective: unknown }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** The write side the sidecar gets: halt, resume, and run-time quoting changes. */
export interface EngineControl {
  /** Stop quoting and cancel all open orders. Resolves when the cancel was sent. */
  halt(reason: string, signal: AbortSignal): Promise<void>;
  resume(): void;
  /** Validate and apply a partial change of the quoting parameters (same schema as the file). */
  patchQuoting(patch: unknown): PatchResult;
  /** The effective configuration (no secrets). */
  effectiveConfig(): unknown;
}

/**
 * Contract between the simulator's exchange core (`src/sim/market/`: books, matching, accounts,
 * synthetic market, action semantics, info answers) and its protocol server (`src/sim/server/`:
 * HTTP, WebSocket, signature recovery, nonces, rate limits, faults, stats).
 *
 * The core is deterministic given a seed and an injected time: it never reads the wall clock and
 * does no I/O. The server authenticates a request, charges limits, then calls the core.
 * Nothing under src/sim imports the bot's modules; only src/core types are allowed.
 */

/** A JSON answer with its HTTP status (exchange errors are HTTP 200 with status "err"). */
export interface SimAnswer {
  readonly httpStatus: number;
  readonly body: unknown;
}

/** Something the WebSocket layer pushes to subscribers. `data` is the exact wire `data`. */
export type SimPush =
  | { readonly channel: "l2Book"; readonly coin: string; readonly data: unknown }
  /** The same book truncated to 5 levels, for `fast: true` subscribers. */
  | { readonly channel: "l2BookFast"; readonly coin: string; readonly data: unknown }
  | { readonly channel: "bbo"; readonly coin: string; readonly data: unknown }
  | { readonly channel: "trades"; readonly coin: string; readonly data: unknown }
  | { readonly channel: "allMids"; readonly data: unknown }
  | { readonly channel: "orderUpdates"; readonly user: string; readonly data: unknown }
  | { readonly channel: "userFills"; readonly user: string; readonly data: unknown }
  /** Channel name on the wire is `user`. */
  | { readonly channel: "userEvents"; readonly user: string; readonly data: unknown };

/** Seed, start time, listed coins, taker flow and fee rates of a simulated market. */
export interface SimMarketOptions {
  seed: number;
  /** Start time of the simulation (unix ms). */
  startMs: number;
  /** Coins to list; default universe has at least BTC, ETH, SOL, HYPE and a low-priced coin. */
  coins?: readonly SimCoinSpec[];
  /** Taker orders per second per coin (default 2). */
  takerRatePerSec?: number;
  /** Fee schedule (defaults: taker 0.00045, maker 0.00015). */
  takerFeeRate?: number;
  makerFeeRate?: number;
  /** Tuning of the synthetic background market (spread, depth, taker sizes). */
  market?: SimSyntheticOptions;
  /**
   * Volume gate of scheduleCancel (set and unset) in USD. Default 1,000,000 as observed on the
   * live exchange (reference §4.6): a low-volume account is refused. 0 lifts the gate (tests
   * that need a working dead-man's switch).
   */
  scheduleCancelMinVolumeUsd?: number;
  /** Multiplies every coin's `volPerSqrtSec` (default 1; market profiles set it). */
  volatilityScale?: number;
  /** Granularity of the simulated time steps in ms (default 100). */
  stepMs?: number;
}

/** Background market tuning; every field optional (defaults in synthetic_market.ts). */
export interface SimSyntheticOptions {
  /** Background ladder levels per side (default 10). */
  readonly ladderLevels?: number;
  /** Mean notional of a background level, USD (default 5000). */
  readonly levelNotionalUsd?: number;
  /** Half-spread of the background ladder around fair value, bps, at least 2 ticks (default 2). */
  readonly halfSpreadBps?: number;
  /** Distance between background levels, bps, at least 1 tick (default 1). */
  readonly levelStepBps?: number;
  /** Mean notional of a synthetic taker order, USD (default 1500). */
  readonly takerMeanNotionalUsd?: number;
  /** How far past fair value a taker's IOC limit reaches, bps (default 15). */
  readonly takerSlippageBps?: number;
}

/** A perp the simulator lists: meta fields, starting price (USD) and volatility. */
export interface SimCoinSpec {
  readonly name: string;
  readonly szDecimals: number;
  readonly maxLeverage: number;
  readonly startPx: number;
  /** Relative volatility per sqrt(second), e.g. 0.0005. */
  readonly volPerSqrtSec: number;
}

/**
 * The simulator's exchange without I/O: moved in time by the server, answers info and actions,
 * emits pushes.
 */
export interface SimExchangeCore {
  /** Current simulation time (ms), the last value passed to `advance`. */
  nowMs(): number;
  /**
   * Move time forward to `nowMs`: random walk of the mids, background liquidity refresh, taker
   * flow trading against the book (including bots' orders), scheduled-cancel triggers. Emits
   * pushes for what changed.
   */
  advance(nowMs: number): void;
  /** Answer a parsed `/info` body (any JSON value; unknown types answer as the exchange does). */
  info(body: unknown): SimAnswer;
  /**
   * Run a verified exchange action for `user` (the account: master or vault, already resolved
   * from the signer). Per-item errors go into statuses; whole-action errors are status "err".
   */
  execute(user: string, action: unknown): SimAnswer;
  /** Number of orders/cancels/modifies in an action (batch length for weights and budgets). */
  batchLength(action: unknown): number;
  /**
   * Execution group of an action inside a block (reference §4.11): 0 = actions that send no
   * GTC/IOC order (ALO-only orders/modifies, scheduleCancel, updateLeverage, noop...), 1 =
   * cancels, 2 = actions with at least one GTC or IOC order. A server that batches requests into
   * blocks runs them by ascending group, keeping arrival order inside a group.
   */
  blockPriority?(action: unknown): number;
  /** Cumulative traded notional of the account in USD (drives the address budget). */
  cumVolumeUsd(user: string): number;
  /**
   * Address-budget requests bought for `user` with `reserveRequestWeight` (cumulative); the
   * server's gate adds them to the cap and reports the unspent part as `nRequestsSurplus`.
   */
  reservedRequests(user: string): number;
  /** Create or top up an account with USDC collateral. */
  fund(user: string, usd: number): void;
  /** Let `agent` sign for `master`. */
  approveAgent(master: string, agent: string): void;
  /** The account an agent trades for, or the address itself if it is not an agent. */
  accountOf(signer: string): string;
  /** True if the address is a funded account or an approved agent. */
  knows(address: string): boolean;
  /** The snapshot sent right after a subscribe ack (e.g. userFills with isSnapshot: true). */
  snapshotFor(subscription: Record<string, unknown>): SimPush | null;
  onPush(listener: (push: SimPush) => void): void;
  /**
   * The server reports address-budget requests it charged to `user` (an account); they show
   * up as `nRequestsUsed` in the `userRateLimit` info answer.
   */
  noteRequests(user: string, count: number): void;
  /** Counters for /sim/stats: orders/cancels/modifies by outcome, fills. */
  stats(): Record<string, unknown>;
}

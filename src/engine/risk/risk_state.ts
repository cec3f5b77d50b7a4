/**
 * The risk state machine: a pure reducer `reduceRisk(state, event, config) -> state` plus
 * `coinMode(state, coin)` giving what each coin may do. The loop owns the state value.
 *
 * Transitions:
 * - kill switch (halted, latched until a manual resume):
 *   - a `pnl` event with totalPnlUsd (realized + unrealized - fees) <= -maxLossUsd;
 *   - maxConsecutiveRejects order rejections in a row (an accepted order, resting or filled,
 *     resets the count; unknown/notSent outcomes change nothing; rate-limit rejections count as
 *     rate-limit errors instead);
 *   - maxRateLimitErrors rate-limit errors within RATE_LIMIT_WINDOW_MS (an HTTP 429 reported
 *     with `rateLimitError`, or an action rejected as rate limited: one error per event, however
 *     many orders the action carried). An address-budget refusal is not one: running out of
 *     budget is a reason to slow down (the loop paces its actions), not to stop;
 *   - a manual `halt`.
 *   The first reason is kept. `resume` clears the halt, the reject count and the rate-limit
 *   window (a still-breached loss limit halts again on the next `pnl` event).
 * - address budget low (hysteresis): set when remaining < minAddressBudget, cleared when
 *   remaining >= resumeAddressBudget. It does not pull quotes (resting orders earn the volume
 *   that refills the budget); the loop paces its actions while it is set. The remaining figure
 *   itself is owned by the address budget (src/limiter/address_budget.ts), not kept here.
 * - reducing per coin while |positionUsd| >= maxPositionUsd.
 *
 * coinMode priority: halted > pulled (`dataStale`) > reducing > quoting.
 */
import type { CancelOutcome, OrderOutcome } from "../../core/types.ts";
import type { RiskConfig } from "../../core/config.ts";

/**
 * What a coin may do now: quote both sides, only reduce its position, nothing (pulled: stale data
 * or low budget), or nothing until resumed (halted).
 */
export type CoinMode = "quoting" | "reducing" | "pulled" | "halted";

/** Window in which rate-limit errors are counted toward `maxRateLimitErrors`. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** The risk state machine's value, owned by the loop and changed only through `reduceRisk`. */
export interface RiskState {
  readonly halted: boolean;
  readonly haltReason: string | null;
  readonly consecutiveRejects: number;
  /** Times of the rate-limit errors inside the trailing window, oldest first. */
  readonly rateLimitErrorTimesMs: readonly number[];
  /** The address budget is low: the loop slows down (see the module comment). */
  readonly budgetPaused: boolean;
  /** Coins at or over their max position, sorted. */
  readonly reducingCoins: readonly string[];
  /** Last reported total PnL, USD. */
  readonly totalPnlUsd: number | null;
}

/**
 * An input of the risk state machine: PnL, action outcomes, rate-limit errors, budget and position
 * changes, operator halt/resume.
 */
export type RiskEvent =
  /** Total PnL over all coins: realized + unrealized - fees. */
  | { readonly type: "pnl"; readonly totalPnlUsd: number }
  /** Outcomes of a place or modify action. */
  | {
    readonly type: "orderOutcomes";
    readonly outcomes: readonly OrderOutcome[];
    readonly nowMs: number;
  }
  /** Outcomes of a cancel action (only rate-limit refusals matter). */
  | {
    readonly type: "cancelOutcomes";
    readonly outcomes: readonly CancelOutcome[];
    readonly nowMs: number;
  }
  /** An HTTP 429 (or any other rate-limit refusal the loop sees outside of outcomes). */
  | { readonly type: "rateLimitError"; readonly nowMs: number }
  | { readonly type: "addressBudget"; readonly remaining: number }
  | {
    readonly type: "position";
    readonly coin: string;
    readonly positionUsd: number;
    readonly maxPositionUsd: number;
  }
  | { readonly type: "halt"; readonly reason: string }
  | { readonly type: "resume" };

/** Risk state at start: not halted, no errors counted, address budget not yet known. */
export const initialRiskState: RiskState = {
  halted: false,
  haltReason: null,
  consecutiveRejects: 0,
  rateLimitErrorTimesMs: [],
  budgetPaused: false,
  reducingCoins: [],
  totalPnlUsd: null,
};

function halt(state: RiskState, reason: string): RiskState {
  return state.halted ? state : { ...state, halted: true, haltReason: reason };
}

function addRateLimitError(state: RiskState, nowMs: number, cfg: RiskConfig): RiskState {
  const times = [
    ...state.rateLimitErrorTimesMs.filter((t) => t > nowMs - RATE_LIMIT_WINDOW_MS),
    nowMs,
  ];
  const next = { ...state, rateLimitErrorTimesMs: times };
  return times.length >= cfg.maxRateLimitErrors
    ? halt(next, `${times.length} rate-limit errors within ${RATE_LIMIT_WINDOW_MS / 1000} s`)
    : next;
}

/** The next risk state after `event` (pure); see the file comment for the transitions. */
export function reduceRisk(state: RiskState, event: RiskEvent, cfg: RiskConfig): RiskState {
  switch (event.type) {
    case "pnl": {
      const next = { ...state, totalPnlUsd: event.totalPnlUsd };
      return event.totalPnlUsd <= -cfg.maxLossUsd
        ? halt(next, `loss limit: total PnL ${event.totalPnlUsd.toFixed(2)} USD`)
        : next;
    }
    case "orderOutcomes": {
      let next = state;
      let rateLimited = false;
      for (const o of event.outcomes) {
        if (o.kind === "resting" || o.kind === "filled") {
          next = { ...next, consecutiveRejects: 0 };
        } else if (o.kind === "rejected") {
          if (o.reason === "rateLimited") {
            rateLimited = true;
            continue;
          }
          if (o.reason === "addressBudget") continue;
          next = { ...next, consecutiveRejects: next.consecutiveRejects + 1 };
          if (next.consecutiveRejects >= cfg.maxConsecutiveRejects) {
            next = halt(next, `${next.consecutiveRejects} consecutive rejects: ${o.text}`);
          }
        }
      }
      return rateLimited ? addRateLimitError(next, event.nowMs, cfg) : next;
    }
    case "cancelOutcomes":
      return event.outcomes.some((o) => o.kind === "rejected" && o.reason === "rateLimited")
        ? addRateLimitError(state, event.nowMs, cfg)
        : state;
    case "rateLimitError":
      return addRateLimitError(state, event.nowMs, cfg);
    case "addressBudget": {
      const r = event.remaining;
      const budgetPaused = state.budgetPaused
        ? r < cfg.resumeAddressBudget
        : r < cfg.minAddressBudget;
      return budgetPaused === state.budgetPaused ? state : { ...state, budgetPaused };
    }
    case "position": {
      const over = Math.abs(event.positionUsd) >= event.maxPositionUsd;
      const has = state.reducingCoins.includes(event.coin);
      if (over === has) return state;
      const reducingCoins = over
        ? [...state.reducingCoins, event.coin].sort()
        : state.reducingCoins.filter((c) => c !== event.coin);
      return { ...state, reducingCoins };
    }
    case "halt":
      return halt(state, event.reason);
    case "resume":
      return {
        ...state,
        halted: false,
        haltReason: null,
        consecutiveRejects: 0,
        rateLimitErrorTimesMs: [],
      };
  }
}

/** What `coin` may do now. `dataStale`: the loop's market data for the coin is too old. */
export function coinMode(
  state: RiskState,
  coin: string,
  opts: { readonly dataStale?: boolean } = {},
): CoinMode {
  if (state.halted) return "halted";
  if (opts.dataStale === true) return "pulled";
  if (state.reducingCoins.includes(coin)) return "reducing";
  return "quoting";
}

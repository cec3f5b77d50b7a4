/** The one-line status (every statusEveryMs, and the final summary), derived from a snapshot. */
import type { EngineSnapshot } from "../../core/engine_view.ts";
import type { LogFields } from "../../core/log.ts";

function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}

function round3(x: number | null): number | null {
  return x === null ? null : Math.round(x * 1000) / 1000;
}

/**
 * The fields of the periodic status log line: loop timing, limiter use, and position, PnL and mode
 * per coin.
 */
export function statusFields(s: EngineSnapshot): LogFields {
  const coins: Record<string, unknown> = {};
  for (const c of s.coins) {
    const pnl = c.realizedPnlUsd + c.unrealizedPnlUsd - c.feesUsd;
    coins[c.coin] = { position: c.position, pnlUsd: round2(pnl), mode: c.state, source: c.source };
  }
  return {
    loops: s.loops,
    loopP50Ms: round2(s.loopP50Ms),
    loopP99Ms: round2(s.loopP99Ms),
    decisions: s.decisions,
    tickToOrderP50Ms: round3(s.tickToOrderP50Ms),
    tickToOrderP99Ms: round3(s.tickToOrderP99Ms),
    restWeightLastMin: s.limiter.restWeightUsedLastMinute,
    restCapacityPerMin: s.limiter.restCapacityPerMin,
    wsMsgsLastMin: s.feed.wsMessagesLastMinute,
    http429: s.limiter.http429,
    placed: s.orders.place?.sent ?? 0,
    modified: s.orders.modify?.sent ?? 0,
    canceled: s.orders.cancel?.sent ?? 0,
    fills: s.fills,
    addressBudget: s.limiter.addressBudgetRemaining,
    addressBudgetLow: s.limiter.addressBudgetLow,
    budgetSpendPerMin: Math.round(s.budget.spendPerMin),
    budgetEarnPerMin: Math.round(s.budget.earnPerMin),
    budgetAllowance: s.budget.allowance,
    budgetDeferred: s.budget.deferred,
    budgetWiden: round2(s.budget.widen),
    quotingUptimePct: round2(s.quotingUptimePct),
    deadManSwitch: s.deadManSwitch.configuredMs === 0
      ? "off"
      : s.deadManSwitch.active
      ? "active"
      : "not active",
    totalPnlUsd: round2(s.totalPnlUsd),
    halted: s.halted,
    coins,
  };
}

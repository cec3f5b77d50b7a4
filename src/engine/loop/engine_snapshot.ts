/** The engine's view for the sidecar, status lines and the final summary: a read of the state. */
import type { CoinView, EngineSnapshot, EventView } from "../../core/engine_view.ts";
import type { FeedStatus, RestLimiter } from "../../core/ports.ts";
import type { EngineMeters } from "./engine_deps.ts";
import { type EngineState, midOf } from "./engine_state.ts";

/** What the view reads from outside the engine's state. */
export interface SnapshotReadings {
  readonly nowMs: number;
  readonly lastLoopEndMs: number | null;
  readonly feed: FeedStatus | null;
  readonly meters: EngineMeters;
  readonly limiter: RestLimiter;
  readonly wsCapacityPerMin: number;
  readonly recentEvents: EventView[];
}

/** A snapshot of `state` (reads our orders afresh). */
export function engineSnapshot(state: EngineState, r: SnapshotReadings): EngineSnapshot {
  state.own = null;
  const now = r.nowMs;
  const s = state.stats;
  const coins: CoinView[] = state.config.coins.map((c) => {
    const book = state.cache.get(c.coin);
    const mid = midOf(state, c.coin);
    const p = state.positions.get(c.coin);
    const ladder = state.orders.ladder(c.coin);
    return {
      coin: c.coin,
      source: state.planner.source(c.coin),
      dataAgeMs: state.cache.ageMs(c.coin, now),
      mid,
      bestBid: book?.bids[0]?.px ?? null,
      bestAsk: book?.asks[0]?.px ?? null,
      bids: ladder.bids,
      asks: ladder.asks,
      position: p.position,
      notionalUsd: mid === null ? 0 : p.position * mid,
      realizedPnlUsd: p.realizedPnlUsd,
      unrealizedPnlUsd: mid === null ? 0 : state.positions.unrealizedPnlUsd(c.coin, mid),
      feesUsd: p.feesUsd,
      state: state.coinModes.get(c.coin) ?? "pulled",
    };
  });
  const budget = state.settings.budget;
  const remaining = budget.remaining();
  const u = state.uptime;
  return {
    timeMs: now,
    startedAtMs: state.startedAtMs,
    halted: state.risk.halted,
    haltReason: state.risk.haltReason,
    loopMs: state.config.loopMs,
    loops: s.loops,
    lastLoopEndMs: r.lastLoopEndMs,
    loopDuration: s.loopDuration.view(),
    loopP50Ms: s.loopDuration.quantile(0.5),
    loopP99Ms: s.loopDuration.quantile(0.99),
    decisions: s.decisions,
    heldDecisions: s.heldDecisions,
    tickToOrder: s.tickToOrder.view(),
    tickToOrderP50Ms: s.tickToOrder.quantile(0.5),
    tickToOrderP99Ms: s.tickToOrder.quantile(0.99),
    feed: {
      used: r.feed !== null,
      connected: r.feed?.connected ?? false,
      reconnects: r.feed?.reconnects ?? 0,
      wsMessagesSent: r.meters.wsMessages(),
      wsMessagesLastMinute: r.meters.wsMessagesLastMinute(),
      wsCapacityPerMin: r.wsCapacityPerMin,
    },
    limiter: {
      restWeightUsedLastMinute: r.limiter.usedLastMinute(),
      restCapacityPerMin: r.limiter.capacityPerMin,
      http429: r.meters.http429(),
      addressBudgetRemaining: state.addressSynced ? budget.remaining() : null,
      addressBudgetLow: state.risk.budgetPaused,
    },
    deadManSwitch: state.deadMan.view(now),
    budget: { ...state.governor.view(remaining, now), remaining },
    quotingUptimePct: u.coinMs > 0 ? 100 * u.quotedMs / u.coinMs : null,
    orders: s.ordersView(),
    batchSize: s.batchSize.view(),
    fills: s.fills,
    maxQuoteAgeMs: state.config.maxQuoteAgeMs,
    coins,
    totalPnlUsd: state.positions.totalPnlUsd(
      new Map(coins.flatMap((c) => c.mid === null ? [] : [[c.coin, c.mid] as const])),
    ),
    recentFills: [...state.recentFills],
    recentEvents: r.recentEvents,
  };
}

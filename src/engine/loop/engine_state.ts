/**
 * The one record of everything the engine owns (books, orders, positions, risk, counters, pacing,
 * the decision caches), how it is built, and the small reads and writes shared by the pure steps
 * (apply_event.ts, decide.ts, heartbeat.ts). Only those steps change it; the shell calls them.
 */
import type { BotConfig } from "../../core/config.ts";
import type { FillView } from "../../core/engine_view.ts";
import type { AddressBudget } from "../../core/ports.ts";
import type { AssetMeta } from "../../core/types.ts";
import { unknownWriteOffMs } from "../orders/action_expiry.ts";
import { OrderManager } from "../orders/order_manager.ts";
import type { OwnershipRule } from "../orders/order_ownership.ts";
import type { LiveOrder } from "../orders/order_types.ts";
import { PositionTracker } from "../orders/position_tracker.ts";
import {
  type CoinMode,
  initialRiskState,
  reduceRisk,
  type RiskEvent,
  type RiskState,
} from "../risk/risk_state.ts";
import type { CloidSource } from "../strategy/cloid_source.ts";
import type { DesiredQuote } from "../strategy/compute_quotes.ts";
import { fairPrice, type TopOfBook } from "../strategy/fair_price.ts";
import { BudgetGovernor } from "../budget/budget_governor.ts";
import { actionItems, type PlannedAction } from "./action_plan.ts";
import { BookCache } from "./book_cache.ts";
import { BudgetPacer } from "./budget_pacer.ts";
import { DeadManSwitch } from "./dead_man_switch.ts";
import type { OrderVia } from "./engine_commands.ts";
import { EngineStats, type OrderKind } from "./engine_stats.ts";
import { externalTop } from "./external_top.ts";
import { Housekeeper } from "./housekeeper.ts";
import { MarketDataPlanner } from "./market_data_planner.ts";
import { OrderRoute } from "./order_route.ts";

/** Fills kept for the view. */
export const RECENT_MAX = 50;

/** What the engine is set up with and does not change while it runs. */
export interface EngineSettings {
  /** Meta of every configured coin. */
  readonly assets: ReadonlyMap<string, AssetMeta>;
  readonly cloids: CloidSource;
  /** The address budget (its one owner); decisions charge it for what they send. */
  readonly budget: AddressBudget;
  /** False in a dry run: nothing is sent, actions are answered at once as accepted. */
  readonly hasExchange: boolean;
  /** Orders go over the WS post path while it is healthy, else over REST. */
  readonly wsOrders: boolean;
  /** Without the WS path, the one exchange is REST (a 429 backoff there pulls quotes). */
  readonly primaryIsRest: boolean;
  /** Account value the loss limit counts from (null: this run's PnL only). */
  readonly lossBaselineUsd: number | null;
}

/** Our live orders, all and by coin, read once per decision. */
export interface OwnOrders {
  readonly all: LiveOrder[];
  readonly byCoin: Map<string, LiveOrder[]>;
}

/** Everything the engine owns. */
export interface EngineState {
  readonly settings: EngineSettings;
  config: BotConfig;
  readonly startedAtMs: number;
  readonly cache: BookCache;
  readonly planner: MarketDataPlanner;
  readonly orders: OrderManager;
  readonly positions: PositionTracker;
  risk: RiskState;
  /** Added to the live PnL so the loss limit counts from the account's baseline. */
  pnlOffsetUsd: number;
  readonly stats: EngineStats;
  readonly deadMan: DeadManSwitch;
  readonly pacer: BudgetPacer;
  /** Spends the address budget where it earns (../budget/budget_governor.ts). */
  readonly governor: BudgetGovernor;
  /** The governor's ladder limit the cached desired quotes were computed with. */
  maxLevels: number | null;
  /** Coin-time with live quotes on both sides (quotingUptimePct), sampled every heartbeat. */
  readonly uptime: { lastMs: number | null; coinMs: number; quotedMs: number };
  readonly housekeeper: Housekeeper;
  /** Where order actions go (WS posts while that path is healthy, else REST). */
  readonly route: OrderRoute;
  ordersOnWs: boolean;
  feedConnected: boolean;
  readonly coinModes: Map<string, CoinMode>;
  /** Book version per coin the last sent decision saw (tick-to-order). */
  readonly seenVersion: Map<string, number>;
  /** HTTP 429s already fed to risk. */
  last429: number;
  addressSynced: boolean;
  wasHalted: boolean;
  wasBudgetPaused: boolean;
  restBackoffPulled: boolean;
  readonly recentFills: FillView[];
  /** Our live orders read once per decision (null: read again). */
  own: OwnOrders | null;
  /**
   * Coins whose inputs changed since the last decision (null: all). A frame marks its coin; any
   * other event, and every heartbeat, marks all. Other coins keep their last marks and quotes.
   */
  dirty: Set<string> | null;
  /** Last mid per coin (for the PnL of all coins) and last desired quotes per coin. */
  readonly marks: Map<string, number>;
  readonly desiredByCoin: Map<string, DesiredQuote[]>;
  lastStatusMs: number;
}

/** What building the state needs besides the settings. */
export interface EngineStateOptions {
  readonly config: BotConfig;
  readonly nowMs: number;
  readonly monoMs: () => number;
  /** WS market data is used (and the fills stream with it). */
  readonly feedUsed: boolean;
  readonly user: string | null;
  readonly restCapacityPerMin: number;
  readonly l2BookWeight: number;
}

/** A fresh state: nothing known, nothing live. */
export function createEngineState(s: EngineSettings, o: EngineStateOptions): EngineState {
  const config = o.config;
  return {
    settings: s,
    config,
    startedAtMs: o.nowMs,
    cache: new BookCache(),
    planner: new MarketDataPlanner(
      {
        useWebsocket: config.useWebsocket && o.feedUsed,
        cacheTtlMs: config.cacheTtlMs,
        loopMs: config.loopMs,
        restCapacityPerMin: o.restCapacityPerMin,
        l2BookWeight: o.l2BookWeight,
      },
      config.coins.map((c) => c.coin),
    ),
    orders: new OrderManager({
      isOurCloid: (c) => s.cloids.isOurs(c),
      startedAtMs: o.nowMs,
      unknownGraceMs: unknownWriteOffMs(config.requestTimeoutMs),
    }),
    positions: new PositionTracker(),
    risk: initialRiskState,
    pnlOffsetUsd: 0,
    stats: new EngineStats(),
    deadMan: new DeadManSwitch(s.hasExchange ? config.deadManSwitchMs : 0),
    pacer: new BudgetPacer(s.budget),
    governor: new BudgetGovernor(config.budget, {
      quoteSlots: config.coins.reduce((n, c) => n + 2 * c.levels, 0),
      nowMs: o.nowMs,
    }),
    maxLevels: null,
    uptime: { lastMs: null, coinMs: 0, quotedMs: 0 },
    housekeeper: new Housekeeper({ user: o.user, wsFills: o.feedUsed }),
    route: new OrderRoute({ monoMs: o.monoMs }),
    ordersOnWs: true,
    feedConnected: false,
    coinModes: new Map(),
    seenVersion: new Map(),
    last429: 0,
    addressSynced: false,
    wasHalted: false,
    wasBudgetPaused: false,
    restBackoffPulled: false,
    recentFills: [],
    own: null,
    dirty: null,
    marks: new Map(),
    desiredByCoin: new Map(),
    lastStatusMs: o.nowMs,
  };
}

/** The order path for now (null: a dry run). */
export function orderVia(state: EngineState): OrderVia | null {
  if (!state.settings.hasExchange) return null;
  if (!state.settings.wsOrders) return "primary";
  return state.ordersOnWs ? "ws" : "rest";
}

/** Our live orders, all and by coin, read once per decision (`state.own = null` reads again). */
export function ownOrders(state: EngineState): OwnOrders {
  if (state.own === null) {
    const all = state.orders.liveOrders();
    const byCoin = new Map<string, LiveOrder[]>();
    for (const o of all) {
      const list = byCoin.get(o.coin);
      if (list) list.push(o);
      else byCoin.set(o.coin, [o]);
    }
    state.own = { all, byCoin };
  }
  return state.own;
}

/** Top of `coin`'s book without our own orders. */
export function topOf(state: EngineState, coin: string): TopOfBook | null {
  const book = state.cache.get(coin);
  if (!book) return null;
  return externalTop(book.bids, book.asks, ownOrders(state).byCoin.get(coin) ?? []);
}

/** Mid of the book without our orders (null: no book). */
export function midOf(state: EngineState, coin: string): number | null {
  const top = topOf(state, coin);
  return top ? fairPrice(top, "mid") : null;
}

/** Feed one event to the risk state machine. */
export function riskEvent(state: EngineState, event: RiskEvent): void {
  state.risk = reduceRisk(state.risk, event, state.config.risk);
}

/** Count an action of `items` items as sent and charge the address budget for it. */
export function chargeSent(
  state: EngineState,
  kind: OrderKind | "schedule",
  items: number,
  now: number,
): void {
  state.governor.spent(items, now);
  const st = state.stats;
  if (kind !== "schedule") {
    st.actions++;
    st.batchSize.observe(items);
    st.sent[kind] += items;
  }
  state.settings.budget.charge(items);
}

/**
 * Record `a` as sent (orders; counters and budget unless a dry run, which sends nothing); returns
 * the coins it concerns.
 */
export function markSent(state: EngineState, a: PlannedAction, now: number): string[] {
  if (state.settings.hasExchange) chargeSent(state, a.kind, actionItems(a), now);
  state.own = null;
  switch (a.kind) {
    case "place":
      state.orders.placeSent(a.places, now);
      return a.places.map((p) => p.intent.coin);
    case "modify":
      state.orders.modifySent(a.modifies, now);
      return a.modifies.map((m) => m.modify.order.coin);
    case "cancel": {
      const coins = a.cancels.map((c) => state.orders.get(c.cloid)?.coin ?? "");
      state.orders.cancelSent(a.cancels, now);
      return coins;
    }
  }
}

/** The one rule of which open orders the bot takes down (../orders/order_ownership.ts). */
export function ownership(state: EngineState): OwnershipRule {
  return {
    isOurCloid: (c) => state.settings.cloids.isOurs(c),
    quotedCoins: new Set(state.config.coins.map((c) => c.coin)),
    cancelForeign: state.config.cancelForeignOrders,
  };
}

/** The exchange's asset id of a configured coin. */
export function assetIdOf(state: EngineState, coin: string): number {
  const meta = state.settings.assets.get(coin);
  if (meta) return meta.assetId;
  throw new Error(`no asset id for ${coin}`);
}

/** The configured coins' names. */
export function configuredCoins(state: EngineState): string[] {
  return state.config.coins.map((c) => c.coin);
}

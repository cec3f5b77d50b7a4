/**
 * Prometheus metrics of the bot, read from `view.snapshot()` at scrape time. A Registry of our
 * own (never prom-client's global one); every metric fills itself in its `collect()` callback
 * from the one snapshot taken for the scrape, and the two histograms are cumulative views of the
 * engine's own histograms (see ./cumulative_histogram.ts).
 */
import { Counter, Gauge, Registry } from "prom-client";
import type { EngineSnapshot, EngineView } from "../core/engine_view.ts";
import type { LimiterSettings } from "../config/mod.ts";
import { cumulativeHistogram } from "./cumulative_histogram.ts";
import { type HealthOptions, readiness } from "./health.ts";

/** Prefix of every metric name the bot exports. */
export const METRIC_PREFIX = "hl_mm_";

/** The bot's Prometheus registry and how to render one scrape of it for GET /metrics. */
export interface SidecarMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  /** The exposition text of one scrape. */
  render(): Promise<string>;
}

/**
 * What the metrics read: the engine view, limiter capacities, time, health thresholds and version.
 */
export interface SidecarMetricsDeps {
  readonly view: EngineView;
  readonly limiterSettings: LimiterSettings;
  readonly nowMs: () => number;
  readonly health: HealthOptions;
  readonly version: string;
}

type Labels = Record<string, string>;
type Put = (labels: Labels, value: number | null | undefined) => void;

/** Register every bot metric on a fresh registry; each scrape reads one engine snapshot. */
export function createSidecarMetrics(deps: SidecarMetricsDeps): SidecarMetrics {
  const registry = new Registry();
  let current: EngineSnapshot | null = null;
  const snap = (): EngineSnapshot => current ?? deps.view.snapshot();

  const gauge = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (s: EngineSnapshot, put: Put) => void,
  ): void => {
    new Gauge({
      name: METRIC_PREFIX + name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        let seen = false;
        fill(snap(), (labels, value) => {
          if (typeof value === "number" && Number.isFinite(value)) {
            this.set(labels, value);
            seen = true;
          }
        });
        // reset() leaves an unlabeled gauge at 0; a value we do not have must be absent instead.
        if (!seen && labelNames.length === 0) this.remove({});
      },
    });
  };

  const counter = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (s: EngineSnapshot, put: Put) => void,
  ): void => {
    new Counter({
      name: METRIC_PREFIX + name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        fill(snap(), (labels, value) => {
          if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
            this.inc(labels, value);
          }
        });
      },
    });
  };

  // Process and loop.
  gauge("info", "Constant 1, labeled with the bot version.", ["version"], (_s, put) => {
    put({ version: deps.version }, 1);
  });
  gauge("start_time_seconds", "Unix time the engine started.", [], (s, put) => {
    put({}, s.startedAtMs / 1000);
  });
  gauge("halted", "1 while quoting is halted.", [], (s, put) => put({}, s.halted ? 1 : 0));
  gauge("ready", "1 while /ready answers 200.", [], (s, put) => {
    put({}, readiness(s, deps.nowMs(), deps.health).ready ? 1 : 0);
  });
  gauge("loop_period_seconds", "Configured loop period.", [], (s, put) => {
    put({}, s.loopMs / 1000);
  });
  counter("loops_total", "Loop iterations finished.", [], (s, put) => put({}, s.loops));
  gauge("last_loop_age_seconds", "Time since the last loop iteration finished.", [], (s, put) => {
    if (s.lastLoopEndMs !== null) put({}, Math.max(0, deps.nowMs() - s.lastLoopEndMs) / 1000);
  });
  cumulativeHistogram({
    name: METRIC_PREFIX + "loop_duration_seconds",
    help: "Duration of one loop iteration.",
    registry,
    read: () => snap().loopDuration,
    divisor: 1000,
  });
  counter("decisions_total", "Decisions taken on events (besides heartbeats).", [], (s, put) => {
    put({}, s.decisions);
  });
  cumulativeHistogram({
    name: METRIC_PREFIX + "tick_to_order_seconds",
    help: "Market-data frame received to order request written (orders caused by new data).",
    registry,
    read: () => snap().tickToOrder,
    divisor: 1000,
  });

  // REST limiter and address budget.
  gauge("rest_weight_used", "REST weight used in the last minute.", [], (s, put) => {
    put({}, s.limiter.restWeightUsedLastMinute);
  });
  gauge(
    "rest_weight_capacity_per_min",
    "REST weight we allow ourselves per minute.",
    [],
    (s, put) => {
      put({}, s.limiter.restCapacityPerMin);
    },
  );
  gauge("limiter_setting", "Limiter settings from the environment.", ["name"], (_s, put) => {
    for (const [name, value] of Object.entries(deps.limiterSettings)) {
      if (typeof value === "number") put({ name }, value);
    }
  });
  counter("http_429_total", "HTTP 429 answers received.", [], (s, put) => {
    put({}, s.limiter.http429);
  });
  gauge(
    "address_budget_remaining",
    "Requests left in the address budget (userRateLimit); absent before the first sync.",
    [],
    (s, put) => put({}, s.limiter.addressBudgetRemaining),
  );
  gauge(
    "address_budget_low",
    "1 while the address budget is below risk.min_address_budget (the bot slows down).",
    [],
    (s, put) => put({}, s.limiter.addressBudgetLow ? 1 : 0),
  );

  // Address-budget governor.
  gauge(
    "budget_rate_per_min",
    "Address requests per minute, by what: spend and earn (trailing minute), sustainable rate.",
    ["what"],
    (s, put) => {
      put({ what: "spend" }, s.budget.spendPerMin);
      put({ what: "earn" }, s.budget.earnPerMin);
      put({ what: "sustainable" }, s.budget.ratePerMin);
    },
  );
  gauge(
    "budget_allowance",
    "Address requests the next decision may spend (the governor's tokens).",
    [],
    (s, put) => put({}, s.budget.allowance),
  );
  counter(
    "budget_deferred_total",
    "Changes the governor deferred (decided again later with newer data).",
    [],
    (s, put) => put({}, s.budget.deferred),
  );
  gauge(
    "budget_widen_factor",
    "Factor on the passive dead zones and size tolerances (1: as configured).",
    [],
    (s, put) => put({}, s.budget.widen),
  );
  gauge(
    "budget_reserve",
    "Address requests kept for cancels and the kill switch.",
    [],
    (s, put) => put({}, s.budget.reserve),
  );
  gauge(
    "quoting_uptime_ratio",
    "Share of coin-time with live quotes on both sides (absent before a heartbeat).",
    [],
    (s, put) => put({}, s.quotingUptimePct === null ? null : s.quotingUptimePct / 100),
  );

  // Dead-man's switch.
  gauge(
    "dead_man_switch_configured_seconds",
    "dead_man_switch_ms in seconds (0: off).",
    [],
    (s, put) => put({}, s.deadManSwitch.configuredMs / 1000),
  );
  gauge(
    "dead_man_switch_active",
    "1 while the exchange holds a scheduled cancel that is still ahead (absent when off).",
    [],
    (s, put) => {
      if (s.deadManSwitch.configuredMs > 0) put({}, s.deadManSwitch.active ? 1 : 0);
    },
  );
  counter(
    "dead_man_switch_refusals_total",
    "scheduleCancel refusals by the exchange.",
    [],
    (s, put) => put({}, s.deadManSwitch.refusals),
  );

  // WebSocket feed.
  gauge(
    "feed_connected",
    "1 while the WebSocket feed is connected (absent if unused).",
    [],
    (s, put) => {
      if (s.feed.used) put({}, s.feed.connected ? 1 : 0);
    },
  );
  counter("ws_messages_sent_total", "WebSocket messages sent.", [], (s, put) => {
    put({}, s.feed.wsMessagesSent);
  });
  gauge("ws_messages_last_minute", "WebSocket messages sent in the last minute.", [], (s, put) => {
    put({}, s.feed.wsMessagesLastMinute);
  });
  gauge(
    "ws_capacity_per_min",
    "WebSocket messages we allow ourselves per minute.",
    [],
    (s, put) => {
      put({}, s.feed.wsCapacityPerMin);
    },
  );
  counter("feed_reconnects_total", "WebSocket feed reconnects.", [], (s, put) => {
    put({}, s.feed.reconnects);
  });

  // Orders and fills.
  counter("orders_total", "Orders sent, by kind and outcome.", ["kind", "outcome"], (s, put) => {
    for (const [kind, outcomes] of Object.entries(s.orders)) {
      for (const [outcome, n] of Object.entries(outcomes)) put({ kind, outcome }, n);
    }
  });
  cumulativeHistogram({
    name: METRIC_PREFIX + "batch_size",
    help: "Number of orders or cancels per exchange action.",
    registry,
    read: () => snap().batchSize,
  });
  counter("fills_total", "Fills received.", [], (s, put) => put({}, s.fills));

  // Per coin.
  const perCoin = (
    name: string,
    help: string,
    pick: (c: EngineSnapshot["coins"][number]) => number | null,
  ) =>
    gauge(name, help, ["coin"], (s, put) => {
      for (const c of s.coins) put({ coin: c.coin }, pick(c));
    });
  perCoin("position", "Signed position, coins.", (c) => c.position);
  perCoin("notional_usd", "Signed position notional, USD.", (c) => c.notionalUsd);
  perCoin("realized_pnl_usd", "Realized PnL, USD.", (c) => c.realizedPnlUsd);
  perCoin("unrealized_pnl_usd", "Unrealized PnL, USD.", (c) => c.unrealizedPnlUsd);
  perCoin("fees_usd", "Fees paid, USD.", (c) => c.feesUsd);
  perCoin("mid", "Mid price.", (c) => c.mid);
  perCoin(
    "feed_age_seconds",
    "Age of the market data the quotes are based on.",
    (c) => (c.dataAgeMs === null ? null : c.dataAgeMs / 1000),
  );
  gauge("open_orders", "Our live orders, by coin and side.", ["coin", "side"], (s, put) => {
    for (const c of s.coins) {
      put({ coin: c.coin, side: "bid" }, c.bids.length);
      put({ coin: c.coin, side: "ask" }, c.asks.length);
    }
  });

  return {
    registry,
    contentType: registry.contentType,
    async render(): Promise<string> {
      current = deps.view.snapshot();
      try {
        return await registry.metrics();
      } finally {
        current = null;
      }
    },
  };
}

/**
 * Prometheus metrics of the bot, read from `view.snapshot()` at scrape time. A Registry of our
 * own (never prom-client's global one); every metric fills itself in its `collect()` callback
 * from the one snapshot taken for the scrape, and the two histograms are cumulative views of the
 * engine's own histograms (see ./cumulative_histogram.ts).
 */
import { Counter, Gauge, Registry } from "prom-client";
import type { EngineSnapshot, EngineView, HistogramView } from "../core/engine_view.ts";
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
type Fill = (s: EngineSnapshot, put: Put) => void;
type Read = (s: EngineSnapshot) => number | null | undefined;
type MetricName = keyof typeof HELP;

/** The HELP text of every metric, by its name after METRIC_PREFIX. */
const HELP = {
  // Process and loop.
  info: "Constant 1, labeled with the bot version.",
  start_time_seconds: "Unix time the engine started.",
  halted: "1 while quoting is halted.",
  ready: "1 while /ready answers 200.",
  loop_period_seconds: "Configured loop period.",
  loops_total: "Loop iterations finished.",
  last_loop_age_seconds: "Time since the last loop iteration finished.",
  loop_duration_seconds: "Duration of one loop iteration.",
  decisions_total: "Decisions taken on events (besides heartbeats).",
  tick_to_order_seconds:
    "Market-data frame received to order request written (orders caused by new data).",
  // REST limiter and address budget.
  rest_weight_used: "REST weight used in the last minute.",
  rest_weight_capacity_per_min: "REST weight we allow ourselves per minute.",
  limiter_setting: "Limiter settings from the environment.",
  http_429_total: "HTTP 429 answers received.",
  address_budget_remaining:
    "Requests left in the address budget (userRateLimit); absent before the first sync.",
  address_budget_low:
    "1 while the address budget is below risk.min_address_budget (the bot slows down).",
  // Address-budget governor.
  budget_rate_per_min:
    "Address requests per minute, by what: spend and earn (trailing minute), sustainable rate.",
  budget_allowance: "Address requests the next decision may spend (the governor's tokens).",
  budget_deferred_total: "Changes the governor deferred (decided again later with newer data).",
  budget_widen_factor: "Factor on the passive dead zones and size tolerances (1: as configured).",
  budget_reserve: "Address requests kept for cancels and the kill switch.",
  quoting_uptime_ratio:
    "Share of coin-time with live quotes on both sides (absent before a heartbeat).",
  // Dead-man's switch.
  dead_man_switch_configured_seconds: "dead_man_switch_ms in seconds (0: off).",
  dead_man_switch_active:
    "1 while the exchange holds a scheduled cancel that is still ahead (absent when off).",
  dead_man_switch_refusals_total: "scheduleCancel refusals by the exchange.",
  // WebSocket feed.
  feed_connected: "1 while the WebSocket feed is connected (absent if unused).",
  ws_messages_sent_total: "WebSocket messages sent.",
  ws_messages_last_minute: "WebSocket messages sent in the last minute.",
  ws_capacity_per_min: "WebSocket messages we allow ourselves per minute.",
  feed_reconnects_total: "WebSocket feed reconnects.",
  // Orders and fills.
  orders_total: "Orders sent, by kind and outcome.",
  batch_size: "Number of orders or cancels per exchange action.",
  fills_total: "Fills received.",
  // Per coin.
  position: "Signed position, coins.",
  notional_usd: "Signed position notional, USD.",
  realized_pnl_usd: "Realized PnL, USD.",
  unrealized_pnl_usd: "Unrealized PnL, USD.",
  fees_usd: "Fees paid, USD.",
  mid: "Mid price.",
  feed_age_seconds: "Age of the market data the quotes are based on.",
  open_orders: "Our live orders, by coin and side.",
} as const;

/** Register every bot metric on a fresh registry; each scrape reads one engine snapshot. */
export function createSidecarMetrics(deps: SidecarMetricsDeps): SidecarMetrics {
  const registry = new Registry();
  let current: EngineSnapshot | null = null;
  const snap = (): EngineSnapshot => current ?? deps.view.snapshot();

  /** Name, help and registry of metric `name`, shared by gauges and counters. */
  const common = (name: MetricName, labelNames: readonly string[]) => ({
    name: METRIC_PREFIX + name,
    help: HELP[name],
    labelNames,
    registers: [registry],
  });

  const gauge = (name: MetricName, labelNames: readonly string[], fill: Fill): void => {
    new Gauge({
      ...common(name, labelNames),
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

  const counter = (name: MetricName, labelNames: readonly string[], fill: Fill): void => {
    new Counter({
      ...common(name, labelNames),
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

  // One snapshot value, unlabeled (a gauge is absent while the value is null or undefined).
  const readGauge = (name: MetricName, read: Read) => gauge(name, [], (s, put) => put({}, read(s)));
  const readCounter = (name: MetricName, read: Read) =>
    counter(name, [], (s, put) => put({}, read(s)));

  const histogram = (name: MetricName, read: () => HistogramView, divisor?: number) =>
    cumulativeHistogram({
      name: METRIC_PREFIX + name,
      help: HELP[name],
      registry,
      read,
      ...(divisor === undefined ? {} : { divisor }),
    });

  // Process and loop.
  gauge("info", ["version"], (_s, put) => put({ version: deps.version }, 1));
  readGauge("start_time_seconds", (s) => s.startedAtMs / 1000);
  readGauge("halted", (s) => s.halted ? 1 : 0);
  readGauge("ready", (s) => readiness(s, deps.nowMs(), deps.health).ready ? 1 : 0);
  readGauge("loop_period_seconds", (s) => s.loopMs / 1000);
  readCounter("loops_total", (s) => s.loops);
  gauge("last_loop_age_seconds", [], (s, put) => {
    if (s.lastLoopEndMs !== null) put({}, Math.max(0, deps.nowMs() - s.lastLoopEndMs) / 1000);
  });
  histogram("loop_duration_seconds", () => snap().loopDuration, 1000);
  readCounter("decisions_total", (s) => s.decisions);
  histogram("tick_to_order_seconds", () => snap().tickToOrder, 1000);

  // REST limiter and address budget.
  readGauge("rest_weight_used", (s) => s.limiter.restWeightUsedLastMinute);
  readGauge("rest_weight_capacity_per_min", (s) => s.limiter.restCapacityPerMin);
  gauge("limiter_setting", ["name"], (_s, put) => {
    for (const [name, value] of Object.entries(deps.limiterSettings)) {
      if (typeof value === "number") put({ name }, value);
    }
  });
  readCounter("http_429_total", (s) => s.limiter.http429);
  readGauge("address_budget_remaining", (s) => s.limiter.addressBudgetRemaining);
  readGauge("address_budget_low", (s) => s.limiter.addressBudgetLow ? 1 : 0);

  // Address-budget governor.
  gauge("budget_rate_per_min", ["what"], (s, put) => {
    put({ what: "spend" }, s.budget.spendPerMin);
    put({ what: "earn" }, s.budget.earnPerMin);
    put({ what: "sustainable" }, s.budget.ratePerMin);
  });
  readGauge("budget_allowance", (s) => s.budget.allowance);
  readCounter("budget_deferred_total", (s) => s.budget.deferred);
  readGauge("budget_widen_factor", (s) => s.budget.widen);
  readGauge("budget_reserve", (s) => s.budget.reserve);
  readGauge(
    "quoting_uptime_ratio",
    (s) => s.quotingUptimePct === null ? null : s.quotingUptimePct / 100,
  );

  // Dead-man's switch.
  readGauge("dead_man_switch_configured_seconds", (s) => s.deadManSwitch.configuredMs / 1000);
  gauge("dead_man_switch_active", [], (s, put) => {
    if (s.deadManSwitch.configuredMs > 0) put({}, s.deadManSwitch.active ? 1 : 0);
  });
  readCounter("dead_man_switch_refusals_total", (s) => s.deadManSwitch.refusals);

  // WebSocket feed.
  gauge("feed_connected", [], (s, put) => {
    if (s.feed.used) put({}, s.feed.connected ? 1 : 0);
  });
  readCounter("ws_messages_sent_total", (s) => s.feed.wsMessagesSent);
  readGauge("ws_messages_last_minute", (s) => s.feed.wsMessagesLastMinute);
  readGauge("ws_capacity_per_min", (s) => s.feed.wsCapacityPerMin);
  readCounter("feed_reconnects_total", (s) => s.feed.reconnects);

  // Orders and fills.
  counter("orders_total", ["kind", "outcome"], (s, put) => {
    for (const [kind, outcomes] of Object.entries(s.orders)) {
      for (const [outcome, n] of Object.entries(outcomes)) put({ kind, outcome }, n);
    }
  });
  histogram("batch_size", () => snap().batchSize);
  readCounter("fills_total", (s) => s.fills);

  // Per coin.
  const perCoin = (name: MetricName, pick: (c: EngineSnapshot["coins"][number]) => number | null) =>
    gauge(name, ["coin"], (s, put) => {
      for (const c of s.coins) put({ coin: c.coin }, pick(c));
    });
  perCoin("position", (c) => c.position);
  perCoin("notional_usd", (c) => c.notionalUsd);
  perCoin("realized_pnl_usd", (c) => c.realizedPnlUsd);
  perCoin("unrealized_pnl_usd", (c) => c.unrealizedPnlUsd);
  perCoin("fees_usd", (c) => c.feesUsd);
  perCoin("mid", (c) => c.mid);
  perCoin("feed_age_seconds", (c) => (c.dataAgeMs === null ? null : c.dataAgeMs / 1000));
  gauge("open_orders", ["coin", "side"], (s, put) => {
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

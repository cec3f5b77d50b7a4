/**
 * Replay a recording through the bot's own Engine on a virtual clock: frames are delivered at
 * their recorded receive time, `step()` runs every `loop_ms` of virtual time, and the venue's
 * answers land after the latency model's delay. A gap in the recording is a feed outage
 * (disconnected from its start, reconnected at its end). Same inputs, same result. The replay
 * always takes the WS data path (`use_websocket` is forced on: the recording is WS frames).
 */
import { configCodec } from "../config/config_codec.ts";
import type { BotConfig } from "../config/schema.ts";
import { ManualClock } from "../core/clock.ts";
import { silentLogger } from "../core/log.ts";
import type { AssetMeta } from "../core/types.ts";
import { Engine } from "../engine/loop/engine.ts";
import { CloidSource } from "../engine/strategy/cloid_source.ts";
import { AddressRequestBudget } from "../limiter/address_budget.ts";
import { TokenBucket } from "../limiter/token_bucket.ts";
import { createWeightTable } from "../limiter/weights.ts";
import type { LatencySpecs } from "./latency_model.ts";
import { seededRandom } from "../util/seeded_random.ts";
import { type BacktestMetrics, MetricsCollector } from "./metrics.ts";
import type { Recording } from "./recording_reader.ts";
import { BacktestVenue } from "./venue.ts";

/** Knobs of a replay beyond the bot config. */
export interface ReplayOptions {
  readonly latency: LatencySpecs;
  /** Maker fee rate (fraction; negative = rebate). Default 0.00015 (base tier). */
  readonly makerFeeRate?: number;
  readonly takerFeeRate?: number;
  /** Queue model: fraction of cancels assumed ahead of us (default 0.5). */
  readonly cancelAheadFraction?: number;
  readonly seed?: number;
  /** Called after every engine step (tests observe the venue during the run). */
  readonly onStep?: (nowMs: number, venue: BacktestVenue) => void;
}

const BACKTEST_USER = "0x000000000000000000000000000000000000b7e5";

/** szDecimals of each coin inferred from the recording (most decimals of any book size). */
export function inferAssets(rec: Recording, coins: readonly string[]): AssetMeta[] {
  const decimals = new Map<string, number>();
  const see = (coin: string, sz: string) => {
    const d = sz.includes(".") ? sz.length - sz.indexOf(".") - 1 : 0;
    if (d > (decimals.get(coin) ?? -1)) decimals.set(coin, d);
  };
  for (const e of rec.events) {
    if (e.kind !== "msg") continue;
    const m = e.msg as { channel?: string; data?: { coin?: string; levels?: { sz: string }[][] } };
    if (m.channel !== "l2Book" || !m.data?.coin || !m.data.levels) continue;
    for (const side of m.data.levels) for (const l of side) see(m.data.coin, l.sz);
  }
  return coins.map((coin, assetId) => ({
    coin,
    assetId,
    szDecimals: decimals.get(coin) ?? 2,
    maxLeverage: 20,
  }));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 8; i++) await Promise.resolve();
}

/** Run the engine over the recording; the metrics of the run. */
export async function replay(
  rec: Recording,
  config: BotConfig,
  opts: ReplayOptions,
): Promise<BacktestMetrics> {
  const cfg: BotConfig = { ...config, useWebsocket: true };
  const coins = cfg.coins.map((c) => c.coin);
  const first = rec.events[0]?.tMs ?? rec.meta.wallMs;
  const clock = new ManualClock(Math.floor(first));
  const random = seededRandom(opts.seed ?? 1);
  const timers: { dueMs: number; seq: number; run: () => void }[] = [];
  let seq = 0;
  const venue = new BacktestVenue({
    clock,
    schedule: (dueMs, run) => {
      const t = { dueMs, seq: seq++, run };
      let i = timers.length;
      while (i > 0 && (timers[i - 1]!.dueMs > dueMs)) i--;
      timers.splice(i, 0, t);
    },
    assets: inferAssets(rec, coins),
    latency: opts.latency,
    random,
    makerFeeRate: opts.makerFeeRate ?? 0.00015,
    takerFeeRate: opts.takerFeeRate ?? 0.00045,
    queue: { cancelAheadFraction: opts.cancelAheadFraction ?? 0.5 },
  });
  const assets = new Map((await venue.meta()).map((a) => [a.coin, a]));
  const limiter = new TokenBucket({ capacityPerMin: 1200, clock });
  // Decisions on the frame, as live, but run here right after the frame or answer that asked for
  // one (at its virtual time) instead of after the I/O burst: deterministic.
  let decisionDue: (() => void) | null = null;
  const decideDue = () => {
    const run = decisionDue;
    decisionDue = null;
    run?.();
  };
  const engine = new Engine({
    configCodec,
    config: cfg,
    assets,
    info: venue,
    exchange: venue,
    exchangeRest: venue,
    feed: venue,
    limiter,
    wsCapacityPerMin: 2000,
    addressBudget: new AddressRequestBudget({ clock }),
    weights: createWeightTable(),
    user: BACKTEST_USER,
    cloids: new CloidSource({
      randomBytes: (b) => b.forEach((_, i) => (b[i] = Math.floor(random() * 256))),
    }),
    clock,
    logger: silentLogger,
    scheduleDecision: (run) => {
      decisionDue = run;
    },
    meters: {
      http429: () => 0,
      wsMessages: () => venue.actions.order + venue.actions.modify + venue.actions.cancel,
      wsMessagesLastMinute: () => 0,
    },
  });
  const metrics = new MetricsCollector(coins, venue);
  await engine.start();
  venue.connect(false);
  let nextStepMs = clock.nowMs() + cfg.loopMs;
  const advanceTo = async (tMs: number) => {
    for (;;) {
      const timer = timers[0];
      const due = Math.min(nextStepMs, timer?.dueMs ?? Infinity);
      if (due > tMs) break;
      if (due > clock.nowMs()) clock.set(due);
      if (timer && timer.dueMs <= nextStepMs) {
        timers.shift();
        timer.run();
        await settle();
        decideDue();
        await settle();
      } else {
        engine.step();
        metrics.sample(clock.nowMs());
        opts.onStep?.(clock.nowMs(), venue);
        nextStepMs += cfg.loopMs;
        await settle();
      }
    }
    if (tMs > clock.nowMs()) clock.set(tMs);
  };
  for (const e of rec.events) {
    if (e.kind === "gap") {
      await advanceTo(e.fromMs);
      venue.disconnect(e.reason);
      await advanceTo(e.tMs);
      venue.connect(true);
      continue;
    }
    await advanceTo(e.tMs);
    venue.frame(e.msg);
    decideDue();
    await settle();
    metrics.mark(clock.nowMs());
  }
  return metrics.finish(clock.nowMs());
}

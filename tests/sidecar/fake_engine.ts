/**
 * A fake engine for the sidecar tests: a mutable snapshot that `tick()` moves like a small
 * market-making session (random-walk mids, a two-level ladder per coin, fills, PnL), and a
 * control port that records calls and applies patches with the real rules (applyQuotingPatch).
 */
import { seededRandom } from "../../src/util/seeded_random.ts";
import type {
  CoinView,
  EngineControl,
  EngineSnapshot,
  EngineView,
  EventView,
  FillView,
  PatchResult,
} from "../../src/core/engine_view.ts";
import {
  applyQuotingPatch,
  type BotConfig,
  type LimiterSettings,
  parseConfig,
  toFile,
} from "../../src/config/mod.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FakeSnapshot = Mutable<Omit<EngineSnapshot, "feed" | "limiter">> & {
  feed: Mutable<EngineSnapshot["feed"]>;
  limiter: Mutable<EngineSnapshot["limiter"]>;
};

export const LIMITER: LimiterSettings = {
  restCapacityPerMin: 1000,
  wsCapacityPerMin: 2000,
  weightOrder: 1,
  weightCancel: 1,
  weightL2Book: 2,
  weightMeta: 20,
  weightUserFees: 20,
};

interface CoinState {
  coin: string;
  mid: number;
  tick: number;
  sz: number;
  position: number;
  cash: number;
  fees: number;
  realized: number;
  avgPx: number;
}

export interface FakeEngineOptions {
  readonly nowMs: number;
  readonly coins?: readonly { coin: string; px: number; tick: number; sz: number }[];
  readonly seed?: number;
  readonly loopMs?: number;
}

export class FakeEngine implements EngineView, EngineControl {
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** What effectiveConfig() answers; tests may plant secrets in it. */
  config: Record<string, unknown>;
  /** The quoting parameters patches apply to (a real, validated config). */
  quoting: BotConfig;
  /** When set, halt() waits this long (abortable). */
  haltDelayMs = 0;
  s: FakeSnapshot;
  #coins: CoinState[];
  #rand: () => number;
  #tid = 1000;

  constructor(options: FakeEngineOptions) {
    const coins = options.coins ?? [
      { coin: "BTC", px: 97_250, tick: 1, sz: 0.0003 },
      { coin: "ETH", px: 3_420, tick: 0.1, sz: 0.008 },
      { coin: "SOL", px: 187.5, tick: 0.01, sz: 0.15 },
    ];
    this.#rand = seededRandom(options.seed ?? 7);
    this.#coins = coins.map((c) => ({
      coin: c.coin,
      mid: c.px,
      tick: c.tick,
      sz: c.sz,
      position: 0,
      cash: 0,
      fees: 0,
      realized: 0,
      avgPx: 0,
    }));
    this.quoting = parseConfig({
      network: "sim",
      coins: coins.map((c) => ({
        coin: c.coin,
        levels: 2,
        spread_bps: 6,
        size_usd: 25,
        max_position_usd: 250,
      })),
    }, "fake engine");
    this.config = {
      network: "sim",
      loopMs: options.loopMs ?? 100,
      maxQuoteAgeMs: 2000,
      coins: coins.map((c) => ({ coin: c.coin, spreadBps: 6, levels: 2 })),
      sidecar: { enabled: true, host: "127.0.0.1", port: 0 },
    };
    const loopMs = options.loopMs ?? 100;
    this.s = {
      timeMs: options.nowMs,
      startedAtMs: options.nowMs - 60_000,
      halted: false,
      haltReason: null,
      loopMs,
      loops: 600,
      lastLoopEndMs: options.nowMs - 20,
      loopDuration: {
        bucketsMs: [0.5, 1, 2.5, 5, 10, 25, 50, 100],
        counts: [100, 300, 520, 580, 595, 598, 599, 600],
        sumMs: 912.5,
        count: 600,
      },
      loopP50Ms: 1.4,
      loopP99Ms: 9.2,
      decisions: 2400,
      heldDecisions: 3,
      tickToOrder: {
        bucketsMs: [0.1, 0.25, 0.5, 1, 2, 5],
        counts: [40, 310, 480, 500, 505, 507],
        sumMs: 160.5,
        count: 507,
      },
      tickToOrderP50Ms: 0.31,
      tickToOrderP99Ms: 1.9,
      feed: {
        used: true,
        connected: true,
        reconnects: 1,
        wsMessagesSent: 4321,
        wsMessagesLastMinute: 380,
        wsCapacityPerMin: 2000,
      },
      limiter: {
        restWeightUsedLastMinute: 120,
        restCapacityPerMin: 1000,
        http429: 2,
        addressBudgetRemaining: 9_500,
        addressBudgetLow: false,
      },
      deadManSwitch: {
        configuredMs: 0,
        active: false,
        armedUntilMs: null,
        refusals: 0,
        lastRefusal: null,
        nextTryMs: null,
      },
      budget: {
        governor: true,
        remaining: 9_400,
        reserve: 500,
        spendPerMin: 180,
        earnPerMin: 420,
        ratePerMin: 568,
        allowance: 60,
        deferred: 12,
        widen: 1,
        maxLevels: null,
        boughtRequests: 0,
        boughtUsdLastDay: 0,
      },
      quotingUptimePct: 97.5,
      orders: {
        place: { resting: 410, filled: 12, rejected: 3 },
        modify: { resting: 820, rejected: 1 },
        cancel: { success: 390, unknown: 1 },
      },
      batchSize: {
        bucketsMs: [1, 2, 4, 8, 16],
        counts: [50, 140, 300, 310, 310],
        sumMs: 980,
        count: 312,
      },
      fills: 0,
      maxQuoteAgeMs: 2000,
      coins: [],
      totalPnlUsd: 0,
      recentFills: [],
      recentEvents: [
        { timeMs: options.nowMs - 30_000, level: "warn", msg: "feed reconnected after 1 attempt" },
      ],
    };
    this.#publish(options.nowMs);
  }

  snapshot(): EngineSnapshot {
    return structuredClone(this.s);
  }

  halt(reason: string, signal: AbortSignal): Promise<void> {
    this.calls.push({ method: "halt", args: [reason] });
    this.s.halted = true;
    this.s.haltReason = reason;
    if (this.haltDelayMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(resolve, this.haltDelayMs);
      signal.addEventListener("abort", () => {
        clearTimeout(t);
        reject(signal.reason);
      }, { once: true });
    });
  }

  resume(): void {
    this.calls.push({ method: "resume", args: [] });
    this.s.halted = false;
    this.s.haltReason = null;
  }

  /** The real patch rules (src/config/quoting_patch.ts) over a real config of the fake's coins. */
  patchQuoting(patch: unknown): PatchResult {
    this.calls.push({ method: "patchQuoting", args: [patch] });
    const result = applyQuotingPatch(this.quoting, patch);
    if (!result.ok) return { ok: false, issues: result.issues };
    this.quoting = result.config;
    this.config = { ...this.config, coins: toFile(result.config).coins };
    return { ok: true, effective: this.effectiveConfig() };
  }

  effectiveConfig(): unknown {
    return structuredClone(this.config);
  }

  /** Advance the fake market to `nowMs`: move mids, maybe fill, requote, finish a loop. */
  tick(nowMs: number): void {
    for (const c of this.#coins) {
      const step = (this.#rand() - 0.5) * c.mid * 0.0006;
      c.mid = Math.max(c.tick, c.mid + step);
      if (this.#rand() < 0.12) this.#fill(c, nowMs, this.#rand() < 0.5 ? "bid" : "ask");
    }
    this.s.loops += 1;
    this.s.lastLoopEndMs = nowMs;
    this.s.limiter.restWeightUsedLastMinute = Math.round(100 + 60 * this.#rand());
    const budget = this.s.limiter.addressBudgetRemaining ?? 10_000;
    this.s.limiter.addressBudgetRemaining = Math.max(0, budget - Math.round(this.#rand() * 3));
    this.s.feed.wsMessagesSent += 2;
    this.#publish(nowMs);
  }

  #fill(c: CoinState, nowMs: number, side: "bid" | "ask"): void {
    const half = c.mid * 0.0003;
    const px = side === "bid" ? c.mid - half : c.mid + half;
    const signed = side === "bid" ? c.sz : -c.sz;
    const fee = px * c.sz * 0.00015;
    if (c.position !== 0 && Math.sign(signed) !== Math.sign(c.position)) {
      c.realized += (px - c.avgPx) * Math.min(Math.abs(signed), Math.abs(c.position)) *
        Math.sign(c.position);
    } else {
      c.avgPx = (c.avgPx * Math.abs(c.position) + px * c.sz) / (Math.abs(c.position) + c.sz);
    }
    c.position = Math.round((c.position + signed) * 1e8) / 1e8;
    if (c.position === 0) c.avgPx = 0;
    c.fees += fee;
    this.s.fills += 1;
    const fill: FillView = {
      timeMs: nowMs,
      coin: c.coin,
      side,
      px,
      sz: c.sz,
      feeUsd: fee,
      tid: this.#tid++,
    };
    this.s.recentFills = [...this.s.recentFills, fill].slice(-50);
  }

  #publish(nowMs: number): void {
    this.s.timeMs = nowMs;
    const halted = this.s.halted;
    this.s.coins = this.#coins.map((c): CoinView => {
      const round = (x: number) => Math.round(x / c.tick) * c.tick;
      const half = c.mid * 0.0003;
      const skew = -c.position / c.sz * c.mid * 0.00005;
      const bids = halted ? [] : [0, 1].map((i) => ({
        px: round(c.mid - half + skew - i * c.mid * 0.0004),
        sz: c.sz,
      }));
      const asks = halted ? [] : [0, 1].map((i) => ({
        px: round(c.mid + half + skew + i * c.mid * 0.0004),
        sz: c.sz,
      }));
      return {
        coin: c.coin,
        source: "ws",
        dataAgeMs: 40,
        mid: c.mid,
        bestBid: round(c.mid - c.tick),
        bestAsk: round(c.mid + c.tick),
        bids,
        asks,
        position: c.position,
        notionalUsd: c.position * c.mid,
        realizedPnlUsd: c.realized,
        unrealizedPnlUsd: c.position === 0 ? 0 : (c.mid - c.avgPx) * c.position,
        feesUsd: c.fees,
        state: halted ? "halted" : "quoting",
      };
    });
    // The fake holds only the quoted coins, so its total is their sum.
    this.s.totalPnlUsd = this.s.coins.reduce(
      (n, c) => n + c.realizedPnlUsd + c.unrealizedPnlUsd - c.feesUsd,
      0,
    );
  }

  /** Record a warning or error for the dashboard. */
  event(e: EventView): void {
    this.s.recentEvents = [...this.s.recentEvents, e].slice(-50);
  }
}

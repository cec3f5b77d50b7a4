/** In-memory fakes of the engine's ports, and a builder of an Engine wired to them. */
import { configCodec } from "../../../src/config/config_codec.ts";
import { rejected } from "../../../src/gateway/reject_reason.ts";
import { parseConfig } from "../../../src/config/loader.ts";
import type { BotConfig } from "../../../src/config/schema.ts";
import { ManualClock } from "../../../src/core/clock.ts";
import { type Logger, silentLogger } from "../../../src/core/log.ts";
import type {
  AddressBudget,
  ExchangeApi,
  FeedEvent,
  FeedStatus,
  InfoApi,
  MarketFeed,
  PostResult,
  RestLimiter,
  WeightTable,
} from "../../../src/core/ports.ts";
import type {
  AccountState,
  ActionOutcome,
  AddressRateLimit,
  AssetMeta,
  BookSnapshot,
  CancelByCloid,
  CancelByOid,
  CancelOutcome,
  Cloid,
  ExchangeOrder,
  Fill,
  ModifyIntent,
  OrderIntent,
  OrderOutcome,
  OrderStatusResult,
  UserFees,
} from "../../../src/core/types.ts";
import { Engine } from "../../../src/engine/loop/engine.ts";
import { CloidSource } from "../../../src/engine/strategy/cloid_source.ts";

export const USER = "0x00000000000000000000000000000000000000aa";

export const ASSETS: AssetMeta[] = [
  { coin: "BTC", assetId: 0, szDecimals: 5, maxLeverage: 50 },
  { coin: "ETH", assetId: 1, szDecimals: 4, maxLeverage: 50 },
];

export function testConfig(overrides: Record<string, unknown> = {}): BotConfig {
  return parseConfig(
    {
      network: "sim",
      loop_ms: 100,
      min_replace_ms: 0,
      housekeep_every_n: 1000,
      batch_orders: true,
      use_websocket: false,
      order_transport: "rest",
      cache_ttl_ms: 5000,
      max_quote_age_ms: 2000,
      status_every_ms: 1_000_000,
      sidecar: { enabled: false },
      // The engine's other behaviours, ungoverned; the governor has its own tests.
      budget: { governor: false },
      coins: [
        {
          coin: "BTC",
          levels: 2,
          spread_bps: 10,
          level_spacing_bps: 5,
          size_usd: 50,
          max_position_usd: 500,
          requote_threshold_bps: 2,
          skew_bps: 5,
        },
        {
          coin: "ETH",
          levels: 1,
          spread_bps: 10,
          size_usd: 50,
          max_position_usd: 500,
          requote_threshold_bps: 2,
        },
      ],
      ...overrides,
    },
    "test",
  );
}

export function book(coin: string, bid: number, ask: number, nowMs: number): BookSnapshot {
  return {
    coin,
    timeMs: nowMs,
    receivedAtMs: nowMs,
    source: "rest",
    bids: [{ px: bid, sz: 1, n: 1 }],
    asks: [{ px: ask, sz: 1, n: 1 }],
  };
}

export class FakeInfo implements InfoApi {
  readonly calls: string[] = [];
  mids: Record<string, number> = { BTC: 100_000, ETH: 3_000 };
  open: ExchangeOrder[] = [];
  positions: AccountState["positions"] = [];
  accountValue = 100_000;
  statuses = new Map<string, OrderStatusResult>();
  /** l2Book requests wait for this many ms of real time (0 = answer at once). */
  l2BookPending = false;
  readonly #pendingBooks: (() => void)[] = [];
  constructor(readonly clock: ManualClock) {}

  assets: AssetMeta[] = ASSETS;
  meta(): Promise<AssetMeta[]> {
    this.calls.push("meta");
    return Promise.resolve(this.assets);
  }
  l2Book(coin: string): Promise<BookSnapshot> {
    this.calls.push(`l2Book:${coin}`);
    const mid = this.mids[coin] ?? 1;
    const b = book(coin, mid * 0.9999, mid * 1.0001, this.clock.nowMs());
    if (!this.l2BookPending) return Promise.resolve(b);
    return new Promise((resolve) => this.#pendingBooks.push(() => resolve(b)));
  }
  releaseBooks(): void {
    for (const r of this.#pendingBooks.splice(0)) r();
  }
  openOrders(): Promise<ExchangeOrder[]> {
    this.calls.push("openOrders");
    return Promise.resolve([...this.open]);
  }
  clearinghouseState(): Promise<AccountState> {
    this.calls.push("clearinghouseState");
    return Promise.resolve({
      timeMs: this.clock.nowMs(),
      accountValue: this.accountValue,
      totalMarginUsed: 0,
      withdrawable: 100_000,
      positions: this.positions,
    });
  }
  userFees(): Promise<UserFees> {
    this.calls.push("userFees");
    return Promise.resolve({ crossRate: 0.00045, addRate: 0.00015 });
  }
  requestsUsed = 0;
  userRateLimit(): Promise<AddressRateLimit> {
    this.calls.push("userRateLimit");
    return Promise.resolve({
      cumVlm: 0,
      nRequestsUsed: this.requestsUsed,
      nRequestsCap: 10_000,
      nRequestsSurplus: 0,
    });
  }
  orderStatus(_user: string, id: number | Cloid): Promise<OrderStatusResult> {
    this.calls.push(`orderStatus:${id}`);
    return Promise.resolve(this.statuses.get(String(id)) ?? { kind: "unknownOid" });
  }
  userFills(): Promise<Fill[]> {
    this.calls.push("userFills");
    return Promise.resolve([]);
  }
}

export type ExchangeCall =
  | { kind: "place"; orders: readonly OrderIntent[] }
  | { kind: "modify"; modifies: readonly ModifyIntent[] }
  | { kind: "cancelByCloid"; cancels: readonly CancelByCloid[] }
  | { kind: "cancelByOid"; cancels: readonly CancelByOid[] }
  | { kind: "scheduleCancel"; timeMs: number | null }
  | { kind: "reserveRequestWeight"; requests: number };

/** Answers every order as resting (or with `nextOutcome`), remembering what is open. */
export class FakeExchange implements ExchangeApi {
  readonly calls: ExchangeCall[] = [];
  #oid = 100;
  /** Override the outcome of the next placed/modified orders. */
  nextOutcome: OrderOutcome | null = null;
  scheduleOutcome: ActionOutcome = { kind: "ok" };
  constructor(readonly info: FakeInfo | null = null) {}

  #rest(o: OrderIntent): OrderOutcome {
    if (this.nextOutcome) return this.nextOutcome;
    const oid = this.#oid++;
    this.info?.open.push({
      coin: o.coin,
      side: o.side,
      limitPx: Number(o.px),
      sz: Number(o.sz),
      origSz: Number(o.sz),
      oid,
      timestampMs: 0,
      cloid: o.cloid,
    });
    return { kind: "resting", oid, cloid: o.cloid };
  }
  #remove(pred: (o: ExchangeOrder) => boolean): boolean {
    if (!this.info) return true;
    const i = this.info.open.findIndex(pred);
    if (i < 0) return false;
    this.info.open.splice(i, 1);
    return true;
  }

  placeOrders(orders: readonly OrderIntent[]): Promise<OrderOutcome[]> {
    this.calls.push({ kind: "place", orders });
    return Promise.resolve(orders.map((o) => this.#rest(o)));
  }
  modifyOrders(modifies: readonly ModifyIntent[]): Promise<OrderOutcome[]> {
    this.calls.push({ kind: "modify", modifies });
    return Promise.resolve(modifies.map((m) => {
      this.#remove((o) => o.cloid === m.target || o.oid === m.target);
      return this.#rest(m.order);
    }));
  }
  cancelByCloid(cancels: readonly CancelByCloid[]): Promise<CancelOutcome[]> {
    this.calls.push({ kind: "cancelByCloid", cancels });
    return Promise.resolve(
      cancels.map((c): CancelOutcome =>
        this.#remove((o) => o.cloid === c.cloid)
          ? { kind: "success" }
          : rejected("Order was never placed, already canceled, or filled.")
      ),
    );
  }
  cancelByOid(cancels: readonly CancelByOid[]): Promise<CancelOutcome[]> {
    this.calls.push({ kind: "cancelByOid", cancels });
    return Promise.resolve(cancels.map((c): CancelOutcome => {
      this.#remove((o) => o.oid === c.oid);
      return { kind: "success" };
    }));
  }
  scheduleCancel(timeMs: number | null): Promise<ActionOutcome> {
    this.calls.push({ kind: "scheduleCancel", timeMs });
    return Promise.resolve(this.scheduleOutcome);
  }
  reserveRequestWeight(requests: number): Promise<ActionOutcome> {
    this.calls.push({ kind: "reserveRequestWeight", requests });
    return Promise.resolve({ kind: "ok" });
  }
}

export class FakeLimiter implements RestLimiter {
  readonly capacityPerMin = 1200;
  used = 0;
  acquire(weight: number): Promise<void> {
    this.used += weight;
    return Promise.resolve();
  }
  tryAcquire(weight: number): boolean {
    this.used += weight;
    return true;
  }
  on429(): void {}
  usedLastMinute(): number {
    return this.used;
  }
}

export class FakeBudget implements AddressBudget {
  left = 10_000;
  charged = 0;
  remaining(): number {
    return this.left;
  }
  remainingForCancels(): number {
    return this.left + 10_000;
  }
  charge(n: number): void {
    this.left -= n;
    this.charged += n;
  }
  addVolume(notionalUsd: number): void {
    this.left += Math.floor(notionalUsd);
  }
  sync(limit: AddressRateLimit): void {
    this.left = limit.nRequestsCap - limit.nRequestsUsed;
  }
  reserved(n: number): void {
    this.left += n;
  }
}

export class FakeFeed implements MarketFeed {
  readonly subs: string[] = [];
  #listener: (e: FeedEvent) => void = () => {};
  connected = false;
  emit(e: FeedEvent): void {
    if (e.type === "connected") this.connected = true;
    if (e.type === "disconnected") this.connected = false;
    this.#listener(e);
  }
  post(): Promise<PostResult> {
    return Promise.resolve({ kind: "notSent", reason: "fake" });
  }
  start(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
  }
  subscribeBbo(coin: string): void {
    this.subs.push(`bbo:${coin}`);
  }
  subscribeL2Book(coin: string): void {
    this.subs.push(`l2Book:${coin}`);
  }
  subscribeOrderUpdates(user: string): void {
    this.subs.push(`orderUpdates:${user}`);
  }
  subscribeUserFills(user: string): void {
    this.subs.push(`userFills:${user}`);
  }
  onEvent(listener: (e: FeedEvent) => void): void {
    this.#listener = listener;
  }
  status(): FeedStatus {
    return {
      connected: this.connected,
      reconnects: 0,
      malformedFrames: 0,
      streamAgeMs: {},
    };
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const weights: WeightTable = {
  info: (type) => ["l2Book", "clearinghouseState", "orderStatus"].includes(type) ? 2 : 20,
  exchange: (n) => 1 + Math.floor(n / 40),
};

export interface Rig {
  readonly engine: Engine;
  readonly clock: ManualClock;
  readonly info: FakeInfo;
  readonly exchange: FakeExchange;
  readonly feed: FakeFeed | null;
  readonly budget: FakeBudget;
  readonly limiter: FakeLimiter;
  http429: number;
  /** Advance the clock by one loop, let answers land, run one step. */
  loop(ms?: number): Promise<void>;
}

/** Let resolved fake answers run their callbacks (they only enqueue events). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

function recordingLogger(lines: LogLine[]): Logger {
  const emit = (level: string) => (msg: string, fields: Record<string, unknown> = {}) =>
    void lines.push({ level, msg, fields });
  const logger: Logger = {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: () => logger,
  };
  return logger;
}

export function rig(
  opts: {
    config?: BotConfig;
    feed?: boolean;
    dryRun?: boolean;
    user?: string | null;
    logs?: LogLine[];
    /** EngineDeps.lossBaselineUsd (the account value the loss limit counts from). */
    lossBaselineUsd?: number | null;
  } = {},
): Rig {
  const config = opts.config ?? testConfig();
  const clock = new ManualClock();
  const info = new FakeInfo(clock);
  const exchange = new FakeExchange(info);
  const feed = opts.feed ? new FakeFeed() : null;
  const budget = new FakeBudget();
  const limiter = new FakeLimiter();
  const r = {
    clock,
    info,
    exchange,
    feed,
    budget,
    limiter,
    http429: 0,
  } as Omit<Rig, "engine" | "loop"> & { http429: number };
  const engine = new Engine({
    configCodec,
    config,
    assets: new Map(ASSETS.map((a) => [a.coin, a])),
    info,
    exchange: opts.dryRun ? null : exchange,
    feed,
    limiter,
    wsCapacityPerMin: 2000,
    addressBudget: budget,
    weights,
    user: opts.user === undefined ? USER : opts.user,
    cloids: new CloidSource({ randomBytes: (b) => b.fill(7) }),
    clock,
    logger: opts.logs ? recordingLogger(opts.logs) : silentLogger,
    meters: {
      http429: () => r.http429,
      wsMessages: () => 0,
      wsMessagesLastMinute: () => 0,
    },
    ...(opts.lossBaselineUsd !== undefined ? { lossBaselineUsd: opts.lossBaselineUsd } : {}),
  });
  const loop = async (ms = config.loopMs) => {
    await settle();
    clock.advance(ms);
    engine.step();
    await settle();
  };
  return Object.assign(r, { engine, loop }) as Rig;
}

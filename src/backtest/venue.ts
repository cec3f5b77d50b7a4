/**
 * The simulated exchange of a backtest: implements the engine's ExchangeApi, InfoApi and
 * MarketFeed ports over the queue model (queue_model.ts), fed by the recording. Actions take
 * effect and are answered after the latency model's delay (scheduled on the replay's virtual
 * timeline). Every order is post-only (the bot quotes ALO); our orders do not change the recorded
 * book (no market impact). The address budget is charged per item as on the exchange
 * (10000 + 1 per USDC traded); REST l2Book answers with an error (the recording holds WS data
 * only), so a gap in the recording is a gap in market data.
 */
import type { Clock } from "../core/clock.ts";
import {
  type ExchangeApi,
  type FeedEvent,
  type FeedStatus,
  GatewayError,
  type InfoApi,
  type MarketFeed,
  type PostResult,
} from "../core/ports.ts";
import type * as T from "../core/types.ts";
import { type LatencySpecs, sampleLatency } from "./latency_model.ts";
import { CoinQueue, type QSide, type QueueModelOptions } from "./queue_model.ts";

/** How the venue is built: its clock and scheduler (the replay's), fees, latency, queue model. */
export interface VenueOptions {
  readonly clock: Clock;
  /** Run `run` at virtual unix ms `dueMs` (the replay keeps the timeline). */
  readonly schedule: (dueMs: number, run: () => void) => void;
  readonly assets: readonly T.AssetMeta[];
  readonly latency: LatencySpecs;
  readonly random: () => number;
  readonly makerFeeRate: number;
  readonly takerFeeRate: number;
  readonly queue: QueueModelOptions;
}

/** One of our fills, as the venue booked it. */
export interface VenueFill {
  readonly timeMs: number;
  readonly coin: string;
  readonly side: "bid" | "ask";
  readonly px: number;
  readonly sz: number;
  readonly fee: number;
  readonly closedPnl: number;
}

interface OpenOrder {
  readonly oid: number;
  readonly cloid: T.Cloid;
  readonly coin: string;
  readonly side: "bid" | "ask";
  readonly px: number;
  readonly origSz: number;
  readonly placedMs: number;
}

const NEVER_PLACED = "Order was never placed, already canceled, or filled.";
const BASE_REQUESTS = 10_000;

/** Simulated exchange + feed for the replay (see the module comment). */
export class BacktestVenue implements ExchangeApi, InfoApi, MarketFeed {
  readonly fills: VenueFill[] = [];
  /** Actions sent, by kind, and items (orders/cancels) in them. */
  readonly actions = { order: 0, modify: 0, cancel: 0, items: 0 };
  ordersPlaced = 0;
  ordersRejected = 0;
  cumVlmUsd = 0;
  requestsUsed = 0;
  readonly #o: VenueOptions;
  readonly #queues = new Map<string, CoinQueue>();
  readonly #open = new Map<number, OpenOrder>();
  readonly #byCloid = new Map<string, number>();
  readonly #done = new Map<string, T.OrderStatusResult>();
  readonly #pos = new Map<string, { szi: number; entry: number }>();
  readonly mids = new Map<string, number>();
  #listener: (e: FeedEvent) => void = () => {};
  #connected = false;
  #nextOid = 1;
  #nextTid = 1;

  constructor(o: VenueOptions) {
    this.#o = o;
    for (const a of o.assets) this.#queues.set(a.coin, new CoinQueue(a.coin, o.queue));
  }

  // --- recording in -----------------------------------------------------------------------

  /** The feed is up (start of the recording, or the end of a gap). */
  connect(reconnect: boolean): void {
    this.#connected = true;
    this.#listener({ type: "connected", reconnect });
    if (!reconnect) this.#listener({ type: "fills", fills: [], isSnapshot: true });
  }

  /** The feed went down (start of a gap). */
  disconnect(reason: string): void {
    this.#connected = false;
    this.#listener({ type: "disconnected", reason });
  }

  /** One recorded WS frame (parsed JSON). Unknown channels and coins are ignored. */
  frame(msg: unknown): void {
    const m = msg as { channel?: unknown; data?: unknown };
    const now = this.#o.clock.nowMs();
    if (m.channel === "l2Book") {
      const d = m.data as { coin: string; time: number; levels: [WireLevel[], WireLevel[]] };
      const q = this.#queues.get(d.coin);
      if (!q) return;
      const bids = d.levels[0].map(level);
      const asks = d.levels[1].map(level);
      q.book(bids, asks);
      this.#mid(d.coin, bids[0], asks[0]);
      const book: T.BookSnapshot = {
        coin: d.coin,
        timeMs: d.time,
        receivedAtMs: now,
        source: "ws",
        bids,
        asks,
      };
      this.#listener({ type: "l2Book", book });
    } else if (m.channel === "bbo") {
      const d = m.data as { coin: string; time: number; bbo: [WireLevel | null, WireLevel | null] };
      const q = this.#queues.get(d.coin);
      if (!q) return;
      const bid = d.bbo[0] ? level(d.bbo[0]) : null;
      const ask = d.bbo[1] ? level(d.bbo[1]) : null;
      q.bbo(bid, ask);
      this.#mid(d.coin, bid ?? undefined, ask ?? undefined);
      this.#listener({ type: "bbo", coin: d.coin, timeMs: d.time, receivedAtMs: now, bid, ask });
    } else if (m.channel === "trades") {
      for (const t of m.data as { coin: string; side: QSide; px: string; sz: string }[]) {
        const q = this.#queues.get(t.coin);
        if (!q) continue;
        const qf = q.trade(t.side, Number(t.px), Number(t.sz));
        if (qf.length === 0) continue;
        const fills: T.Fill[] = [];
        const updates = [];
        for (const f of qf) {
          const o = this.#open.get(f.oid);
          if (!o) continue;
          fills.push(this.#book(o, f.px, f.sz, now));
          const left = q.orders.get(o.oid)?.sz ?? 0;
          const view = this.#view(o, left);
          if (left <= 0) {
            this.#open.delete(o.oid);
            this.#done.set(String(o.oid), {
              kind: "order",
              order: view,
              status: "filled",
              statusTimestampMs: now,
            });
            this.#done.set(o.cloid, this.#done.get(String(o.oid))!);
            updates.push({ order: view, status: "filled", statusTimestampMs: now });
          }
        }
        this.#listener({ type: "fills", fills, isSnapshot: false });
        if (updates.length > 0) this.#listener({ type: "orderUpdates", updates });
      }
    }
  }

  #mid(coin: string, bid: T.BookLevel | undefined, ask: T.BookLevel | undefined): void {
    if (bid && ask) this.mids.set(coin, (bid.px + ask.px) / 2);
  }

  #book(o: OpenOrder, px: number, sz: number, now: number): T.Fill {
    const p = this.#pos.get(o.coin) ?? { szi: 0, entry: 0 };
    const signed = o.side === "bid" ? sz : -sz;
    const start = p.szi;
    let closedPnl = 0;
    if (start !== 0 && Math.sign(start) !== Math.sign(signed)) {
      const closed = Math.min(Math.abs(start), sz);
      closedPnl = (px - p.entry) * closed * Math.sign(start);
    }
    const next = start + signed;
    if (next === 0) p.entry = 0;
    else if (Math.sign(next) !== Math.sign(start)) p.entry = px;
    else if (Math.abs(next) > Math.abs(start)) {
      p.entry = (p.entry * Math.abs(start) + px * sz) / Math.abs(next);
    }
    p.szi = next;
    this.#pos.set(o.coin, p);
    const fee = px * sz * this.#o.makerFeeRate;
    this.cumVlmUsd += px * sz;
    this.fills.push({ timeMs: now, coin: o.coin, side: o.side, px, sz, fee, closedPnl });
    return {
      coin: o.coin,
      px,
      sz,
      side: o.side,
      timeMs: now,
      startPosition: start,
      closedPnl,
      fee,
      oid: o.oid,
      tid: this.#nextTid++,
      crossed: false,
      hash: `0x${this.#nextTid.toString(16).padStart(64, "0")}`,
      cloid: o.cloid,
    };
  }

  #view(o: OpenOrder, sz: number): T.ExchangeOrder {
    return {
      coin: o.coin,
      side: o.side,
      limitPx: o.px,
      sz,
      origSz: o.origSz,
      oid: o.oid,
      timestampMs: o.placedMs,
      cloid: o.cloid,
    };
  }

  /** Signed position of `coin` at the venue. */
  position(coin: string): number {
    return this.#pos.get(coin)?.szi ?? 0;
  }

  /** Number of our resting orders. */
  openCount(): number {
    return this.#open.size;
  }

  /** Does `coin` have a resting bid and a resting ask of ours? */
  quoting(coin: string): boolean {
    let bid = false;
    let ask = false;
    for (const o of this.#open.values()) {
      if (o.coin !== coin) continue;
      if (o.side === "bid") bid = true;
      else ask = true;
    }
    return bid && ask;
  }

  // --- exchange ---------------------------------------------------------------------------

  #later<T>(kind: "order" | "modify" | "cancel", items: number, run: () => T): Promise<T> {
    this.actions[kind]++;
    this.actions.items += items;
    const delayMs = sampleLatency(this.#o.latency[kind], this.#o.random);
    return new Promise((resolve) => {
      this.#o.schedule(this.#o.clock.nowMs() + delayMs, () => resolve(run()));
    });
  }

  /** Charge `n` items to the address budget; the exchange's refusal text when over it. */
  #charge(n: number): string | null {
    const cap = BASE_REQUESTS + Math.floor(this.cumVlmUsd);
    if (this.requestsUsed + n > cap) {
      return `Too many cumulative requests sent (${
        this.requestsUsed + n
      } > ${cap}) for cumulative volume traded $${
        this.cumVlmUsd.toFixed(2)
      }. Place taker orders to free up 1 request per USDC traded.`;
    }
    this.requestsUsed += n;
    return null;
  }

  #place(o: T.OrderIntent): T.OrderOutcome {
    const q = this.#queues.get(o.coin);
    if (!q) return refusal("other", "Order has invalid asset.");
    const px = Number(o.px);
    const sz = Number(o.sz);
    const side: QSide = o.side === "bid" ? "B" : "A";
    const oid = this.#nextOid++;
    this.ordersPlaced++;
    if (o.tif !== "Alo" || !q.place(oid, side, px, sz)) {
      this.ordersRejected++;
      const bbo = `${q.bids[0]?.px ?? ""}@${q.asks[0]?.px ?? ""}`;
      return refusal(
        "postOnlyWouldMatch",
        `Post only order would have immediately matched, bbo was ${bbo}.`,
      );
    }
    const now = this.#o.clock.nowMs();
    const open = { oid, cloid: o.cloid, coin: o.coin, side: o.side, px, origSz: sz, placedMs: now };
    this.#open.set(oid, open);
    this.#byCloid.set(o.cloid, oid);
    return { kind: "resting", oid, cloid: o.cloid };
  }

  #remove(oid: number | undefined): boolean {
    const o = oid === undefined ? undefined : this.#open.get(oid);
    if (!o) return false;
    this.#open.delete(o.oid);
    const left = this.#queues.get(o.coin)?.cancel(o.oid)?.sz ?? 0;
    const done: T.OrderStatusResult = {
      kind: "order",
      order: this.#view(o, left),
      status: "canceled",
      statusTimestampMs: this.#o.clock.nowMs(),
    };
    this.#done.set(String(o.oid), done);
    this.#done.set(o.cloid, done);
    return true;
  }

  placeOrders(orders: readonly T.OrderIntent[]): Promise<T.OrderOutcome[]> {
    return this.#later("order", orders.length, () => {
      const refused = this.#charge(orders.length);
      if (refused) return orders.map(() => refusal("addressBudget", refused, true));
      return orders.map((o) => this.#place(o));
    });
  }

  modifyOrders(modifies: readonly T.ModifyIntent[]): Promise<T.OrderOutcome[]> {
    return this.#later("modify", modifies.length, () => {
      const refused = this.#charge(modifies.length);
      if (refused) return modifies.map(() => refusal("addressBudget", refused, true));
      return modifies.map((m): T.OrderOutcome => {
        const oid = typeof m.target === "number" ? m.target : this.#byCloid.get(m.target);
        if (!this.#remove(oid)) {
          return refusal("alreadyGone", "Cannot modify canceled or filled order");
        }
        return this.#place(m.order);
      });
    });
  }

  cancelByCloid(cancels: readonly T.CancelByCloid[]): Promise<T.CancelOutcome[]> {
    return this.#later("cancel", cancels.length, () => {
      const refused = this.#charge(cancels.length);
      if (refused) return cancels.map(() => refusal("addressBudget", refused, true));
      return cancels.map((c): T.CancelOutcome =>
        this.#remove(this.#byCloid.get(c.cloid))
          ? { kind: "success" }
          : refusal("alreadyGone", NEVER_PLACED)
      );
    });
  }

  cancelByOid(cancels: readonly T.CancelByOid[]): Promise<T.CancelOutcome[]> {
    return this.#later("cancel", cancels.length, () => {
      const refused = this.#charge(cancels.length);
      if (refused) return cancels.map(() => refusal("addressBudget", refused, true));
      return cancels.map((c): T.CancelOutcome =>
        this.#remove(c.oid) ? { kind: "success" } : refusal("alreadyGone", NEVER_PLACED)
      );
    });
  }

  scheduleCancel(_timeMs: number | null): Promise<T.ActionOutcome> {
    return Promise.resolve({ kind: "ok" });
  }

  /** The replay's account buys nothing: refused as the exchange refuses an unfunded purchase. */
  reserveRequestWeight(_requests: number): Promise<T.ActionOutcome> {
    return Promise.resolve(refusal("other", "Insufficient balance to reserve request weight."));
  }

  // --- info -------------------------------------------------------------------------------

  meta(): Promise<T.AssetMeta[]> {
    return Promise.resolve([...this.#o.assets]);
  }
  l2Book(coin: string): Promise<T.BookSnapshot> {
    return Promise.reject(
      new GatewayError("network", `backtest: no REST market data for ${coin} in the recording`),
    );
  }
  openOrders(): Promise<T.ExchangeOrder[]> {
    return Promise.resolve(
      [...this.#open.values()].map((o) =>
        this.#view(o, this.#queues.get(o.coin)?.orders.get(o.oid)?.sz ?? 0)
      ),
    );
  }
  clearinghouseState(): Promise<T.AccountState> {
    const positions = [...this.#pos.entries()].filter(([, p]) => p.szi !== 0).map(([coin, p]) => {
      const mark = this.mids.get(coin) ?? p.entry;
      return {
        coin,
        szi: p.szi,
        entryPx: p.entry,
        unrealizedPnl: (mark - p.entry) * p.szi,
        positionValue: Math.abs(p.szi) * mark,
      };
    });
    return Promise.resolve({
      timeMs: this.#o.clock.nowMs(),
      accountValue: 100_000,
      totalMarginUsed: 0,
      withdrawable: 100_000,
      positions,
    });
  }
  userFees(): Promise<T.UserFees> {
    return Promise.resolve({ crossRate: this.#o.takerFeeRate, addRate: this.#o.makerFeeRate });
  }
  userRateLimit(): Promise<T.AddressRateLimit> {
    return Promise.resolve({
      cumVlm: this.cumVlmUsd,
      nRequestsUsed: this.requestsUsed,
      nRequestsCap: BASE_REQUESTS + Math.floor(this.cumVlmUsd),
      nRequestsSurplus: 0,
    });
  }
  orderStatus(_user: string, id: number | T.Cloid): Promise<T.OrderStatusResult> {
    const oid = typeof id === "number" ? id : this.#byCloid.get(id);
    const o = oid === undefined ? undefined : this.#open.get(oid);
    if (o) {
      const left = this.#queues.get(o.coin)?.orders.get(o.oid)?.sz ?? 0;
      return Promise.resolve({
        kind: "order",
        order: this.#view(o, left),
        status: "open",
        statusTimestampMs: o.placedMs,
      });
    }
    return Promise.resolve(this.#done.get(String(id)) ?? { kind: "unknownOid" });
  }
  userFills(): Promise<T.Fill[]> {
    return Promise.resolve([]);
  }

  // --- feed -------------------------------------------------------------------------------

  post(): Promise<PostResult> {
    return Promise.resolve({ kind: "notSent", reason: "backtest: actions go through the venue" });
  }
  start(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
  }
  subscribeBbo(): void {}
  subscribeL2Book(): void {}
  subscribeOrderUpdates(): void {}
  subscribeUserFills(): void {}
  onEvent(listener: (e: FeedEvent) => void): void {
    this.#listener = listener;
  }
  status(): FeedStatus {
    return {
      connected: this.#connected,
      reconnects: 0,
      malformedFrames: 0,
      streamAgeMs: {},
    };
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface WireLevel {
  readonly px: string;
  readonly sz: string;
  readonly n: number;
}

function level(l: WireLevel): T.BookLevel {
  return { px: Number(l.px), sz: Number(l.sz), n: l.n };
}

/** A refusal of the modelled exchange: the venue knows why it refuses, no text to classify. */
function refusal(reason: T.RejectReason, text: string, wholeAction = false): T.Rejected {
  return { kind: "rejected", reason, text, key: reason, wholeAction };
}

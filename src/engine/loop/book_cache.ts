/**
 * Per-coin market data cache: the newest depth snapshot (WS l2Book or REST l2Book) merged with
 * the newest WS bbo, with the local receive times needed for ages and tick-to-order latency.
 * Owned by the engine loop; fed only from queued events.
 *
 * Updates are ordered by arrival, never by the exchange's timestamps: those are data (one frame
 * stamped in the future must not make every later frame look "older" and pin the coin). WS frames
 * arrive in order; a REST answer is dropped when WS data for the coin arrived after the request
 * was sent (the WS data is at least as new).
 */
import type { BookLevel, BookSnapshot, DataSource } from "../../core/types.ts";

/** The book the strategy quotes from: depth with the newest bbo on top, and when it arrived. */
export interface CoinBook {
  readonly coin: string;
  /** Best first. The bbo replaces the top when it arrived after the depth snapshot. */
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** Local wall time of the newest update (ms). */
  readonly receivedAtMs: number;
  /** Local monotonic time of the newest update (ms), for tick-to-order latency. */
  readonly receivedMonoMs: number;
}

/** Best bid and offer of one coin from the WS bbo stream (a side is null when empty). */
export interface BboUpdate {
  readonly coin: string;
  readonly timeMs: number;
  readonly receivedAtMs: number;
  readonly bid: BookLevel | null;
  readonly ask: BookLevel | null;
}

interface Entry {
  depth: BookSnapshot | null;
  bbo: BboUpdate | null;
  /** Arrival sequence numbers of `depth` and `bbo` (the later one wins the top of book). */
  depthSeq: number;
  bboSeq: number;
  /** Local monotonic time the newest WS update arrived. */
  lastWsMonoMs: number | null;
  receivedAtMs: number;
  receivedMonoMs: number;
  lastWsAtMs: number | null;
  /** Bumped on every update; lets the loop know a coin has new data. */
  version: number;
}

/** The loop's market data per coin: the newest depth and bbo merged, with their ages and source. */
export class BookCache {
  readonly #entries = new Map<string, Entry>();
  #seq = 0;

  #entry(coin: string): Entry {
    let e = this.#entries.get(coin);
    if (!e) {
      e = {
        depth: null,
        bbo: null,
        depthSeq: 0,
        bboSeq: 0,
        lastWsMonoMs: null,
        receivedAtMs: 0,
        receivedMonoMs: 0,
        lastWsAtMs: null,
        version: 0,
      };
      this.#entries.set(coin, e);
    }
    return e;
  }

  /**
   * A depth snapshot from the WS (source "ws") or REST (source "rest"). `sentMonoMs`: when the
   * REST request was sent; its answer is dropped if WS data arrived after that.
   */
  applyBook(book: BookSnapshot, receivedMonoMs: number, sentMonoMs = receivedMonoMs): void {
    const e = this.#entry(book.coin);
    if (book.source === "rest" && e.lastWsMonoMs !== null && e.lastWsMonoMs > sentMonoMs) return;
    e.depth = book;
    e.depthSeq = ++this.#seq;
    this.#touch(e, book.source, book.receivedAtMs, receivedMonoMs);
  }

  applyBbo(bbo: BboUpdate, receivedMonoMs: number): void {
    const e = this.#entry(bbo.coin);
    e.bbo = bbo;
    e.bboSeq = ++this.#seq;
    this.#touch(e, "ws", bbo.receivedAtMs, receivedMonoMs);
  }

  #touch(e: Entry, source: DataSource, atMs: number, monoMs: number): void {
    e.receivedAtMs = Math.max(e.receivedAtMs, atMs);
    e.receivedMonoMs = Math.max(e.receivedMonoMs, monoMs);
    if (source === "ws") {
      e.lastWsAtMs = Math.max(e.lastWsAtMs ?? 0, atMs);
      e.lastWsMonoMs = Math.max(e.lastWsMonoMs ?? 0, monoMs);
    }
    e.version++;
  }

  get(coin: string): CoinBook | null {
    const e = this.#entries.get(coin);
    if (!e || (!e.depth && !e.bbo)) return null;
    let bids = e.depth?.bids ?? [];
    let asks = e.depth?.asks ?? [];
    const bbo = e.bbo;
    if (bbo && (!e.depth || e.bboSeq > e.depthSeq)) {
      const bid = bbo.bid;
      const ask = bbo.ask;
      bids = bid ? [bid, ...bids.filter((l) => l.px < bid.px)] : [];
      asks = ask ? [ask, ...asks.filter((l) => l.px > ask.px)] : [];
    }
    return {
      coin,
      bids,
      asks,
      receivedAtMs: e.receivedAtMs,
      receivedMonoMs: e.receivedMonoMs,
    };
  }

  /** Age of the newest data of `coin` at `nowMs`; null before any. */
  ageMs(coin: string, nowMs: number): number | null {
    const e = this.#entries.get(coin);
    if (!e || e.version === 0) return null;
    return Math.max(0, nowMs - e.receivedAtMs);
  }

  /** Age of the newest WS data of `coin`; null if the WS never gave any. */
  wsAgeMs(coin: string, nowMs: number): number | null {
    const at = this.#entries.get(coin)?.lastWsAtMs;
    return at === null || at === undefined ? null : Math.max(0, nowMs - at);
  }

  /** Counts the updates of `coin` (0: none yet), so the loop can tell whether its book changed. */
  version(coin: string): number {
    return this.#entries.get(coin)?.version ?? 0;
  }
}

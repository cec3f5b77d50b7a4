/**
 * Where order actions go when orders are configured over the WebSocket: WS posts while that
 * path is healthy, REST the moment it is not. The WS path is unhealthy when the feed is not
 * connected, when its newest frame is older than `staleFeedMs` (a frozen, half-open socket goes
 * silent before the keepalive can prove it dead), or when a WS post has waited more than
 * `stallMs` for its answer. On that switch the engine sends again over REST, at once, the
 * cancels that may be stuck in the dead path (and cancels the orders a stuck modify was
 * replacing); a cancel sent twice is harmless. New orders stuck in it are not resent: they stay
 * unknown (counted as live) until their expiry has passed and they are looked up.
 * The WS path is used again once the feed is connected and fresh and no post is stuck.
 */
import type { ExchangeApi } from "../../core/ports.ts";

/** How quickly the WS order path is given up, and the clock it is judged by. */
export interface OrderRouteOptions {
  /** A WS post unanswered this long marks the path unhealthy (default 1000). */
  readonly stallMs?: number;
  /** The feed's newest frame older than this marks the path unhealthy (default 2000). */
  readonly staleFeedMs?: number;
  /** Monotonic clock. */
  readonly monoMs: () => number;
}

/** What the feed says about itself, read each loop. */
export interface FeedHealth {
  readonly connected: boolean;
  /** Age of the newest frame of any kind (null/undefined: unknown). */
  readonly lastFrameAgeMs?: number | null;
}

/** The route chosen for this loop. */
export interface RouteDecision {
  readonly useWs: boolean;
  /**
   * "toRest" when WS was given up in this call: the caller sends again over REST the cancels
   * (and takes down the orders being modified) that went into the WS path.
   */
  readonly changed: "toRest" | "toWs" | null;
  /** Why WS is not used (null when it is). */
  readonly reason: string | null;
}

/** Chooses WS or REST for order actions each loop, and says when the choice flips. */
export class OrderRoute {
  readonly #stallMs: number;
  readonly #staleFeedMs: number;
  readonly #monoMs: () => number;
  readonly #sentAt = new Set<{ readonly monoMs: number }>();
  /** null before the first decision (nothing to switch from). */
  #useWs: boolean | null = null;

  constructor(opts: OrderRouteOptions) {
    this.#stallMs = opts.stallMs ?? 1_000;
    this.#staleFeedMs = opts.staleFeedMs ?? 2_000;
    this.#monoMs = opts.monoMs;
  }

  /** Posts sent over the WS path that have no answer yet. */
  get inFlight(): number {
    return this.#sentAt.size;
  }

  /** True while the last decision kept orders on the WS path. */
  get usingWs(): boolean {
    return this.#useWs ?? false;
  }

  /** Wrap the WS exchange so every post is timed from send to answer. */
  track(ws: ExchangeApi): ExchangeApi {
    const run = <T>(p: () => Promise<T>): Promise<T> => {
      const entry = { monoMs: this.#monoMs() };
      this.#sentAt.add(entry);
      return p().finally(() => this.#sentAt.delete(entry));
    };
    return {
      placeOrders: (orders, signal) => run(() => ws.placeOrders(orders, signal)),
      modifyOrders: (modifies, signal) => run(() => ws.modifyOrders(modifies, signal)),
      cancelByCloid: (cancels, signal) => run(() => ws.cancelByCloid(cancels, signal)),
      cancelByOid: (cancels, signal) => run(() => ws.cancelByOid(cancels, signal)),
      scheduleCancel: (timeMs, signal) => run(() => ws.scheduleCancel(timeMs, signal)),
      reserveRequestWeight: (n, signal) => run(() => ws.reserveRequestWeight(n, signal)),
    };
  }

  /** Decide the route for this loop. */
  decide(feed: FeedHealth): RouteDecision {
    const now = this.#monoMs();
    let oldest = 0;
    for (const p of this.#sentAt) oldest = Math.max(oldest, now - p.monoMs);
    let reason: string | null = null;
    if (!feed.connected) reason = "feed not connected";
    else if (oldest > this.#stallMs) reason = `a WS post unanswered for ${oldest} ms`;
    else if ((feed.lastFrameAgeMs ?? 0) > this.#staleFeedMs) {
      reason = `no WS frame for ${feed.lastFrameAgeMs} ms`;
    }
    const useWs = reason === null;
    const changed = this.#useWs === null || useWs === this.#useWs
      ? null
      : useWs
      ? "toWs"
      : "toRest";
    this.#useWs = useWs;
    return { useWs, changed, reason };
  }
}

/**
 * `MarketFeed` over one native WebSocket: subscriptions with acks, typed events, ping/pong
 * keepalive with half-open detection, reconnect with capped jittered backoff and resubscribe,
 * and `post` requests correlated by id. Every frame is validated at the edge (feed_frames.ts);
 * a malformed frame is counted and skipped.
 */
import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/log.ts";
import type {
  FeedEvent,
  FeedStatus,
  InFlightGate,
  MarketFeed,
  MessageBudget,
  PostResult,
} from "../core/ports.ts";
import { WarnThrottle } from "../log/warn_throttle.ts";
import { delay } from "../util/async.ts";
import { echoedPostId, type Frame, parseFrame, pendingPostRefusalId } from "./feed_frames.ts";
import {
  echoMatches,
  type FeedSubscription,
  reconnectDelayMs,
  subscriptionId,
  wireSubscription,
} from "./subscriptions.ts";

/** Message-budget room left for keepalive pings when the engine asks whether posts can go. */
const PING_RESERVE_MESSAGES = 2;
/** Retry delay when every in-flight post slot is taken (answers also wake the engine). */
const IN_FLIGHT_RETRY_MS = 5;

/**
 * Where to connect, the message budget and post gate it must respect, and its timing knobs (ms).
 */
export interface WsFeedOptions {
  /** e.g. `wss://api.hyperliquid.xyz/ws`. */
  readonly url: string;
  /** Every sent message (subscribe, ping, post) takes 1 from it first. */
  readonly messageBudget: MessageBudget;
  /** Bounds the number of posts awaiting an answer. */
  readonly inFlightGate: InFlightGate;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Jitter source for reconnect backoff (default Math.random). */
  readonly random?: () => number;
  /** Default 20000. */
  readonly pingIntervalMs?: number;
  /** No frame at all within this after a ping = half-open: reconnect. Default 2500. */
  readonly pongTimeoutMs?: number;
  /**
   * Keepalive watchdog: no frame at all for this long sends a ping at once (so a dead socket is
   * found within silenceMs + pongTimeoutMs, not at the next periodic ping). Default 1000.
   */
  readonly silenceMs?: number;
  /** A post with no answer within this is `unknown`. Default 10000. */
  readonly postTimeoutMs?: number;
  /** Socket must open within this. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** All subscriptions must be acked within this after open, else reconnect. Default 10000. */
  readonly subscribeAckTimeoutMs?: number;
  /** Reconnect backoff: first delay around this (default 500), capped at maxMs (default 30000). */
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  /** Wait at most this for the close handshake before moving on. Default 2000. */
  readonly closeWaitMs?: number;
  /** Period of the malformed-frame warning throttle, ms (default 10 s). */
  readonly warnEveryMs?: number;
}

interface Connection {
  readonly ws: WebSocket;
  /** Subscription ids sent on this connection and not yet acknowledged. */
  readonly pendingAcks: Set<string>;
  open: boolean;
  announced: boolean;
  frames: number;
  /**
   * A userFills subscription was acked and its snapshot has not come yet: the next userFills
   * frame is that snapshot even if it lacks `isSnapshot` (the doc: the ack "includes a snapshot").
   */
  fillsSnapshotDue: boolean;
  /** Monotonic ms of the newest frame (or of the open). */
  lastFrameMonoMs: number;
  pongTimer: Timer | undefined;
  finish: (reason: string) => void;
}

type Timer = ReturnType<typeof setTimeout>;

interface PendingPost {
  readonly conn: Connection;
  readonly resolve: (result: PostResult) => void;
}

/**
 * The one WS connection: keeps itself connected and subscribed, turns frames into engine events,
 * and carries `post` requests.
 */
export class WsFeed implements MarketFeed {
  readonly #url: string;
  readonly #budget: MessageBudget;
  readonly #gate: InFlightGate;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #random: () => number;
  readonly #pingIntervalMs: number;
  readonly #pongTimeoutMs: number;
  readonly #silenceMs: number;
  readonly #postTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #ackTimeoutMs: number;
  readonly #reconnectBaseMs: number;
  readonly #reconnectMaxMs: number;
  readonly #closeWaitMs: number;

  readonly #subs = new Map<string, FeedSubscription>();
  readonly #pendingPosts = new Map<number, PendingPost>();
  readonly #streamLastMs = new Map<string, number>();
  readonly #closer = new AbortController();
  #listener: (event: FeedEvent) => void = () => {};
  #conn: Connection | null = null;
  #running: Promise<void> | null = null;
  #stop: AbortSignal = this.#closer.signal;
  #everAnnounced = false;
  #nextPostId = 0;
  #reconnects = 0;
  #malformed = 0;
  /** Malformed frames: the first is logged, then a count per period (a flood cannot fill logs). */
  readonly #frameWarnings: WarnThrottle;

  constructor(options: WsFeedOptions) {
    this.#url = options.url;
    this.#budget = options.messageBudget;
    this.#gate = options.inFlightGate;
    this.#clock = options.clock ?? systemClock;
    this.#log = (options.logger ?? silentLogger).child({ mod: "feed" });
    this.#random = options.random ?? Math.random;
    this.#pingIntervalMs = options.pingIntervalMs ?? 20_000;
    this.#pongTimeoutMs = options.pongTimeoutMs ?? 2_500;
    this.#silenceMs = options.silenceMs ?? 1_000;
    this.#postTimeoutMs = options.postTimeoutMs ?? 10_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#ackTimeoutMs = options.subscribeAckTimeoutMs ?? 10_000;
    this.#reconnectBaseMs = options.reconnectBaseMs ?? 500;
    this.#reconnectMaxMs = options.reconnectMaxMs ?? 30_000;
    this.#closeWaitMs = options.closeWaitMs ?? 2_000;
    this.#frameWarnings = new WarnThrottle(this.#log, this.#clock, options.warnEveryMs ?? 10_000);
  }

  // ------------------------------------------------------------------------------------------
  // Public API

  onEvent(listener: (event: FeedEvent) => void): void {
    this.#listener = listener;
  }

  subscribeBbo(coin: string): void {
    this.#subscribe({ type: "bbo", coin });
  }

  subscribeL2Book(coin: string, opts: { fast: boolean }): void {
    this.#subscribe({ type: "l2Book", coin, fast: opts.fast });
  }

  subscribeOrderUpdates(user: string): void {
    this.#subscribe({ type: "orderUpdates", user: user.toLowerCase() });
  }

  subscribeUserFills(user: string): void {
    this.#subscribe({ type: "userFills", user: user.toLowerCase() });
  }

  status(): FeedStatus {
    const now = this.#clock.nowMs();
    const streamAgeMs: Record<string, number> = {};
    for (const [key, at] of this.#streamLastMs) streamAgeMs[key] = Math.max(0, now - at);
    return {
      connected: this.#conn?.announced === true,
      reconnects: this.#reconnects,
      malformedFrames: this.#malformed,
      streamAgeMs,
      lastFrameAgeMs: this.#conn?.open
        ? Math.max(0, this.#clock.monoMs() - this.#conn.lastFrameMonoMs)
        : null,
    };
  }

  start(signal: AbortSignal): Promise<void> {
    if (this.#running !== null) return this.#running;
    const stop = AbortSignal.any([signal, this.#closer.signal]);
    this.#stop = stop;
    this.#running = this.#run(stop);
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closer.abort(new Error("feed closed"));
    if (this.#running !== null) await this.#running;
  }

  /**
   * Milliseconds until `messages` posts would go out at once: 0 now; else the wait for the message
   * budget (keeping room for two keepalive pings) or for in-flight slots (answers free them; they
   * reach the engine as events). Not connected: 0 (a post answers `notSent` at once).
   */
  postReadyInMs(messages: number): number {
    if (!this.#conn?.open) return 0;
    if (this.#gate.inFlight + messages > this.#gate.max) return IN_FLIGHT_RETRY_MS;
    return this.#budget.readyInMs?.(messages + PING_RESERVE_MESSAGES) ?? 0;
  }

  async post(type: "info" | "action", payload: unknown, signal: AbortSignal): Promise<PostResult> {
    if (signal.aborted) return { kind: "notSent", reason: "aborted before send" };
    if (!this.#conn?.open) return { kind: "notSent", reason: "not connected" };
    try {
      await this.#gate.enter(signal);
    } catch {
      return { kind: "notSent", reason: "aborted waiting for an in-flight slot" };
    }
    try {
      try {
        await this.#budget.acquire(1, signal);
      } catch {
        return { kind: "notSent", reason: "aborted waiting for the message budget" };
      }
      const conn = this.#conn;
      if (conn === null || !conn.open || conn.ws.readyState !== WebSocket.OPEN) {
        return { kind: "notSent", reason: "not connected" };
      }
      if (signal.aborted) return { kind: "notSent", reason: "aborted before send" };
      const id = ++this.#nextPostId;
      const { promise, resolve } = Promise.withResolvers<PostResult>();
      try {
        conn.ws.send(JSON.stringify({ method: "post", id, request: { type, payload } }));
      } catch (error) {
        return { kind: "notSent", reason: `send failed: ${String(error)}` };
      }
      this.#pendingPosts.set(id, { conn, resolve });
      const settle = (result: PostResult) => {
        if (this.#pendingPosts.delete(id)) resolve(result);
      };
      const timer = setTimeout(
        () => settle({ kind: "unknown", reason: `no answer within ${this.#postTimeoutMs} ms` }),
        this.#postTimeoutMs,
      );
      const onAbort = () => settle({ kind: "unknown", reason: "aborted after send" });
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        return await promise;
      } finally {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      }
    } finally {
      this.#gate.leave();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Connection loop

  async #run(stop: AbortSignal): Promise<void> {
    let attempt = 0;
    let first = true;
    while (!stop.aborted) {
      if (!first) this.#reconnects++;
      first = false;
      const result = await this.#connectOnce(stop);
      if (stop.aborted) break;
      if (result.opened) {
        this.#log.warn("ws disconnected", { reason: result.reason });
        this.#emit({ type: "disconnected", reason: result.reason });
      } else {
        this.#log.warn("ws connect failed", { reason: result.reason });
      }
      if (result.announced) attempt = 0;
      const waitMs = reconnectDelayMs(
        attempt++,
        this.#reconnectBaseMs,
        this.#reconnectMaxMs,
        this.#random,
      );
      try {
        await delay(waitMs, { signal: stop });
      } catch {
        break;
      }
    }
  }

  /** One connection from open to close. Resolves once the socket is closed (or given up on). */
  #connectOnce(
    stop: AbortSignal,
  ): Promise<{ reason: string; opened: boolean; announced: boolean }> {
    const { promise, resolve } = Promise.withResolvers<
      { reason: string; opened: boolean; announced: boolean }
    >();
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.#url);
    } catch (error) {
      return Promise.resolve({
        reason: `bad url: ${String(error)}`,
        opened: false,
        announced: false,
      });
    }
    const timers: Timer[] = [];
    let intervalId: Timer | undefined;
    let watchdogId: Timer | undefined;
    let finished = false;
    let closeWait: Timer | undefined;
    let closedResolve: () => void = () => {};
    const socketClosed = new Promise<void>((r) => (closedResolve = r));

    const conn: Connection = {
      ws,
      pendingAcks: new Set(),
      open: false,
      announced: false,
      frames: 0,
      fillsSnapshotDue: false,
      lastFrameMonoMs: this.#clock.monoMs(),
      pongTimer: undefined,
      finish: (reason) => finish(reason),
    };

    const finish = (reason: string) => {
      if (finished) return;
      finished = true;
      stop.removeEventListener("abort", onStop);
      for (const t of timers) clearTimeout(t);
      if (conn.pongTimer !== undefined) clearTimeout(conn.pongTimer);
      if (intervalId !== undefined) clearInterval(intervalId);
      if (watchdogId !== undefined) clearInterval(watchdogId);
      const opened = conn.open;
      conn.open = false;
      if (this.#conn === conn) this.#conn = null;
      for (const [id, p] of this.#pendingPosts) {
        if (p.conn !== conn) continue;
        this.#pendingPosts.delete(id);
        p.resolve({ kind: "unknown", reason: `socket closed while waiting: ${reason}` });
      }
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
        try {
          ws.close(1000);
        } catch {
          // already closing
        }
      }
      const done = () => {
        if (closeWait !== undefined) clearTimeout(closeWait);
        ws.onopen = null;
        ws.onmessage = null;
        ws.onerror = null;
        ws.onclose = null;
        resolve({ reason, opened, announced: conn.announced });
      };
      if (ws.readyState === WebSocket.CLOSED) {
        done();
        return;
      }
      closeWait = setTimeout(done, this.#closeWaitMs);
      socketClosed.then(done, done);
    };
    const onStop = () => finish("stopped");
    stop.addEventListener("abort", onStop, { once: true });

    timers.push(setTimeout(() => {
      if (!conn.open) finish(`connect timeout after ${this.#connectTimeoutMs} ms`);
    }, this.#connectTimeoutMs));

    ws.onopen = () => {
      if (finished) return;
      conn.open = true;
      this.#conn = conn;
      this.#log.info("ws open", { url: this.#url });
      conn.lastFrameMonoMs = this.#clock.monoMs();
      intervalId = setInterval(() => this.#ping(conn), this.#pingIntervalMs);
      watchdogId = setInterval(() => {
        const silentMs = this.#clock.monoMs() - conn.lastFrameMonoMs;
        if (silentMs >= this.#silenceMs && conn.pongTimer === undefined) this.#ping(conn);
      }, Math.max(50, Math.min(500, Math.floor(this.#silenceMs / 3))));
      timers.push(setTimeout(() => {
        if (!conn.announced) finish(`subscription acks timed out after ${this.#ackTimeoutMs} ms`);
      }, this.#ackTimeoutMs));
      this.#subscribeAll(conn, stop).catch((error) => {
        finish(`subscribe failed: ${String(error)}`);
      });
    };
    ws.onmessage = (event: MessageEvent) => {
      if (finished) return;
      conn.frames++;
      conn.lastFrameMonoMs = this.#clock.monoMs();
      this.#onFrame(conn, event.data);
    };
    ws.onerror = (event: Event) => {
      const message = event instanceof ErrorEvent ? event.message : "websocket error";
      this.#log.debug("ws error", { message });
    };
    ws.onclose = (event: CloseEvent) => {
      closedResolve();
      finish(`closed by peer code=${event.code}${event.reason ? ` reason=${event.reason}` : ""}`);
    };
    if (stop.aborted) finish("stopped");
    return promise;
  }

  #ping(conn: Connection): void {
    if (!conn.open) return;
    if (!this.#budget.tryAcquire(1)) {
      this.#log.warn("ping skipped: message budget exhausted");
      return;
    }
    try {
      conn.ws.send(JSON.stringify({ method: "ping" }));
    } catch (error) {
      conn.finish(`ping send failed: ${String(error)}`);
      return;
    }
    if (conn.pongTimer !== undefined) return;
    const framesAtPing = conn.frames;
    conn.pongTimer = setTimeout(() => {
      conn.pongTimer = undefined;
      if (conn.open && conn.frames === framesAtPing) {
        conn.finish(`no pong within ${this.#pongTimeoutMs} ms (half-open)`);
      }
    }, this.#pongTimeoutMs);
  }

  async #subscribeAll(conn: Connection, stop: AbortSignal): Promise<void> {
    const ids = [...this.#subs.keys()];
    for (const id of ids) conn.pendingAcks.add(id);
    this.#maybeAnnounce(conn);
    for (const id of ids) {
      const sub = this.#subs.get(id);
      if (sub === undefined) {
        conn.pendingAcks.delete(id);
        continue;
      }
      await this.#budget.acquire(1, stop);
      if (!conn.open) return;
      this.#sendRaw(conn, { method: "subscribe", subscription: wireSubscription(sub) });
    }
    this.#maybeAnnounce(conn);
  }

  #subscribe(sub: FeedSubscription): void {
    const id = subscriptionId(sub);
    if (this.#subs.has(id)) return;
    this.#subs.set(id, sub);
    const conn = this.#conn;
    if (conn?.open) {
      conn.pendingAcks.add(id);
      this.#sendControl(conn, { method: "subscribe", subscription: wireSubscription(sub) });
    }
  }

  /** Send a control message now (taking budget, waiting if needed) without blocking callers. */
  #sendControl(conn: Connection, message: unknown): void {
    if (this.#budget.tryAcquire(1)) {
      this.#sendRaw(conn, message);
      return;
    }
    this.#budget.acquire(1, this.#stop).then(
      () => {
        if (conn.open) this.#sendRaw(conn, message);
      },
      () => {},
    );
  }

  #sendRaw(conn: Connection, message: unknown): void {
    try {
      conn.ws.send(JSON.stringify(message));
    } catch (error) {
      conn.finish(`send failed: ${String(error)}`);
    }
  }

  #maybeAnnounce(conn: Connection): void {
    if (conn.announced || !conn.open || conn.pendingAcks.size > 0) return;
    conn.announced = true;
    const reconnect = this.#everAnnounced;
    this.#everAnnounced = true;
    this.#log.info("ws subscribed", { reconnect, subscriptions: this.#subs.size });
    this.#emit({ type: "connected", reconnect });
  }

  // ------------------------------------------------------------------------------------------
  // Frames

  #onFrame(conn: Connection, data: unknown): void {
    if (typeof data !== "string") {
      this.#malformed++;
      this.#frameWarnings.warn("malformed", "malformed ws frame", {
        reason: "binary frame",
        malformedFrames: this.#malformed,
      });
      return;
    }
    const parsed = parseFrame(data);
    if (!parsed.ok) {
      if (parsed.ignorable) return;
      this.#malformed++;
      this.#frameWarnings.warn("malformed", "malformed ws frame", {
        reason: parsed.reason.slice(0, 200),
        malformedFrames: this.#malformed,
      });
      return;
    }
    this.#frameWarnings.flush();
    this.#handle(conn, parsed.frame);
  }

  #handle(conn: Connection, frame: Frame): void {
    const receivedAtMs = this.#clock.nowMs();
    switch (frame.kind) {
      case "pong":
      case "other":
        return;
      case "subscriptionResponse":
        if (frame.method === "subscribe") {
          if (frame.subscription.type === "userFills") conn.fillsSnapshotDue = true;
          this.#onAck(conn, frame.subscription);
        }
        return;
      case "l2Book":
        this.#streamLastMs.set(`l2Book:${frame.coin}`, receivedAtMs);
        this.#emit({
          type: "l2Book",
          book: {
            coin: frame.coin,
            timeMs: frame.timeMs,
            receivedAtMs,
            source: "ws",
            bids: frame.bids,
            asks: frame.asks,
          },
        });
        return;
      case "bbo":
        this.#streamLastMs.set(`bbo:${frame.coin}`, receivedAtMs);
        this.#emit({
          type: "bbo",
          coin: frame.coin,
          timeMs: frame.timeMs,
          receivedAtMs,
          bid: frame.bid,
          ask: frame.ask,
        });
        return;
      case "orderUpdates":
        this.#streamLastMs.set("orderUpdates", receivedAtMs);
        this.#emit({ type: "orderUpdates", updates: frame.updates });
        return;
      case "userFills": {
        this.#streamLastMs.set("userFills", receivedAtMs);
        const isSnapshot = frame.snapshotTagged ? frame.isSnapshot : conn.fillsSnapshotDue;
        if (!frame.snapshotTagged && conn.fillsSnapshotDue) {
          this.#log.info("userFills snapshot without isSnapshot; taken as the snapshot", {
            fills: frame.fills.length,
          });
        }
        conn.fillsSnapshotDue = false;
        this.#emit({ type: "fills", fills: frame.fills, isSnapshot });
        return;
      }
      case "post": {
        const pending = this.#pendingPosts.get(frame.id);
        if (pending === undefined) {
          this.#log.debug("post answer without a pending request", { id: frame.id });
          return;
        }
        this.#pendingPosts.delete(frame.id);
        if (frame.responseType === "error") {
          const message = typeof frame.payload === "string"
            ? frame.payload
            : (JSON.stringify(frame.payload) ?? "post error");
          pending.resolve({ kind: "error", message });
        } else {
          pending.resolve({ kind: "ok", payload: frame.payload });
        }
        return;
      }
      case "error":
        this.#onServerError(conn, frame.message);
        return;
    }
  }

  #onAck(conn: Connection, echo: Readonly<Record<string, unknown>>): void {
    for (const id of conn.pendingAcks) {
      const sub = this.#subs.get(id);
      if (sub === undefined || echoMatches(wireSubscription(sub), echo)) {
        conn.pendingAcks.delete(id);
        if (sub !== undefined) break;
      }
    }
    this.#maybeAnnounce(conn);
  }

  #onServerError(conn: Connection, message: string): void {
    const refusedId = pendingPostRefusalId(message);
    if (refusedId !== undefined) {
      const pending = this.#pendingPosts.get(refusedId);
      if (pending !== undefined) {
        this.#pendingPosts.delete(refusedId);
        pending.resolve({ kind: "notSent", reason: "too many pending post requests" });
      }
      this.#log.warn("ws post refused", { id: refusedId });
      return;
    }
    // A post the server could not read is answered here, not on `post`: settle it now with the
    // server's text (the gateway classifies it) instead of waiting for the post timeout.
    const echoedId = echoedPostId(message);
    const echoed = echoedId === undefined ? undefined : this.#pendingPosts.get(echoedId);
    if (echoedId !== undefined && echoed !== undefined) {
      this.#pendingPosts.delete(echoedId);
      echoed.resolve({ kind: "error", message });
      this.#log.warn("ws post answered on the error channel", { id: echoedId });
      return;
    }
    const sub = /^(Already subscribed|Invalid subscription):?\s*(\{.*\})\s*$/s.exec(message);
    if (sub?.[2] !== undefined) {
      let echo: unknown;
      try {
        echo = JSON.parse(sub[2]);
      } catch {
        echo = undefined;
      }
      if (typeof echo === "object" && echo !== null && !Array.isArray(echo)) {
        const record = echo as Record<string, unknown>;
        if (sub[1] === "Already subscribed") {
          this.#onAck(conn, record);
        } else {
          this.#dropRefused(conn, record);
        }
      }
    }
    this.#log.warn("ws error frame", { message: message.slice(0, 300) });
  }

  /** The server refused a subscription: drop it so it is not retried forever. */
  #dropRefused(conn: Connection, echo: Readonly<Record<string, unknown>>): void {
    for (const [id, sub] of this.#subs) {
      if (echoMatches(wireSubscription(sub), echo)) {
        this.#subs.delete(id);
        conn.pendingAcks.delete(id);
        this.#log.error("subscription refused by the server", { subscription: id });
        break;
      }
    }
    this.#maybeAnnounce(conn);
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  #emit(event: FeedEvent): void {
    try {
      this.#listener(event);
    } catch (error) {
      this.#log.error("feed listener threw", { error: String(error), type: event.type });
    }
  }
}

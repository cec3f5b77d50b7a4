/**
 * The `/ws` endpoint: connections, subscriptions, pushes (with l2Book/allMids throttling on sim
 * time), ping/pong, idle close, `post` (info and action, same handling as HTTP), and the per-IP
 * WebSocket limits of reference §2.2, answered on the `error` channel.
 */
import type { SimAnswer, SimExchangeCore, SimPush } from "../market/api.ts";
import type { AnswerFaults } from "./answer_faults.ts";
import type { SimFaults } from "./sim_faults.ts";
import type { SimStats } from "./sim_stats.ts";
import {
  normalizeSubscription,
  subscriptionKey,
  subscriptionUser,
  type WsSubscription,
} from "./ws_subscription.ts";

/** The exchange's per-IP WebSocket limits the hub enforces. */
export interface WsLimits {
  /** Simultaneous connections per IP (10). */
  readonly connectionsPerIp: number;
  /** New connections per minute per IP (30). */
  readonly newConnectionsPerMin: number;
  /** Subscriptions per IP (1000). */
  readonly subscriptionsPerIp: number;
  /** Unique users across user-specific subscriptions per IP (10). */
  readonly uniqueUsersPerIp: number;
  /** Messages sent to the server per minute per IP, across connections (2000). */
  readonly messagesPerMin: number;
  /** Simultaneous in-flight posts per IP (100). */
  readonly inflightPostsPerIp: number;
}

/** The exchange's documented WS limits (reference §2.2). */
export const DEFAULT_WS_LIMITS: WsLimits = {
  connectionsPerIp: 10,
  newConnectionsPerMin: 30,
  subscriptionsPerIp: 1000,
  uniqueUsersPerIp: 10,
  messagesPerMin: 2000,
  inflightPostsPerIp: 100,
};

/** Push pacing and idle timeout, in sim-time ms. */
export interface WsCadence {
  /** Minimum sim-time gap between l2Book pushes for `fast: true` subscribers (500 ms). */
  readonly l2BookFastMs: number;
  /**
   * Minimum sim-time gap between l2Book pushes for default subscribers (5000 ms: the default
   * feed went from 2 s to 5 s on 2026-07-25, reference §7.5).
   */
  readonly l2BookSlowMs: number;
  /** Minimum sim-time gap between allMids pushes (1000 ms). */
  readonly allMidsMs: number;
  /** Close a connection that sent nothing for this long (60000 ms). */
  readonly idleTimeoutMs: number;
}

/** The exchange's push pacing and idle timeout, as the simulator reproduces them by default. */
export const DEFAULT_WS_CADENCE: WsCadence = {
  l2BookFastMs: 500,
  l2BookSlowMs: 5000,
  allMidsMs: 1000,
  idleTimeoutMs: 60_000,
};

/** The core, limits, pacing, stats and faults the hub works with, and how it answers posts. */
export interface WsHubDeps {
  readonly core: SimExchangeCore;
  readonly stats: SimStats;
  readonly faults: SimFaults;
  readonly limits: WsLimits;
  readonly cadence: WsCadence;
  readonly nowMs: () => number;
  /** Answer faults (untagged fill snapshots, post answered on the error channel); optional. */
  readonly answerFaults?: AnswerFaults;
  /** Answer an info body (no REST weight is charged for WS posts). */
  readonly info: (body: unknown) => SimAnswer;
  /** Answer an exchange envelope, including injected delays/failures. */
  readonly exchange: (body: unknown, signal: AbortSignal) => Promise<SimAnswer>;
  /** Aborted when the server stops. */
  readonly signal: AbortSignal;
}

interface Conn {
  readonly socket: WebSocket;
  readonly ip: string;
  readonly subs: Map<string, WsSubscription>;
  lastMessageMs: number;
  /** Half-open fault: nothing goes either way while now < this. */
  frozenUntilMs: number;
}

interface IpState {
  connections: number;
  connectLog: number[];
  messageLog: number[];
  subscriptions: number;
  inflightPosts: number;
}

const FAST_LEVELS = 5;

/** A `fast: true` subscriber's book: 5 levels, flagged `fast: true` (SDK `L2BookEvent.fast`). */
function fastBook(data: unknown): unknown {
  const book = truncateBook(data, FAST_LEVELS);
  return typeof book === "object" && book !== null ? { ...book, fast: true } : book;
}

function truncateBook(data: unknown, levels: number): unknown {
  if (typeof data !== "object" || data === null) return data;
  const book = data as { levels?: unknown };
  if (!Array.isArray(book.levels)) return data;
  return {
    ...book,
    levels: book.levels.map((side) => (Array.isArray(side) ? side.slice(0, levels) : side)),
  };
}

function pruneLog(log: number[], nowMs: number, windowMs: number): void {
  while (log.length > 0 && (log[0] ?? 0) <= nowMs - windowMs) log.shift();
}

const STATUS_TEXT: Record<number, string> = {
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The `error` payload of a post: HTTP status and description, like the exchange's. */
function answerText(a: SimAnswer): string {
  if (a.body === null || a.body === undefined) {
    return `${a.httpStatus} ${STATUS_TEXT[a.httpStatus] ?? "Error"}`;
  }
  return `${a.httpStatus} ${typeof a.body === "string" ? a.body : JSON.stringify(a.body)}`;
}

/** Owns every WS connection: subscriptions, paced pushes, ping/pong, posts and per-IP limits. */
export class WsHub {
  readonly #conns = new Set<Conn>();
  readonly #ips = new Map<string, IpState>();
  readonly #pendingBook = new Map<string, { slow?: unknown; fast?: unknown }>();
  readonly #lastBookSent = new Map<string, number>();
  #pendingMids: unknown = undefined;
  #lastMidsSent = -Infinity;
  #coreSendsFast = false;

  constructor(private readonly deps: WsHubDeps) {}

  #ip(ip: string): IpState {
    let s = this.#ips.get(ip);
    if (!s) {
      s = { connections: 0, connectLog: [], messageLog: [], subscriptions: 0, inflightPosts: 0 };
      this.#ips.set(ip, s);
    }
    return s;
  }

  get connectionCount(): number {
    return this.#conns.size;
  }

  /** Upgrade `req` (already known to be a WS upgrade on `/ws`). */
  accept(req: Request, ip: string): Response {
    const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: 0 });
    const now = this.deps.nowMs();
    const st = this.#ip(ip);
    pruneLog(st.connectLog, now, 60_000);
    const refusal = st.connections >= this.deps.limits.connectionsPerIp
      ? `Too many websocket connections from this IP (limit ${this.deps.limits.connectionsPerIp})`
      : st.connectLog.length >= this.deps.limits.newConnectionsPerMin
      ? `Too many new websocket connections per minute (limit ${this.deps.limits.newConnectionsPerMin})`
      : null;
    if (refusal !== null) {
      this.deps.stats.wsConnectionsRefused++;
      socket.onopen = () => {
        this.#sendRaw(socket, { channel: "error", data: refusal });
        this.deps.stats.wsErrorsSent++;
        socket.close(1008, "Too many connections");
      };
      socket.onerror = () => {};
      return response;
    }
    st.connections++;
    st.connectLog.push(now);
    const conn: Conn = { socket, ip, subs: new Map(), lastMessageMs: now, frozenUntilMs: 0 };
    this.#conns.add(conn);
    this.deps.stats.wsConnectionsOpen++;
    this.deps.stats.wsConnectionsTotal++;
    socket.onmessage = (ev) => this.#onMessage(conn, ev.data);
    socket.onerror = () => {};
    socket.onclose = () => this.#forget(conn);
    return response;
  }

  #forget(conn: Conn): void {
    if (!this.#conns.delete(conn)) return;
    const st = this.#ip(conn.ip);
    st.connections--;
    st.subscriptions -= conn.subs.size;
    conn.subs.clear();
    this.deps.stats.wsConnectionsOpen--;
  }

  #sendRaw(socket: WebSocket, frame: unknown): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    try {
      socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
      this.deps.stats.wsMessagesSent++;
    } catch {
      // The peer went away; onclose cleans up.
    }
  }

  #send(conn: Conn, frame: unknown): void {
    if (this.#frozen(conn)) return;
    this.#sendRaw(conn.socket, frame);
  }

  #frozen(conn: Conn): boolean {
    return conn.frozenUntilMs > 0 && this.deps.nowMs() < conn.frozenUntilMs;
  }

  #error(conn: Conn, text: string): void {
    this.deps.stats.wsErrorsSent++;
    this.#send(conn, { channel: "error", data: text });
  }

  #onMessage(conn: Conn, data: unknown): void {
    if (this.#frozen(conn)) return; // half-open: the message never arrives
    const now = this.deps.nowMs();
    conn.lastMessageMs = now;
    this.deps.stats.wsMessagesReceived++;
    const st = this.#ip(conn.ip);
    pruneLog(st.messageLog, now, 60_000);
    if (st.messageLog.length >= this.deps.limits.messagesPerMin) {
      this.#error(
        conn,
        `Too many messages sent to the server (limit ${this.deps.limits.messagesPerMin} per minute)`,
      );
      return;
    }
    st.messageLog.push(now);
    if (typeof data !== "string") {
      this.#error(conn, "Error parsing JSON into valid websocket request");
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      this.#error(conn, "Error parsing JSON into valid websocket request");
      return;
    }
    const method = typeof msg === "object" && msg !== null
      ? (msg as { method?: unknown }).method
      : undefined;
    const m = msg as Record<string, unknown>;
    switch (method) {
      case "ping":
        if (this.deps.faults.pongsAllowed(now)) this.#send(conn, { channel: "pong" });
        return;
      case "subscribe":
        this.#subscribe(conn, m.subscription);
        return;
      case "unsubscribe":
        this.#unsubscribe(conn, m.subscription);
        return;
      case "post":
        this.#post(conn, m);
        return;
      default:
        this.#error(
          conn,
          `Error parsing JSON into valid websocket request: ${JSON.stringify(msg)}`,
        );
    }
  }

  #subscribe(conn: Conn, raw: unknown): void {
    const sub = normalizeSubscription(raw);
    if (sub === null) {
      this.#error(conn, `Invalid subscription ${JSON.stringify(raw ?? null)}`);
      return;
    }
    const key = subscriptionKey(sub);
    if (conn.subs.has(key)) {
      this.#error(conn, `Already subscribed: ${JSON.stringify(sub)}`);
      return;
    }
    const st = this.#ip(conn.ip);
    if (st.subscriptions >= this.deps.limits.subscriptionsPerIp) {
      this.#error(
        conn,
        `Cannot track more than ${this.deps.limits.subscriptionsPerIp} total subscriptions.`,
      );
      return;
    }
    const user = subscriptionUser(sub);
    if (user !== null) {
      const users = this.#usersOf(conn.ip);
      if (!users.has(user) && users.size >= this.deps.limits.uniqueUsersPerIp) {
        this.#error(
          conn,
          `Cannot track more than ${this.deps.limits.uniqueUsersPerIp} total users.`,
        );
        return;
      }
    }
    conn.subs.set(key, sub);
    st.subscriptions++;
    this.#send(conn, {
      channel: "subscriptionResponse",
      data: { method: "subscribe", subscription: sub },
    });
    let snapshot: SimPush | null = null;
    try {
      snapshot = this.deps.core.snapshotFor({ ...sub });
    } catch {
      snapshot = null;
    }
    if (snapshot !== null) {
      const data = sub.type === "l2Book" && sub.fast === true
        ? fastBook(snapshot.data)
        : snapshot.channel === "userFills" && this.deps.answerFaults
        ? this.deps.answerFaults.fillSnapshot(snapshot.data)
        : snapshot.data;
      this.#send(conn, { channel: wireChannel(snapshot.channel), data });
    }
  }

  #usersOf(ip: string): Set<string> {
    const users = new Set<string>();
    for (const c of this.#conns) {
      if (c.ip !== ip) continue;
      for (const s of c.subs.values()) {
        const u = subscriptionUser(s);
        if (u !== null) users.add(u);
      }
    }
    return users;
  }

  #unsubscribe(conn: Conn, raw: unknown): void {
    const sub = normalizeSubscription(raw);
    if (sub === null) {
      this.#error(conn, `Invalid subscription ${JSON.stringify(raw ?? null)}`);
      return;
    }
    const key = subscriptionKey(sub);
    if (!conn.subs.delete(key)) {
      this.#error(conn, `Already unsubscribed: ${JSON.stringify(sub)}`);
      return;
    }
    this.#ip(conn.ip).subscriptions--;
    this.#send(conn, {
      channel: "subscriptionResponse",
      data: { method: "unsubscribe", subscription: sub },
    });
  }

  #post(conn: Conn, m: Record<string, unknown>): void {
    const id = m.id;
    const request = m.request as { type?: unknown; payload?: unknown } | undefined;
    if (
      typeof id !== "number" || !Number.isSafeInteger(id) || typeof request !== "object" ||
      request === null || (request.type !== "info" && request.type !== "action")
    ) {
      this.#error(conn, `Error parsing JSON into valid websocket request: ${JSON.stringify(m)}`);
      return;
    }
    const st = this.#ip(conn.ip);
    if (st.inflightPosts >= this.deps.limits.inflightPostsPerIp) {
      this.#error(conn, `too many pending post requests id=${id}`);
      return;
    }
    this.deps.stats.wsPosts++;
    const reply = (response: unknown) =>
      this.#send(conn, { channel: "post", data: { id, response } });
    if (request.type === "info") {
      const a = this.deps.info(request.payload);
      const payloadType = typeof request.payload === "object" && request.payload !== null
        ? (request.payload as { type?: unknown }).type
        : undefined;
      reply(
        a.httpStatus === 200
          ? { type: "info", payload: { type: payloadType, data: a.body } }
          : { type: "error", payload: answerText(a) },
      );
      return;
    }
    if (this.deps.answerFaults?.takePostError()) {
      this.#error(conn, `Error parsing JSON into valid websocket request: ${JSON.stringify(m)}`);
      return;
    }
    st.inflightPosts++;
    const done = (a: SimAnswer) => {
      st.inflightPosts--;
      reply(
        a.httpStatus === 200
          ? { type: "action", payload: a.body }
          : { type: "error", payload: answerText(a) },
      );
    };
    this.deps.exchange(request.payload, this.deps.signal).then(done, () => {
      st.inflightPosts--;
    });
  }

  /** Route a core push to subscribers (books and mids are buffered for `flush`). */
  onPush(push: SimPush): void {
    switch (push.channel) {
      case "l2Book": {
        const p = this.#pendingBook.get(push.coin) ?? {};
        p.slow = push.data;
        if (!this.#coreSendsFast) p.fast = fastBook(push.data);
        this.#pendingBook.set(push.coin, p);
        return;
      }
      case "l2BookFast": {
        this.#coreSendsFast = true;
        const p = this.#pendingBook.get(push.coin) ?? {};
        p.fast = fastBook(push.data);
        this.#pendingBook.set(push.coin, p);
        return;
      }
      case "allMids":
        this.#pendingMids = push.data;
        return;
      case "bbo":
      case "trades": {
        const aheadMs = push.channel === "bbo" ? this.deps.faults.takeFutureStamp() : 0;
        const data = aheadMs > 0
          ? {
            ...(push.data as { time: number }),
            time: (push.data as { time: number }).time + aheadMs,
          }
          : push.data;
        this.#broadcast(
          (s) => s.type === push.channel && s.coin === push.coin,
          { channel: push.channel, data },
        );
        return;
      }
      case "orderUpdates":
      case "userFills":
      case "userEvents": {
        const user = push.user.toLowerCase();
        this.#broadcast(
          (s) => s.type === push.channel && s.user === user,
          { channel: wireChannel(push.channel), data: push.data },
        );
        return;
      }
    }
  }

  #broadcast(match: (s: WsSubscription) => boolean, frame: unknown): void {
    if (!this.deps.faults.pushesAllowed(this.deps.nowMs())) return;
    let text: string | null = null;
    for (const c of this.#conns) {
      if (this.#frozen(c)) continue;
      for (const s of c.subs.values()) {
        if (!match(s)) continue;
        text ??= JSON.stringify(frame);
        this.#sendRaw(c.socket, text);
        break;
      }
    }
  }

  /** Flush throttled pushes and close idle connections (called by the server's clock). */
  tick(nowMs: number): void {
    const { cadence } = this.deps;
    for (const [coin, p] of this.#pendingBook) {
      for (const speed of ["slow", "fast"] as const) {
        const data = p[speed];
        if (data === undefined) continue;
        const key = `${coin}|${speed}`;
        const gap = speed === "fast" ? cadence.l2BookFastMs : cadence.l2BookSlowMs;
        if (nowMs - (this.#lastBookSent.get(key) ?? -Infinity) < gap) continue;
        this.#lastBookSent.set(key, nowMs);
        delete p[speed];
        const fast = speed === "fast";
        this.#broadcast(
          (s) => s.type === "l2Book" && s.coin === coin && (s.fast === true) === fast,
          { channel: "l2Book", data },
        );
      }
      if (p.slow === undefined && p.fast === undefined) this.#pendingBook.delete(coin);
    }
    if (this.#pendingMids !== undefined && nowMs - this.#lastMidsSent >= cadence.allMidsMs) {
      const mids = this.#pendingMids;
      this.#pendingMids = undefined;
      this.#lastMidsSent = nowMs;
      this.#broadcast((s) => s.type === "allMids", { channel: "allMids", data: mids });
    }
    for (const c of this.#conns) {
      if (nowMs - c.lastMessageMs > cadence.idleTimeoutMs) this.#close(c, 1000, "Expired");
    }
  }

  #close(c: Conn, code: number, reason: string): void {
    try {
      c.socket.close(code, reason);
    } catch {
      // already closing
    }
    this.#forget(c);
  }

  /** Fault: close every connection now. */
  dropAll(): void {
    for (const c of [...this.#conns]) this.#close(c, 1012, "Dropped by fault injection");
  }

  /** Fault: freeze every open connection until `untilMs` (0 = unfreeze). */
  freezeAll(untilMs: number): void {
    for (const c of this.#conns) c.frozenUntilMs = untilMs;
  }

  /** Fault: send `n` malformed frames to every client. */
  sendMalformed(n: number): void {
    for (const c of this.#conns) {
      for (let i = 0; i < n; i++) {
        this.#send(c, i % 2 === 0 ? '{"channel":"l2Book","data":' : "\u0000garbage");
      }
    }
  }

  /** Close everything (server stop). */
  closeAll(): void {
    for (const c of [...this.#conns]) this.#close(c, 1001, "Server stopping");
  }
}

function wireChannel(channel: SimPush["channel"]): string {
  return channel === "userEvents" ? "user" : channel === "l2BookFast" ? "l2Book" : channel;
}

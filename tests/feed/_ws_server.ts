/** An in-process WebSocket server on 127.0.0.1:0 scripted by tests, plus port fakes. */
import type { InFlightGate, MessageBudget } from "../../src/core/ports.ts";

export interface ServerConn {
  readonly socket: WebSocket;
  /** Parsed JSON messages received from the client. */
  readonly received: Record<string, unknown>[];
  /** Answer `{"method":"ping"}` with a pong (default true). */
  answerPings: boolean;
  send(frame: unknown): void;
}

export interface WsTestServer {
  readonly url: string;
  readonly conns: ServerConn[];
  close(): Promise<void>;
}

export interface WsServerOptions {
  /** Called on each new connection before any message. */
  onConnect?: (conn: ServerConn, index: number) => void;
  /** Called for every message; default behaviour (acks, pongs) runs first unless it returns true. */
  onMessage?: (conn: ServerConn, msg: Record<string, unknown>, index: number) => boolean | void;
  /** Ack subscriptions automatically, adding nSigFigs:null to l2Book and lowercasing users. */
  autoAck?: boolean;
}

export function startWsServer(options: WsServerOptions = {}): WsTestServer {
  const conns: ServerConn[] = [];
  const autoAck = options.autoAck ?? true;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const index = conns.length;
    const conn: ServerConn = {
      socket,
      received: [],
      answerPings: true,
      send: (frame) => {
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
        }
      },
    };
    conns.push(conn);
    socket.onopen = () => options.onConnect?.(conn, index);
    socket.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as Record<string, unknown>;
      conn.received.push(msg);
      if (options.onMessage?.(conn, msg, index) === true) return;
      if (msg.method === "ping" && conn.answerPings) conn.send({ channel: "pong" });
      if (msg.method === "subscribe" && autoAck) {
        const sub = { ...(msg.subscription as Record<string, unknown>) };
        if (sub.type === "l2Book") sub.nSigFigs = null;
        if (typeof sub.user === "string") sub.user = sub.user.toLowerCase();
        conn.send({
          channel: "subscriptionResponse",
          data: { method: "subscribe", subscription: sub },
        });
      }
    };
    return response;
  });
  return {
    url: `ws://127.0.0.1:${server.addr.port}/ws`,
    conns,
    close: async () => {
      for (const c of conns) {
        if (c.socket.readyState === WebSocket.OPEN) c.socket.close();
      }
      await server.shutdown();
    },
  };
}

export class FakeBudget implements MessageBudget {
  readonly capacityPerMin = 2000;
  taken = 0;
  acquire(weight: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    this.taken += weight;
    return Promise.resolve();
  }
  tryAcquire(weight: number): boolean {
    this.taken += weight;
    return true;
  }
  on429(): void {}
  usedLastMinute(): number {
    return this.taken;
  }
}

export class FakeGate implements InFlightGate {
  inFlight = 0;
  maxSeen = 0;
  readonly #waiters: (() => void)[] = [];
  constructor(readonly max: number) {}
  enter(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.inFlight < this.max) {
      this.inFlight++;
      this.maxSeen = Math.max(this.maxSeen, this.inFlight);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal.removeEventListener("abort", abort);
        this.inFlight++;
        this.maxSeen = Math.max(this.maxSeen, this.inFlight);
        resolve();
      };
      const abort = () => {
        const i = this.#waiters.indexOf(go);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal.reason);
      };
      this.#waiters.push(go);
      signal.addEventListener("abort", abort, { once: true });
    });
  }
  leave(): void {
    this.inFlight--;
    this.#waiters.shift()?.();
  }
}

/** Poll `predicate` until true; fails after `timeoutMs` (a bound, not a speed assertion). */
export async function waitFor(
  predicate: () => boolean,
  what: string,
  timeoutMs = 3000,
): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The simulator's protocol server: `POST /info`, `POST /exchange`, `GET /ws`, `GET /sim/stats`,
 * `POST /sim/faults`, on Deno.serve. It owns the clock: a ticker calls `core.advance(now)` and
 * flushes throttled WS pushes every `tickMs` (or tests call `tick()` with an injected clock).
 */
import type { SimAnswer, SimExchangeCore } from "../market/api.ts";
import {
  AddressBudget,
  type AddressBudgetLimits,
  DEFAULT_ADDRESS_BUDGET,
} from "./address_budget.ts";
import { answerFaultRequestSchema, AnswerFaults } from "./answer_faults.ts";
import { DESERIALIZE_ERROR, ExchangeGate, safeBatchLength } from "./exchange_gate.ts";
import { exchangeWeight, infoSurcharge, infoWeight } from "./info_weight.ts";
import { IpWeightWindow } from "./ip_weight_window.ts";
import type { SimNetwork } from "./l1_signer_recovery.ts";
import { NonceBook } from "./nonce_book.ts";
import { readBodyCapped } from "./read_body_capped.ts";
import { faultRequestSchema, SimFaults } from "./sim_faults.ts";
import { SimStats } from "./sim_stats.ts";
import {
  DEFAULT_WS_CADENCE,
  DEFAULT_WS_LIMITS,
  type WsCadence,
  WsHub,
  type WsLimits,
} from "./ws_hub.ts";

/**
 * The core to serve, where to listen, which network's signatures to accept, the clock, and limit
 * overrides.
 */
export interface SimServerOptions {
  readonly core: SimExchangeCore;
  /** 0 picks a free port. */
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly hostname?: string;
  /** Which phantom-agent source signatures must use: "testnet" = "b" (default), "mainnet" = "a". */
  readonly network?: SimNetwork;
  /** Unix-ms clock; default Date.now. The core sees only what this returns. */
  readonly clock?: () => number;
  /** Ticker period in ms (default 50); 0 disables the ticker (call `tick()` by hand). */
  readonly tickMs?: number;
  /** REST weight per IP per 60 s sliding window (1200). */
  readonly ipWeightPerMin?: number;
  readonly addressBudget?: Partial<AddressBudgetLimits>;
  readonly ws?: Partial<WsLimits>;
  readonly cadence?: Partial<WsCadence>;
  /** Request body cap (1 MiB). */
  readonly maxBodyBytes?: number;
  /**
   * Run exchange actions in blocks (reference §4.11): requests are queued and run at the next
   * tick, ordered by `core.blockPriority` (no GTC/IOC, then cancels, then GTC/IOC), arrival order
   * within a group. Default false: each action runs as soon as it arrives.
   */
  readonly blocks?: boolean;
  /** Largest accepted batch (200). */
  readonly maxBatchLength?: number;
  readonly signal?: AbortSignal;
}

/** A running simulator server: its URLs, account setup, manual ticking and stop. */
export interface SimServer {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly infoUrl: string;
  readonly exchangeUrl: string;
  readonly network: SimNetwork;
  /** Let `master` (or its agents) trade for sub-account `sub` via `vaultAddress`. */
  addSubAccount(master: string, sub: string): void;
  /** Advance the core and flush pushes at the clock's current time. */
  tick(): void;
  stop(): Promise<void>;
}

const JSON_HEADERS = { "content-type": "application/json" };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
}

function answerResponse(a: SimAnswer): Response {
  if (typeof a.body === "string" && a.httpStatus >= 400) {
    return new Response(a.body, {
      status: a.httpStatus,
      headers: { "content-type": "text/plain" },
    });
  }
  return json(a.httpStatus, a.body ?? null);
}

/** An HTTP error with an HTML body (the `html5xx` fault: a proxy's error page). */
function htmlResponse(page: { status: number; html: string }): Response {
  return new Response(page.html, {
    status: page.status,
    headers: { "content-type": "text/html" },
  });
}

const TOO_LARGE: SimAnswer = {
  httpStatus: 413,
  body: "Failed to buffer the body: length limit exceeded",
};
const BAD_BODY: SimAnswer = { httpStatus: 422, body: DESERIALIZE_ERROR };

/** Serve a simulator core over HTTP and WS on `hostname:port`; resolves once listening. */
export function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const core = options.core;
  const clock = options.clock ?? Date.now;
  const network = options.network ?? "testnet";
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const stats = new SimStats();
  const faults = new SimFaults();
  const answerFaults = new AnswerFaults();
  const ipWindow = new IpWeightWindow(options.ipWeightPerMin ?? 1200);
  const budget = new AddressBudget({ ...DEFAULT_ADDRESS_BUDGET, ...options.addressBudget });
  const subAccounts = new Map<string, string>();
  const stopper = new AbortController();
  const gate = new ExchangeGate({
    core,
    network,
    nonces: new NonceBook(),
    budget,
    stats,
    subAccounts,
    nowMs: clock,
    ...(options.maxBatchLength !== undefined ? { maxBatchLength: options.maxBatchLength } : {}),
  });

  /** Info answer without IP accounting (shared by HTTP and WS post). */
  const answerInfo = (body: unknown): SimAnswer => {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return BAD_BODY;
    const b = body as { type?: unknown; user?: unknown };
    if (typeof b.type !== "string") return BAD_BODY;
    if (b.type === "userRateLimit") {
      if (typeof b.user !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(b.user)) return BAD_BODY;
      const user = b.user.toLowerCase();
      return {
        httpStatus: 200,
        body: budget.snapshot(user, core.cumVolumeUsd(user), core.reservedRequests(user)),
      };
    }
    try {
      return core.info(body);
    } catch {
      return { httpStatus: 500, body: null };
    }
  };

  /** Exchange answer with injected faults (shared by HTTP and WS post). */
  const answerExchange = async (body: unknown, signal: AbortSignal): Promise<SimAnswer> => {
    const failure = faults.takeExchangeFailure();
    if (failure !== null) {
      stats.http5xxInjected++;
      return { httpStatus: failure, body: null };
    }
    const delayMs = faults.takeExchangeDelay();
    if (delayMs > 0) await sleep(delayMs, signal);
    const refused = answerFaults.takeActionErr(body);
    if (refused !== null) return refused;
    if (faults.takeLostAnswer()) {
      gate.handle(body);
      stats.exchangeAnswersLost++;
      // The action ran; its answer never comes (until the server stops).
      await sleep(600_000, signal);
      return { httpStatus: 503, body: null };
    }
    let answer: SimAnswer;
    if (!options.blocks || signal.aborted) answer = gate.handle(body);
    else {
      const { promise, resolve } = Promise.withResolvers<SimAnswer>();
      blockQueue.push({ body, resolve });
      answer = await promise;
    }
    if (delayMs > 0) stats.exchangeDelayedHandled++;
    return answerFaults.rewriteStatuses(answer);
  };

  /** Requests waiting for the next block (only with `blocks: true`). */
  const blockQueue: { body: unknown; resolve: (a: SimAnswer) => void }[] = [];
  const priorityOf = (body: unknown): number => {
    try {
      const action = typeof body === "object" && body !== null
        ? (body as { action?: unknown }).action
        : undefined;
      const p = core.blockPriority?.(action) ?? 0;
      return Number.isFinite(p) ? p : 0;
    } catch {
      return 0;
    }
  };
  const runBlock = () => {
    if (blockQueue.length === 0) return;
    const queued = blockQueue.splice(0).map((q, i) => ({ q, i, p: priorityOf(q.body) }));
    queued.sort((a, b) => a.p - b.p || a.i - b.i);
    for (const { q } of queued) q.resolve(gate.handle(q.body));
  };

  const hub = new WsHub({
    core,
    stats,
    faults,
    limits: { ...DEFAULT_WS_LIMITS, ...options.ws },
    cadence: { ...DEFAULT_WS_CADENCE, ...options.cadence },
    nowMs: clock,
    answerFaults,
    info: answerInfo,
    exchange: answerExchange,
    signal: stopper.signal,
  });
  core.onPush((p) => hub.onPush(p));

  const tooMany = (ip: string): Response => {
    stats.http429++;
    stats.ip(ip).http429++;
    return json(429, null);
  };

  type Parsed = { ok: true; body: unknown } | { ok: false; answer: SimAnswer };
  const readJson = async (req: Request): Promise<Parsed> => {
    const raw = await readBodyCapped(req, maxBody);
    if (raw === "tooLarge") {
      stats.http413++;
      return { ok: false, answer: TOO_LARGE };
    }
    if (raw === "aborted") return { ok: false, answer: BAD_BODY };
    try {
      return { ok: true, body: JSON.parse(new TextDecoder().decode(raw)) };
    } catch {
      stats.http422++;
      return { ok: false, answer: BAD_BODY };
    }
  };

  const handleInfo = async (req: Request, ip: string): Promise<Response> => {
    stats.ip(ip).requests++;
    if (faults.take429()) return tooMany(ip);
    const infoFailure = faults.takeInfoFailure();
    if (infoFailure !== null) {
      stats.http5xxInjected++;
      return json(infoFailure, null);
    }
    const infoDelayMs = faults.takeInfoDelay();
    if (infoDelayMs > 0) await sleep(infoDelayMs, stopper.signal);
    const parsed = await readJson(req);
    if (!parsed.ok) return answerResponse(parsed.answer);
    const html = answerFaults.takeHtml5xx("info");
    if (html !== null) return htmlResponse(html);
    const b = parsed.body;
    const type = typeof b === "object" && b !== null && !Array.isArray(b) &&
        typeof (b as { type?: unknown }).type === "string"
      ? (b as { type: string }).type
      : "";
    const weight = infoWeight(type);
    const now = clock();
    if (!ipWindow.tryCharge(ip, weight, now)) return tooMany(ip);
    stats.ip(ip).weight += weight;
    const a = answerInfo(b);
    if (a.httpStatus === 422) stats.http422++;
    const extra = infoSurcharge(type, a.body);
    ipWindow.charge(ip, extra, now);
    stats.ip(ip).weight += extra;
    return answerResponse(a);
  };

  const handleExchange = async (req: Request, ip: string): Promise<Response> => {
    stats.ip(ip).requests++;
    if (faults.take429()) return tooMany(ip);
    const parsed = await readJson(req);
    if (!parsed.ok) return answerResponse(parsed.answer);
    const html = answerFaults.takeHtml5xx("exchange");
    if (html !== null) return htmlResponse(html);
    const action = typeof parsed.body === "object" && parsed.body !== null
      ? (parsed.body as { action?: unknown }).action
      : undefined;
    const weight = exchangeWeight(action === undefined ? 0 : safeBatchLength(core, action));
    if (!ipWindow.tryCharge(ip, weight, clock())) return tooMany(ip);
    stats.ip(ip).weight += weight;
    const a = await answerExchange(parsed.body, stopper.signal);
    if (a.httpStatus === 422) stats.http422++;
    return answerResponse(a);
  };

  const handleFaults = async (req: Request): Promise<Response> => {
    const parsed = await readJson(req);
    if (!parsed.ok) return answerResponse(parsed.answer);
    const f = faultRequestSchema.safeParse(parsed.body);
    const af = answerFaultRequestSchema.safeParse(parsed.body);
    if (!f.success || !af.success) return answerResponse(BAD_BODY);
    faults.apply(f.data, clock());
    if (f.data.clear) answerFaults.clear();
    answerFaults.apply(af.data);
    if (f.data.clear) hub.freezeAll(0);
    if (f.data.freezeWsMs !== undefined) {
      hub.freezeAll(f.data.freezeWsMs === null ? Infinity : clock() + f.data.freezeWsMs);
    }
    if (f.data.dropWsConnections) hub.dropAll();
    if (f.data.malformedWsFrames) hub.sendMalformed(f.data.malformedWsFrames);
    return json(200, { status: "ok", faults: { ...faults.toJSON(), ...answerFaults.toJSON() } });
  };

  const handler = async (req: Request, info: Deno.ServeHandlerInfo): Promise<Response> => {
    const ip = (info.remoteAddr as Deno.NetAddr).hostname ?? "unknown";
    const path = new URL(req.url).pathname;
    try {
      if (path === "/ws") {
        if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
          return new Response("Expected a WebSocket upgrade", { status: 426 });
        }
        return hub.accept(req, ip);
      }
      if (path === "/sim/stats" && req.method === "GET") {
        let coreStats: Record<string, unknown> = {};
        try {
          coreStats = core.stats();
        } catch {
          coreStats = {};
        }
        return json(200, {
          ...stats.toJSON(coreStats),
          faults: { ...faults.toJSON(), ...answerFaults.toJSON() },
          /** Exchange requests waiting for the next block (`blocks: true`). */
          blockQueued: blockQueue.length,
          nowMs: clock(),
          network,
        });
      }
      if (path === "/sim/faults" && req.method === "POST") return await handleFaults(req);
      if (path === "/info" || path === "/exchange") {
        if (req.method !== "POST") return new Response("Method Not Allowed", { status: 405 });
        return path === "/info" ? await handleInfo(req, ip) : await handleExchange(req, ip);
      }
      return new Response("Not Found", { status: 404 });
    } catch {
      return json(500, null);
    }
  };

  const tick = () => {
    const now = clock();
    try {
      core.advance(now);
    } catch (e) {
      console.error("sim: core.advance failed", e);
    }
    runBlock();
    hub.tick(now);
  };

  const { promise: listening, resolve: onListen } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: options.port,
    hostname: options.hostname ?? "127.0.0.1",
    signal: stopper.signal,
    onListen: (addr) => onListen(addr as Deno.NetAddr),
    onError: () => json(500, null),
  }, handler);

  const tickMs = options.tickMs ?? 50;
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : undefined;

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (timer !== undefined) clearInterval(timer);
      runBlock();
      hub.closeAll();
      stopper.abort();
      await server.finished;
    })();
    return stopped;
  };
  if (options.signal?.aborted) void stop();
  else options.signal?.addEventListener("abort", () => void stop(), { once: true });

  return listening.then((addr) => {
    const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
    const httpUrl = `http://${host}:${addr.port}`;
    return {
      httpUrl,
      wsUrl: `ws://${host}:${addr.port}/ws`,
      infoUrl: `${httpUrl}/info`,
      exchangeUrl: `${httpUrl}/exchange`,
      network,
      addSubAccount: (master: string, sub: string) =>
        void subAccounts.set(sub.toLowerCase(), master.toLowerCase()),
      tick,
      stop,
    };
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

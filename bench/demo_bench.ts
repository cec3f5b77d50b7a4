/**
 * Demo benchmark: the whole bot against the in-process simulator, 10 coins, loop_ms 100, for
 * HL_BENCH_SECONDS (default 60) seconds, twice:
 *   - hft:   WS market data (bbo + fast l2Book), orders as WS posts, batched actions;
 *   - naive: REST l2Book polling per coin, REST orders, one request per order.
 * Exchange-side figures (REST requests and weight, 429s, WS messages received, address-budget
 * requests) are read from the simulator (/sim/stats, userRateLimit), not from the bot's own
 * counters; loop time and tick-to-order latency are measured in the bot. The simulator runs in a
 * Web Worker (bench/_sim_worker.ts): its own thread, as a real exchange is not on the bot's.
 *
 *   deno task bench                  (after the signer and formatter benches)
 *   deno task bench:demo [seconds]   (only this one)
 */
import { runBot } from "../src/app/run_bot.ts";
import { parseConfig } from "../src/config/loader.ts";
import { silentLogger } from "../src/core/log.ts";
import { columnsTable, fixed } from "./_table.ts";
import { LatencyHistogram } from "../src/engine/loop/latency_histogram.ts";

/** The simulator of one run, in its worker. */
export interface WorkerSim {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly privateKey: string;
  readonly address: string;
  stop(): Promise<void>;
}

/** Start the simulator in its worker (market profile and starting budget optional). */
export async function startWorkerSim(
  seed: number,
  options: { market?: string; initialAddressBudget?: number } = {},
): Promise<WorkerSim> {
  const worker = new Worker(new URL("./_sim_worker.ts", import.meta.url).href, { type: "module" });
  const next = () =>
    new Promise<Record<string, string>>((resolve) => {
      worker.onmessage = (e) => resolve(e.data);
    });
  const started = next();
  worker.postMessage({ type: "start", seed, ...options });
  const s = await started;
  return {
    httpUrl: s.httpUrl!,
    wsUrl: s.wsUrl!,
    privateKey: s.privateKey!,
    address: s.address!,
    stop: async () => {
      const stopped = next();
      worker.postMessage({ type: "stop" });
      await stopped;
      worker.terminate();
    },
  };
}

export const COINS = ["BTC", "ETH", "SOL", "HYPE", "DOGE", "kPEPE", "AVAX", "ARB", "LINK", "SUI"];

export interface BenchRow {
  readonly mode: string;
  readonly seconds: number;
  readonly loops: number;
  readonly restRequestsPerLoop: number;
  readonly restWeightPerMin: number;
  readonly addressRequestsPerMin: number;
  readonly wsMessagesPerMin: number;
  readonly http429: number;
  readonly loopP50Ms: number | null;
  readonly loopP99Ms: number | null;
  readonly tickToOrderP50Ms: number | null;
  readonly tickToOrderP99Ms: number | null;
  readonly ordersSent: number;
  readonly fills: number;
}

/** The 10 benchmark coins: 2 levels a side of $25, 8 bps spread, 2 bps dead zone; `over` wins. */
export function benchCoins(over: Record<string, unknown> = {}): Record<string, unknown>[] {
  return COINS.map((coin) => ({
    coin,
    levels: 2,
    spread_bps: 8,
    level_spacing_bps: 4,
    size_usd: 25,
    max_position_usd: 250,
    requote_threshold_bps: 2,
    skew_bps: 4,
    ...over,
  }));
}

function config(mode: "hft" | "naive") {
  const hft = mode === "hft";
  return parseConfig({
    network: "sim",
    loop_ms: 100,
    min_replace_ms: 10,
    housekeep_every_n: 200,
    batch_orders: hft,
    use_websocket: hft,
    order_transport: hft ? "ws" : "rest",
    cache_ttl_ms: 5000,
    max_quote_age_ms: 2000,
    status_every_ms: 3_600_000,
    dead_man_switch_ms: 60_000,
    risk: { max_loss_usd: 10_000, max_rate_limit_errors: 1000, max_consecutive_rejects: 1000 },
    sidecar: { enabled: false },
    coins: benchCoins(),
  }, `bench ${mode}`);
}

interface SimStats {
  http: { perIp: Record<string, { requests: number; weight: number }>; http429: number };
  ws: { messagesReceived: number };
}

async function simStats(httpUrl: string): Promise<SimStats> {
  const res = await fetch(`${httpUrl}/sim/stats`);
  return await res.json() as SimStats;
}

function total(s: SimStats, key: "requests" | "weight"): number {
  return Object.values(s.http.perIp).reduce((n, ip) => n + ip[key], 0);
}

export async function runDemo(mode: "hft" | "naive", seconds: number): Promise<BenchRow> {
  const sim = await startWorkerSim(42);
  const tick = new LatencyHistogram(undefined, 1 << 20);
  try {
    const bot = await runBot({
      config: config(mode),
      env: {},
      target: { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, privateKey: sim.privateKey },
      logger: silentLogger,
      sidecar: false,
      onOrderTrace: (t) => tick.observe(t.writtenMonoMs - t.tickReceivedMonoMs),
    });
    const before = await simStats(sim.httpUrl);
    const loops0 = bot.view.snapshot().loops;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = await simStats(sim.httpUrl);
    const snap = bot.view.snapshot();
    const elapsedMin = (performance.now() - t0) / 60_000;
    const limit = await (await fetch(`${sim.httpUrl}/info`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "userRateLimit", user: sim.address }),
    })).json() as { nRequestsUsed: number };
    await bot.stop();
    const loops = snap.loops - loops0;
    const sent = Object.values(snap.orders).reduce((n, k) => n + (k.sent ?? 0), 0);
    return {
      mode,
      seconds,
      loops,
      restRequestsPerLoop: (total(after, "requests") - total(before, "requests")) / loops,
      restWeightPerMin: (total(after, "weight") - total(before, "weight")) / elapsedMin,
      // Whole run including startup (the budget is cumulative); startup costs ~0 actions.
      addressRequestsPerMin: limit.nRequestsUsed / elapsedMin,
      wsMessagesPerMin: (after.ws.messagesReceived - before.ws.messagesReceived) / elapsedMin,
      http429: after.http.http429 - before.http.http429,
      loopP50Ms: snap.loopP50Ms,
      loopP99Ms: snap.loopP99Ms,
      tickToOrderP50Ms: tick.quantile(0.5),
      tickToOrderP99Ms: tick.quantile(0.99),
      ordersSent: sent,
      fills: snap.fills,
    };
  } finally {
    await sim.stop();
  }
}

const f = fixed;

export function table(rows: readonly BenchRow[]): string {
  return columnsTable(rows, [
    ["mode", (r) => r.mode],
    ["REST req/loop", (r) => f(r.restRequestsPerLoop, 3)],
    ["REST weight/min", (r) => f(r.restWeightPerMin, 0)],
    ["address req/min", (r) => f(r.addressRequestsPerMin, 0)],
    ["WS msgs/min", (r) => f(r.wsMessagesPerMin, 0)],
    ["429s", (r) => String(r.http429)],
    ["loop p50 ms", (r) => f(r.loopP50Ms, 2)],
    ["loop p99 ms", (r) => f(r.loopP99Ms, 2)],
    ["tick→order p50 ms", (r) => f(r.tickToOrderP50Ms, 1)],
    ["tick→order p99 ms", (r) => f(r.tickToOrderP99Ms, 1)],
    ["orders sent", (r) => String(r.ordersSent)],
    ["fills", (r) => String(r.fills)],
  ]);
}

async function main(seconds: number): Promise<void> {
  const rows: BenchRow[] = [];
  for (const mode of ["hft", "naive"] as const) {
    console.log(`demo bench: ${mode}, 10 coins, loop_ms 100, ${seconds} s ...`);
    rows.push(await runDemo(mode, seconds));
  }
  console.log(table(rows));
}

function benchSeconds(arg?: string): number {
  const raw = arg ?? Deno.env.get("HL_BENCH_SECONDS") ?? "60";
  const s = Number(raw);
  return Number.isFinite(s) && s > 0 ? s : 60;
}

if (import.meta.main) {
  await main(benchSeconds(Deno.args[0]));
}

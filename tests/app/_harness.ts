/**
 * Whole-bot test harness: a simulator on 127.0.0.1 port 0 whose core records every executed
 * action, the bot (runBot) pointed at it, a log recorder, and small helpers to query the sim.
 */
import { type BotHandle, runBot } from "../../src/app/run_bot.ts";
import { parseConfig } from "../../src/config/loader.ts";
import type { BotConfig } from "../../src/config/schema.ts";
import type { LogFields, Logger } from "../../src/core/log.ts";
import type { SimExchangeCore, SimMarketOptions } from "../../src/sim/market/api.ts";
import { createSimExchangeCore } from "../../src/sim/market/exchange_core.ts";
import { DEFAULT_UNIVERSE } from "../../src/sim/market/universe.ts";
import { type RunningSim, startSim, type StartSimOptions } from "../../src/sim/start_sim.ts";

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly fields: LogFields;
}

export function recordingLogger(lines: LogLine[], bound: LogFields = {}): Logger {
  const emit = (level: string) => (msg: string, fields: LogFields = {}) => {
    lines.push({ level, msg, fields: { ...bound, ...fields } });
  };
  return {
    debug: () => {},
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    child: (fields) => recordingLogger(lines, { ...bound, ...fields }),
  };
}

export interface RecordedAction {
  readonly atMs: number;
  readonly action: Record<string, unknown>;
}

export function botConfig(overrides: Record<string, unknown> = {}): BotConfig {
  return parseConfig(
    {
      network: "sim",
      loop_ms: 100,
      min_replace_ms: 10,
      housekeep_every_n: 50,
      batch_orders: true,
      use_websocket: true,
      order_transport: "ws",
      cache_ttl_ms: 5000,
      max_quote_age_ms: 2000,
      status_every_ms: 600_000,
      risk: { max_loss_usd: 1000, max_rate_limit_errors: 1000, max_consecutive_rejects: 1000 },
      sidecar: { enabled: false },
      coins: [
        {
          coin: "BTC",
          levels: 2,
          spread_bps: 6,
          level_spacing_bps: 4,
          size_usd: 25,
          max_position_usd: 250,
          requote_threshold_bps: 2,
          skew_bps: 4,
        },
        {
          coin: "ETH",
          levels: 1,
          spread_bps: 8,
          size_usd: 25,
          max_position_usd: 250,
          requote_threshold_bps: 2,
          skew_bps: 4,
        },
      ],
      ...overrides,
    },
    "test config",
  );
}

/**
 * A config quoting ETH alone at one $20 level 4 bps from the mid, so that a taker flow fills it
 * soon; `coin` gives the rest of the coin's fields (max position, requote threshold, skew).
 */
export function ethOnlyConfig(coin: Record<string, number>): BotConfig {
  return botConfig({ coins: [{ coin: "ETH", levels: 1, spread_bps: 4, size_usd: 20, ...coin }] });
}

export interface Setup {
  readonly sim: RunningSim;
  readonly bot: BotHandle;
  readonly actions: RecordedAction[];
  readonly logs: LogLine[];
  /** POST /sim/faults. */
  faults(body: Record<string, unknown>): Promise<unknown>;
  /** GET /sim/stats. */
  stats(): Promise<Record<string, unknown>>;
  /** Info request answered by the sim's core directly (no HTTP, no rate limits, no faults). */
  info<T>(body: Record<string, unknown>): Promise<T>;
  openOrders(): Promise<WireOpenOrder[]>;
}

export interface WireOpenOrder {
  coin: string;
  side: "B" | "A";
  limitPx: string;
  sz: string;
  oid: number;
  cloid?: string;
}

export interface SetupOptions {
  readonly config?: BotConfig;
  readonly seed?: number;
  /** Volatility per sqrt(second) of every coin (default: the universe's). */
  readonly vol?: number;
  readonly takerRatePerSec?: number;
  /** Extra core options, e.g. `{ scheduleCancelMinVolumeUsd: 0 }` to lift the $1M gate. */
  readonly market?: Partial<Omit<SimMarketOptions, "seed" | "startMs" | "coins">>;
  /** Extra simulator options (e.g. a small `addressBudget`). */
  readonly simOptions?: Omit<StartSimOptions, "core" | "port" | "hostname" | "seed">;
  /** Runs after the simulator started and before the bot starts (orphans, startup faults). */
  readonly beforeBot?: (ctx: BeforeBot) => Promise<void> | void;
  /** The bot's environment (limiter settings such as HL_WS_CAPACITY_PER_MIN); default empty. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What `beforeBot` gets: the running simulator, its core (no faults) and the fault endpoint. */
export interface BeforeBot {
  readonly sim: RunningSim;
  readonly core: SimExchangeCore;
  faults(body: Record<string, unknown>): Promise<unknown>;
}

/** A core that records the actions it executes (what really reached the exchange). */
export function recordingCore(
  inner: SimExchangeCore,
  actions: RecordedAction[],
): SimExchangeCore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "execute") {
        return (user: string, action: unknown) => {
          actions.push({ atMs: Date.now(), action: action as Record<string, unknown> });
          return target.execute(user, action);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export async function setup(opts: SetupOptions = {}): Promise<Setup> {
  const actions: RecordedAction[] = [];
  const logs: LogLine[] = [];
  const coins = opts.vol === undefined
    ? DEFAULT_UNIVERSE
    : DEFAULT_UNIVERSE.map((c) => ({ ...c, volPerSqrtSec: opts.vol! }));
  const core = createSimExchangeCore({
    ...opts.market,
    seed: opts.seed ?? 11,
    startMs: Date.now(),
    coins,
    ...(opts.takerRatePerSec !== undefined ? { takerRatePerSec: opts.takerRatePerSec } : {}),
  });
  const sim = await startSim({
    ...opts.simOptions,
    port: 0,
    hostname: "127.0.0.1",
    seed: opts.seed ?? 11,
    core: recordingCore(core, actions),
  });
  const post = async (path: string, body: unknown) => {
    const res = await fetch(sim.httpUrl + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return await res.json();
  };
  let bot: BotHandle;
  try {
    await opts.beforeBot?.({ sim, core, faults: (body) => post("/sim/faults", body) });
    bot = await runBot({
      config: opts.config ?? botConfig(),
      env: opts.env ?? {},
      target: { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, privateKey: sim.demo.privateKey },
      logger: recordingLogger(logs),
      sidecar: false,
    });
  } catch (error) {
    await sim.stop();
    throw error;
  }
  return {
    sim,
    bot,
    actions,
    logs,
    faults: (body) => post("/sim/faults", body),
    stats: async () => {
      const res = await fetch(sim.httpUrl + "/sim/stats");
      return await res.json();
    },
    info: <T>(body: Record<string, unknown>) => Promise.resolve(core.info(body).body as T),
    openOrders: () =>
      Promise.resolve(
        core.info({ type: "openOrders", user: sim.demo.address }).body as WireOpenOrder[],
      ),
  };
}

/** Wait until the exchange holds the default config's whole ladder (2 + 2 BTC, 1 + 1 ETH orders). */
export async function fullLadder(s: Setup, what = "quotes"): Promise<void> {
  await waitFor(what, async () => (await s.openOrders()).length === 6);
}

/** Wait until the bot has finished `n` more loops. */
export async function loopsPass(s: Setup, n: number, timeoutMs?: number): Promise<void> {
  const start = s.bot.view.snapshot().loops;
  await waitFor(`${n} more loops`, () => s.bot.view.snapshot().loops >= start + n, timeoutMs);
}

/** `setup`, returned once the default ladder is on the exchange (see `fullLadder`). */
export async function setupQuoting(opts: SetupOptions = {}): Promise<Setup> {
  const s = await setup(opts);
  try {
    await fullLadder(s);
  } catch (error) {
    await teardown(s);
    throw error;
  }
  return s;
}

/** Stop the bot, then the simulator. */
export async function teardown(s: Setup): Promise<void> {
  try {
    await s.bot.stop();
  } finally {
    await s.sim.stop();
  }
}

/** Poll `check` every 25 ms until it returns a value (not undefined/false); hang guard only. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (true) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Cloids of every order sent in place or modify actions, with how many times each was sent. */
export function sentCloids(actions: readonly RecordedAction[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (o: unknown) => {
    const c = (o as { c?: string }).c;
    if (c) out.set(c, (out.get(c) ?? 0) + 1);
  };
  for (const { action } of actions) {
    if (action.type === "order") (action.orders as unknown[]).forEach(add);
    if (action.type === "batchModify") {
      (action.modifies as { order: unknown }[]).forEach((m) => add(m.order));
    }
  }
  return out;
}

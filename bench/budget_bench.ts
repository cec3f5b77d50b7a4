/**
 * Address-budget benchmark (issue 12): the whole bot on the simulator (in its worker), 10 coins,
 * runs compared on the same seed:
 *   - thin:  `--market thin`, a starting budget of 2,000, the governor on and off, for
 *            HL_BENCH_BUDGET_MINUTES (default 10) minutes each;
 *   - busy:  the default market, today's defaults (no governor, no size tolerance, 2 bps dead zone)
 *            against the new defaults (governor on, default size tolerance, the dead zone of
 *            configs/fast_trading.json, or each of HL_BENCH_THRESHOLDS_BPS="2/8,5": requote/passive), for
 *            HL_BENCH_BUSY_SECONDS (default 60) seconds each.
 * Exchange-side figures come from the simulator's userRateLimit (requests used, traded volume, at
 * the start and end of a run, and every 10 s for the lowest figure left); once a second the bot's
 * view is sampled for its budget figure, time at the touch and the slowed-down (paused) state.
 *
 *   deno task bench:budget [thin|busy|all]
 */
import { runBot } from "../src/app/run_bot.ts";
import { parseConfig } from "../src/config/loader.ts";
import { silentLogger } from "../src/core/log.ts";
import { type Columns, columnsTable, fixed } from "./_table.ts";
import { benchCoins, startWorkerSim } from "./demo_bench.ts";

/** One run's figures. */
interface BudgetRow {
  readonly label: string;
  readonly minutes: number;
  readonly actionsPerMin: number;
  readonly fillUsdPerMin: number;
  readonly actionsPerUsdFilled: number | null;
  readonly fillsPerMin: number;
  /** The bot's PnL (realized + unrealized - fees) per minute, USD. */
  readonly pnlUsdPerMin: number;
  /** Share of coin-side samples with our best quote at the top of the book, percent. */
  readonly atTouchPct: number;
  readonly quotingUptimePct: number | null;
  /** Share of samples with the bot slowed down by the budget (risk's low-budget state), percent. */
  readonly pausedPct: number;
  /** Lowest requests left seen on the exchange, and the governor's reserve. */
  readonly lowestLeft: number;
  readonly reserve: number;
}

interface RunSpec {
  readonly label: string;
  readonly market: "thin" | "busy";
  readonly seconds: number;
  readonly startBudget?: number;
  readonly governor: boolean;
  readonly sizeToleranceBps?: number;
  readonly requoteThresholdBps: number;
  readonly passiveRequoteThresholdBps?: number;
}

function config(spec: RunSpec) {
  return parseConfig({
    network: "sim",
    loop_ms: 100,
    min_replace_ms: 10,
    housekeep_every_n: 50,
    status_every_ms: 3_600_000,
    dead_man_switch_ms: 0,
    risk: { max_loss_usd: 10_000, max_rate_limit_errors: 1000, max_consecutive_rejects: 1000 },
    budget: { governor: spec.governor },
    sidecar: { enabled: false },
    coins: benchCoins({
      requote_threshold_bps: spec.requoteThresholdBps,
      ...(spec.passiveRequoteThresholdBps !== undefined
        ? { passive_requote_threshold_bps: spec.passiveRequoteThresholdBps }
        : {}),
      ...(spec.sizeToleranceBps !== undefined ? { size_tolerance_bps: spec.sizeToleranceBps } : {}),
    }),
  }, `bench ${spec.label}`);
}

interface RateLimit {
  cumVlm: string | number;
  nRequestsUsed: number;
  nRequestsCap: number;
  nRequestsSurplus: number;
}

async function run(spec: RunSpec, seed: number): Promise<BudgetRow> {
  const sim = await startWorkerSim(seed, {
    market: spec.market,
    ...(spec.startBudget !== undefined ? { initialAddressBudget: spec.startBudget } : {}),
  });
  const limit = async (): Promise<RateLimit> => {
    for (let attempt = 0;; attempt++) {
      const res = await fetch(`${sim.httpUrl}/info`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ type: "userRateLimit", user: sim.address }),
      });
      const body = await res.json() as RateLimit | null;
      if (res.ok && body !== null) return body;
      if (attempt >= 20) throw new Error(`userRateLimit: HTTP ${res.status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const cfg = config(spec);
  try {
    const bot = await runBot({
      config: cfg,
      env: {},
      target: { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, privateKey: sim.privateKey },
      logger: silentLogger,
      sidecar: false,
    });
    const first = await limit();
    const t0 = performance.now();
    let samples = 0;
    let touch = 0;
    let sides = 0;
    let paused = 0;
    let lowestLeft = Infinity;
    while (performance.now() - t0 < spec.seconds * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      const snap = bot.view.snapshot();
      samples++;
      if (snap.limiter.addressBudgetLow) paused++;
      for (const c of snap.coins) {
        sides += 2;
        if (c.bids[0] && c.bestBid !== null && c.bids[0].px >= c.bestBid) touch++;
        if (c.asks[0] && c.bestAsk !== null && c.asks[0].px <= c.bestAsk) touch++;
      }
      // The bot's own figure every second; the exchange's every 10 s (userRateLimit weighs 20
      // of the IP's 1200 a minute, which the bot shares).
      lowestLeft = Math.min(lowestLeft, snap.budget.remaining);
      if (samples % 10 === 0) {
        const l = await limit();
        lowestLeft = Math.min(lowestLeft, l.nRequestsCap - l.nRequestsUsed + l.nRequestsSurplus);
      }
    }
    const last = await limit();
    const snap = bot.view.snapshot();
    const minutes = (performance.now() - t0) / 60_000;
    await bot.stop();
    const actions = last.nRequestsUsed - first.nRequestsUsed;
    const filledUsd = Number(last.cumVlm) - Number(first.cumVlm);
    return {
      label: spec.label,
      minutes,
      actionsPerMin: actions / minutes,
      fillUsdPerMin: filledUsd / minutes,
      actionsPerUsdFilled: filledUsd > 0 ? actions / filledUsd : null,
      fillsPerMin: snap.fills / minutes,
      pnlUsdPerMin: snap.totalPnlUsd / minutes,
      atTouchPct: sides > 0 ? 100 * touch / sides : 0,
      quotingUptimePct: snap.quotingUptimePct,
      pausedPct: samples > 0 ? 100 * paused / samples : 0,
      lowestLeft,
      reserve: cfg.budget.reserve,
    };
  } finally {
    await sim.stop();
  }
}

const f = fixed;

/** The table of the runs: one row per run. */
const COLUMNS: Columns<BudgetRow> = [
  ["run", (r) => r.label],
  ["min", (r) => f(r.minutes, 1)],
  ["actions/min", (r) => f(r.actionsPerMin, 0)],
  ["fill USDC/min", (r) => f(r.fillUsdPerMin, 0)],
  ["actions per USDC filled", (r) => f(r.actionsPerUsdFilled, 2)],
  ["fills/min", (r) => f(r.fillsPerMin, 1)],
  ["PnL USD/min", (r) => f(r.pnlUsdPerMin, 2)],
  ["at touch %", (r) => f(r.atTouchPct, 1)],
  ["quoting uptime %", (r) => f(r.quotingUptimePct, 1)],
  ["paused %", (r) => f(r.pausedPct, 1)],
  ["lowest left (reserve)", (r) => `${r.lowestLeft} (${r.reserve})`],
];

/** A dead zone: `requote` bps, and `passive` bps for orders more passive than desired. */
interface DeadZone {
  readonly requote: number;
  readonly passive: number;
}

/** The dead zone of configs/fast_trading.json (its first coin), the new default to compare. */
async function fastTradingDeadZone(): Promise<DeadZone> {
  const url = new URL("../configs/fast_trading.json", import.meta.url);
  const file = JSON.parse(await Deno.readTextFile(url)) as {
    coins: { requote_threshold_bps?: number; passive_requote_threshold_bps?: number }[];
  };
  const c = file.coins[0];
  return { requote: c?.requote_threshold_bps ?? 2, passive: c?.passive_requote_threshold_bps ?? 0 };
}

/** "2/8,3" -> dead zones (requote/passive; passive 0 when left out). */
function parseDeadZones(text: string): DeadZone[] {
  return text.split(",").map((part) => {
    const [requote, passive] = part.split("/").map(Number);
    return { requote: requote ?? NaN, passive: passive ?? 0 };
  }).filter((z) => Number.isFinite(z.requote) && Number.isFinite(z.passive));
}

const zoneText = (z: DeadZone) =>
  z.passive > 0 ? `${z.requote}/${z.passive} bps` : `${z.requote} bps`;

async function main(which: string): Promise<void> {
  const seed = 42;
  const envNumber = (name: string, fallback: number) => {
    const v = Number(Deno.env.get(name) ?? fallback);
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  if (which === "thin" || which === "all") {
    const seconds = envNumber("HL_BENCH_BUDGET_MINUTES", 10) * 60;
    const rows: BudgetRow[] = [];
    for (const governor of [true, false]) {
      const label = `thin, budget 2000, governor ${governor ? "on" : "off"}`;
      console.log(`budget bench: ${label}, 10 coins, ${seconds} s ...`);
      rows.push(
        await run({
          label,
          market: "thin",
          seconds,
          startBudget: 2_000,
          governor,
          requoteThresholdBps: (await fastTradingDeadZone()).requote,
          passiveRequoteThresholdBps: (await fastTradingDeadZone()).passive,
        }, seed),
      );
    }
    console.log(columnsTable(rows, COLUMNS));
  }
  if (which === "busy" || which === "all") {
    const seconds = envNumber("HL_BENCH_BUSY_SECONDS", 60);
    // HL_BENCH_THRESHOLDS_BPS="2/8,5": the new defaults with each dead zone (requote/passive).
    const env = Deno.env.get("HL_BENCH_THRESHOLDS_BPS");
    const zones = env !== undefined ? parseDeadZones(env) : [await fastTradingDeadZone()];
    const specs: RunSpec[] = [
      {
        label: "busy, today's defaults (no governor, exact size, 2 bps)",
        market: "busy",
        seconds,
        governor: false,
        sizeToleranceBps: 0,
        requoteThresholdBps: 2,
      },
      ...zones.map((z): RunSpec => ({
        label: `busy, new defaults (governor, size tolerance, ${zoneText(z)})`,
        market: "busy",
        seconds,
        governor: true,
        requoteThresholdBps: z.requote,
        passiveRequoteThresholdBps: z.passive,
      })),
    ];
    const rows: BudgetRow[] = [];
    for (const spec of specs) {
      console.log(`budget bench: ${spec.label}, 10 coins, ${seconds} s ...`);
      rows.push(await run(spec, seed));
    }
    console.log(columnsTable(rows, COLUMNS));
  }
}

if (import.meta.main) {
  await main(Deno.args[0] ?? "all");
}

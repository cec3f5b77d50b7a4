/**
 * Fault-suite rig (part B): compares the bot's view with what the exchange holds, the way every
 * fault test ends: 0 orphans (exchange orders the bot does not show), 0 missing (orders the bot
 * shows that the exchange does not hold), 0 duplicates (a cloid the exchange was sent in more
 * than one place/modify action) and equal positions. Orders in flight make the two differ for a
 * moment, so `converged` polls until they agree (hang guard only; no timing is asserted).
 */
import type { EngineSnapshot } from "../../src/core/engine_view.ts";
import {
  type RecordedAction,
  sentCloids,
  type Setup,
  waitFor,
  type WireOpenOrder,
} from "../app/_harness.ts";
import { type RunningSim, startSim } from "../../src/sim/start_sim.ts";
import { textLines } from "../../src/util/text_lines.ts";

/** What differs between the bot's view and the exchange at one moment. */
export interface ViewDiff {
  readonly orphans: readonly string[];
  readonly missing: readonly string[];
  readonly positions: readonly string[];
}

interface ChPosition {
  position: { coin: string; szi: string };
}

/** Cloids sent to the exchange in more than one place/modify action. */
export function duplicates(actions: readonly RecordedAction[]): string[] {
  return [...sentCloids(actions)].filter(([, n]) => n > 1).map(([c]) => c);
}

/** One comparison of the bot's snapshot with the exchange's openOrders and positions. */
export async function diffView(s: Setup, snap?: EngineSnapshot): Promise<ViewDiff> {
  const view = snap ?? s.bot.view.snapshot();
  const open = await s.openOrders();
  const account = await s.info<{ assetPositions: ChPosition[] }>({
    type: "clearinghouseState",
    user: s.sim.demo.address,
  });
  const key = (coin: string, side: string, px: number, sz: number) =>
    `${coin} ${side} ${px}x${Number(sz.toPrecision(10))}`;
  const mine = new Map<string, number>();
  for (const c of view.coins) {
    for (const o of c.bids) {
      mine.set(key(c.coin, "B", o.px, o.sz), (mine.get(key(c.coin, "B", o.px, o.sz)) ?? 0) + 1);
    }
    for (const o of c.asks) {
      mine.set(key(c.coin, "A", o.px, o.sz), (mine.get(key(c.coin, "A", o.px, o.sz)) ?? 0) + 1);
    }
  }
  const orphans: string[] = [];
  for (const o of open) {
    const k = key(o.coin, o.side, Number(o.limitPx), Number(o.sz));
    const n = mine.get(k) ?? 0;
    if (n > 0) mine.set(k, n - 1);
    else orphans.push(`${k} oid ${o.oid}`);
  }
  const missing = [...mine].filter(([, n]) => n > 0).map(([k, n]) => `${k} (${n})`);
  const exPos = new Map(
    account.assetPositions.map((p) => [p.position.coin, Number(p.position.szi)]),
  );
  const positions = view.coins
    .filter((c) => Math.abs(c.position - (exPos.get(c.coin) ?? 0)) > 1e-9)
    .map((c) => `${c.coin}: bot ${c.position}, exchange ${exPos.get(c.coin) ?? 0}`);
  return { orphans, missing, positions };
}

/**
 * Stop requoting (a requote threshold of 10 %, the config's upper bound) so the orders stop moving: what is in flight
 * settles and the comparison is exact. Quotes stay on the book; missing levels are still placed.
 */
export function freezeQuotes(s: Setup): void {
  const coins: Record<string, unknown> = {};
  for (const c of s.bot.view.snapshot().coins) coins[c.coin] = { requote_threshold_bps: 1_000 };
  const r = s.bot.control.patchQuoting({ coins });
  if (!r.ok) throw new Error(`freezeQuotes: ${JSON.stringify(r.issues)}`);
}

/**
 * Freeze requotes, wait until the bot's view and the exchange agree (0 orphans, 0 missing, equal
 * positions), then check no cloid was sent twice. Throws with the last difference when they never
 * agree.
 */
export async function assertConverged(s: Setup, timeoutMs = 20_000): Promise<void> {
  freezeQuotes(s);
  let last: ViewDiff | null = null;
  try {
    await waitFor("the bot's view to match the exchange", async () => {
      last = await diffView(s);
      return last.orphans.length === 0 && last.missing.length === 0 &&
        last.positions.length === 0;
    }, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}: ${JSON.stringify(last)}`);
  }
  const dup = duplicates(s.actions);
  if (dup.length > 0) throw new Error(`cloids sent more than once: ${dup.join(", ")}`);
}

/** Orders of the demo account still on the exchange (after a stop: must be none). */
export async function exchangeOrderCount(s: Setup): Promise<number> {
  return (await s.openOrders()).length;
}

/** A bot process (main.ts) against a simulator of this test, killed or stopped by the test. */
export interface BotProcess {
  readonly child: Deno.ChildProcess;
  readonly lines: string[];
  /** Resolve when a log line matches (hang guard `timeoutMs`). */
  until(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  /** SIGKILL (no shutdown path) and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number>;
}

const ROOT = new URL("../../", import.meta.url).pathname;

/** Start `main.ts` with the seed config changed by `overrides`, keyed with `privateKey`. */
export async function spawnBot(
  overrides: Record<string, unknown>,
  privateKey: string,
): Promise<BotProcess> {
  const base = JSON.parse(await Deno.readTextFile(`${ROOT}configs/fast_trading.json`));
  const path = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(
    path,
    JSON.stringify({ ...base, sidecar: { enabled: false }, ...overrides }),
  );
  const env: Record<string, string> = { HL_PRIVATE_KEY: privateKey, NO_COLOR: "1" };
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const v = Deno.env.get(name);
    if (v !== undefined) env[name] = v;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "main.ts", path],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const lines: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  const pump = (async () => {
    for await (const line of textLines(child.stdout)) {
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  })();
  const status = child.status.finally(() => Deno.remove(path).catch(() => {}));
  return {
    child,
    lines,
    until: (match, timeoutMs = 30_000) => {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error("timed out waiting for a log line")),
          timeoutMs,
        );
        waiters.push({ match, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      });
    },
    kill: async () => {
      child.kill("SIGKILL");
      await status;
      await pump.catch(() => {});
    },
    stop: async () => {
      child.kill("SIGTERM");
      const s = await status;
      await pump.catch(() => {});
      return s.code;
    },
  };
}

/**
 * A simulator whose scheduleCancel volume gate is `minVolumeUsd` (0 lets this account set the
 * dead-man's switch), and the demo account's open orders as the exchange sees them.
 */
export async function dmsSim(
  seed: number,
  minVolumeUsd: number,
): Promise<{ sim: RunningSim; open: () => WireOpenOrder[] }> {
  const sim = await startSim({
    port: 0,
    hostname: "127.0.0.1",
    seed,
    market: { scheduleCancelMinVolumeUsd: minVolumeUsd },
  });
  const open = () =>
    sim.core.info({ type: "openOrders", user: sim.demo.address }).body as WireOpenOrder[];
  return { sim, open };
}

/** The bot process against `sim` with the dead-man's switch window and status cadence given. */
export function spawnDmsBot(
  sim: RunningSim,
  deadManSwitchMs: number,
  statusEveryMs: number,
  extra: Record<string, unknown> = {},
): Promise<BotProcess> {
  return spawnBot({
    network: "sim",
    api_url: sim.httpUrl,
    ws_url: sim.wsUrl,
    dead_man_switch_ms: deadManSwitchMs,
    status_every_ms: statusEveryMs,
    ...extra,
  }, sim.demo.privateKey);
}

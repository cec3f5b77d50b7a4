/**
 * Soak benchmark: the demo bot (`main.ts` with configs/fast_trading.json, sidecar on) as its own
 * process against a simulator in this process, for `--minutes` (default 10), with faults injected
 * at random (seeded: WS drops, silent pongs, slow/failed/429 answers, malformed frames). Samples
 * the bot process's RSS every 30 s (/proc/<pid>/status VmRSS, hence -A) and prints one table:
 * faults injected, orphans, duplicates, 429s, crashes, RSS first / after warm-up / last / max.
 *
 * - orphans: orders on the exchange the bot does not show in its view after a quiet period at the
 *   end (its /state ladder vs the exchange's openOrders), plus orders left after SIGTERM;
 * - duplicates: cloids the exchange executed in more than one place/modify action;
 * - crashes: the bot process ending by itself, or a non-zero exit after SIGTERM.
 *
 *   deno task bench:soak --minutes 10 [--seed 7]
 */
import { seededRandom } from "../src/util/seeded_random.ts";
import { textLines } from "../src/util/text_lines.ts";
import { markdownTable } from "./_table.ts";
import { parseArgs } from "node:util";
import type { SimExchangeCore } from "../src/sim/market/api.ts";
import { createSimExchangeCore } from "../src/sim/market/exchange_core.ts";
import { DEFAULT_UNIVERSE } from "../src/sim/market/universe.ts";
import { startSim } from "../src/sim/start_sim.ts";

const SAMPLE_MS = 30_000;
const WARMUP_MS = 60_000;
const QUIET_MS = 15_000;

const FAULTS: readonly [string, (r: () => number) => Record<string, unknown>][] = [
  ["ws drop", () => ({ dropWsConnections: true })],
  ["pongs stopped", (r) => ({ stopPongsMs: 3_000 + Math.floor(r() * 8_000) })],
  ["slow answers", (r) => ({
    exchangeDelayMs: 1_000 + Math.floor(r() * 6_000),
    exchangeDelayCount: 1 + Math.floor(r() * 5),
  })],
  ["5xx answers", (r) => ({ exchangeFailCount: 1 + Math.floor(r() * 4) })],
  ["malformed frames", (r) => ({ malformedWsFrames: 1 + Math.floor(r() * 5) })],
  ["429 answers", (r) => ({ force429Count: 1 + Math.floor(r() * 2) })],
];

function rssMb(pid: number): number | null {
  try {
    const text = Deno.readTextFileSync(`/proc/${pid}/status`);
    const m = /VmRSS:\s+(\d+) kB/.exec(text);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface Executed {
  readonly cloids: Map<string, number>;
}

function recordingCore(inner: SimExchangeCore, rec: Executed): SimExchangeCore {
  const add = (o: unknown) => {
    const c = (o as { c?: string }).c;
    if (c) rec.cloids.set(c, (rec.cloids.get(c) ?? 0) + 1);
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "execute") {
        return (user: string, action: Record<string, unknown>) => {
          if (action.type === "order") (action.orders as unknown[]).forEach(add);
          if (action.type === "batchModify") {
            (action.modifies as { order: unknown }[]).forEach((m) => add(m.order));
          }
          return target.execute(user, action);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

interface OpenOrder {
  coin: string;
  side: "B" | "A";
  limitPx: string;
  cloid?: string;
}

/** Orders on the exchange that the bot's view (sidecar /state ladder) does not show. */
async function viewOrphans(sidecarUrl: string, open: readonly OpenOrder[]): Promise<number> {
  const res = await fetch(`${sidecarUrl}/state`);
  const state = await res.json() as {
    snapshot: { coins: { coin: string; bids: { px: number }[]; asks: { px: number }[] }[] };
  };
  const view = new Map<string, number>();
  const add = (k: string) => view.set(k, (view.get(k) ?? 0) + 1);
  for (const c of state.snapshot.coins) {
    for (const o of c.bids) add(`${c.coin}:B:${o.px}`);
    for (const o of c.asks) add(`${c.coin}:A:${o.px}`);
  }
  let orphans = 0;
  for (const o of open) {
    const k = `${o.coin}:${o.side}:${Number(o.limitPx)}`;
    const n = view.get(k) ?? 0;
    if (n > 0) view.set(k, n - 1);
    else orphans++;
  }
  return orphans;
}

/** The `deno run` flags of the `run` task in deno.json (the way users start the bot). */
function runFlags(): string[] {
  const json = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  const task = String(json.tasks.run);
  return task.split(/\s+/).filter((a) => a.startsWith("--"));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: { minutes: { type: "string", default: "10" }, seed: { type: "string", default: "7" } },
  });
  const minutes = Number(values.minutes);
  const seed = Number(values.seed);
  if (!(minutes > 0) || !Number.isInteger(seed)) throw new Error("usage: --minutes N --seed S");
  const rand = seededRandom(seed);
  const rec: Executed = { cloids: new Map() };
  const core = createSimExchangeCore({ seed, startMs: Date.now(), coins: DEFAULT_UNIVERSE });
  const sim = await startSim({
    port: 0,
    hostname: "127.0.0.1",
    seed,
    core: recordingCore(core, rec),
  });
  const dir = await Deno.makeTempDir({ prefix: "hl_soak_" });
  const file = JSON.parse(
    await Deno.readTextFile(new URL("../configs/fast_trading.json", import.meta.url)),
  );
  Object.assign(file, {
    network: "sim",
    api_url: sim.httpUrl,
    ws_url: sim.wsUrl,
    sidecar: { enabled: true, host: "127.0.0.1", port: 0 },
  });
  const configPath = `${dir}/soak.json`;
  await Deno.writeTextFile(configPath, JSON.stringify(file));
  const mainTs = new URL("../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    // The flags of `deno task run` / `deno task sim` (deno.json), read from there.
    args: ["run", ...runFlags(), mainTs, configPath],
    env: { HL_PRIVATE_KEY: sim.demo.privateKey, HL_SIDECAR_TOKEN: "soak" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let sidecarUrl: string | null = null;
  const logTail: string[] = [];
  let crashed = false;
  let stopped = false;
  const readLogs = (async () => {
    for await (const line of textLines(child.stdout)) {
      logTail.push(line);
      if (logTail.length > 50) logTail.shift();
      if (sidecarUrl === null && line.includes('"sidecar listening"')) {
        sidecarUrl = (JSON.parse(line) as { url: string }).url;
      }
    }
  })();
  const errText = new Response(child.stderr).text();
  const status = child.status.then((s) => {
    if (!stopped) crashed = true;
    return s;
  });

  const post = (body: unknown) =>
    fetch(`${sim.httpUrl}/sim/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }).then((r) => r.body?.cancel());
  const faultCounts = new Map<string, number>();
  const samples: { atS: number; rssMb: number }[] = [];
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  const faultsEnd = end - QUIET_MS;
  let nextFault = t0 + 10_000 + rand() * 10_000;
  let nextSample = t0 + SAMPLE_MS;
  const first = rssMb(child.pid);
  if (first !== null) samples.push({ atS: 0, rssMb: first });
  console.log(`soak: ${minutes} min, seed ${seed}, bot pid ${child.pid}`);
  while (Date.now() < end && !crashed) {
    const now = Date.now();
    if (now >= nextFault && now < faultsEnd) {
      const [name, make] = FAULTS[Math.floor(rand() * FAULTS.length)]!;
      await post(make(rand));
      faultCounts.set(name, (faultCounts.get(name) ?? 0) + 1);
      nextFault = now + 5_000 + rand() * 20_000;
    }
    if (now >= nextSample) {
      const rss = rssMb(child.pid);
      if (rss !== null) samples.push({ atS: Math.round((now - t0) / 1000), rssMb: rss });
      console.log(`  ${Math.round((now - t0) / 1000)} s: RSS ${rss?.toFixed(1)} MB`);
      nextSample += SAMPLE_MS;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await post({ clear: true });

  // The bot's view vs the exchange after the quiet period: orders on the exchange that the
  // bot's view does not show are orphans.
  const open = () => core.info({ type: "openOrders", user: sim.demo.address }).body as OpenOrder[];
  let orphansInRun: number | null = null;
  if (sidecarUrl !== null && !crashed) {
    // Freeze requotes (PATCH /config: a 50 % requote threshold) so what is in flight settles,
    // then compare up to 20 times, 1 s apart, and keep the best agreement.
    const coins: Record<string, unknown> = {};
    for (const c of file.coins as { coin: string }[]) {
      coins[c.coin] = { requote_threshold_bps: 5_000 };
    }
    await fetch(`${sidecarUrl}/config`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", Authorization: "Bearer soak" },
      body: JSON.stringify({ coins }),
    }).then((r) => r.body?.cancel());
    for (let i = 0; i < 20 && orphansInRun !== 0; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      try {
        const n = await viewOrphans(sidecarUrl, open());
        orphansInRun = orphansInRun === null ? n : Math.min(orphansInRun, n);
      } catch (error) {
        console.log(`view check failed: ${error}`);
      }
    }
  }
  const viewChecked = orphansInRun !== null;
  stopped = true;
  let exitCode: number | null = null;
  if (!crashed) {
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    exitCode = (await status).code;
    clearTimeout(timer);
    if (exitCode !== 0) crashed = true;
  } else {
    exitCode = (await status).code;
  }
  await readLogs.catch(() => {});
  const stderr = await errText;
  const leftAfterStop = open().length;
  const stats = await (await fetch(`${sim.httpUrl}/sim/stats`)).json() as {
    http: { http429: number };
  };
  await sim.stop();
  await Deno.remove(dir, { recursive: true });

  const duplicates = [...rec.cloids.values()].filter((n) => n > 1).length;
  const rss = samples.map((s) => s.rssMb);
  const warm = samples.find((s) => s.atS * 1000 >= WARMUP_MS) ?? samples[0];
  const last = samples[samples.length - 1];
  const injected = [...faultCounts.values()].reduce((a, b) => a + b, 0);
  const f1 = (x: number | undefined) => (x === undefined ? "n/a" : x.toFixed(1));
  const head = [
    "minutes",
    "seed",
    "faults injected",
    "orphans (view check / after stop)",
    "duplicates",
    "429s",
    "crashes",
    "RSS first MB",
    `RSS at ${warm?.atS ?? "?"} s MB`,
    "RSS last MB",
    "RSS max MB",
    "last vs warm-up",
  ];
  const row = [
    String(minutes),
    String(seed),
    `${injected} (${[...faultCounts].map(([k, v]) => `${k} ${v}`).join(", ")})`,
    `${viewChecked ? orphansInRun : "n/a"} / ${leftAfterStop}`,
    String(duplicates),
    String(stats.http.http429),
    String(crashed ? 1 : 0),
    f1(rss[0]),
    f1(warm?.rssMb),
    f1(last?.rssMb),
    f1(rss.length ? Math.max(...rss) : undefined),
    warm && last ? `${(((last.rssMb - warm.rssMb) / warm.rssMb) * 100).toFixed(1)} %` : "n/a",
  ];
  console.log(markdownTable(head, [row]));
  console.log(
    `RSS samples (s: MB): ${samples.map((s) => `${s.atS}: ${s.rssMb.toFixed(1)}`).join(", ")}`,
  );
  console.log(`bot exit code: ${exitCode}`);
  if (crashed) {
    console.log("last log lines:\n" + logTail.slice(-15).join("\n") + "\n" + stderr.slice(-2000));
  }
}

if (import.meta.main) await main();

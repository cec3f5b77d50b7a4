/**
 * `deno task backtest RECORDING CONFIG [--report out.html] [--sweep "k=v1,v2 k2=..."]
 * [--latency-order MS|P:MS,...] [--latency-modify ...] [--latency-cancel ...]
 * [--maker-fee-bps 1.5] [--taker-fee-bps 4.5] [--cancel-ahead 0.5] [--seed 1]`:
 * replay a feed recording through the bot's engine and print the result table (or the sweep).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config/mod.ts";
import { parseLatency } from "./latency_model.ts";
import { readRecording } from "./recording_reader.ts";
import { replay, type ReplayOptions } from "./replay.ts";
import { htmlReport, textTable } from "./report.ts";
import { grid, parseSweep, progressBar, withParams } from "./sweep.ts";

const USAGE = "usage: deno task backtest RECORDING.jsonl.gz CONFIG.json [--report out.html] " +
  '[--sweep "spread_bps=4,6 requote_threshold_bps=2,5"] [--latency-order 40] ' +
  "[--latency-modify 40] [--latency-cancel 30] [--maker-fee-bps 1.5] [--taker-fee-bps 4.5] " +
  "[--cancel-ahead 0.5] [--seed 1]";

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      report: { type: "string" },
      sweep: { type: "string" },
      "latency-order": { type: "string", default: "40" },
      "latency-modify": { type: "string", default: "40" },
      "latency-cancel": { type: "string", default: "30" },
      "maker-fee-bps": { type: "string", default: "1.5" },
      "taker-fee-bps": { type: "string", default: "4.5" },
      "cancel-ahead": { type: "string", default: "0.5" },
      seed: { type: "string", default: "1" },
    },
  });
  const [recPath, configPath] = positionals;
  if (!recPath || !configPath) {
    console.error(USAGE);
    return 2;
  }
  const rec = await readRecording(recPath);
  const config = await loadConfig(configPath);
  const opts: ReplayOptions = {
    latency: {
      order: parseLatency(values["latency-order"]),
      modify: parseLatency(values["latency-modify"]),
      cancel: parseLatency(values["latency-cancel"]),
    },
    makerFeeRate: Number(values["maker-fee-bps"]) / 1e4,
    takerFeeRate: Number(values["taker-fee-bps"]) / 1e4,
    cancelAheadFraction: Number(values["cancel-ahead"]),
    seed: Number(values.seed),
  };
  if (values.sweep) {
    const combos = grid(parseSweep(values.sweep));
    const rows: { params: Record<string, number>; pnl: number; fills: number; up: number }[] = [];
    for (const [i, params] of combos.entries()) {
      Deno.stderr.writeSync(new TextEncoder().encode(`\r${progressBar(i, combos.length)}`));
      const m = await replay(rec, withParams(config, params), opts);
      rows.push({ params, pnl: m.totalPnlUsd, fills: m.fills, up: m.quotingUptimeAll });
    }
    Deno.stderr.writeSync(
      new TextEncoder().encode(`\r${progressBar(combos.length, combos.length)}\n`),
    );
    rows.sort((a, b) => b.pnl - a.pnl);
    console.log("params\tpnl_usd\tfills\tuptime");
    for (const r of rows) {
      const p = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(" ");
      console.log(`${p}\t${r.pnl.toFixed(6)}\t${r.fills}\t${(r.up * 100).toFixed(1)}%`);
    }
    return 0;
  }
  const m = await replay(rec, config, opts);
  console.log(textTable(m));
  if (values.report) {
    await Deno.writeTextFile(values.report, htmlReport(m, `${recPath} with ${configPath}`));
    console.error(`report written to ${values.report}`);
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));

/**
 * Replay speed of the backtest in × real time: a synthetic recording of 4 coins at the live
 * feed's rates (reference §7: fast l2Book = 5 levels every 0.5 s; bbo every block ~70 ms, taken
 * here as every block, the worst case; a trades frame every 200 ms with 1-3 trades), 10 minutes
 * (HL_BENCH_REPLAY_SECONDS), mids a random walk of HL_BENCH_REPLAY_VOL_BPS (default 1.5) bps
 * per second, replayed through the engine with configs/fast_trading.json's first 4 coins. Also replays tests/fixtures/sim_recording.jsonl.gz. Prints the figures.
 *
 *   deno task bench:replay
 */
import { parseRecording, readRecording } from "../src/backtest/recording_reader.ts";
import { replay, type ReplayOptions } from "../src/backtest/replay.ts";
import { loadConfig } from "../src/config/mod.ts";
import { frameLine, headerLine } from "../src/util/recording_writer.ts";
import { seededRandom } from "../src/util/seeded_random.ts";

const SECONDS = Number(Deno.env.get("HL_BENCH_REPLAY_SECONDS") ?? 600);
/** Volatility of the synthetic mids, bps per second (BTC's ~2.5 %/day is ~0.85 bps/s). */
const VOL_BPS = Number(Deno.env.get("HL_BENCH_REPLAY_VOL_BPS") ?? 1.5);
/** Amplitude of the uniform move every 10 ms that gives VOL_BPS per second. */
const STEP_AMPLITUDE = VOL_BPS / 1e4 / Math.sqrt(100) * Math.sqrt(12);
const COINS: [string, number, number][] = [
  ["BTC", 100_000, 1],
  ["ETH", 3_000, 0.1],
  ["SOL", 150, 0.01],
  ["HYPE", 40, 0.001],
];

/** A synthetic recording text at live rates. */
function synthetic(seconds: number): string {
  const rnd = seededRandom(7);
  const wallMs = 1_750_000_000_000;
  const lines = [
    headerLine({ source: "bench", url: "synthetic", coins: COINS.map((c) => c[0]), wallMs }),
  ];
  const mids = COINS.map((c) => c[1]);
  for (let t = 0; t < seconds * 1000; t += 10) {
    for (const [i, [coin, , tick]] of COINS.entries()) {
      const mid = (mids[i] = mids[i]! * (1 + (rnd() - 0.5) * STEP_AMPLITUDE));
      const bid = Math.floor(mid / tick) * tick;
      const ask = bid + tick;
      const px = (x: number) => x.toFixed(tick >= 1 ? 0 : String(tick).length - 2);
      const lvl = (p: number) => ({
        px: px(p),
        sz: (rnd() * 5).toFixed(4),
        n: 1 + Math.floor(rnd() * 9),
      });
      const ns = (t + i) * 1e6;
      if (t % 70 === 0) {
        lines.push(
          frameLine(
            ns,
            JSON.stringify({
              channel: "bbo",
              data: { coin, time: wallMs + t, bbo: [lvl(bid), lvl(ask)] },
            }),
          ),
        );
      }
      if (t % 500 === 0) {
        const bids = [0, 1, 2, 3, 4].map((k) => lvl(bid - k * tick));
        const asks = [0, 1, 2, 3, 4].map((k) => lvl(ask + k * tick));
        lines.push(
          frameLine(
            ns + 1e5,
            JSON.stringify({
              channel: "l2Book",
              data: { coin, time: wallMs + t, levels: [bids, asks], fast: true },
            }),
          ),
        );
      }
      if (t % 200 === 0) {
        const n = 1 + Math.floor(rnd() * 3);
        const trades = Array.from({ length: n }, () => {
          const buy = rnd() < 0.5;
          return {
            coin,
            side: buy ? "B" : "A",
            px: px(buy ? ask : bid),
            sz: (rnd() * 2).toFixed(4),
            time: wallMs + t,
            tid: Math.floor(rnd() * 1e12),
          };
        });
        lines.push(frameLine(ns + 2e5, JSON.stringify({ channel: "trades", data: trades })));
      }
    }
  }
  return lines.join("\n") + "\n";
}

const opts: ReplayOptions = { latency: { order: 40, modify: 40, cancel: 30 } };
const full = await loadConfig(new URL("../configs/fast_trading.json", import.meta.url).pathname);
const config = { ...full, coins: full.coins.slice(0, 4) };

const text = synthetic(SECONDS);
const t0 = performance.now();
const rec = parseRecording(text, "synthetic");
const t1 = performance.now();
const m = await replay(rec, config, opts);
const t2 = performance.now();
const frames = rec.events.length;
console.log(
  `replay, synthetic 4 coins (fast l2Book 2/s, bbo 14/s, trades 5/s per coin, ${VOL_BPS} bps/s), ${SECONDS} s, ${frames} frames:`,
);
console.log(
  `  parse ${(t1 - t0).toFixed(0)} ms + replay ${(t2 - t1).toFixed(0)} ms -> ${
    (SECONDS * 1000 / (t2 - t0)).toFixed(0)
  }x real time ` +
    `(${
      (frames / ((t2 - t0) / 1000)).toFixed(0)
    } frames/s; fills ${m.fills}, actions ${m.actions})`,
);

const fixture = new URL("../tests/fixtures/sim_recording.jsonl.gz", import.meta.url).pathname;
const f0 = performance.now();
const frec = await readRecording(fixture);
const fm = await replay(frec, config, opts);
const f1 = performance.now();
console.log(
  `replay, simulator fixture (4 of 11 coins), ${(fm.durationMs / 1000).toFixed(0)} s: ${
    (f1 - f0).toFixed(0)
  } ms -> ${(fm.durationMs / (f1 - f0)).toFixed(0)}x real time`,
);

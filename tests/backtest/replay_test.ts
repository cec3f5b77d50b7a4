import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/mod.ts";
import { readRecording, type RecordedEvent } from "../../src/backtest/recording_reader.ts";
import { replay, type ReplayOptions } from "../../src/backtest/replay.ts";
import { htmlReport, textTable } from "../../src/backtest/report.ts";

const FIXTURE = new URL("../fixtures/sim_recording.jsonl.gz", import.meta.url).pathname;
const CONFIG = new URL("../../configs/fast_trading.json", import.meta.url).pathname;
const OPTS: ReplayOptions = {
  latency: { order: 40, modify: [[50, 30], [90, 60], [99, 120]], cancel: 30 },
};

Deno.test("replay of a simulator recording with the demo config produces fills and a report", async () => {
  const rec = await readRecording(FIXTURE);
  const m = await replay(rec, await loadConfig(CONFIG), OPTS);
  assert.ok(m.fills > 0, "no fills");
  assert.ok(m.ordersPlaced > 0);
  assert.ok(m.quotingUptimeAll > 0.9, `uptime ${m.quotingUptimeAll}`);
  assert.ok(m.markoutBps.s1 !== null);
  assert.ok(m.series.length > 30);
  const html = htmlReport(m, "fixture");
  assert.match(html, /<svg[^>]*>/);
  assert.ok(!/<script|https?:\/\/(?!www\.w3\.org)/.test(html), "report must be self-contained");
  assert.match(textTable(m), /fills\s+\d+/);
});

Deno.test("same inputs give a byte-identical report", async () => {
  const rec = await readRecording(FIXTURE);
  const config = await loadConfig(CONFIG);
  const a = htmlReport(await replay(rec, config, OPTS), "x");
  const b = htmlReport(await replay(rec, config, OPTS), "x");
  assert.equal(a, b);
});

Deno.test("a gap in the recording makes the engine pull its quotes until data returns", async () => {
  const rec = await readRecording(FIXTURE);
  const config = await loadConfig(CONFIG);
  const t0 = rec.events[0]!.tMs;
  const gapFrom = t0 + 20_000;
  const gapTo = t0 + 35_000;
  const events: RecordedEvent[] = rec.events.filter((e) => e.tMs < gapFrom || e.tMs >= gapTo);
  const at = events.findIndex((e) => e.tMs >= gapTo);
  events.splice(at, 0, { tMs: gapTo, kind: "gap", fromMs: gapFrom, reason: "test outage" });
  const openDuringGap: number[] = [];
  const openBefore: number[] = [];
  const openAfter: number[] = [];
  // Pulled once the data is older than max_quote_age_ms and the cancels were acknowledged.
  const pulledBy = gapFrom + config.maxQuoteAgeMs + config.loopMs + 100;
  await replay({ meta: rec.meta, events }, config, {
    ...OPTS,
    onStep: (now, venue) => {
      if (now > pulledBy && now < gapTo) openDuringGap.push(venue.openCount());
      if (now > t0 + 5_000 && now < gapFrom) openBefore.push(venue.openCount());
      if (now > gapTo + 3_000) openAfter.push(venue.openCount());
    },
  });
  assert.ok(openBefore.length > 0 && openBefore.every((n) => n > 0), "quoting before the gap");
  assert.ok(openDuringGap.length > 50, "steps during the gap");
  assert.deepEqual(openDuringGap.filter((n) => n > 0), [], "orders left resting in the gap");
  assert.ok(openAfter.some((n) => n > 0), "quoting again after the gap");
});

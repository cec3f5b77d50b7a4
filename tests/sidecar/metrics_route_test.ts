import assert from "node:assert/strict";
import { bucketCounts, samplesFor } from "../../src/sidecar/cumulative_histogram.ts";
import { harness } from "./helpers.ts";
import { type Family, parsePrometheusText } from "./prom_text_parser.ts";

const EXPECTED: ReadonlyArray<readonly [string, Family["type"]]> = [
  ["hl_mm_loop_duration_seconds", "histogram"],
  ["hl_mm_loops_total", "counter"],
  ["hl_mm_last_loop_age_seconds", "gauge"],
  ["hl_mm_halted", "gauge"],
  ["hl_mm_ready", "gauge"],
  ["hl_mm_rest_weight_used", "gauge"],
  ["hl_mm_rest_weight_capacity_per_min", "gauge"],
  ["hl_mm_limiter_setting", "gauge"],
  ["hl_mm_ws_messages_sent_total", "counter"],
  ["hl_mm_ws_messages_last_minute", "gauge"],
  ["hl_mm_ws_capacity_per_min", "gauge"],
  ["hl_mm_http_429_total", "counter"],
  ["hl_mm_address_budget_remaining", "gauge"],
  ["hl_mm_orders_total", "counter"],
  ["hl_mm_batch_size", "histogram"],
  ["hl_mm_fills_total", "counter"],
  ["hl_mm_position", "gauge"],
  ["hl_mm_notional_usd", "gauge"],
  ["hl_mm_realized_pnl_usd", "gauge"],
  ["hl_mm_unrealized_pnl_usd", "gauge"],
  ["hl_mm_fees_usd", "gauge"],
  ["hl_mm_feed_age_seconds", "gauge"],
  ["hl_mm_feed_connected", "gauge"],
  ["hl_mm_feed_reconnects_total", "counter"],
  ["hl_mm_mid", "gauge"],
  ["hl_mm_open_orders", "gauge"],
];

function value(f: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const family = f.get(name.replace(/_(bucket|sum|count)$/, "")) ?? f.get(name);
  const s = family?.samples.find((x) =>
    x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v) &&
    Object.keys(x.labels).length === Object.keys(labels).length
  );
  assert.ok(s, `sample ${name}${JSON.stringify(labels)}`);
  return s.value;
}

Deno.test("GET /metrics: strict text format with every metric", async () => {
  const { app, engine, clock } = harness();
  for (let i = 0; i < 40; i++) {
    clock.advance(100);
    engine.tick(clock.nowMs());
  }
  const res = await app.request("/metrics");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const f = parsePrometheusText(text);
  for (const [name, type] of EXPECTED) {
    const family = f.get(name);
    assert.ok(family, `missing ${name}`);
    assert.equal(family.type, type, name);
    assert.ok(family.help && family.help.length > 0, `${name} has HELP`);
    assert.ok(family.samples.length > 0, `${name} has samples`);
  }
  for (const name of f.keys()) assert.match(name, /^hl_mm_/);

  const s = engine.snapshot();
  assert.equal(value(f, "hl_mm_loops_total"), s.loops);
  assert.equal(value(f, "hl_mm_rest_weight_used"), s.limiter.restWeightUsedLastMinute);
  assert.equal(value(f, "hl_mm_rest_weight_capacity_per_min"), 1000);
  assert.equal(value(f, "hl_mm_ws_messages_sent_total"), s.feed.wsMessagesSent);
  assert.equal(value(f, "hl_mm_http_429_total"), 2);
  assert.equal(value(f, "hl_mm_address_budget_remaining"), s.limiter.addressBudgetRemaining);
  assert.equal(value(f, "hl_mm_orders_total", { kind: "place", outcome: "rejected" }), 3);
  assert.equal(value(f, "hl_mm_orders_total", { kind: "cancel", outcome: "unknown" }), 1);
  assert.equal(value(f, "hl_mm_fills_total"), s.fills);
  assert.equal(value(f, "hl_mm_feed_reconnects_total"), 1);
  assert.equal(value(f, "hl_mm_limiter_setting", { name: "weightMeta" }), 20);
  for (const c of s.coins) {
    assert.equal(value(f, "hl_mm_position", { coin: c.coin }), c.position);
    assert.equal(value(f, "hl_mm_notional_usd", { coin: c.coin }), c.notionalUsd);
    assert.equal(value(f, "hl_mm_realized_pnl_usd", { coin: c.coin }), c.realizedPnlUsd);
    assert.equal(value(f, "hl_mm_unrealized_pnl_usd", { coin: c.coin }), c.unrealizedPnlUsd);
    assert.equal(value(f, "hl_mm_feed_age_seconds", { coin: c.coin }), 0.04);
    assert.equal(value(f, "hl_mm_open_orders", { coin: c.coin, side: "bid" }), 2);
  }

  // Loop duration: ms buckets become seconds, cumulative counts kept, +Inf = count.
  assert.equal(value(f, "hl_mm_loop_duration_seconds_bucket", { le: "0.0005" }), 100);
  assert.equal(value(f, "hl_mm_loop_duration_seconds_bucket", { le: "0.1" }), 600);
  assert.equal(value(f, "hl_mm_loop_duration_seconds_bucket", { le: "+Inf" }), 600);
  assert.ok(Math.abs(value(f, "hl_mm_loop_duration_seconds_sum")! - 0.9125) < 1e-9);
  assert.equal(value(f, "hl_mm_loop_duration_seconds_count"), 600);
  // Batch sizes: unscaled; the +Inf bucket holds the 2 actions above 16.
  assert.equal(value(f, "hl_mm_batch_size_bucket", { le: "16" }), 310);
  assert.equal(value(f, "hl_mm_batch_size_bucket", { le: "+Inf" }), 312);
  assert.equal(value(f, "hl_mm_batch_size_count"), 312);
  assert.ok(Math.abs(value(f, "hl_mm_batch_size_sum")! - 980) < 1e-9);
});

Deno.test("GET /metrics: values follow the snapshot between scrapes", async () => {
  const { app, engine } = harness();
  const first = parsePrometheusText(await (await app.request("/metrics")).text());
  assert.equal(value(first, "hl_mm_halted"), 0);
  assert.equal(value(first, "hl_mm_ready"), 1);
  engine.s.halted = true;
  engine.s.coins = engine.s.coins.slice(0, 1);
  engine.s.limiter.addressBudgetRemaining = null;
  engine.s.feed.connected = false;
  const second = parsePrometheusText(await (await app.request("/metrics")).text());
  assert.equal(value(second, "hl_mm_halted"), 1);
  assert.equal(value(second, "hl_mm_ready"), 0);
  assert.equal(value(second, "hl_mm_feed_connected"), 0);
  assert.equal(second.get("hl_mm_position")?.samples.length, 1, "removed coins disappear");
  assert.equal(second.get("hl_mm_address_budget_remaining")?.samples.length, 0);
});

Deno.test("GET /metrics: a scrape takes one snapshot", async () => {
  const { app, engine } = harness();
  let calls = 0;
  const original = engine.snapshot.bind(engine);
  engine.snapshot = () => {
    calls++;
    return original();
  };
  await (await app.request("/metrics")).text();
  assert.equal(calls, 1);
});

Deno.test("bucketCounts: repairs bad input into a valid histogram", () => {
  assert.deepEqual(
    bucketCounts({
      bucketsMs: [1, 1, 5, 3, Infinity, 10],
      counts: [4, 9, 3, 7, 8, 6],
      sumMs: NaN,
      count: 2,
    }),
    { bounds: [1, 5, 10], counts: [4, 0, 2, 0], sum: 0 },
  );
});

Deno.test("samplesFor: each sample lands in its bucket and the sum is kept", () => {
  const bounds = [1, 10, 100];
  const check = (deltas: number[], sum: number) => {
    const samples = samplesFor(bounds, deltas, sum);
    const got = [0, 0, 0, 0];
    let total = 0;
    for (const [v, n] of samples) {
      const i = bounds.findIndex((b) => v <= b);
      got[i === -1 ? 3 : i]! += n;
      total += v * n;
    }
    assert.deepEqual(got, deltas, JSON.stringify(samples));
    assert.ok(Math.abs(total - sum) < 1e-9 * Math.max(1, sum), `${total} vs ${sum}`);
  };
  check([2, 3, 0, 0], 20); // 2 in (0,1], 3 in (1,10]
  check([0, 0, 1, 2], 1_050); // 1 in (10,100], 2 above 100
  check([5, 0, 0, 0], 0.5);
});

Deno.test("GET /metrics: a histogram follows its view across scrapes, and a restart", async () => {
  const { app, engine } = harness();
  const scrape = async () => parsePrometheusText(await (await app.request("/metrics")).text());
  const view = engine.s.loopDuration;
  await scrape();
  engine.s.loopDuration = {
    ...view,
    counts: view.counts.map((c) => c + 10),
    count: view.count + 10,
    sumMs: view.sumMs + 5, // ten samples of 0.5 ms: all in the first bucket
  };
  const f = await scrape();
  const name = "hl_mm_loop_duration_seconds";
  assert.equal(value(f, `${name}_count`), view.count + 10);
  assert.equal(value(f, `${name}_bucket`, { le: "+Inf" }), view.count + 10);
  assert.ok(Math.abs(value(f, `${name}_sum`)! - (view.sumMs + 5) / 1000) < 1e-9);
  engine.s.loopDuration = { ...view, counts: view.counts.map(() => 1), count: 1, sumMs: 0.2 };
  const g = await scrape();
  assert.equal(value(g, `${name}_count`), 1, "counts that went down start over");
  assert.ok(Math.abs(value(g, `${name}_sum`)! - 0.0002) < 1e-12);
});

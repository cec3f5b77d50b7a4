import { rejected } from "../../../src/gateway/reject_reason.ts";
import assert from "node:assert/strict";
import type { Cloid } from "../../../src/core/types.ts";
import { pairIntoModifies, planActions } from "../../../src/engine/loop/action_plan.ts";
import { BookCache } from "../../../src/engine/loop/book_cache.ts";
import { DeadManSwitch } from "../../../src/engine/loop/dead_man_switch.ts";
import { externalTop } from "../../../src/engine/loop/external_top.ts";
import { LatencyHistogram } from "../../../src/engine/loop/latency_histogram.ts";
import { MarketDataPlanner } from "../../../src/engine/loop/market_data_planner.ts";
import type { PlannedCancel, PlannedPlace } from "../../../src/engine/orders/order_types.ts";
import { book } from "./_fakes.ts";

const cl = (n: number) => `0x${n.toString(16).padStart(32, "0")}` as Cloid;
const place = (n: number, side: "bid" | "ask", assetId = 0): PlannedPlace => ({
  level: 0,
  intent: {
    coin: "BTC",
    assetId,
    side,
    px: "1",
    sz: "1",
    tif: "Alo",
    reduceOnly: false,
    cloid: cl(n),
  },
});
const cancel = (n: number, assetId = 0): PlannedCancel => ({
  cloid: cl(n),
  cancel: { assetId, cloid: cl(n) },
});

Deno.test("planActions: batched = one action per kind; unbatched = one per order", () => {
  const diff = { places: [place(1, "bid"), place(2, "ask")], modifies: [], cancels: [cancel(3)] };
  assert.deepEqual(planActions(diff, { batchOrders: true }).map((a) => a.kind), [
    "cancel",
    "place",
  ]);
  assert.equal(planActions(diff, { batchOrders: false }).length, 3);
  const big = {
    places: Array.from({ length: 450 }, (_, i) => place(i, "bid")),
    modifies: [],
    cancels: [],
  };
  assert.equal(planActions(big, { batchOrders: true }).length, 3);
});

Deno.test("pairIntoModifies: a cancel and a place of the same coin and side become a modify", () => {
  const diff = { places: [place(1, "bid"), place(2, "ask")], modifies: [], cancels: [cancel(3)] };
  const out = pairIntoModifies(diff, (c) => (c === cl(3) ? "bid" : undefined));
  assert.equal(out.cancels.length, 0);
  assert.equal(out.places.length, 1);
  assert.equal(out.places[0]!.intent.side, "ask");
  assert.equal(out.modifies.length, 1);
  assert.equal(out.modifies[0]!.fromCloid, cl(3));
  assert.equal(out.modifies[0]!.modify.target, cl(3));
  assert.equal(planActions(out, { batchOrders: true }).length, 2);
});

Deno.test("externalTop leaves our own orders out of the best levels", () => {
  const bids = [{ px: 100, sz: 1, n: 1 }, { px: 99, sz: 2, n: 1 }];
  const asks = [{ px: 101, sz: 0.5, n: 1 }, { px: 102, sz: 3, n: 1 }];
  const top = externalTop(bids, asks, [
    { side: "bid", pxNum: 100, remainingSz: 1 },
    { side: "ask", pxNum: 101, remainingSz: 0.2 },
  ]);
  assert.deepEqual(top.bid, { px: 99, sz: 2 });
  assert.equal(top.ask?.px, 101);
  assert.ok(Math.abs(top.ask!.sz - 0.3) < 1e-12);
  // Only our order on a side: the plain best level.
  const onlyOurs = externalTop([{ px: 100, sz: 1, n: 1 }], asks, [
    { side: "bid", pxNum: 100, remainingSz: 1 },
  ]);
  assert.deepEqual(onlyOurs.bid, { px: 100, sz: 1 });
});

Deno.test("BookCache: a newer bbo replaces the top of an older depth snapshot", () => {
  const cache = new BookCache();
  cache.applyBook({
    coin: "BTC",
    timeMs: 1,
    receivedAtMs: 10,
    source: "ws",
    bids: [{ px: 100, sz: 1, n: 1 }, { px: 99, sz: 1, n: 1 }],
    asks: [{ px: 101, sz: 1, n: 1 }, { px: 102, sz: 1, n: 1 }],
  }, 5);
  cache.applyBbo({
    coin: "BTC",
    timeMs: 2,
    receivedAtMs: 20,
    bid: { px: 99.5, sz: 2, n: 1 },
    ask: { px: 101, sz: 4, n: 1 },
  }, 6);
  const b = cache.get("BTC")!;
  assert.deepEqual(b.bids.map((l) => l.px), [99.5, 99]);
  assert.deepEqual(b.asks.map((l) => [l.px, l.sz]), [[101, 4], [102, 1]]);
  assert.equal(cache.ageMs("BTC", 25), 5);
  assert.equal(cache.wsAgeMs("BTC", 25), 5);
  // A REST answer to a request sent before the WS data arrived does not overwrite it.
  cache.applyBook(
    { coin: "BTC", timeMs: 0, receivedAtMs: 30, source: "rest", bids: [], asks: [] },
    7,
    5.5,
  );
  assert.equal(cache.get("BTC")!.bids.length, 2);
});

Deno.test("MarketDataPlanner: REST fallback when WS data is old, one poll in flight per coin", () => {
  const p = new MarketDataPlanner({
    useWebsocket: true,
    cacheTtlMs: 5000,
    loopMs: 100,
    restCapacityPerMin: 1200,
    l2BookWeight: 2,
  }, ["BTC", "ETH"]);
  const ages: Record<string, number | null> = { BTC: 100, ETH: 6000 };
  const inputs = (nowMs: number) => ({
    nowMs,
    feedConnected: true,
    restUsedLastMinute: 0,
    wsAgeMs: (c: string) => ages[c] ?? null,
  });
  assert.equal(p.source("BTC"), null, "no source before the first plan");
  const a = p.plan(inputs(0));
  assert.equal(a.modes.get("BTC"), "ws");
  assert.equal(a.modes.get("ETH"), "rest");
  assert.deepEqual(a.changed, [], "the first plan changes nothing");
  assert.equal(p.source("BTC"), "ws");
  assert.deepEqual(a.fetch, ["ETH"]);
  p.started("ETH", 0);
  assert.deepEqual(p.plan(inputs(10_000)).fetch, [], "in flight");
  p.finished("ETH");
  assert.deepEqual(p.plan(inputs(50)).fetch, [], "too soon");
  assert.deepEqual(p.plan(inputs(10_000)).fetch, ["ETH"]);
  // Disconnected: everything on REST; budget nearly used: no polls.
  const d = p.plan({ ...inputs(20_000), feedConnected: false, restUsedLastMinute: 1100 });
  assert.equal(d.modes.get("BTC"), "rest");
  assert.deepEqual(d.changed, ["BTC"]);
  assert.equal(p.source("BTC"), "rest");
  assert.deepEqual(d.fetch, []);
  // 10 coins on a 1200/min budget at weight 2, half of it for polls: one poll per 2 s each.
  assert.equal(p.pollIntervalMs(10), 2000);
  assert.equal(p.pollIntervalMs(1), 200);
});

/** True when `x` is within 0.1% of `want` (the HDR histogram's 3 significant digits). */
const near = (x: number | null, want: number) => x !== null && Math.abs(x - want) <= want * 1e-3;

Deno.test("LatencyHistogram: cumulative buckets and quantiles within 0.1%", () => {
  const h = new LatencyHistogram([1, 10, 100]);
  for (const v of [0.5, 2, 3, 50, 500]) h.observe(v);
  assert.deepEqual(h.view().counts, [1, 3, 4]);
  assert.equal(h.view().count, 5);
  assert.ok(near(h.quantile(0.5), 3), `p50 ${h.quantile(0.5)}`);
  assert.ok(near(h.quantile(0.99), 500), `p99 ${h.quantile(0.99)}`);
  assert.ok(near(h.quantile(0), 0.5), `p0 ${h.quantile(0)}`);
  assert.equal(new LatencyHistogram().quantile(0.5), null);
});

Deno.test("LatencyHistogram: quantiles cover the recent windows only", () => {
  const h = new LatencyHistogram([1], 100);
  for (let i = 0; i < 100; i++) h.observe(1_000); // an old slow period
  for (let i = 0; i < 100; i++) h.observe(1); // the previous window
  assert.ok(near(h.quantile(0.99), 1_000), "the slow period is still in the previous window");
  for (let i = 0; i < 100; i++) h.observe(2); // the current window: the slow period is gone
  assert.ok(near(h.quantile(0.99), 2), `p99 ${h.quantile(0.99)}`);
  assert.ok(near(h.quantile(0.25), 1), `p25 ${h.quantile(0.25)}`);
  assert.equal(h.view().count, 300, "the metrics histogram keeps every sample");
});

Deno.test("DeadManSwitch: due when half the window is left; a refusal is retried with backoff", () => {
  const d = new DeadManSwitch(10_000, 5_000, 20_000);
  assert.equal(d.due(0), 10_000);
  d.sent();
  assert.equal(d.due(1), null);
  assert.equal(d.answered(10_000, { kind: "ok" }, 5), null);
  assert.equal(d.active(9_999), true);
  assert.equal(d.due(4_000), null);
  assert.equal(d.due(5_000), 15_000);
  d.sent();
  const refused = rejected("volume");
  assert.equal(d.answered(15_000, refused, 5_000)?.level, "warn");
  // Backoff 5 s, 10 s, 20 s, 20 s; the same refusal again is not a new warning.
  const tries: number[] = [];
  for (let t = 5_000; t < 80_000; t += 100) {
    if (d.due(t) === null) continue;
    tries.push(t);
    d.sent();
    assert.equal(d.answered(t + 10_000, refused, t)?.level, "debug");
  }
  assert.deepEqual(tries, [10_000, 20_000, 40_000, 60_000]);
  assert.equal(d.active(80_000), false);
  const v = d.view(80_000);
  assert.equal(v.refusals, 5);
  assert.equal(v.lastRefusal, "volume");
  assert.equal(v.active, false);
  // Accepted again: active, backoff reset.
  d.sent();
  assert.equal(d.answered(90_000, { kind: "ok" }, 80_000)?.level, "info");
  assert.equal(d.view(80_001).active, true);
  assert.equal(d.due(80_001, true), null, "hold: nothing sent");
  assert.equal(new DeadManSwitch(0).due(0), null);
});

Deno.test("BookCache: a bbo stamped in the future does not pin the top of book", () => {
  const cache = new BookCache();
  const hourMs = 3_600_000;
  const bbo = (timeMs: number, bid: number, mono: number) =>
    cache.applyBbo({
      coin: "BTC",
      timeMs,
      receivedAtMs: mono,
      bid: { px: bid, sz: 1, n: 1 },
      ask: { px: bid + 1, sz: 1, n: 1 },
    }, mono);
  bbo(1_000 + hourMs, 50, 1);
  bbo(2_000, 100, 2);
  assert.equal(cache.get("BTC")!.bids[0]!.px, 100, "a later frame wins, whatever its stamp");
  bbo(1_000 + hourMs, 50, 3);
  cache.applyBook({ ...book("BTC", 101, 102, 4), timeMs: 3_000, source: "ws" }, 4);
  assert.equal(cache.get("BTC")!.bids[0]!.px, 101, "a later depth snapshot replaces the top");
});

Deno.test("DeadManSwitch: the same refusal with other figures is not a new warning", () => {
  const d = new DeadManSwitch(10_000, 1, 1);
  const refusal = (usd: number) =>
    rejected(`Cannot set scheduled cancel time until enough volume traded. Traded: $${usd}.`);
  d.sent();
  assert.equal(d.answered(10_000, refusal(0), 0)?.level, "warn");
  d.sent();
  assert.equal(d.answered(10_000, refusal(32.5), 10)?.level, "debug");
  d.sent();
  assert.equal(d.answered(10_000, rejected("other"), 20)?.level, "warn");
});

/**
 * The engine's steps are pure: `applyEvent` and `decide` run here on a bare state, with no port,
 * clock or logger anywhere; what they want done comes back as commands.
 */
import assert from "node:assert/strict";
import type { ExchangeOrder } from "../../../src/core/types.ts";
import { applyEvent } from "../../../src/engine/loop/apply_event.ts";
import { decide, type DecisionInputs } from "../../../src/engine/loop/decide.ts";
import type { EngineCommand } from "../../../src/engine/loop/engine_commands.ts";
import type { EngineEvent } from "../../../src/engine/loop/engine_events.ts";
import { createEngineState, type EngineState } from "../../../src/engine/loop/engine_state.ts";
import { chores } from "../../../src/engine/loop/heartbeat.ts";
import { CloidSource } from "../../../src/engine/strategy/cloid_source.ts";
import { ASSETS, book, FakeBudget, testConfig } from "./_fakes.ts";

const NOW = 1_700_000_000_000;

function state(opts: { wsOrders?: boolean; budget?: FakeBudget } = {}): EngineState {
  return createEngineState({
    assets: new Map(ASSETS.map((a) => [a.coin, a])),
    cloids: new CloidSource({ randomBytes: (b) => b.fill(7) }),
    budget: opts.budget ?? new FakeBudget(),
    hasExchange: true,
    wsOrders: opts.wsOrders ?? false,
    primaryIsRest: true,
    lossBaselineUsd: null,
  }, {
    config: testConfig(),
    nowMs: NOW,
    monoMs: () => 0,
    feedUsed: opts.wsOrders ?? false,
    user: "0x00000000000000000000000000000000000000aa",
    restCapacityPerMin: 1000,
    l2BookWeight: 2,
  });
}

const inputs = (over: Partial<DecisionInputs> = {}): DecisionInputs => ({
  http429: 0,
  restBlockedForMs: 0,
  feed: null,
  postReadyInMs: () => 0,
  ...over,
});

const frame = (coin: string, mid: number): EngineEvent => ({
  type: "feed",
  event: { type: "l2Book", book: book(coin, mid * 0.9999, mid * 1.0001, NOW) },
  monoMs: 0,
});

const sends = (cs: readonly EngineCommand[]) => cs.flatMap((c) => c.type === "send" ? [c] : []);

Deno.test("decide on fresh books: one batched place for all coins, recorded as sent", () => {
  const budget = new FakeBudget();
  const s = state({ budget });
  for (const e of [frame("BTC", 100_000), frame("ETH", 3_000)]) {
    assert.deepEqual(applyEvent(s, e, NOW), []);
  }
  const out = decide(s, inputs(), NOW);
  const sent = sends(out);
  assert.equal(sent.length, 1);
  const action = sent[0]!.action;
  assert.equal(action.kind, "place");
  assert.equal(sent[0]!.via, "primary");
  // BTC quotes 2 levels a side, ETH 1.
  const places = action.kind === "place" ? action.places : [];
  assert.deepEqual(places.map((p) => p.intent.coin).sort(), [
    "BTC",
    "BTC",
    "BTC",
    "BTC",
    "ETH",
    "ETH",
  ]);
  assert.equal(s.orders.liveOrders().filter((o) => o.state === "pending").length, 6);
  assert.equal(budget.charged, 6, "the decision charged the address budget");
  assert.equal(s.stats.sent.place, 6);
  // Deciding again on the same state sends nothing new.
  assert.deepEqual(sends(decide(s, inputs(), NOW)), []);
});

Deno.test("the same events on two fresh states give the same commands (deterministic)", () => {
  const run = () => {
    const s = state();
    const out: EngineCommand[] = [];
    out.push(...applyEvent(s, frame("BTC", 100_000), NOW));
    out.push(...applyEvent(s, frame("ETH", 3_000), NOW));
    out.push(...decide(s, inputs(), NOW));
    out.push(...applyEvent(s, frame("BTC", 100_500), NOW + 10));
    out.push(...decide(s, inputs(), NOW + 10));
    return JSON.stringify(out, (_k, v) => v instanceof Map ? [...v] : v);
  };
  const a = run();
  assert.equal(a, run());
  assert.ok(a.includes('"kind":"place"'));
});

Deno.test("decide holds the changes when the WS posts would wait: nothing recorded as sent", () => {
  const budget = new FakeBudget();
  const s = state({ wsOrders: true, budget });
  applyEvent(s, { type: "feed", event: { type: "connected", reconnect: false }, monoMs: 0 }, NOW);
  applyEvent(s, frame("BTC", 100_000), NOW);
  const feed = { connected: true, lastFrameAgeMs: 0 };
  const out = decide(s, inputs({ feed, postReadyInMs: () => 40 }), NOW);
  assert.deepEqual(out.filter((c) => c.type === "hold"), [{ type: "hold", waitMs: 40 }]);
  assert.deepEqual(sends(out), []);
  assert.equal(s.orders.liveOrders().length, 0);
  assert.equal(budget.charged, 0);
  assert.equal(s.stats.heldDecisions, 1);
  // Once the posts would go out at once, the same changes go as one WS action.
  const later = sends(decide(s, inputs({ feed }), NOW + 40));
  assert.equal(later.length, 1);
  assert.equal(later[0]!.via, "ws");
});

Deno.test("a reconcile: our orphan becomes a paced cancel command, a foreign order a warning", () => {
  const s = state();
  const cloids = new CloidSource({ randomBytes: (b) => b.fill(3) });
  const order = (oid: number, cloid?: string): ExchangeOrder => ({
    coin: "BTC",
    side: "bid",
    limitPx: 99_000,
    sz: 0.001,
    origSz: 0.001,
    oid,
    timestampMs: 0,
    ...(cloid ? { cloid: cloid as ExchangeOrder["cloid"] } : {}),
  });
  const out = applyEvent(s, {
    type: "reconciled",
    reason: "housekeeping",
    asOfMs: NOW,
    open: [order(1, cloids.next()), order(2)],
    account: {
      timeMs: NOW,
      accountValue: 1000,
      totalMarginUsed: 0,
      withdrawable: 1000,
      positions: [],
    },
  }, NOW);
  const cancels = out.flatMap((c) => c.type === "cancelOrphans" ? [c] : []);
  assert.deepEqual(cancels.map((c) => c.cancels), [[{ assetId: 0, oid: 1 }]]);
  const foreign = out.flatMap((c) => c.type === "log" && c.onceKey ? [c.onceKey] : []);
  assert.deepEqual(foreign, ["foreign:2"]);
  assert.equal(s.stats.sent.cancel, 1, "the orphan cancel is charged when decided");
});

Deno.test("buying: at full widening the heartbeat buys requests within the daily cap", () => {
  const budget = new FakeBudget();
  budget.left = 800; // 300 above the reserve
  const s = createEngineState({
    assets: new Map(ASSETS.map((a) => [a.coin, a])),
    cloids: new CloidSource({ randomBytes: (b) => b.fill(5) }),
    budget,
    hasExchange: true,
    wsOrders: false,
    primaryIsRest: true,
    lossBaselineUsd: null,
  }, {
    config: testConfig({
      budget: { governor: true, horizon_min: 60, reserve: 500, max_buy_usd_per_day: 1 },
    }),
    nowMs: NOW,
    monoMs: () => 0,
    feedUsed: false,
    user: "0x00000000000000000000000000000000000000aa",
    restCapacityPerMin: 1000,
    l2BookWeight: 2,
  });
  s.governor.spent(600, NOW); // 300 left above the reserve at 600 a minute: half a minute
  decide(s, inputs(), NOW + 1_000); // the decision sets the policy: fully widened
  assert.equal(s.governor.view(budget.left, NOW + 1_000).widen, 4);
  const out = chores(s, NOW + 1_000);
  const buys = out.flatMap((c) => c.type === "reserveWeight" ? [c] : []);
  // 1 USDC a day at 0.0005 USDC a request.
  assert.deepEqual(buys, [{ type: "reserveWeight", requests: 2_000, via: "primary" }]);
  assert.equal(chores(s, NOW + 2_000).some((c) => c.type === "reserveWeight"), false, "one a min");
  const left = budget.left;
  applyEvent(s, { type: "reserved", requests: 2_000, outcome: { kind: "ok" } }, NOW + 1_100);
  assert.equal(budget.left, left + 2_000, "bought requests add to what is left");
  const refused = applyEvent(s, {
    type: "reserved",
    requests: 2_000,
    outcome: {
      kind: "rejected",
      reason: "other",
      text: "Insufficient balance",
      key: "other",
      wholeAction: true,
    },
  }, NOW + 1_200);
  assert.equal(refused.some((c) => c.type === "log" && c.level === "warn"), true);
});

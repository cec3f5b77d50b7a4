import assert from "node:assert/strict";
import type { SimExchangeCore } from "../../../src/sim/market/api.ts";
import { createSimExchangeCore } from "../../../src/sim/market/exchange_core.ts";
import { SyntheticMarket } from "../../../src/sim/market/synthetic_market.ts";
import { ALICE, ETH, type Fill, fills, info, placeOne, T0 } from "./helpers.ts";

type Book = { levels: { px: string; sz: string; n: number }[][] };

function liveCore(seed: number): SimExchangeCore {
  const core = createSimExchangeCore({ seed, startMs: T0 });
  core.fund(ALICE, 100_000);
  return core;
}

function midsAfter(seed: number, seconds: number): Record<string, string> {
  const core = createSimExchangeCore({ seed, startMs: T0 });
  core.advance(T0 + seconds * 1000);
  return info(core, { type: "allMids" });
}

Deno.test("the same seed gives the same mids; another seed differs", () => {
  const a = midsAfter(11, 30);
  assert.deepEqual(a, midsAfter(11, 30));
  assert.notDeepEqual(a, midsAfter(12, 30));
  assert.notDeepEqual(a, midsAfter(11, 0));
});

Deno.test("advancing in small or big slices gives the same market", () => {
  const sliced = createSimExchangeCore({ seed: 5, startMs: T0 });
  for (let t = 0; t <= 20_000; t += 250) sliced.advance(T0 + t);
  assert.deepEqual(info(sliced, { type: "allMids" }), midsAfter(5, 20));
});

Deno.test("background liquidity: several levels each side, never crossed, refreshed as the mid moves", () => {
  const core = liveCore(3);
  const first = info<Book>(core, { type: "l2Book", coin: "ETH" });
  assert.ok((first.levels[0]?.length ?? 0) >= 5);
  assert.ok((first.levels[1]?.length ?? 0) >= 5);
  for (let t = 100; t <= 30_000; t += 100) {
    core.advance(T0 + t);
    for (const coin of ["BTC", "ETH", "SOL", "HYPE", "DOGE", "kPEPE"]) {
      const book = info<Book>(core, { type: "l2Book", coin });
      const bid = Number(book.levels[0]?.[0]?.px);
      const ask = Number(book.levels[1]?.[0]?.px);
      assert.ok(bid < ask, `${coin} crossed at ${t}: ${bid} ${ask}`);
      const spreadBps = (ask - bid) / bid * 1e4;
      assert.ok(spreadBps < 30, `${coin} spread ${spreadBps}`);
    }
  }
  const last = info<Book>(core, { type: "l2Book", coin: "ETH" });
  assert.notDeepEqual(last.levels[0]?.[0], first.levels[0]?.[0]);
});

function quoteInsideAndWait(seed: number): Fill[] {
  const core = liveCore(seed);
  const book = info<Book>(core, { type: "l2Book", coin: "ETH" });
  const bid = Number(book.levels[0]?.[0]?.px);
  const ask = Number(book.levels[1]?.[0]?.px);
  placeOne(core, ALICE, { a: ETH, b: true, p: (bid + 0.1).toFixed(1), s: "0.01", tif: "Alo" });
  placeOne(core, ALICE, { a: ETH, b: false, p: (ask - 0.1).toFixed(1), s: "0.01", tif: "Alo" });
  for (let t = 100; t <= 60_000 && fills(core, ALICE).length === 0; t += 100) core.advance(T0 + t);
  return fills(core, ALICE);
}

Deno.test("taker flow fills a bot's resting order, deterministically for a seed", () => {
  const first = quoteInsideAndWait(21);
  assert.ok(first.length > 0, "no fill within 60 s");
  assert.equal(first[0]?.crossed, false);
  assert.equal(first[0]?.coin, "ETH");
  assert.deepEqual(quoteInsideAndWait(21), first);
});

Deno.test("the taker flow rate is configurable (0 = no trades)", () => {
  const core = createSimExchangeCore({ seed: 1, startMs: T0, takerRatePerSec: 0 });
  core.advance(T0 + 10_000);
  assert.equal(core.stats().fills ?? 0, 0);
  const busy = createSimExchangeCore({ seed: 1, startMs: T0, takerRatePerSec: 5 });
  busy.advance(T0 + 10_000);
  assert.ok(Number(busy.stats().fills) > 100);
});

Deno.test("a long jump of time is walked in one jump plus the last 10 minutes of 100 ms steps", () => {
  // Count the market's steps and jumps (a spy on the class, restored afterwards): the work is
  // bounded by the step count, not measured in wall-clock time.
  const proto = SyntheticMarket.prototype;
  const { step, jump } = proto;
  const steps: number[] = [];
  const jumps: number[] = [];
  proto.step = function (dtSec: number) {
    steps.push(dtSec);
    // Fail fast instead of walking a week in 6 million steps.
    if (steps.length > 6_000) throw new Error("more than 10 minutes of 100 ms steps");
    return step.call(this, dtSec);
  };
  proto.jump = function (dtSec: number) {
    jumps.push(dtSec);
    return jump.call(this, dtSec);
  };
  try {
    const core = createSimExchangeCore({ seed: 2, startMs: T0 });
    core.advance(T0 + 7 * 86_400_000);
    assert.equal(core.nowMs(), T0 + 7 * 86_400_000);
    assert.equal(steps.length, 6_000, "10 minutes of 100 ms steps");
    assert.ok(steps.every((dt) => dt === 0.1));
    assert.deepEqual(jumps, [7 * 86_400 - 600], "the rest of the week in one jump");
  } finally {
    proto.step = step;
    proto.jump = jump;
  }
});

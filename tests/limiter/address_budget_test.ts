import assert from "node:assert/strict";
import fc from "fast-check";
import { ManualClock } from "../../src/core/clock.ts";
import { AddressRequestBudget } from "../../src/limiter/address_budget.ts";

Deno.test("remaining is 10000 + floor(cumulative volume) - requests used", () => {
  const cases = [
    { cumVolumeUsd: 0, used: 0, expect: 10_000 },
    { cumVolumeUsd: 0, used: 10_000, expect: 0 },
    { cumVolumeUsd: 1234.99, used: 34, expect: 11_200 },
    { cumVolumeUsd: 0, used: 10_005, expect: -5 },
  ];
  for (const { cumVolumeUsd, used, expect } of cases) {
    assert.equal(new AddressRequestBudget({ cumVolumeUsd, used }).remaining(), expect);
  }
});

Deno.test("a batch of n orders or cancels costs n; volume adds 1 per USDC", () => {
  const budget = new AddressRequestBudget();
  budget.charge(1);
  budget.charge(40);
  budget.charge(0);
  assert.equal(budget.remaining(), 10_000 - 41);
  budget.addVolume(99.5);
  budget.addVolume(0.5);
  assert.equal(budget.remaining(), 10_000 - 41 + 100);
  assert.throws(() => budget.charge(-1), RangeError);
  assert.throws(() => budget.charge(1.5), RangeError);
});

Deno.test("sync uses nRequestsCap - nRequestsUsed + nRequestsSurplus", () => {
  const cases = [
    // The documentation's example answer.
    {
      limit: {
        cumVlm: 2854574.593578,
        nRequestsUsed: 2890,
        nRequestsCap: 2864574,
        nRequestsSurplus: 0,
      },
      expect: 2864574 - 2890,
    },
    // Reserved requests not yet used add to what is left.
    {
      limit: { cumVlm: 0, nRequestsUsed: 0, nRequestsCap: 10_000, nRequestsSurplus: 500 },
      expect: 10_500,
    },
    // Over the limit.
    {
      limit: { cumVlm: 87457.46, nRequestsUsed: 97460, nRequestsCap: 97457, nRequestsSurplus: 0 },
      expect: -3,
    },
  ];
  for (const { limit, expect } of cases) {
    const budget = new AddressRequestBudget({ used: 123 });
    budget.charge(7);
    budget.sync(limit);
    assert.equal(budget.remaining(), expect);
    budget.charge(3);
    assert.equal(budget.remaining(), expect - 3);
    budget.addVolume(10);
    assert.equal(budget.remaining(), expect - 3 + 10);
  }
});

Deno.test("cancels keep min(limit + 100000, 2 * limit) in all", () => {
  const small = new AddressRequestBudget({ used: 10_000 });
  assert.equal(small.remaining(), 0);
  assert.equal(small.remainingForCancels(), 10_000);
  const big = new AddressRequestBudget({ cumVolumeUsd: 1_000_000, used: 1_010_000 });
  assert.equal(big.remaining(), 0);
  assert.equal(big.remainingForCancels(), 100_000);
});

Deno.test("throttled: one request per 10 s after the last one sent", () => {
  const clock = new ManualClock(1_000_000);
  const budget = new AddressRequestBudget({ used: 9_998, clock });
  assert.deepEqual(budget.throttle(), { throttled: false, nextAllowedAtMs: 1_000_000, waitMs: 0 });
  assert.equal(budget.throttle(3).throttled, true);
  budget.charge(2);
  assert.equal(budget.remaining(), 0);
  assert.deepEqual(budget.throttle(), {
    throttled: true,
    nextAllowedAtMs: 1_010_000,
    waitMs: 10_000,
  });
  clock.advance(4_000);
  assert.deepEqual(budget.throttle(), {
    throttled: true,
    nextAllowedAtMs: 1_010_000,
    waitMs: 6_000,
  });
  clock.advance(6_000);
  assert.deepEqual(budget.throttle(), {
    throttled: true,
    nextAllowedAtMs: 1_010_000,
    waitMs: 0,
  });
  budget.charge(1);
  assert.equal(budget.throttle().nextAllowedAtMs, 1_020_000);
});

Deno.test("throttled with no request sent yet may send now", () => {
  const clock = new ManualClock(5_000);
  const budget = new AddressRequestBudget({ used: 20_000, clock });
  assert.deepEqual(budget.throttle(), { throttled: true, nextAllowedAtMs: 5_000, waitMs: 0 });
});

Deno.test("property: after sync, charges and volume add up exactly", () => {
  fc.assert(
    fc.property(
      fc.record({
        cumVlm: fc.double({ min: 0, max: 1e9, noNaN: true }),
        nRequestsUsed: fc.nat(1_000_000),
        nRequestsSurplus: fc.nat(1_000),
      }),
      fc.array(fc.nat(200), { maxLength: 50 }),
      (raw, charges) => {
        const nRequestsCap = 10_000 + Math.floor(raw.cumVlm);
        const budget = new AddressRequestBudget();
        budget.sync({ ...raw, nRequestsCap });
        const start = nRequestsCap - raw.nRequestsUsed + raw.nRequestsSurplus;
        assert.equal(budget.remaining(), start);
        for (const n of charges) budget.charge(n);
        assert.equal(budget.remaining(), start - charges.reduce((a, b) => a + b, 0));
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("invalid sync figures are refused", () => {
  const budget = new AddressRequestBudget();
  assert.throws(
    () =>
      budget.sync({
        cumVlm: Number.NaN,
        nRequestsUsed: 0,
        nRequestsCap: 10_000,
        nRequestsSurplus: 0,
      }),
    /cumVlm/,
  );
  assert.equal(budget.remaining(), 10_000);
});

import assert from "node:assert/strict";
import type { BudgetConfig } from "../../../src/core/config.ts";
import { BudgetGovernor, MAX_WIDEN } from "../../../src/engine/budget/budget_governor.ts";
import { RollingSum } from "../../../src/engine/budget/rolling_sum.ts";

const CFG: BudgetConfig = { governor: true, horizonMin: 60, reserve: 500, maxBuyUsdPerDay: 0 };
const T0 = 1_700_000_000_000;

/** `n` urgent changes (admitted one by one while the allowance lasts). */
const urgent = (n: number) => Array.from({ length: n }, () => ({ rank: 1 }));

const governor = (cfg: Partial<BudgetConfig> = {}, quoteSlots = 40) =>
  new BudgetGovernor({ ...CFG, ...cfg }, { quoteSlots, nowMs: T0 });

Deno.test("RollingSum: sums the trailing minute by event time", () => {
  const r = new RollingSum();
  r.add(5, T0);
  r.add(7, T0 + 30_000);
  assert.equal(r.sum(T0 + 30_000), 12);
  assert.equal(r.sum(T0 + 60_000), 7, "the first second left the window");
  assert.equal(r.sum(T0 + 200_000), 0);
});

Deno.test("governor: the sustainable rate is headroom over the horizon plus what fills earn", () => {
  const cases: { remaining: number; earnUsd: number; rate: number }[] = [
    { remaining: 6_500, earnUsd: 0, rate: 100 }, // (6500 - 500) / 60
    { remaining: 6_500, earnUsd: 250, rate: 350 },
    { remaining: 400, earnUsd: 0, rate: 0 }, // below the reserve: nothing but earnings
    { remaining: 400, earnUsd: 30, rate: 30 },
  ];
  for (const c of cases) {
    const g = governor();
    if (c.earnUsd > 0) g.earned(c.earnUsd, T0);
    assert.equal(g.ratePerMin(c.remaining, T0 + 1_000), c.rate, JSON.stringify(c));
  }
});

Deno.test("governor: the allowance starts at one full refresh and refills at the rate", () => {
  const g = governor({}, 40);
  const remaining = 6_500; // 100 a minute
  const admitted = g.select(urgent(100), remaining, T0).length;
  assert.equal(admitted, 40, "one full refresh of 40 quote slots");
  g.spent(admitted, T0);
  assert.equal(g.select(urgent(1), remaining, T0).length, 0, "nothing left at once");
  // 6 s at 100/min refill 10 requests.
  assert.equal(g.select(urgent(100), remaining, T0 + 6_000).length, 10);
  assert.ok(g.view(remaining, T0 + 6_000).deferred >= 2, "refusals are counted as deferred");
});

Deno.test("governor: other actions never take the budget below the reserve", () => {
  const g = governor({}, 40);
  // 505 left: 5 above the reserve of 500.
  assert.equal(g.select(urgent(100), 505, T0).length, 5);
});

Deno.test("governor: widens as the forecast time to the reserve falls, thins at full widening", () => {
  const cases: { spendPerMin: number; earnPerMin: number; widen: number; maxLevels: null | 1 }[] = [
    { spendPerMin: 0, earnPerMin: 0, widen: 1, maxLevels: null },
    { spendPerMin: 50, earnPerMin: 0, widen: 1, maxLevels: null }, // 120 min left of 60
    { spendPerMin: 200, earnPerMin: 0, widen: 2, maxLevels: null }, // 30 min left
    { spendPerMin: 200, earnPerMin: 150, widen: 1, maxLevels: null }, // net 50/min
    { spendPerMin: 1_000, earnPerMin: 0, widen: MAX_WIDEN, maxLevels: 1 }, // 6 min left
  ];
  for (const c of cases) {
    const g = governor();
    g.spent(c.spendPerMin, T0);
    g.earned(c.earnPerMin, T0);
    // 6000 above the reserve.
    assert.deepEqual(
      g.policy(6_500, T0 + 1_000),
      { widen: c.widen, maxLevels: c.maxLevels },
      JSON.stringify(c),
    );
  }
  assert.deepEqual(
    governor().policy(500, T0),
    { widen: MAX_WIDEN, maxLevels: 1 },
    "at the reserve",
  );
});

Deno.test("governor off: everything is admitted and nothing widens", () => {
  const g = governor({ governor: false });
  g.spent(10_000, T0);
  assert.equal(g.select(urgent(1_000), 0, T0).length, 1_000);
  assert.deepEqual(g.policy(0, T0), { widen: 1, maxLevels: null });
});

Deno.test("governor: buys only at full widening, within the daily cap, one purchase a minute", () => {
  const g = governor({ maxBuyUsdPerDay: 2 }); // 4000 requests a day
  g.spent(1_000, T0);
  assert.equal(g.toBuy(6_500, T0), 0, "no purchase before the policy says full widening");
  g.policy(6_500, T0);
  assert.equal(g.toBuy(6_500, T0), 4_000);
  g.bought(4_000, T0);
  assert.equal(g.toBuy(6_500, T0 + 120_000), 0, "the day's cap is spent");
  assert.equal(g.view(6_500, T0).boughtUsdLastDay, 2);
  assert.equal(g.toBuy(6_500, T0 + 86_400_000 + 1), 0, "the spend rate fell out of its window");
  const never = governor();
  never.spent(1_000, T0);
  never.policy(6_500, T0);
  assert.equal(never.toBuy(6_500, T0), 0, "max_buy_usd_per_day 0: never");
});

Deno.test("governor: the thinned ladder fills again only once the widening is under half", () => {
  const g = governor();
  g.spent(1_000, T0);
  assert.equal(g.policy(6_500, T0).maxLevels, 1); // 6 min left of 60
  g.earned(700, T0); // net 300/min: 20 min left, widen 3
  assert.deepEqual(g.policy(6_500, T0), { widen: 3, maxLevels: 1 }, "still thinned at 3x");
  g.earned(200, T0); // net 100/min: 60 min left, widen 1
  assert.deepEqual(g.policy(6_500, T0), { widen: 1, maxLevels: null });
});

Deno.test("governor: urgent changes while the allowance lasts, the others only as a batch", () => {
  const ranked = (urgent: number, other: number) => [
    ...Array.from({ length: urgent }, (_, i) => ({ id: `u${i}`, rank: 1 })),
    ...Array.from({ length: other }, (_, i) => ({ id: `o${i}`, rank: 2 + (i % 2) })),
  ];
  const cases: { spent: number; urgent: number; other: number; want: number; deferred: number }[] =
    [
      { spent: 0, urgent: 3, other: 5, want: 8, deferred: 0 }, // room 40: everything
      { spent: 38, urgent: 3, other: 5, want: 2, deferred: 6 }, // room 2: urgent only, no trickle
      { spent: 29, urgent: 0, other: 3, want: 3, deferred: 0 }, // room 11: all 3 pending go
      { spent: 30, urgent: 1, other: 12, want: 10, deferred: 3 }, // room 10: 1 + a batch of 9
      { spent: 35, urgent: 0, other: 12, want: 0, deferred: 12 }, // room 5 < a batch of 8
    ];
  for (const c of cases) {
    const g = governor({}, 40);
    g.spent(c.spent, T0);
    const out = g.select(ranked(c.urgent, c.other), 6_500, T0);
    assert.equal(out.length, c.want, JSON.stringify(c));
    assert.ok(out.slice(0, Math.min(c.urgent, c.want)).every((x) => x.rank === 1), "urgent first");
    assert.equal(g.view(6_500, T0).deferred, c.deferred, JSON.stringify(c));
  }
});

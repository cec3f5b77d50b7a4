import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import { LaneLimiter } from "../../src/limiter/lane_limiter.ts";
import { advancingSleeper } from "./_fakes.ts";

const never = new AbortController().signal;

function makeLimiter(capacityPerMin = 1000) {
  const clock = new ManualClock();
  const sleeps: number[] = [];
  const limiter = new LaneLimiter({
    capacityPerMin,
    clock,
    sleep: advancingSleeper(clock, sleeps),
    random: () => 0.999,
  });
  return { limiter, clock, sleeps };
}

Deno.test("a priority request is not held by the long 429 backoff of normal requests", async () => {
  const { limiter, clock } = makeLimiter();
  for (let i = 0; i < 7; i++) limiter.on429(); // backoff of normal requests: ~60 s
  assert.ok(limiter.blockedForMs() > 30_000);
  const t0 = clock.monoMs();
  await limiter.acquire(1, never, "priority");
  assert.ok(clock.monoMs() - t0 <= 2_000, `priority waited ${clock.monoMs() - t0} ms`);
  await limiter.acquire(1, never, "normal");
  assert.ok(clock.monoMs() - t0 > 30_000, "the normal request did not wait for the backoff");
  assert.equal(limiter.total429s, 7);
});

Deno.test("the reserved share stays free: normal traffic cannot take the whole capacity", () => {
  const { limiter } = makeLimiter(1000);
  assert.equal(limiter.tryAcquire(900), true);
  assert.equal(limiter.tryAcquire(1), false);
  // The final check (weight 20) and cancels still have their share.
  let got = 0;
  void limiter.acquire(20, never, "priority").then(() => got++);
  return Promise.resolve().then(() => {
    assert.equal(got, 1);
    assert.equal(limiter.usedLastMinute(), 920);
  });
});

Deno.test("together the lanes never exceed the capacity in a minute", async () => {
  const { limiter, clock } = makeLimiter(1000);
  while (limiter.tryAcquire(10)) { /* the normal share: 900 */ }
  const t0 = clock.monoMs();
  for (let i = 0; i < 10; i++) await limiter.acquire(10, never, "priority");
  assert.equal(clock.monoMs(), t0, "the reserved share was not there at once");
  assert.equal(limiter.usedLastMinute(), 1000);
  assert.equal(limiter.tryAcquire(1), false);
  assert.equal(limiter.totalWeightTaken, 1000);
});

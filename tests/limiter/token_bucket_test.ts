import assert from "node:assert/strict";
import fc from "fast-check";
import { ManualClock } from "../../src/core/clock.ts";
import { TokenBucket, type TokenBucketOptions, WINDOW_MS } from "../../src/limiter/token_bucket.ts";
import { advancingSleeper, ParkedSleeper, settle } from "./_fakes.ts";

const never = new AbortController().signal;

interface Take {
  readonly weight: number;
  readonly atMs: number;
}

function makeBucket(
  capacityPerMin: number,
  extra: Partial<TokenBucketOptions> = {},
): { bucket: TokenBucket; clock: ManualClock; sleeps: number[]; takes: Take[] } {
  const clock = new ManualClock();
  const sleeps: number[] = [];
  const takes: Take[] = [];
  const bucket = new TokenBucket({
    capacityPerMin,
    clock,
    sleep: advancingSleeper(clock, sleeps),
    onTake: (weight, atMs) => takes.push({ weight, atMs }),
    ...extra,
  });
  return { bucket, clock, sleeps, takes };
}

/** Largest weight taken in any window [t, t + 60000). */
function maxWindowWeight(takes: readonly Take[]): number {
  let max = 0;
  for (let i = 0; i < takes.length; i++) {
    let sum = 0;
    for (let j = i; j < takes.length && takes[j]!.atMs < takes[i]!.atMs + WINDOW_MS; j++) {
      sum += takes[j]!.weight;
    }
    max = Math.max(max, sum);
  }
  return max;
}

Deno.test("the bucket starts full: the whole capacity can be taken at once, then nothing", () => {
  const { bucket } = makeBucket(1000);
  assert.equal(bucket.availableTokens(), 1000);
  assert.equal(bucket.tryAcquire(1000), true);
  assert.equal(bucket.tryAcquire(1), false);
  assert.equal(bucket.usedLastMinute(), 1000);
  assert.equal(bucket.totalWeightTaken, 1000);
});

Deno.test("refill is exactly capacity/60000 tokens per ms", () => {
  const cases = [
    { capacity: 600, waitMs: 100, weight: 1 },
    { capacity: 600, waitMs: 2_000, weight: 20 },
    { capacity: 1200, waitMs: 50, weight: 1 },
    { capacity: 1000, waitMs: 120, weight: 2 },
    { capacity: 60, waitMs: 60_000, weight: 60 },
  ];
  for (const { capacity, waitMs, weight } of cases) {
    const { bucket, clock } = makeBucket(capacity, { windowGuard: false });
    assert.equal(bucket.tryAcquire(capacity), true);
    clock.advance(waitMs - 1);
    assert.equal(bucket.tryAcquire(weight), false, `cap ${capacity} w ${weight} early`);
    assert.ok(Math.abs(bucket.availableTokens() - (capacity * (waitMs - 1)) / WINDOW_MS) < 1e-9);
    clock.advance(1);
    assert.equal(bucket.tryAcquire(weight), true, `cap ${capacity} w ${weight} on time`);
  }
});

Deno.test("acquire on an empty bucket sleeps exactly until the weight has refilled", async () => {
  const cases = [
    { capacity: 600, weight: 1, expectMs: 100 },
    { capacity: 600, weight: 7, expectMs: 700 },
    { capacity: 1200, weight: 20, expectMs: 1_000 },
    { capacity: 1000, weight: 3, expectMs: 180 },
    { capacity: 7, weight: 1, expectMs: 8_572 }, // 60000/7 = 8571.43, rounded up
  ];
  for (const { capacity, weight, expectMs } of cases) {
    const { bucket, clock } = makeBucket(capacity, { windowGuard: false });
    assert.equal(bucket.tryAcquire(capacity), true);
    const start = clock.monoMs();
    await bucket.acquire(weight, never);
    assert.equal(clock.monoMs() - start, expectMs, `cap ${capacity} weight ${weight}`);
  }
});

Deno.test("refill never goes above the capacity", () => {
  const { bucket, clock } = makeBucket(100);
  clock.advance(10 * WINDOW_MS);
  assert.equal(bucket.availableTokens(), 100);
});

Deno.test("the window guard holds a request until the trailing 60 s has room", async () => {
  const { bucket, clock } = makeBucket(600);
  assert.equal(bucket.tryAcquire(600), true);
  clock.advance(30_000);
  // The bucket has refilled 300 tokens, but the trailing minute is full.
  assert.equal(bucket.availableTokens(), 300);
  assert.equal(bucket.tryAcquire(1), false);
  const start = clock.monoMs();
  await bucket.acquire(1, never);
  assert.equal(clock.monoMs(), start + 30_000);
  assert.equal(bucket.usedLastMinute(), 1);
});

Deno.test("usedLastMinute counts the trailing 60 s; a take at t stops counting at t+60000", () => {
  const { bucket, clock } = makeBucket(1000);
  assert.equal(bucket.tryAcquire(10), true);
  clock.advance(20_000);
  assert.equal(bucket.tryAcquire(5), true);
  clock.advance(39_999);
  assert.equal(bucket.usedLastMinute(), 15);
  clock.advance(1);
  assert.equal(bucket.usedLastMinute(), 5);
  clock.advance(20_000);
  assert.equal(bucket.usedLastMinute(), 0);
});

Deno.test("a weight above the capacity, negative or NaN is refused with a clear error", async () => {
  const { bucket } = makeBucket(100);
  await assert.rejects(bucket.acquire(101, never), /exceeds the limiter capacity of 100/);
  assert.throws(() => bucket.tryAcquire(101), RangeError);
  await assert.rejects(bucket.acquire(-1, never), RangeError);
  await assert.rejects(bucket.acquire(Number.NaN, never), RangeError);
  assert.equal(bucket.totalWeightTaken, 0);
});

Deno.test("waiters are served first come first served: a big request is not starved", async () => {
  const { bucket } = makeBucket(60, { windowGuard: false });
  assert.equal(bucket.tryAcquire(60), true);
  const order: string[] = [];
  const requests = [
    bucket.acquire(50, never).then(() => order.push("big")),
    bucket.acquire(1, never).then(() => order.push("small1")),
    bucket.acquire(1, never).then(() => order.push("small2")),
  ];
  // Tokens become available for the small ones long before the big one, but they must queue.
  assert.equal(bucket.tryAcquire(1), false);
  await Promise.all(requests);
  assert.deepEqual(order, ["big", "small1", "small2"]);
});

Deno.test("tryAcquire does not jump the queue while someone waits", async () => {
  const clock = new ManualClock();
  const sleeper = new ParkedSleeper(clock);
  const bucket = new TokenBucket({ capacityPerMin: 60, clock, sleep: sleeper.sleep });
  assert.equal(bucket.tryAcquire(55), true);
  const big = bucket.acquire(10, never);
  await settle();
  assert.equal(bucket.stats().waiters, 1);
  assert.equal(bucket.availableTokens(), 5);
  assert.equal(bucket.tryAcquire(1), false);
  sleeper.wakeAll();
  await big;
  assert.equal(bucket.stats().waiters, 0);
});

Deno.test("aborting the waiting head rejects with the reason and lets the next one go", async () => {
  const clock = new ManualClock();
  const sleeper = new ParkedSleeper(clock);
  const bucket = new TokenBucket({
    capacityPerMin: 60,
    clock,
    sleep: sleeper.sleep,
    windowGuard: false,
  });
  assert.equal(bucket.tryAcquire(60), true);
  const a = new AbortController();
  const first = bucket.acquire(50, a.signal);
  const second = bucket.acquire(1, never);
  await settle();
  assert.deepEqual(sleeper.calls, [50_000]);
  const reason = new Error("stop");
  a.abort(reason);
  await assert.rejects(first, (e) => e === reason);
  await settle();
  // The second one is now the head and waits only for its own token.
  assert.deepEqual(sleeper.calls, [50_000, 1_000]);
  sleeper.wakeAll();
  await second;
  assert.equal(bucket.totalWeightTaken, 61);
  assert.equal(bucket.stats().waiters, 0);
});

Deno.test("aborting a queued waiter frees its place without taking tokens", async () => {
  const clock = new ManualClock();
  const sleeper = new ParkedSleeper(clock);
  const bucket = new TokenBucket({
    capacityPerMin: 60,
    clock,
    sleep: sleeper.sleep,
    windowGuard: false,
  });
  assert.equal(bucket.tryAcquire(60), true);
  const head = bucket.acquire(2, never);
  const b = new AbortController();
  const queued = bucket.acquire(5, b.signal);
  const last = bucket.acquire(1, never);
  await settle();
  assert.equal(bucket.stats().waiters, 3);
  b.abort();
  await assert.rejects(queued);
  assert.equal(bucket.stats().waiters, 2);
  sleeper.wakeAll();
  await head;
  await settle();
  sleeper.wakeAll();
  await last;
  assert.equal(bucket.totalWeightTaken, 63);
  assert.equal(clock.monoMs(), 3_000);
});

Deno.test("an already aborted signal rejects at once and takes nothing", async () => {
  const { bucket } = makeBucket(60);
  const reason = new Error("gone");
  await assert.rejects(bucket.acquire(1, AbortSignal.abort(reason)), (e) => e === reason);
  assert.equal(bucket.totalWeightTaken, 0);
});

Deno.test("on429 drains the bucket and honours Retry-After before refilling", async () => {
  const { bucket, clock } = makeBucket(60, { windowGuard: false });
  assert.equal(bucket.tryAcquire(1), true);
  bucket.on429(5_000);
  assert.equal(bucket.availableTokens(), 0);
  assert.equal(bucket.total429s, 1);
  assert.equal(bucket.stats().blockedForMs, 5_000);
  clock.advance(4_999);
  assert.equal(bucket.availableTokens(), 0);
  assert.equal(bucket.tryAcquire(1), false);
  const start = clock.monoMs();
  await bucket.acquire(1, never);
  // 1 ms left of the block, then one token at 1 per second from empty.
  assert.equal(clock.monoMs() - start, 1 + 1_000);
});

Deno.test("on429 without Retry-After backs off exponentially with jitter, capped", () => {
  const cases = [
    { random: 0, expect: [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000] },
    { random: 0.5, expect: [750, 1_500, 3_000, 6_000, 12_000, 24_000, 45_000, 45_000] },
  ];
  for (const { random, expect } of cases) {
    const { bucket, clock } = makeBucket(60, { random: () => random });
    const got: number[] = [];
    for (let i = 0; i < expect.length; i++) {
      bucket.on429();
      const blocked = bucket.stats().blockedForMs;
      got.push(blocked);
      clock.advance(blocked); // the next 429 comes right after the backoff ends
    }
    assert.deepEqual(got, expect);
    assert.equal(bucket.total429s, expect.length);
    assert.equal(bucket.stats().consecutive429s, expect.length);
  }
});

Deno.test("the consecutive 429 count resets after a quiet period", () => {
  const { bucket, clock } = makeBucket(60, {
    random: () => 0,
    backoff: { baseMs: 1_000, maxMs: 60_000, resetAfterMs: 30_000 },
  });
  bucket.on429();
  clock.advance(500);
  bucket.on429();
  assert.equal(bucket.stats().blockedForMs, 1_000);
  clock.advance(1_000 + 29_999);
  bucket.on429();
  assert.equal(bucket.stats().consecutive429s, 3);
  assert.equal(bucket.stats().blockedForMs, 2_000);
  clock.advance(2_000 + 30_000);
  bucket.on429();
  assert.equal(bucket.stats().consecutive429s, 1);
  assert.equal(bucket.stats().blockedForMs, 500);
  assert.equal(bucket.total429s, 4);
});

Deno.test("a waiter already sleeping is held by a 429 that arrives meanwhile", async () => {
  const clock = new ManualClock();
  const sleeper = new ParkedSleeper(clock);
  const bucket = new TokenBucket({
    capacityPerMin: 60,
    clock,
    sleep: sleeper.sleep,
    windowGuard: false,
  });
  assert.equal(bucket.tryAcquire(60), true);
  let done = false;
  const waiting = bucket.acquire(1, never).then(() => done = true);
  await settle();
  bucket.on429(10_000);
  sleeper.wakeAll(); // wakes at 1000 ms, still blocked
  await settle();
  assert.equal(done, false);
  assert.deepEqual(sleeper.calls, [1_000, 10_000]);
  sleeper.wakeAll();
  await waiting;
  // Blocked until 10 s, then one token from empty at 1 per second.
  assert.equal(clock.monoMs(), 11_000);
});

Deno.test("charge records weight spent after the fact; the bucket may go negative", async () => {
  const { bucket, clock } = makeBucket(60, { windowGuard: false });
  assert.equal(bucket.tryAcquire(60), true);
  bucket.charge(30);
  assert.equal(bucket.availableTokens(), -30);
  assert.equal(bucket.totalWeightTaken, 90);
  await bucket.acquire(1, never);
  assert.equal(clock.monoMs(), 31_000);
});

Deno.test("property: with the window guard no 60 s window holds more than the capacity", async () => {
  const batch = fc.record({
    gapMs: fc.integer({ min: 0, max: 90_000 }),
    weights: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 40, max: 200 }),
      fc.array(batch, { minLength: 1, maxLength: 25 }),
      fc.boolean(),
      async (capacity, batches, withTry) => {
        const { bucket, clock, takes } = makeBucket(capacity);
        let requested = 0;
        for (const { gapMs, weights } of batches) {
          clock.advance(gapMs);
          if (withTry) bucket.tryAcquire(weights[0]!);
          await Promise.all(weights.map((w) => bucket.acquire(w, never)));
          requested += weights.reduce((a, b) => a + b, 0);
        }
        assert.ok(maxWindowWeight(takes) <= capacity);
        assert.ok(bucket.totalWeightTaken >= requested);
        assert.equal(bucket.stats().waiters, 0);
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("property: without the guard takes stay inside the bucket envelope", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 20, max: 300 }),
      fc.array(
        fc.record({
          gapMs: fc.integer({ min: 0, max: 20_000 }),
          weight: fc.integer({ min: 1, max: 20 }),
        }),
        { minLength: 1, maxLength: 40 },
      ),
      async (capacity, requests) => {
        const { bucket, clock, takes } = makeBucket(capacity, { windowGuard: false });
        for (const { gapMs, weight } of requests) {
          clock.advance(gapMs);
          await bucket.acquire(weight, never);
        }
        // Starting full: any run of takes from t_i to t_j holds at most C + C (t_j - t_i) / 60 s.
        for (let i = 0; i < takes.length; i++) {
          let sum = 0;
          for (let j = i; j < takes.length; j++) {
            sum += takes[j]!.weight;
            const allowance = capacity + (capacity * (takes[j]!.atMs - takes[i]!.atMs)) / WINDOW_MS;
            assert.ok(sum <= allowance + 1e-9, `${sum} > ${allowance}`);
          }
        }
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("property: concurrent waiters complete in arrival order", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 2, maxLength: 30 }),
      fc.boolean(),
      async (weights, windowGuard) => {
        const { bucket } = makeBucket(60, { windowGuard });
        bucket.tryAcquire(60);
        const order: number[] = [];
        await Promise.all(
          weights.map((w, i) => bucket.acquire(w, never).then(() => order.push(i))),
        );
        assert.deepEqual(order, weights.map((_, i) => i));
      },
    ),
    { numRuns: 100 },
  );
});

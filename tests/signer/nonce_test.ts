import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import type { Clock } from "../../src/core/clock.ts";
import { NonceSource } from "../../src/signer/nonce.ts";

Deno.test("NonceSource follows the clock and never repeats within a millisecond", () => {
  const clock = new ManualClock(1_700_000_000_000);
  const nonces = new NonceSource(clock);
  assert.equal(nonces.next(), 1_700_000_000_000);
  assert.equal(nonces.next(), 1_700_000_000_001);
  assert.equal(nonces.next(), 1_700_000_000_002);
  clock.advance(10);
  assert.equal(nonces.next(), 1_700_000_000_010);
});

Deno.test("NonceSource stays strictly increasing when the clock goes backwards", () => {
  const clock = new ManualClock(1_700_000_000_000);
  const nonces = new NonceSource(clock);
  assert.equal(nonces.next(), 1_700_000_000_000);
  clock.set(1_699_999_990_000);
  assert.equal(nonces.next(), 1_700_000_000_001);
  clock.set(1_700_000_000_500);
  assert.equal(nonces.next(), 1_700_000_000_500);
});

Deno.test("NonceSource floors fractional clocks and survives a NaN clock", () => {
  let nowMs = 1_700_000_000_000.7;
  const clock: Clock = { nowMs: () => nowMs, monoMs: () => 0 };
  const nonces = new NonceSource(clock);
  assert.equal(nonces.next(), 1_700_000_000_000);
  nowMs = Number.NaN;
  assert.equal(nonces.next(), 1_700_000_000_001);
});

Deno.test("NonceSource hands many concurrent async callers distinct increasing nonces while the clock jumps back and forth", async () => {
  let step = 0;
  // A clock that wobbles: forwards, backwards by up to 3 s, sometimes stalled.
  const clock: Clock = {
    nowMs: () => 1_700_000_000_000 + ((step++ * 7919) % 5000) - 3000,
    monoMs: () => 0,
  };
  const nonces = new NonceSource(clock);
  const callers = 200;
  const perCaller = 20;
  const issued: number[] = [];
  const results = await Promise.all(
    Array.from({ length: callers }, async (_, id) => {
      const mine: number[] = [];
      for (let i = 0; i < perCaller; i++) {
        // interleave callers at random points, as requests awaiting I/O would
        if ((id + i) % 3 === 0) await Promise.resolve();
        else if ((id + i) % 3 === 1) await new Promise<void>((r) => queueMicrotask(r));
        const n = nonces.next();
        issued.push(n);
        mine.push(n);
      }
      return mine;
    }),
  );
  const all = results.flat();
  assert.equal(new Set(all).size, callers * perCaller, "no duplicates");
  for (let i = 1; i < issued.length; i++) {
    assert.ok(issued[i]! > issued[i - 1]!, `issue order strictly increasing at ${i}`);
  }
  for (const mine of results) {
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i]! > mine[i - 1]!);
  }
});

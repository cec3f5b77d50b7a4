import assert from "node:assert/strict";
import { parseLatency, sampleLatency } from "../../src/backtest/latency_model.ts";
import { seededRandom } from "../../src/util/seeded_random.ts";

Deno.test("a constant latency is always the same", () => {
  assert.equal(parseLatency("40"), 40);
  assert.equal(sampleLatency(40, Math.random), 40);
});

Deno.test("a percentile table samples inside its range, near the table's p50 and p90, deterministically", () => {
  const spec = parseLatency("90:60,50:30,99:120");
  assert.deepEqual(spec, [[50, 30], [90, 60], [99, 120]]);
  const draw = (seed: number) => {
    const r = seededRandom(seed);
    return Array.from({ length: 10_000 }, () => sampleLatency(spec, r));
  };
  const xs = draw(3);
  assert.deepEqual(xs, draw(3));
  assert.ok(xs.every((x) => x >= 30 && x <= 120));
  const sorted = [...xs].sort((a, b) => a - b);
  assert.ok(Math.abs(sorted[5000]! - 30) < 1, `median ${sorted[5000]}`);
  assert.ok(Math.abs(sorted[9000]! - 60) < 2, `p90 ${sorted[9000]}`);
  assert.throws(() => parseLatency("50:-1"));
});

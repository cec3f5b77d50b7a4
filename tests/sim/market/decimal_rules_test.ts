import assert from "node:assert/strict";
import fc from "fast-check";
import {
  formatUnits,
  parsePrice,
  parseSize,
  roundPrice,
  tickAt,
} from "../../../src/sim/market/decimal.ts";

Deno.test("price rules of the reference examples", () => {
  const valid = (p: string, sz: number) => parsePrice(p, sz).ok;
  assert.ok(valid("1234.5", 0));
  assert.ok(!valid("1234.56", 0));
  assert.ok(valid("0.001234", 0));
  assert.ok(!valid("0.0012345", 0));
  assert.ok(valid("0.01234", 1));
  assert.ok(!valid("0.012345", 1));
  assert.ok(valid("123456", 5));
  assert.ok(!valid("12345.6", 5));
  assert.ok(valid("2000.0", 4));
  assert.deepEqual(parsePrice("12345.6", 5), { ok: false, reason: "tick" });
  assert.deepEqual(parsePrice("1e5", 0), { ok: false, reason: "invalid" });
  assert.deepEqual(parsePrice("0.0", 0), { ok: false, reason: "invalid" });
  assert.deepEqual(parsePrice("100000.5", 5), { ok: false, reason: "tick" });
  assert.deepEqual(parsePrice("100000", 5), { ok: true, units: 1_000_000 });
});

Deno.test("size rules: at most szDecimals decimals", () => {
  assert.deepEqual(parseSize("1.001", 3), { ok: true, lots: 1001 });
  assert.deepEqual(parseSize("1.0001", 3), { ok: false, reason: "invalid" });
  assert.deepEqual(parseSize("1.0010", 3), { ok: true, lots: 1001 });
  assert.deepEqual(parseSize("0.000", 3), { ok: false, reason: "zero" });
  assert.deepEqual(parseSize("5", 0), { ok: true, lots: 5 });
});

Deno.test("formatting keeps the exchange's style", () => {
  assert.equal(formatUnits(1_133_770, 1), "113377.0");
  assert.equal(formatUnits(1_133_770, 1, "wire"), "113377");
  assert.equal(formatUnits(0, 4), "0.0");
  assert.equal(formatUnits(-2000, 4), "-0.2");
  assert.equal(formatUnits(5, 6), "0.000005");
});

Deno.test("prices rounded by roundPrice are always valid prices", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e-5, max: 2e6, noNaN: true }),
      fc.integer({ min: 0, max: 5 }),
      fc.boolean(),
      (px, szDecimals, up) => {
        const decimals = 6 - szDecimals;
        const units = roundPrice(px, decimals, up ? "up" : "down");
        const text = formatUnits(units, decimals, "wire");
        const parsed = parsePrice(text, szDecimals);
        return parsed.ok && parsed.units === units && units % tickAt(units, decimals) === 0;
      },
    ),
    { numRuns: 300 },
  );
});

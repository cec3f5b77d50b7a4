import assert from "node:assert/strict";
import { priceTick } from "../../../src/engine/strategy/price_tick.ts";
import { notionalAtLeast } from "../../../src/engine/strategy/decimal_notional.ts";

const cases: Array<[number, number, number]> = [
  // px, szDecimals, tick
  [113_377, 5, 1],
  [10_000, 4, 1],
  [9_999, 4, 0.1],
  [1_234.5, 2, 0.1],
  [100, 2, 0.01],
  [1, 0, 0.0001],
  [0.5, 0, 0.00001],
  [0.001234, 0, 0.000001],
  [0.01234, 1, 0.00001],
  [0.5, 5, 0.1],
];

for (const [px, szDecimals, tick] of cases) {
  Deno.test(`priceTick: ${px} with szDecimals ${szDecimals} -> ${tick}`, () => {
    assert.ok(Math.abs(priceTick(px, szDecimals) - tick) < tick * 1e-9);
  });
}

Deno.test("priceTick: refuses non-positive prices", () => {
  assert.throws(() => priceTick(0, 1), RangeError);
  assert.throws(() => priceTick(NaN, 1), RangeError);
});

Deno.test("notionalAtLeast: exact on decimal strings", () => {
  const table: Array<[string, string, boolean]> = [
    ["2", "5", true],
    ["99999", "0.0001", false],
    ["100000", "0.0001", true],
    ["3.3333", "3", false],
    ["0.1", "100", true],
  ];
  for (const [px, sz, want] of table) {
    assert.equal(notionalAtLeast(px, sz, 10), want, `${px}x${sz}`);
  }
});

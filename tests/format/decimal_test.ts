import assert from "node:assert/strict";
import {
  decimalFromNumber,
  digitCount,
  roundToStep,
  scaledToString,
} from "../../src/format/decimal.ts";

Deno.test("decimalFromNumber reads floats as their 15-digit decimal without artefacts", () => {
  assert.deepEqual(decimalFromNumber(0.1 + 0.2), { coef: 3n, exp: -1 });
  assert.deepEqual(decimalFromNumber(1234.5), { coef: 12345n, exp: -1 });
  assert.deepEqual(decimalFromNumber(30000), { coef: 3n, exp: 4 });
  assert.deepEqual(decimalFromNumber(1e-7), { coef: 1n, exp: -7 });
  assert.deepEqual(decimalFromNumber(1.2345e-7), { coef: 12345n, exp: -11 });
  assert.deepEqual(decimalFromNumber(1e21), { coef: 1n, exp: 21 });
  assert.deepEqual(decimalFromNumber(123456789012345680000), { coef: 123456789012346n, exp: 6 });
  assert.deepEqual(decimalFromNumber(0), { coef: 0n, exp: 0 });
});

Deno.test("roundToStep cuts toward zero or rounds away from zero only when digits were cut", () => {
  const v = { coef: 123456n, exp: -3 }; // 123.456
  assert.equal(roundToStep(v, -2, false), 12345n);
  assert.equal(roundToStep(v, -2, true), 12346n);
  assert.equal(roundToStep(v, -3, true), 123456n);
  assert.equal(roundToStep(v, -5, false), 12345600n);
  assert.equal(roundToStep(v, 1, true), 13n);
  assert.equal(roundToStep({ coef: 12n, exp: 0 }, 1, true), 2n);
  assert.equal(roundToStep({ coef: 10n, exp: 0 }, 1, true), 1n);
});

Deno.test("scaledToString prints plain decimals without trailing zeros", () => {
  assert.equal(scaledToString(12345n, -1), "1234.5");
  assert.equal(scaledToString(12340n, -2), "123.4");
  assert.equal(scaledToString(12300n, -2), "123");
  assert.equal(scaledToString(12n, -6), "0.000012");
  assert.equal(scaledToString(3n, 4), "30000");
  assert.equal(scaledToString(0n, -3), "0");
  assert.equal(scaledToString(1n, 0), "1");
  assert.equal(digitCount(100n), 3);
});

import assert from "node:assert/strict";
import fc from "fast-check";
import {
  floorSize,
  formatPrice,
  formatSize,
  isValidPerpPrice,
  isValidSize,
  normalizeDecimalString,
} from "../../src/format/wire_number.ts";
import { fromScaled, nextValidAbove, prevValidBelow, SCALE, toScaled } from "./price_oracle.ts";

// ---------------------------------------------------------------------------------------------
// Tables

const PRICE_TABLE: ReadonlyArray<[px: number, szDecimals: number, bid: string, ask: string]> = [
  // reference §5.1 examples
  [1234.5, 0, "1234.5", "1234.5"],
  [1234.56, 0, "1234.5", "1234.6"],
  [0.001234, 0, "0.001234", "0.001234"],
  [0.0012345, 0, "0.001234", "0.001235"],
  [0.01234, 1, "0.01234", "0.01234"],
  [0.012345, 1, "0.01234", "0.01235"],
  [123456, 0, "123456", "123456"],
  [12345.6, 0, "12345", "12346"],
  [113377, 5, "113377", "113377"],
  [113377.4, 5, "113377", "113378"],
  [97123.456789, 5, "97123", "97124"],
  // tiny prices
  [0.000012345, 0, "0.000012", "0.000013"],
  [0.000012, 0, "0.000012", "0.000012"],
  [0.0000123, 2, "", "0.0001"],
  [1e-7, 0, "", "0.000001"],
  [5e-324, 0, "", "0.000001"],
  // above 100000: integers only
  [100000.5, 0, "100000", "100001"],
  [1234567.89, 2, "1234567", "1234568"],
  [1e21, 0, "1000000000000000000000", "1000000000000000000000"],
  // float artefacts and trailing zeros
  [0.1 + 0.2, 0, "0.3", "0.3"],
  [1.1 * 3, 0, "3.3", "3.3"],
  [0.7 + 0.1, 3, "0.8", "0.8"],
  [2000.0, 0, "2000", "2000"],
  [30000, 2, "30000", "30000"],
  [1.0000000000000002, 0, "1", "1"],
  // decade crossings
  [9999.95, 0, "9999.9", "10000"],
  [0.999995, 0, "0.99999", "1"],
  [0.0999999, 1, "0.09999", "0.1"],
  // szDecimals caps the decimals
  [12.345, 5, "12.3", "12.4"],
  [0.5, 6, "", "1"],
  [1.23456, 4, "1.23", "1.24"],
  [0.0001234, 0, "0.000123", "0.000124"],
  [0.0001234, 1, "0.00012", "0.00013"],
  [0.0001234, 3, "", "0.001"],
];

Deno.test("formatPrice matches the reference table (bids down, asks up)", () => {
  for (const row of PRICE_TABLE) {
    const [px, sz, bid, ask] = row;
    if (bid === "") assert.throws(() => formatPrice(px, sz, "bid"), RangeError);
    else assert.equal(formatPrice(px, sz, "bid"), bid, `bid ${px} sz${sz}`);
    assert.equal(formatPrice(px, sz, "ask"), ask, `ask ${px} sz${sz}`);
  }
});

Deno.test("formatPrice never uses exponent notation, even for huge and tiny prices", () => {
  for (const px of [1e-7, 1.5e-6, 1e21, 1.2345e25, 9.87654321e-5, Number.MAX_VALUE]) {
    for (const sz of [0, 3, 6]) {
      for (const side of ["bid", "ask"] as const) {
        try {
          const s = formatPrice(px, sz, side);
          assert.match(s, /^\d+(\.\d+)?$/, `${px} ${sz} ${side}: ${s}`);
        } catch (err) {
          assert.ok(err instanceof RangeError && side === "bid");
        }
      }
    }
  }
  assert.equal(formatPrice(1.2345e25, 0, "bid"), "12345000000000000000000000");
});

Deno.test("formatPrice rejects NaN, infinities, negatives, zero and bad arguments with RangeError", () => {
  for (const px of [Number.NaN, Infinity, -Infinity, -1, -0.001, 0, -0]) {
    for (const side of ["bid", "ask"] as const) {
      assert.throws(() => formatPrice(px, 2, side), RangeError, `${px} ${side}`);
    }
  }
  for (const sz of [-1, 1.5, 7, Number.NaN]) {
    assert.throws(() => formatPrice(100, sz, "bid"), RangeError);
  }
  assert.throws(() => formatPrice(100, 2, "mid" as "bid"), TypeError);
  assert.throws(() => formatPrice(1e-9, 0, "bid"), /rounds down to 0/);
});

const SIZE_TABLE: ReadonlyArray<[sz: number, szDecimals: number, out: string]> = [
  [0.0147, 4, "0.0147"],
  [1.23456789, 3, "1.234"],
  [1.0001, 3, "1"],
  [1.001, 3, "1.001"],
  [0.1 + 0.2, 1, "0.3"],
  [0.1 + 0.2, 5, "0.3"],
  [100, 0, "100"],
  [100.9, 0, "100"],
  [12.999999, 2, "12.99"],
  [0.00001, 5, "0.00001"],
  [1e21, 0, "1000000000000000000000"],
  [123456789.123, 2, "123456789.12"],
];

Deno.test("formatSize rounds down to szDecimals decimals with clean strings", () => {
  for (const [sz, d, out] of SIZE_TABLE) assert.equal(formatSize(sz, d), out, `${sz} sz${d}`);
});

Deno.test("formatSize throws RangeError for sizes that round to zero or are not positive finite", () => {
  const bad: Array<[number, number]> = [
    [0.0004, 3],
    [1e-9, 5],
    [0.9, 0],
    [0, 2],
    [-1, 2],
    [Number.NaN, 2],
    [Infinity, 2],
  ];
  for (const [sz, d] of bad) {
    assert.throws(() => formatSize(sz, d), RangeError, `${sz} sz${d}`);
  }
  assert.throws(() => formatSize(1, -1), RangeError);
  assert.throws(() => formatSize(1, 0.5), RangeError);
});

Deno.test("floorSize returns the floored size as a number and 0 when nothing is left", () => {
  assert.equal(floorSize(1.23456, 2), 1.23);
  assert.equal(floorSize(0.1 + 0.2, 4), 0.3);
  assert.equal(floorSize(0.0004, 3), 0);
  assert.equal(floorSize(0, 3), 0);
  assert.throws(() => floorSize(-1, 3), RangeError);
  assert.throws(() => floorSize(Number.NaN, 3), RangeError);
});

Deno.test("isValidPerpPrice follows the tick rules and wants canonical strings", () => {
  const valid: Array<[string, number]> = [
    ["1234.5", 0],
    ["0.001234", 0],
    ["0.01234", 1],
    ["123456", 0],
    ["113377", 5],
    ["10000", 5],
    ["0.1", 5],
    ["1", 6],
    ["0.000001", 0],
  ];
  const invalid: Array<[string, number]> = [
    ["1234.56", 0], // 6 sig figs
    ["12345.6", 0], // 6 sig figs, not an integer
    ["0.0012345", 0], // 7 decimals
    ["0.012345", 1],
    ["0.0001234", 3],
    ["12.34", 5], // 2 decimals > 6-5
    ["0.5", 6],
    ["0", 0],
    ["0.0", 0],
    ["2000.0", 0], // not canonical
    ["01", 0],
    [".5", 0],
    ["5.", 0],
    ["1e-7", 0],
    ["-1", 0],
    [" 1", 0],
    ["", 0],
  ];
  for (const [s, d] of valid) assert.equal(isValidPerpPrice(s, d), true, `${s} sz${d}`);
  for (const [s, d] of invalid) assert.equal(isValidPerpPrice(s, d), false, `${s} sz${d}`);
});

Deno.test("isValidSize accepts canonical positive sizes within szDecimals", () => {
  assert.equal(isValidSize("1.001", 3), true);
  assert.equal(isValidSize("1.0001", 3), false);
  assert.equal(isValidSize("100", 0), true);
  assert.equal(isValidSize("0", 3), false);
  assert.equal(isValidSize("1.50", 3), false);
  assert.equal(isValidSize("0.3", 1), true);
});

// ---------------------------------------------------------------------------------------------
// Properties
//
// The oracle (price_oracle.ts) works from the rule's definition. Why nextValidAbove is right:
// take any valid p > v. If p is an integer, the candidate for j = 0 (next integer above v) is
// <= p and valid. Otherwise p has lead digit 10^L, L <= 3, and is a multiple of 10^k with
// k = max(L - 4, -maxDecimals); the next multiple of 10^k above v is <= p, has lead <= L and so
// at most 5 sig figs and at most maxDecimals decimals: valid. prevValidBelow is the mirror image,
// plus powers of ten for the case where rounding down crosses into the decade below.

/** Exactly representable decimals (<= 13 significant digits) as [text, number]. */
const exactDecimal = fc
  .oneof(
    // anything from 1e-20 to 1e19
    fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 13n - 1n }), fc.integer({ min: -20, max: 6 })),
    // typical quotes: 1 to 8 digits, most with a few decimals more than a tick allows
    fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 8n - 1n }), fc.integer({ min: -12, max: 0 })),
  )
  .map(([coef, e]) => {
    const text = e >= 0 ? coef.toString() + "0".repeat(e) : normalizeDecimalString(
      coef.toString().padStart(-e + 1, "0").replace(new RegExp(`(\\d{${-e}})$`), ".$1"),
    );
    return [text, Number(text)] as const;
  });

const szDecimalsArb = fc.integer({ min: 0, max: 5 });

function checkPrice(text: string, px: number, sz: number): void {
  const maxDec = 6 - sz;
  const exact = toScaled(text);
  const below = prevValidBelow(exact + 1n, maxDec); // largest valid <= exact
  const ask = formatPrice(px, sz, "ask");
  // ask: valid, >= input, and no valid price in [input, ask)
  assert.ok(isValidPerpPrice(ask, sz), `ask ${ask} invalid for ${text} sz${sz}`);
  const askV = toScaled(ask);
  assert.ok(askV >= exact, `ask ${ask} < ${text}`);
  const beforeAsk = prevValidBelow(askV, maxDec);
  assert.ok(
    beforeAsk === null || beforeAsk < exact,
    `valid ${beforeAsk} between ${text} and ${ask}`,
  );
  assert.equal(ask, fromScaled(nextValidAbove(exact - 1n, maxDec)));
  // bid: valid, <= input, and no valid price in (bid, input]; or RangeError if nothing > 0 below
  if (below === null) {
    assert.throws(() => formatPrice(px, sz, "bid"), RangeError);
  } else {
    const bid = formatPrice(px, sz, "bid");
    assert.ok(isValidPerpPrice(bid, sz), `bid ${bid} invalid for ${text} sz${sz}`);
    const bidV = toScaled(bid);
    assert.ok(bidV <= exact, `bid ${bid} > ${text}`);
    assert.ok(nextValidAbove(bidV, maxDec) > exact, `valid price between ${bid} and ${text}`);
    assert.equal(bid, fromScaled(below));
    // round trip: the string survives Number() and re-formatting unchanged
    assert.equal(formatPrice(Number(bid), sz, "bid"), bid);
    assert.equal(formatPrice(Number(bid), sz, "ask"), bid);
    assert.equal(normalizeDecimalString(bid), bid);
  }
  assert.equal(formatPrice(Number(ask), sz, "ask"), ask);
  assert.equal(formatPrice(Number(ask), sz, "bid"), ask);
  assert.equal(normalizeDecimalString(ask), ask);
}

Deno.test("formatPrice gives the nearest valid price in the quote's direction for random decimals", () => {
  assert.ok(SCALE >= 30);
  fc.assert(
    fc.property(exactDecimal, szDecimalsArb, ([text, px], sz) => checkPrice(text, px, sz)),
    { numRuns: 3000 },
  );
});

Deno.test("formatPrice treats any float as its 15-digit decimal and stays within float noise of it", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1e-9, max: 1e12, noNaN: true, noDefaultInfinity: true }),
      szDecimalsArb,
      (px, sz) => {
        const text = normalizeDecimalString(
          px.toPrecision(15).includes("e")
            ? fromScaled(toScaledFromExp(px.toPrecision(15)))
            : px.toPrecision(15),
        );
        checkPrice(text, px, sz);
        const ask = Number(formatPrice(px, sz, "ask"));
        assert.ok(ask >= px * (1 - 1e-14), `${ask} well below ${px}`);
      },
    ),
    { numRuns: 1500 },
  );
});

function toScaledFromExp(s: string): bigint {
  const [m = "", e = "0"] = s.split("e");
  const exp = Number(e);
  const base = toScaled(m);
  return exp >= 0 ? base * 10n ** BigInt(exp) : base / 10n ** BigInt(-exp);
}

Deno.test("formatSize floors to the lot exactly and round-trips for random sizes", () => {
  fc.assert(
    fc.property(exactDecimal, fc.integer({ min: 0, max: 8 }), ([text, sz], d) => {
      const exact = toScaled(text);
      const lot = 10n ** BigInt(SCALE - d);
      const floored = (exact / lot) * lot;
      if (floored === 0n) {
        assert.throws(() => formatSize(sz, d), RangeError);
        assert.equal(floorSize(sz, d), 0);
        return;
      }
      const out = formatSize(sz, d);
      assert.equal(out, fromScaled(floored));
      assert.ok(isValidSize(out, d));
      assert.equal(formatSize(Number(out), d), out);
      assert.equal(formatSize(floorSize(sz, d), d), out);
      assert.equal(normalizeDecimalString(out), out);
    }),
    { numRuns: 2000 },
  );
});

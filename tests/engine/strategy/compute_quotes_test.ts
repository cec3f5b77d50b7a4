import assert from "node:assert/strict";
import fc from "fast-check";
import type { CoinConfig } from "../../../src/config/schema.ts";
import { computeQuotes, type QuoteInput } from "../../../src/engine/strategy/compute_quotes.ts";
import { isValidPerpPrice, isValidSize } from "../../../src/format/wire_number.ts";
import { notionalAtLeast } from "../../../src/engine/strategy/decimal_notional.ts";

const eth: CoinConfig = {
  coin: "ETH",
  levels: 2,
  spreadBps: 10,
  levelSpacingBps: 10,
  sizeUsd: 100,
  maxPositionUsd: 1000,
  requoteThresholdBps: 2,
  passiveRequoteThresholdBps: 0,
  sizeToleranceBps: 0,
  skewBps: 0,
};

function input(over: Partial<QuoteInput> = {}, cfg: Partial<CoinConfig> = {}): QuoteInput {
  return {
    config: { ...eth, ...cfg },
    meta: { assetId: 1, szDecimals: 4 },
    top: { bid: { px: 2999.5, sz: 1 }, ask: { px: 3000.5, sz: 1 } },
    fairPriceMode: "mid",
    position: 0,
    mode: "quoting",
    ...over,
  };
}

/** side:level@px x sz, compact for table expectations. */
const brief = (qs: ReturnType<typeof computeQuotes>) =>
  qs.map((q) => `${q.side}${q.level}@${q.px}x${q.sz}${q.reduceOnly ? "R" : ""}`);

const cases: Array<{ name: string; input: QuoteInput; want: string[] }> = [
  {
    name: "flat: symmetric levels at fair -/+ (spread/2 + i*spacing)",
    input: input(),
    // fair 3000; 5 bps = 1.5, 15 bps = 4.5; 100/2998.5 = 0.03335 -> 0.0333
    // 100/3004.5 = 0.03328 -> 0.0332
    want: ["bid0@2998.5x0.0333", "bid1@2995.5x0.0333", "ask0@3001.5x0.0333", "ask1@3004.5x0.0332"],
  },
  {
    name: "pulled: no quotes",
    input: input({ mode: "pulled" }),
    want: [],
  },
  {
    name: "halted: no quotes",
    input: input({ mode: "halted" }),
    want: [],
  },
  {
    name: "one-sided book: no quotes",
    input: input({ top: { bid: { px: 2999.5, sz: 1 }, ask: null } }),
    want: [],
  },
  {
    name: "crossed book: no quotes",
    input: input({ top: { bid: { px: 3001, sz: 1 }, ask: { px: 3000, sz: 1 } } }),
    want: [],
  },
  {
    name: "long position skews both sides down by skewBps * pos/max",
    // position 0.1 * 3000 = 300 of 1000 -> ratio 0.3 -> shift -3 bps (skew 10) = -0.9
    input: input({ position: 0.1 }, { skewBps: 10, levels: 1 }),
    want: ["bid0@2997.6x0.0333", "ask0@3000.6x0.0333"],
  },
  {
    name: "skew is clamped at the max position",
    input: input({ position: -1, top: { bid: { px: 2990, sz: 1 }, ask: { px: 3010, sz: 1 } } }, {
      skewBps: 10,
      levels: 1,
      maxPositionUsd: 2000,
    }),
    // ratio -3000/2000 clamps to -1 -> +10 bps: bid 3000 * (1 + 5e-4); no ask (short over max)
    want: ["bid0@3001.5x0.0333"],
  },
  {
    name: "microprice leans towards the thin side",
    // micro = (2999.5*3 + 3000.5*1)/4 = 2999.75
    input: input({
      fairPriceMode: "microprice",
      top: { bid: { px: 2999.5, sz: 1 }, ask: { px: 3000.5, sz: 3 } },
    }, {
      levels: 1,
    }),
    want: ["bid0@2998.2x0.0333", "ask0@3001.3x0.0333"],
  },
  {
    name: "max position: the bid side stops before the position would exceed it",
    // position 0.3 ETH = 900 USD; one bid level (+0.0333 = 999.9) fits, two do not
    input: input({ position: 0.3 }),
    want: ["bid0@2998.5x0.0333", "ask0@3001.5x0.0333", "ask1@3004.5x0.0332"],
  },
  {
    name: "max position: no bids at all when already over",
    input: input({ position: 0.4 }, { levels: 1 }),
    want: ["ask0@3001.5x0.0333"],
  },
  {
    name: "max position: asks stop symmetrically for a short",
    input: input({ position: -0.3 }),
    want: ["bid0@2998.5x0.0333", "bid1@2995.5x0.0333", "ask0@3001.5x0.0333"],
  },
  {
    name: "reducing long: only reduce-only asks, capped at the position",
    input: input({ position: 0.05, mode: "reducing" }),
    // 0.05 = 0.0333 + 0.0167 (0.0167*3004.5 = 50.2 >= 10)
    want: ["ask0@3001.5x0.0333R", "ask1@3004.5x0.0167R"],
  },
  {
    name: "reducing short: only bids",
    input: input({ position: -0.01, mode: "reducing" }),
    want: ["bid0@2998.5x0.01R"],
  },
  {
    name: "reducing with a position under $10: nothing",
    input: input({ position: 0.003, mode: "reducing" }),
    want: [],
  },
  {
    name: "reducing when flat: nothing",
    input: input({ position: 0, mode: "reducing" }),
    want: [],
  },
  {
    name: "size rounding under $10 is bumped up to the lot that meets $10",
    // 10/2998.5 = 0.003335 -> 0.0033 (9.895) -> 0.0034 (10.19)
    input: input({}, { sizeUsd: 10, levels: 1 }),
    want: ["bid0@2998.5x0.0034", "ask0@3001.5x0.0034"],
  },
  {
    name: "a bid that would touch the best ask is clamped one tick below it",
    // spread 1 bps on a 1-tick book: fair 3000.05 -> bid raw 2999.9 -> fine; skew pushes it up
    input: input(
      { top: { bid: { px: 3000, sz: 1 }, ask: { px: 3000.1, sz: 1 } }, position: -0.3 },
      {
        levels: 1,
        spreadBps: 0.2,
        skewBps: 50,
      },
    ),
    // shift +45 bps: both sides move up; bid clamped to 3000.0, ask raw ~3013.6
    want: ["bid0@3000x0.0333", "ask0@3013.6x0.0331"],
  },
  {
    name: "an ask that would touch the best bid is clamped one tick above it",
    input: input(
      { top: { bid: { px: 3000, sz: 1 }, ask: { px: 3000.1, sz: 1 } }, position: 0.25 },
      {
        levels: 1,
        spreadBps: 0.2,
        skewBps: 50,
      },
    ),
    // shift -37.5 bps: bid ~2988.8, ask raw ~2988.8 clamped up to 3000.1
    want: ["bid0@2988.7x0.0334", "ask0@3000.1x0.0333"],
  },
  {
    name: "levels collapsing onto one price after rounding are dropped (indices kept)",
    // BTC at 100k: tick 1; spacing 0.05 bps = 0.5 USD
    input: input({
      meta: { assetId: 0, szDecimals: 5 },
      top: { bid: { px: 100000, sz: 1 }, ask: { px: 100002, sz: 1 } },
    }, { levels: 3, spreadBps: 0.1, levelSpacingBps: 0.05, sizeUsd: 10 }),
    want: [
      "bid0@100000x0.0001",
      "bid1@99999x0.00011",
      "ask0@100002x0.0001",
      "ask1@100003x0.0001",
    ],
  },
];

for (const c of cases) {
  Deno.test(`computeQuotes: ${c.name}`, () => {
    assert.deepEqual(brief(computeQuotes(c.input)), c.want);
  });
}

Deno.test("computeQuotes: quotes carry coin, asset id and numeric copies of the wire strings", () => {
  const [q] = computeQuotes(input({}, { levels: 1 }));
  assert.ok(q);
  assert.equal(q.coin, "ETH");
  assert.equal(q.assetId, 1);
  assert.equal(q.pxNum, Number(q.px));
  assert.equal(q.szNum, Number(q.sz));
});

Deno.test("computeQuotes: property: every quote is valid, post-only safe and within max position", () => {
  const arb = fc.record({
    szDecimals: fc.integer({ min: 0, max: 5 }),
    mid: fc.double({ min: 0.001, max: 200_000, noNaN: true }),
    spreadTicks: fc.integer({ min: 1, max: 50 }),
    bidSz: fc.double({ min: 0, max: 1000, noNaN: true }),
    askSz: fc.double({ min: 0, max: 1000, noNaN: true }),
    levels: fc.integer({ min: 1, max: 6 }),
    spreadBps: fc.double({ min: 0.01, max: 200, noNaN: true }),
    levelSpacingBps: fc.double({ min: 0, max: 50, noNaN: true }),
    sizeUsd: fc.double({ min: 10, max: 5_000, noNaN: true }),
    maxPositionUsd: fc.double({ min: 1, max: 50_000, noNaN: true }),
    skewBps: fc.double({ min: 0, max: 500, noNaN: true }),
    positionUsd: fc.double({ min: -60_000, max: 60_000, noNaN: true }),
    mode: fc.constantFrom("quoting" as const, "reducing" as const),
    fairPriceMode: fc.constantFrom("mid" as const, "microprice" as const),
  });
  fc.assert(
    fc.property(arb, (a) => {
      // A valid book: best bid from the formatter, best ask some ticks above it.
      const tickDecimals = (px: number) =>
        Math.max(0, Math.min(6 - a.szDecimals, 4 - Math.floor(Math.log10(px))));
      const bidPx = Number(a.mid.toFixed(tickDecimals(a.mid)));
      if (!(bidPx > 0)) return;
      const tick = 10 ** -tickDecimals(bidPx);
      const askPx = Number((bidPx + a.spreadTicks * tick).toFixed(tickDecimals(bidPx)));
      const position = a.positionUsd / bidPx;
      const qs = computeQuotes({
        config: {
          coin: "X",
          levels: a.levels,
          spreadBps: a.spreadBps,
          levelSpacingBps: a.levelSpacingBps,
          sizeUsd: a.sizeUsd,
          maxPositionUsd: a.maxPositionUsd,
          requoteThresholdBps: 1,
          passiveRequoteThresholdBps: 0,
          sizeToleranceBps: 0,
          skewBps: a.skewBps,
        },
        meta: { assetId: 3, szDecimals: a.szDecimals },
        top: { bid: { px: bidPx, sz: a.bidSz }, ask: { px: askPx, sz: a.askSz } },
        fairPriceMode: a.fairPriceMode,
        position,
        markPx: bidPx,
        mode: a.mode,
      });
      const bids = qs.filter((q) => q.side === "bid");
      const asks = qs.filter((q) => q.side === "ask");
      for (const q of qs) {
        assert.ok(isValidPerpPrice(q.px, a.szDecimals), `price ${q.px}`);
        assert.ok(isValidSize(q.sz, a.szDecimals), `size ${q.sz}`);
        assert.ok(notionalAtLeast(q.px, q.sz, 10), `notional ${q.px} x ${q.sz}`);
        if (q.side === "bid") assert.ok(q.pxNum < askPx, `bid ${q.px} vs best ask ${askPx}`);
        else assert.ok(q.pxNum > bidPx, `ask ${q.px} vs best bid ${bidPx}`);
      }
      for (const b of bids) for (const s of asks) assert.ok(b.pxNum < s.pxNum);
      for (let i = 1; i < bids.length; i++) assert.ok(bids[i]!.pxNum < bids[i - 1]!.pxNum);
      for (let i = 1; i < asks.length; i++) assert.ok(asks[i]!.pxNum > asks[i - 1]!.pxNum);
      const bidTotal = bids.reduce((s, q) => s + q.szNum, 0);
      const askTotal = asks.reduce((s, q) => s + q.szNum, 0);
      if (a.mode === "quoting") {
        if (bids.length > 0) {
          assert.ok(
            position + bidTotal <= 0 || (position + bidTotal) * bidPx <= a.maxPositionUsd + 1e-6,
          );
        }
        if (asks.length > 0) {
          assert.ok(
            position - askTotal >= 0 || -(position - askTotal) * bidPx <= a.maxPositionUsd + 1e-6,
          );
        }
      } else {
        if (position > 0) assert.equal(bids.length, 0);
        if (position < 0) assert.equal(asks.length, 0);
        assert.ok(bidTotal <= Math.max(0, -position) + 1e-9);
        assert.ok(askTotal <= Math.max(0, position) + 1e-9);
        assert.ok(qs.every((q) => q.reduceOnly));
      }
    }),
    {
      numRuns: Number(Deno.env.get("QUOTE_PROPERTY_RUNS") ?? 2000),
      seed: Number(Deno.env.get("QUOTE_PROPERTY_SEED") ?? 42),
    },
  );
});

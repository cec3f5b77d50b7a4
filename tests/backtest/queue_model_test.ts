import assert from "node:assert/strict";
import { CoinQueue, type QSide } from "../../src/backtest/queue_model.ts";

type Step =
  | { book: [number, number][]; asks?: [number, number][] }
  | { trade: [QSide, number, number] };

interface Case {
  name: string;
  cancelAheadFraction?: number;
  /** Our order: a bid of 2 at 100 unless given. */
  order?: { side: QSide; px: number; sz: number };
  steps: Step[];
  /** Fill sizes after each step, then remaining size and ahead. */
  expect: { fills: number[]; left: number; ahead: number };
}

const lv = (xs: [number, number][]) => xs.map(([px, sz]) => ({ px, sz }));
/** A trade of `sz` at `px` by a seller (side "A", it hits bids) or a buyer (side "B"). */
const sell = (px: number, sz: number): Step => ({ trade: ["A", px, sz] });
const buy = (px: number, sz: number): Step => ({ trade: ["B", px, sz] });
/** A book update whose bid level at 100 shows `sz`. */
const bidAt100 = (sz: number): Step => ({ book: [[100, sz]] });

const cases: Case[] = [
  {
    name: "join behind 5, trade 3 at our price: no fill; 3 more: partial fill of 1",
    steps: [sell(100, 3), sell(100, 3)],
    expect: { fills: [0, 1], left: 1, ahead: 0 },
  },
  {
    name: "then another trade fills the rest",
    steps: [sell(100, 6), sell(100, 5)],
    expect: { fills: [1, 1], left: 0, ahead: 0 },
  },
  {
    name: "trade on the other side does not touch our bid",
    steps: [buy(101, 50)],
    expect: { fills: [0], left: 2, ahead: 5 },
  },
  {
    name: "trade through our price fills us at our price, up to its size",
    steps: [sell(99, 1.5)],
    expect: { fills: [1.5], left: 0.5, ahead: 0 },
  },
  {
    name: "level shrinks to 1 without trades: ahead is capped at the displayed 1",
    steps: [bidAt100(1)],
    expect: { fills: [0], left: 2, ahead: 1 },
  },
  {
    name: "cancel model: growth joins behind us; half of a later decrease of 2 was ahead",
    steps: [bidAt100(9), bidAt100(7)],
    expect: { fills: [0, 0], left: 2, ahead: 4 },
  },
  {
    name: "cancel model fraction 0: cancels are behind us",
    cancelAheadFraction: 0,
    steps: [bidAt100(3)],
    expect: { fills: [0], left: 2, ahead: 3 },
  },
  {
    name: "cancel model fraction 0: a decrease of 2 after growth leaves ahead at 5",
    cancelAheadFraction: 0,
    steps: [bidAt100(9), bidAt100(7)],
    expect: { fills: [0, 0], left: 2, ahead: 5 },
  },
  {
    name: "decrease explained by trades is not counted again as cancels",
    steps: [sell(100, 2), bidAt100(3)],
    expect: { fills: [0, 0], left: 2, ahead: 3 },
  },
  {
    name: "ask side mirrors: join behind 5, buys of 6 fill 1",
    order: { side: "A", px: 101, sz: 2 },
    steps: [buy(101, 6)],
    expect: { fills: [1], left: 1, ahead: 0 },
  },
];

for (const c of cases) {
  Deno.test(`queue model: ${c.name}`, () => {
    const q = new CoinQueue("BTC", { cancelAheadFraction: c.cancelAheadFraction ?? 0.5 });
    q.book(lv([[100, 5], [99, 7]]), lv([[101, 5], [102, 7]]));
    const { side, px, sz } = c.order ?? { side: "B", px: 100, sz: 2 };
    assert.equal(q.place(1, side, px, sz), true);
    c.steps.forEach((s, i) => {
      let filled = 0;
      if ("trade" in s) {
        for (const f of q.trade(...s.trade)) filled += f.sz;
      } else {
        q.book(lv(s.book), lv(s.asks ?? [[101, 5]]));
      }
      assert.ok(Math.abs(filled - c.expect.fills[i]!) < 1e-9, `step ${i}: filled ${filled}`);
    });
    const o = q.orders.get(1);
    assert.ok(Math.abs((o?.sz ?? 0) - c.expect.left) < 1e-9, `left ${o?.sz}`);
    if (o) assert.ok(Math.abs(o.ahead - c.expect.ahead) < 1e-9, `ahead ${o.ahead}`);
  });
}

Deno.test("queue model: beyond the displayed depth, the queue is estimated and kept until in view", () => {
  const q = new CoinQueue("BTC", { cancelAheadFraction: 0.5 });
  q.book(lv([[100, 4], [99, 8]]), lv([[101, 5]]));
  assert.equal(q.place(1, "B", 97, 1), true);
  assert.equal(q.orders.get(1)?.ahead, 6, "mean displayed bid size");
  q.book(lv([[100, 1], [99, 1]]), lv([[101, 5]]));
  assert.equal(q.orders.get(1)?.ahead, 6, "not in view: book updates leave it alone");
  assert.deepEqual(q.trade("A", 97, 5), []);
  q.book(lv([[98, 3], [97, 0.5]]), lv([[99, 5]]));
  assert.equal(q.orders.get(1)?.ahead, 0.5, "in view: capped at the displayed size");
  assert.deepEqual(q.trade("A", 97, 1), [{ oid: 1, px: 97, sz: 0.5 }]);
});

Deno.test("queue model: a post-only order that would cross is rejected", () => {
  const q = new CoinQueue("BTC", { cancelAheadFraction: 0.5 });
  q.book(lv([[100, 5]]), lv([[101, 5]]));
  assert.equal(q.place(1, "B", 101, 1), false);
  assert.equal(q.place(2, "A", 100, 1), false);
  assert.equal(q.orders.size, 0);
  assert.equal(q.place(3, "B", 100.5, 1), true);
  assert.equal(q.orders.get(3)?.ahead, 0);
});

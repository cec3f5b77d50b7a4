import assert from "node:assert/strict";
import type { Fill } from "../../../src/core/types.ts";
import { FillDeduper } from "../../../src/engine/orders/fill_dedup.ts";

const fill = (tid: number, timeMs = 1_000, coin = "ETH"): Fill => ({
  coin,
  px: 1,
  sz: 1,
  side: "bid",
  timeMs,
  startPosition: 0,
  closedPnl: 0,
  fee: 0,
  oid: 1,
  tid,
  crossed: false,
  hash: "0x",
});

const cases: Array<{
  name: string;
  batches: Array<[Fill[], boolean]>;
  want: number[][];
}> = [
  {
    name: "streaming fills apply once",
    batches: [[[fill(1), fill(2)], false], [[fill(2), fill(3)], false]],
    want: [[1, 2], [3]],
  },
  {
    name: "the first snapshot only seeds the seen set",
    batches: [[[fill(1), fill(2)], true], [[fill(1), fill(3)], false]],
    want: [[], [3]],
  },
  {
    name: "a later snapshot applies fills not seen before (missed while disconnected)",
    batches: [[[fill(1)], true], [[fill(2)], false], [[fill(1), fill(2), fill(3)], true]],
    want: [[], [2], [3]],
  },
  {
    name: "a later snapshot ignores unseen fills older than the start",
    batches: [[[fill(1)], true], [[fill(0, 10), fill(3, 2_000)], true]],
    want: [[], [3]],
  },
  {
    name: "streaming fills before any snapshot apply; the snapshot then seeds only",
    batches: [[[fill(1)], false], [[fill(1), fill(2)], true]],
    want: [[1], []],
  },
  {
    name: "the same tid on another coin is another fill",
    batches: [[[fill(1), fill(1, 1_000, "BTC")], false]],
    want: [[1, 1]],
  },
];

for (const c of cases) {
  Deno.test(`fillDedup: ${c.name}`, () => {
    const d = new FillDeduper({ startedAtMs: 500 });
    const got = c.batches.map(([fills, snap]) => d.accept(fills, snap).map((f) => f.tid));
    assert.deepEqual(got, c.want);
  });
}

Deno.test("fillDedup: the seen set is bounded, oldest keys go first", () => {
  const d = new FillDeduper({ maxSeen: 2 });
  d.accept([fill(1), fill(2), fill(3)], false);
  assert.deepEqual(d.accept([fill(3), fill(1)], false).map((f) => f.tid), [1]);
});

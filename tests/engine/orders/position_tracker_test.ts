import assert from "node:assert/strict";
import type { Fill } from "../../../src/core/types.ts";
import { PositionTracker } from "../../../src/engine/orders/position_tracker.ts";

let tid = 0;
function fill(side: "bid" | "ask", sz: number, px: number, fee = 0, coin = "ETH"): Fill {
  return {
    coin,
    px,
    sz,
    side,
    timeMs: 0,
    startPosition: 0,
    closedPnl: 0,
    fee,
    oid: 1,
    tid: ++tid,
    crossed: false,
    hash: "0x",
  };
}

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

const cases: Array<{
  name: string;
  fills: Fill[];
  position: number;
  avgEntryPx: number | null;
  realizedPnlUsd: number;
  feesUsd?: number;
}> = [
  { name: "no fills: flat", fills: [], position: 0, avgEntryPx: null, realizedPnlUsd: 0 },
  {
    name: "buys average the entry",
    fills: [fill("bid", 1, 100), fill("bid", 3, 200)],
    position: 4,
    avgEntryPx: 175,
    realizedPnlUsd: 0,
  },
  {
    name: "a partial close realizes against the average entry",
    fills: [fill("bid", 2, 100), fill("ask", 1, 110)],
    position: 1,
    avgEntryPx: 100,
    realizedPnlUsd: 10,
  },
  {
    name: "a full close goes flat",
    fills: [fill("ask", 2, 100), fill("bid", 2, 90)],
    position: 0,
    avgEntryPx: null,
    realizedPnlUsd: 20,
  },
  {
    name: "a flip realizes the closed part and opens at the fill price",
    fills: [fill("bid", 1, 100), fill("ask", 3, 105)],
    position: -2,
    avgEntryPx: 105,
    realizedPnlUsd: 5,
  },
  {
    name: "fees add up (rebates negative)",
    fills: [fill("bid", 1, 100, 0.05), fill("ask", 1, 100, -0.01)],
    position: 0,
    avgEntryPx: null,
    realizedPnlUsd: 0,
    feesUsd: 0.04,
  },
];

for (const c of cases) {
  Deno.test(`positionTracker: ${c.name}`, () => {
    const t = new PositionTracker();
    t.applyFills(c.fills);
    const p = t.get("ETH");
    assert.ok(close(p.position, c.position), `position ${p.position}`);
    if (c.avgEntryPx === null) assert.equal(p.avgEntryPx, null);
    else assert.ok(close(p.avgEntryPx ?? NaN, c.avgEntryPx), `entry ${p.avgEntryPx}`);
    assert.ok(close(p.realizedPnlUsd, c.realizedPnlUsd), `realized ${p.realizedPnlUsd}`);
    assert.ok(close(p.feesUsd, c.feesUsd ?? 0), `fees ${p.feesUsd}`);
  });
}

Deno.test("positionTracker: unrealized and total PnL against marks", () => {
  const t = new PositionTracker();
  t.applyFills([
    fill("bid", 2, 100, 0.1),
    fill("ask", 1, 110, 0.1),
    fill("ask", 0.5, 50_000, 0.2, "BTC"),
  ]);
  assert.ok(close(t.unrealizedPnlUsd("ETH", 120), 20));
  assert.ok(close(t.unrealizedPnlUsd("BTC", 49_000), 500));
  assert.equal(t.unrealizedPnlUsd("SOL", 1), 0);
  // realized 10 + unrealized (20 + 500) - fees 0.4
  assert.ok(close(t.totalPnlUsd(new Map([["ETH", 120], ["BTC", 49_000]])), 529.6));
  // no mark for BTC: its unrealized counts 0
  assert.ok(close(t.totalPnlUsd(new Map([["ETH", 120]])), 29.6));
});

Deno.test("positionTracker: setFromExchange replaces positions and flattens unlisted coins", () => {
  const t = new PositionTracker();
  t.applyFills([fill("bid", 2, 100), fill("ask", 1, 110), fill("bid", 1, 10, 0, "SOL")]);
  t.setFromExchange(
    [{ coin: "ETH", szi: -0.5, entryPx: 105, unrealizedPnl: 0, positionValue: 52 }],
    [
      "ETH",
      "SOL",
    ],
  );
  assert.deepEqual(t.get("ETH"), {
    coin: "ETH",
    position: -0.5,
    avgEntryPx: 105,
    realizedPnlUsd: 10,
    feesUsd: 0,
  });
  assert.equal(t.position("SOL"), 0);
  assert.equal(t.get("SOL").avgEntryPx, null);
  assert.equal(t.position("DOGE"), 0);
});

function at(f: Fill, timeMs: number, closedPnl = 0): Fill {
  return { ...f, timeMs, closedPnl };
}

Deno.test("positionTracker: a fill applied before a snapshot but dated after it is replayed onto it", () => {
  const t = new PositionTracker();
  t.applyFill(at(fill("bid", 1, 100), 1_000));
  t.applyFill(at(fill("bid", 2, 100), 3_000)); // after the snapshot below
  // The exchange's snapshot at t=2000 holds only the first fill.
  t.setFromExchange([{ coin: "ETH", szi: 1, entryPx: 100, unrealizedPnl: 0, positionValue: 100 }], [
    "ETH",
  ], 2_000);
  assert.equal(t.position("ETH"), 3);
});

Deno.test("positionTracker: a fill arriving after a snapshot that already holds it moves nothing", () => {
  const t = new PositionTracker();
  // Snapshot at t=5000 already includes a sell of 1 at t=4000 that we have not seen yet.
  t.setFromExchange(
    [{ coin: "ETH", szi: -1, entryPx: 100, unrealizedPnl: 0, positionValue: 100 }],
    [
      "ETH",
    ],
    5_000,
  );
  t.applyFill(at(fill("ask", 1, 100, 0.02), 4_000, 0.5));
  assert.equal(t.position("ETH"), -1, "not counted twice");
  assert.ok(close(t.get("ETH").feesUsd, 0.02), "its fee still counts");
  assert.ok(close(t.get("ETH").realizedPnlUsd, 0.5), "its realized PnL still counts");
  // A later fill moves the position as usual.
  t.applyFill(at(fill("bid", 1, 99), 6_000));
  assert.equal(t.position("ETH"), 0);
});

Deno.test("positionTracker: without a snapshot time, setFromExchange only replaces", () => {
  const t = new PositionTracker();
  t.applyFill(at(fill("bid", 2, 100), 3_000));
  t.setFromExchange([], ["ETH"]);
  assert.equal(t.position("ETH"), 0);
  t.applyFill(at(fill("bid", 1, 100), 1_000));
  assert.equal(t.position("ETH"), 1);
});

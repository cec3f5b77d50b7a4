import assert from "node:assert/strict";
import type { Cloid } from "../../../src/core/types.ts";
import { type DiffOptions, diffOrders } from "../../../src/engine/orders/diff_orders.ts";
import type { LiveOrder, OrderState } from "../../../src/engine/orders/order_types.ts";
import type { DesiredQuote } from "../../../src/engine/strategy/compute_quotes.ts";

const cloid = (n: number): Cloid => `0x${n.toString(16).padStart(32, "0")}`;

function counter(start = 1000) {
  let n = start;
  return { next: () => cloid(n++) };
}

function q(side: "bid" | "ask", level: number, px: number, sz = 0.1, coin = "ETH"): DesiredQuote {
  return {
    coin,
    assetId: coin === "ETH" ? 1 : 0,
    side,
    level,
    px: String(px),
    sz: String(sz),
    pxNum: px,
    szNum: sz,
    reduceOnly: false,
  };
}

function o(
  id: number,
  side: "bid" | "ask",
  level: number,
  px: number,
  over: Partial<LiveOrder> = {},
): LiveOrder {
  const sz = over.szNum ?? 0.1;
  return {
    cloid: cloid(id),
    oid: id,
    coin: "ETH",
    assetId: 1,
    side,
    level,
    px: String(px),
    sz: String(sz),
    pxNum: px,
    szNum: sz,
    remainingSz: sz,
    filledSz: 0,
    reduceOnly: false,
    state: "resting",
    lastSentMs: 0,
    confirmedMs: 0,
    updatedMs: 0,
    reason: null,
    ...over,
  };
}

const opts = (over: Partial<DiffOptions> = {}): DiffOptions => ({
  nowMs: 10_000,
  minReplaceMs: 500,
  requoteThresholdBps: { ETH: 2 },
  useModify: true,
  cloids: counter(),
  ...over,
});

/** Compact view of a diff: places "side level px", modifies "from->px", cancels and keeps ids. */
function brief(d: ReturnType<typeof diffOrders>) {
  return {
    places: d.places.map((p) => `${p.intent.side}${p.level}@${p.intent.px}`),
    modifies: d.modifies.map((m) => `${Number(m.fromCloid)}->${m.modify.order.px}`),
    cancels: d.cancels.map((c) => Number(c.cloid)),
    keeps: d.keeps.map((k) => Number(k.cloid)),
  };
}

const none = { places: [], modifies: [], cancels: [], keeps: [] };

const cases: Array<{
  name: string;
  desired: DesiredQuote[];
  live: LiveOrder[];
  opts?: Partial<DiffOptions>;
  want: Partial<ReturnType<typeof brief>>;
}> = [
  {
    name: "nothing live: everything is placed",
    desired: [q("bid", 0, 2999), q("ask", 0, 3001)],
    live: [],
    want: { places: ["bid0@2999", "ask0@3001"] },
  },
  {
    name: "same price and size: kept",
    desired: [q("bid", 0, 2999)],
    live: [o(1, "bid", 0, 2999)],
    want: { keeps: [1] },
  },
  {
    name: "price within the dead zone: kept",
    desired: [q("bid", 0, 2999.5)],
    live: [o(1, "bid", 0, 2999)], // 1.67 bps
    want: { keeps: [1] },
  },
  {
    name: "price outside the dead zone: modified",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2999)], // 3.3 bps
    want: { modifies: ["1->3000"] },
  },
  {
    name: "size changed: modified",
    desired: [q("bid", 0, 2999, 0.2)],
    live: [o(1, "bid", 0, 2999)],
    want: { modifies: ["1->2999"] },
  },
  {
    name: "size change within sizeToleranceBps: kept",
    desired: [q("bid", 0, 2999, 0.1003)],
    live: [o(1, "bid", 0, 2999)],
    opts: { sizeToleranceBps: 50 },
    want: { keeps: [1] },
  },
  {
    name: "size tolerance per coin: the coin's own figure",
    desired: [q("bid", 0, 2999, 0.1003)],
    live: [o(1, "bid", 0, 2999)],
    opts: { sizeToleranceBps: { BTC: 500 } }, // ETH not listed: exact
    want: { modifies: ["1->2999"] },
  },
  {
    name: "more passive than desired, within the passive dead zone: kept (queue place)",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2998.5)], // 5 bps below the desired bid
    opts: { passiveThresholdBps: { ETH: 6 } },
    want: { keeps: [1] },
  },
  {
    name: "more aggressive than desired by the same: replaced (it is the one picked off)",
    desired: [q("bid", 0, 2998.5)],
    live: [o(1, "bid", 0, 3000)], // 5 bps above the desired bid
    opts: { passiveThresholdBps: { ETH: 6 } },
    want: { modifies: ["1->2998.5"] },
  },
  {
    name: "an ask above the desired one is the passive side",
    desired: [q("ask", 0, 3000)],
    live: [o(1, "ask", 0, 3001.5)],
    opts: { passiveThresholdBps: { ETH: 6 } },
    want: { keeps: [1] },
  },
  {
    name: "reduceOnly changed: modified",
    desired: [{ ...q("ask", 0, 3001), reduceOnly: true }],
    live: [o(1, "ask", 0, 3001)],
    want: { modifies: ["1->3001"] },
  },
  {
    name: "changed but younger than minReplaceMs: kept",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2999, { lastSentMs: 9_600 })],
    want: { keeps: [1] },
  },
  {
    name: "changed and exactly minReplaceMs old: modified",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2999, { lastSentMs: 9_500 })],
    want: { modifies: ["1->3000"] },
  },
  {
    name: "useModify false: cancel + place with a new cloid",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2999)],
    opts: { useModify: false },
    want: { cancels: [1], places: ["bid0@3000"] },
  },
  {
    name: "surplus orders are cancelled at once, even when young",
    desired: [q("bid", 0, 2999)],
    live: [o(1, "bid", 0, 2999), o(2, "bid", 1, 2990, { lastSentMs: 9_999 }), o(3, "ask", 0, 3001)],
    want: { keeps: [1], cancels: [2, 3] },
  },
  {
    name: "no desired quotes (pulled): everything resting is cancelled",
    desired: [],
    live: [o(1, "bid", 0, 2999), o(2, "ask", 0, 3001, { state: "partiallyFilled" })],
    want: { cancels: [1, 2] },
  },
  {
    name: "pending order at a level: left alone, nothing placed there",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2999, { state: "pending", oid: null })],
    want: { keeps: [1] },
  },
  {
    name: "unknown order at a level: left alone even if not desired",
    desired: [],
    live: [o(1, "bid", 0, 2999, { state: "unknown" })],
    want: { keeps: [1] },
  },
  {
    name: "level with a pendingModify old order and its pending replacement: left alone",
    desired: [q("bid", 0, 3005)],
    live: [
      o(1, "bid", 0, 2999, { state: "pendingModify" }),
      o(2, "bid", 0, 3000, { state: "pending", oid: null }),
    ],
    want: { keeps: [1, 2] },
  },
  {
    name: "pendingCancel order: ignored, the desired quote is placed",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 2999, { state: "pendingCancel" })],
    want: { places: ["bid0@3000"] },
  },
  {
    name: "final-state orders are ignored",
    desired: [q("bid", 0, 3000)],
    live: [o(1, "bid", 0, 3000, { state: "filled" as OrderState })],
    want: { places: ["bid0@3000"] },
  },
  {
    name: "two resting orders at one level: the first is matched, the extra cancelled",
    desired: [q("bid", 0, 2999)],
    live: [o(1, "bid", 0, 2999), o(2, "bid", 0, 2999)],
    want: { keeps: [1], cancels: [2] },
  },
  {
    name: "coins are matched separately; a coin without threshold uses 0 bps",
    desired: [q("bid", 0, 2999), q("bid", 0, 100_001, 0.001, "BTC")],
    live: [
      o(1, "bid", 0, 2999),
      o(2, "bid", 0, 100_000, { coin: "BTC", assetId: 0, szNum: 0.001 }),
    ],
    want: { keeps: [1], modifies: ["2->100001"] },
  },
];

for (const c of cases) {
  Deno.test(`diffOrders: ${c.name}`, () => {
    const d = diffOrders(c.desired, c.live, opts(c.opts));
    assert.deepEqual(brief(d), { ...none, ...c.want });
  });
}

Deno.test("diffOrders: a modify targets the oid (or the cloid before an oid is known) and carries a new cloid", () => {
  const d = diffOrders(
    [q("bid", 0, 3000), q("ask", 0, 3010)],
    [o(1, "bid", 0, 2990), o(2, "ask", 0, 3020, { oid: null })],
    opts({ cloids: counter(77) }),
  );
  assert.deepEqual(d.modifies.map((m) => m.modify.target), [1, cloid(2)]);
  assert.deepEqual(d.modifies.map((m) => m.modify.order.cloid), [cloid(77), cloid(78)]);
  const order = d.modifies[0]!.modify.order;
  assert.deepEqual(order, {
    coin: "ETH",
    assetId: 1,
    side: "bid",
    px: "3000",
    sz: "0.1",
    tif: "Alo",
    reduceOnly: false,
    cloid: cloid(77),
  });
});

Deno.test("diffOrders: cancels are by cloid and asset id; places use the tif option", () => {
  const d = diffOrders(
    [q("ask", 2, 3050)],
    [o(5, "bid", 0, 2999)],
    opts({ tif: "Gtc" }),
  );
  assert.deepEqual(d.cancels, [{ cloid: cloid(5), cancel: { assetId: 1, cloid: cloid(5) } }]);
  assert.equal(d.places[0]!.intent.tif, "Gtc");
  assert.equal(d.places[0]!.level, 2);
});

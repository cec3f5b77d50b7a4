import { rejected } from "../../../src/gateway/reject_reason.ts";
import assert from "node:assert/strict";
import type {
  Cloid,
  ExchangeOrder,
  Fill,
  OrderIntent,
  OrderOutcome,
} from "../../../src/core/types.ts";
import { OrderManager } from "../../../src/engine/orders/order_manager.ts";
import type {
  OrderState,
  PlannedCancel,
  PlannedModify,
  PlannedPlace,
} from "../../../src/engine/orders/order_types.ts";

const cloid = (n: number): Cloid => `0x${n.toString(16).padStart(32, "0")}`;

function intent(n: number, over: Partial<OrderIntent> = {}): OrderIntent {
  return {
    coin: "ETH",
    assetId: 1,
    side: "bid",
    px: "3000",
    sz: "0.1",
    tif: "Alo",
    reduceOnly: false,
    cloid: cloid(n),
    ...over,
  };
}

const place = (n: number, over: Partial<OrderIntent> = {}): PlannedPlace => ({
  level: 0,
  intent: intent(n, over),
});
const cancel = (n: number): PlannedCancel => ({
  cloid: cloid(n),
  cancel: { assetId: 1, cloid: cloid(n) },
});
const modify = (from: number, to: number, target: number | Cloid): PlannedModify => ({
  level: 0,
  fromCloid: cloid(from),
  modify: { target, order: intent(to, { px: "3001" }) },
});

function exOrder(n: number, oid: number, over: Partial<ExchangeOrder> = {}): ExchangeOrder {
  return {
    coin: "ETH",
    side: "bid",
    limitPx: 3000,
    sz: 0.1,
    origSz: 0.1,
    oid,
    timestampMs: 0,
    cloid: cloid(n),
    ...over,
  };
}

function fill(tid: number, over: Partial<Fill> = {}): Fill {
  return {
    coin: "ETH",
    px: 3000,
    sz: 0.04,
    side: "bid",
    timeMs: 1_000,
    startPosition: 0,
    closedPnl: 0,
    fee: 0.01,
    oid: 11,
    tid,
    crossed: false,
    hash: "0x",
    cloid: cloid(1),
    ...over,
  };
}

const state = (m: OrderManager, n: number) => m.get(cloid(n))?.state;

/** A manager with order 1 resting as oid 11. */
function withResting(): OrderManager {
  const m = new OrderManager({ unknownGraceMs: 5_000 });
  m.placeSent([place(1)], 100);
  m.placeOutcomes([place(1)], [{ kind: "resting", oid: 11 }], 200);
  return m;
}

const placeCases: Array<{ outcome: OrderOutcome; want: OrderState | undefined; oid?: number }> = [
  { outcome: { kind: "resting", oid: 11 }, want: "resting", oid: 11 },
  { outcome: { kind: "filled", oid: 11, totalSz: "0.1", avgPx: "3000" }, want: "filled", oid: 11 },
  {
    outcome: rejected("Post only order would have immediately matched"),
    want: "rejected",
  },
  { outcome: { kind: "unknown", reason: "timeout" }, want: "unknown" },
  { outcome: { kind: "notSent", reason: "limiter" }, want: undefined },
];

for (const c of placeCases) {
  Deno.test(`orderManager: place answered ${c.outcome.kind} -> ${c.want ?? "forgotten"}`, () => {
    const m = new OrderManager();
    m.placeSent([place(1)], 100);
    assert.equal(state(m, 1), "pending");
    m.placeOutcomes([place(1)], [c.outcome], 200);
    assert.equal(state(m, 1), c.want);
    if (c.oid !== undefined) assert.equal(m.get(cloid(1))?.oid, c.oid);
  });
}

Deno.test("orderManager: outcomes are aligned with the places of one batch", () => {
  const m = new OrderManager();
  const batch = [place(1), place(2), place(3)];
  m.placeSent(batch, 0);
  m.placeOutcomes(batch, [
    { kind: "resting", oid: 11 },
    rejected("x"),
    { kind: "unknown", reason: "y" },
  ], 1);
  assert.deepEqual([1, 2, 3].map((n) => state(m, n)), ["resting", "rejected", "unknown"]);
  assert.deepEqual(m.unknownCloids(), [cloid(3)]);
  const counts = m.countsByState();
  assert.deepEqual([counts.resting, counts.rejected, counts.unknown, counts.pending], [1, 1, 1, 0]);
  assert.deepEqual(m.liveOrders().map((o) => o.cloid), [cloid(1), cloid(3)]);
});

Deno.test("orderManager: a WS update before the REST answer confirms the order; the answer does not regress it", () => {
  const m = new OrderManager();
  m.placeSent([place(1)], 100);
  m.applyOrderUpdates([{ order: exOrder(1, 11), status: "filled", statusTimestampMs: 150 }], 150);
  m.placeOutcomes([place(1)], [{ kind: "resting", oid: 11 }], 200);
  assert.equal(state(m, 1), "filled");
});

const updateCases: Array<{ status: string; sz?: number; want: OrderState }> = [
  { status: "open", want: "resting" },
  { status: "open", sz: 0.06, want: "partiallyFilled" },
  { status: "filled", want: "filled" },
  { status: "canceled", want: "canceled" },
  { status: "reduceOnlyCanceled", want: "canceled" },
  { status: "scheduledCancel", want: "canceled" },
  { status: "selfTradeCanceled", want: "canceled" },
  { status: "badAloPxRejected", want: "rejected" },
  { status: "triggered", want: "resting" },
];

for (const c of updateCases) {
  Deno.test(`orderManager: orderUpdate ${c.status}${c.sz ? " (part filled)" : ""} -> ${c.want}`, () => {
    const m = withResting();
    m.applyOrderUpdates([{
      order: exOrder(1, 11, { sz: c.sz ?? 0.1 }),
      status: c.status,
      statusTimestampMs: 300,
    }], 300);
    assert.equal(state(m, 1), c.want);
  });
}

Deno.test("orderManager: orderUpdates find orders by oid when the cloid is missing", () => {
  const m = withResting();
  m.applyOrderUpdates([{
    order: exOrder(1, 11, { cloid: undefined }),
    status: "canceled",
    statusTimestampMs: 300,
  }], 300);
  assert.equal(state(m, 1), "canceled");
});

const cancelCases: Array<
  { outcome: Parameters<OrderManager["cancelOutcomes"]>[1][number]; want: OrderState }
> = [
  { outcome: { kind: "success" }, want: "canceled" },
  {
    outcome: rejected("Order was never placed, already canceled, or filled. asset=1"),
    want: "canceled",
  },
  { outcome: rejected("Too many cumulative requests sent"), want: "resting" },
  { outcome: { kind: "unknown", reason: "timeout" }, want: "unknown" },
  { outcome: { kind: "notSent", reason: "limiter" }, want: "resting" },
];

for (const c of cancelCases) {
  Deno.test(`orderManager: cancel answered ${c.outcome.kind}${"reason" in c.outcome ? ` (${c.outcome.reason.slice(0, 20)})` : ""} -> ${c.want}`, () => {
    const m = withResting();
    m.cancelSent([cancel(1)], 300);
    assert.equal(state(m, 1), "pendingCancel");
    m.cancelOutcomes([cancel(1)], [c.outcome], 400);
    assert.equal(state(m, 1), c.want);
  });
}

Deno.test("orderManager: a partial fill during a pending cancel is restored when the cancel fails", () => {
  const m = withResting();
  m.cancelSent([cancel(1)], 300);
  m.applyFills([fill(1)], false, 350);
  assert.equal(state(m, 1), "pendingCancel");
  m.cancelOutcomes([cancel(1)], [{ kind: "notSent", reason: "x" }], 400);
  assert.equal(state(m, 1), "partiallyFilled");
});

const modifyCases: Array<
  { outcome: OrderOutcome; old: OrderState | undefined; neu: OrderState | undefined }
> = [
  { outcome: { kind: "resting", oid: 12 }, old: "canceled", neu: "resting" },
  {
    outcome: { kind: "filled", oid: 12, totalSz: "0.1", avgPx: "3001" },
    old: "canceled",
    neu: "filled",
  },
  {
    outcome: rejected("Post only order would have immediately matched"),
    old: "unknown",
    neu: "rejected",
  },
  {
    outcome: rejected("Too many cumulative requests sent (1 > 0)"),
    old: "resting",
    neu: "rejected",
  },
  { outcome: { kind: "unknown", reason: "timeout" }, old: "unknown", neu: "unknown" },
  { outcome: { kind: "notSent", reason: "limiter" }, old: "resting", neu: undefined },
];

for (const c of modifyCases) {
  Deno.test(`orderManager: modify answered ${c.outcome.kind} -> old ${c.old}, new ${c.neu ?? "forgotten"}`, () => {
    const m = withResting();
    const mods = [modify(1, 2, 11)];
    m.modifySent(mods, 300);
    assert.equal(state(m, 1), "pendingModify");
    assert.equal(state(m, 2), "pending");
    m.modifyOutcomes(mods, [c.outcome], 400);
    assert.equal(state(m, 1), c.old);
    assert.equal(state(m, 2), c.neu);
  });
}

Deno.test("orderManager: fills are deduplicated by tid and move orders to partiallyFilled then filled", () => {
  const m = withResting();
  assert.equal(m.applyFills([fill(1)], false, 300).length, 1);
  assert.equal(m.applyFills([fill(1)], false, 301).length, 0);
  assert.equal(state(m, 1), "partiallyFilled");
  assert.ok(Math.abs(m.get(cloid(1))!.remainingSz - 0.06) < 1e-12);
  m.applyFills([fill(2, { sz: 0.06 })], false, 302);
  assert.equal(state(m, 1), "filled");
});

Deno.test("orderManager: the first fills snapshot only seeds; unseen fills of a later snapshot apply", () => {
  const m = new OrderManager({ startedAtMs: 500 });
  assert.deepEqual(
    m.applyFills([fill(1, { timeMs: 100 }), fill(2, { timeMs: 200 })], true, 600),
    [],
  );
  const after = m.applyFills(
    [
      fill(1, { timeMs: 100 }),
      fill(2, { timeMs: 200 }),
      fill(3, { timeMs: 50 }), // older than the start, missed by the first snapshot: history
      fill(4, { timeMs: 700 }),
    ],
    true,
    800,
  );
  assert.deepEqual(after.map((f) => f.tid), [4]);
  assert.deepEqual(m.applyFills([fill(4), fill(5)], false, 900).map((f) => f.tid), [5]);
});

Deno.test("orderManager: orderStatus settles unknown orders", () => {
  const table: Array<
    { result: Parameters<OrderManager["applyOrderStatus"]>[1]; atMs: number; want: OrderState }
  > = [
    {
      result: { kind: "order", order: exOrder(1, 11), status: "open", statusTimestampMs: 1 },
      atMs: 300,
      want: "resting",
    },
    {
      result: { kind: "order", order: exOrder(1, 11), status: "filled", statusTimestampMs: 1 },
      atMs: 300,
      want: "filled",
    },
    {
      result: { kind: "order", order: exOrder(1, 11), status: "canceled", statusTimestampMs: 1 },
      atMs: 300,
      want: "canceled",
    },
    {
      result: { kind: "order", order: exOrder(1, 11), status: "rejected", statusTimestampMs: 1 },
      atMs: 300,
      want: "rejected",
    },
    { result: { kind: "unknownOid" }, atMs: 300, want: "unknown" }, // may still be in flight
    { result: { kind: "unknownOid" }, atMs: 5_100, want: "canceled" }, // grace over
  ];
  for (const c of table) {
    const m = new OrderManager({ unknownGraceMs: 5_000 });
    m.placeSent([place(1)], 100);
    m.placeOutcomes([place(1)], [{ kind: "unknown", reason: "timeout" }], 200);
    m.applyOrderStatus(cloid(1), c.result, c.atMs);
    assert.equal(state(m, 1), c.want, JSON.stringify(c));
  }
});

Deno.test("orderManager: reconcile marks missing orders, reports orphans, confirms known ones", () => {
  const isOurCloid = (c: Cloid) => c.startsWith("0x0000");
  const m = new OrderManager({ unknownGraceMs: 5_000, isOurCloid });
  const batch = [1, 2, 3, 4, 5].map((n) => place(n));
  m.placeSent(batch.slice(0, 4), 100);
  m.placeOutcomes(batch.slice(0, 4), [
    { kind: "resting", oid: 11 }, // 1: listed -> stays
    { kind: "resting", oid: 12 }, // 2: confirmed before asOf and not listed -> canceled
    { kind: "unknown", reason: "t" }, // 3: unknown, sent 100, asOf 6000 -> canceled
    { kind: "unknown", reason: "t" }, // 4: unknown but listed -> resting
  ], 200);
  m.placeSent([batch[4]!], 5_900); // 5: pending -> left alone
  const foreign = exOrder(0, 99, { cloid: undefined });
  const otherCoin = exOrder(0, 98, { coin: "SOL", cloid: undefined });
  const ourOldRun = exOrder(0, 97, { coin: "SOL", cloid: "0x0000ffff000000000000000000000001" });
  const report = m.reconcile(
    [exOrder(1, 11), exOrder(4, 14, { sz: 0.05 }), foreign, otherCoin, ourOldRun],
    { asOfMs: 6_000, nowMs: 6_100, coins: ["ETH", "BTC"] },
  );
  assert.deepEqual(report.missing, [cloid(2), cloid(3)]);
  assert.deepEqual(report.orphans.map((o) => o.oid), [99, 97]);
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => state(m, n)), [
    "resting",
    "canceled",
    "canceled",
    "partiallyFilled",
    "pending",
  ]);
});

Deno.test("orderManager: reconcile leaves an order confirmed after the openOrders request alone", () => {
  const m = new OrderManager();
  m.placeSent([place(1)], 100);
  m.placeOutcomes([place(1)], [{ kind: "resting", oid: 11 }], 2_000);
  const report = m.reconcile([], { asOfMs: 1_500, nowMs: 2_100, coins: ["ETH"] });
  assert.deepEqual(report.missing, []);
  assert.equal(state(m, 1), "resting");
});

Deno.test("orderManager: an open order we consider finished is an orphan", () => {
  const m = withResting();
  m.cancelSent([cancel(1)], 300);
  m.cancelOutcomes([cancel(1)], [{ kind: "success" }], 400);
  const report = m.reconcile([exOrder(1, 11)], { asOfMs: 500, nowMs: 600, coins: ["ETH"] });
  assert.deepEqual(report.orphans.map((o) => o.oid), [11]);
});

Deno.test("orderManager: ladder lists confirmed orders best first with remaining size", () => {
  const m = new OrderManager();
  const batch = [
    place(1, { px: "2990" }),
    place(2, { px: "2995" }),
    place(3, { side: "ask", px: "3010" }),
    place(4, { side: "ask", px: "3005" }),
    place(5, { px: "2999" }), // stays pending: not on the ladder
  ];
  m.placeSent(batch, 0);
  m.placeOutcomes(
    batch.slice(0, 4),
    [11, 12, 13, 14].map((oid) => ({ kind: "resting", oid }) as const),
    1,
  );
  m.applyFills([fill(1, { oid: 12, cloid: cloid(2) })], false, 2);
  const ladder = m.ladder("ETH");
  const round = (ls: { px: number; sz: number }[]) =>
    ls.map((l) => ({ px: l.px, sz: Number(l.sz.toFixed(9)) }));
  assert.deepEqual({ bids: round(ladder.bids), asks: round(ladder.asks) }, {
    bids: [{ px: 2995, sz: 0.06 }, { px: 2990, sz: 0.1 }],
    asks: [{ px: 3005, sz: 0.1 }, { px: 3010, sz: 0.1 }],
  });
  assert.deepEqual(m.ladder("BTC"), { bids: [], asks: [] });
});

Deno.test("orderManager: prune forgets old final orders only", () => {
  const m = withResting();
  m.placeSent([place(2)], 0);
  m.placeOutcomes([place(2)], [rejected("x")], 1_000);
  assert.equal(m.prune(30_000, 60_000), 0);
  assert.equal(m.prune(61_001, 60_000), 1);
  assert.equal(m.get(cloid(2)), undefined);
  assert.equal(state(m, 1), "resting");
});

Deno.test("orderManager: an order replaced by a modify answered after the list was taken is no orphan", () => {
  const m = withResting();
  // The openOrders request goes out at 500; a batchModify sent at 450 is answered at 550, and
  // the list (taken before the modify executed) still shows the old order.
  m.modifySent([modify(1, 2, 11)], 450);
  m.modifyOutcomes([modify(1, 2, 11)], [{ kind: "resting", oid: 12 }], 550);
  assert.equal(state(m, 1), "canceled");
  const report = m.reconcile([exOrder(1, 11)], { asOfMs: 500, nowMs: 600, coins: ["ETH"] });
  assert.deepEqual(report.orphans, []);
  assert.deepEqual(report.missing, [], "the new order was confirmed after the list: left alone");
  // A list taken later that still shows the old order: a real orphan.
  const later = m.reconcile([exOrder(1, 11), exOrder(2, 12)], {
    asOfMs: 700,
    nowMs: 800,
    coins: ["ETH"],
  });
  assert.deepEqual(later.orphans.map((o) => o.oid), [11]);
});

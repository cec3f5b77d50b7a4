import assert from "node:assert/strict";
import type { Cloid } from "../../../src/core/types.ts";
import { admittedDiff, rankChanges } from "../../../src/engine/budget/rank_changes.ts";
import type { OrderDiff } from "../../../src/engine/orders/diff_orders.ts";
import type { LiveOrder } from "../../../src/engine/orders/order_types.ts";

const cloid = (n: number) => `0x${n.toString(16).padStart(32, "0")}` as Cloid;

function live(n: number, side: "bid" | "ask", px: number, level: number): LiveOrder {
  return {
    cloid: cloid(n),
    oid: n,
    coin: "BTC",
    assetId: 0,
    side,
    px: String(px),
    pxNum: px,
    sz: "0.001",
    szNum: 0.001,
    level,
    reduceOnly: false,
    state: "resting",
    filledSz: 0,
    lastSentMs: 0,
    createdMs: 0,
  } as unknown as LiveOrder;
}

function modify(from: LiveOrder, px: number) {
  return {
    level: from.level,
    fromCloid: from.cloid,
    modify: {
      target: from.oid!,
      order: {
        coin: "BTC",
        assetId: 0,
        side: from.side,
        px: String(px),
        sz: "0.001",
        tif: "Alo" as const,
        reduceOnly: false,
        cloid: cloid(1000 + from.oid!),
      },
    },
  };
}

Deno.test("rank: missing quotes and orders at risk first, then by level nearest the touch", () => {
  const orders = [
    live(1, "bid", 100, 2), // deep bid, moves down: at risk too
    live(2, "bid", 100, 0), // touch bid, moves down 100 -> 99: at risk (ours is too high)
    live(3, "ask", 101, 1), // ask, moves down: safe (ours would be too high, not picked off)
    live(4, "ask", 101, 0), // touch ask, moves up 101 -> 102: at risk
    live(5, "bid", 100, 1), // bid moves up: safe
  ];
  const byCloid = new Map(orders.map((o) => [o.cloid, o]));
  const diff: OrderDiff = {
    places: [{
      level: 3,
      intent: { ...modify(orders[0]!, 1).modify.order, cloid: cloid(99) },
    }],
    modifies: [
      modify(orders[0]!, 99),
      modify(orders[1]!, 99),
      modify(orders[2]!, 100),
      modify(orders[3]!, 102),
      modify(orders[4]!, 100.5),
    ],
    cancels: [{ cloid: cloid(7), cancel: { assetId: 0, cloid: cloid(7) } }],
    keeps: [],
  };
  const ranked = rankChanges(diff, (c) => byCloid.get(c));
  assert.deepEqual(
    ranked.map((r) => `${r.kind}${r.index}:${r.rank}`),
    // urgent (rank 1) by level: the at-risk modifies and the missing deep place; then the rest.
    ["modify1:1", "modify3:1", "modify0:1", "place0:1", "modify2:3", "modify4:3"],
  );
  const kept = admittedDiff(diff, ranked.slice(0, 2));
  assert.equal(kept.cancels.length, 1, "cancels are never held back");
  assert.deepEqual(kept.modifies.map((m) => m.fromCloid), [cloid(2), cloid(4)]);
  assert.equal(kept.places.length, 0);
});

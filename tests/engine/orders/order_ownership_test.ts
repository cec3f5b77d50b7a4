import assert from "node:assert/strict";
import type { ExchangeOrder } from "../../../src/core/types.ts";
import { orderFate, sortOpenOrders } from "../../../src/engine/orders/order_ownership.ts";
import { CloidSource } from "../../../src/engine/strategy/cloid_source.ts";

const cloids = new CloidSource({ randomBytes: (b) => b.fill(1) });
const earlierRun = new CloidSource({ randomBytes: (b) => b.fill(2) });
const order = (coin: string, oid: number, cloid?: string): ExchangeOrder => ({
  coin,
  side: "bid",
  limitPx: 1,
  sz: 1,
  origSz: 1,
  oid,
  timestampMs: 0,
  ...(cloid ? { cloid: cloid as ExchangeOrder["cloid"] } : {}),
});
const rule = (cancelForeign: boolean) => ({
  isOurCloid: (c: string | undefined) => cloids.isOurs(c),
  quotedCoins: new Set(["BTC", "ETH"]),
  cancelForeign,
});

Deno.test("our cloid tag is taken down on any coin; the operator's orders on quoted coins are left alone", () => {
  const r = rule(false);
  assert.equal(orderFate(order("BTC", 1, cloids.next()), r), "cancel");
  assert.equal(orderFate(order("SOL", 2, earlierRun.next()), r), "cancel");
  assert.equal(orderFate(order("BTC", 3), r), "leaveAlone");
  assert.equal(orderFate(order("ETH", 4, "0xdeadbeef000000000000000000000001"), r), "leaveAlone");
  assert.equal(orderFate(order("SOL", 5), r), "ignore");
});

Deno.test("cancel_foreign_orders takes down every order on the quoted coins, still none elsewhere", () => {
  const r = rule(true);
  assert.equal(orderFate(order("BTC", 3), r), "cancel");
  assert.equal(orderFate(order("SOL", 5), r), "ignore");
  const sorted = sortOpenOrders(
    [order("BTC", 3), order("SOL", 5), order("SOL", 6, cloids.next())],
    r,
  );
  assert.deepEqual(sorted.cancel.map((o) => o.oid), [3, 6]);
  assert.deepEqual(sorted.leaveAlone, []);
});

/**
 * One rule for the orders the bot did not place (src/engine/orders/order_ownership.ts), applied
 * at start, while running (reconcile, halt) and at shutdown: the operator's own orders on a quoted
 * coin survive everything unless cancel_foreign_orders says otherwise.
 */
import assert from "node:assert/strict";
import type { ExchangeOrder } from "../../../src/core/types.ts";
import { CloidSource } from "../../../src/engine/strategy/cloid_source.ts";
import { type LogLine, rig, testConfig } from "./_fakes.ts";

const earlierRun = new CloidSource({ randomBytes: (b) => b.fill(9) });
const open = (coin: string, oid: number, cloid?: string): ExchangeOrder => ({
  coin,
  side: "bid",
  limitPx: coin === "BTC" ? 90_000 : coin === "ETH" ? 2_500 : 100,
  sz: 0.01,
  origSz: 0.01,
  oid,
  timestampMs: 0,
  ...(cloid ? { cloid: cloid as ExchangeOrder["cloid"] } : {}),
});

function accountOrders(): ExchangeOrder[] {
  return [
    open("BTC", 1), // the operator's, on a quoted coin, no cloid
    open("ETH", 2, "0xdeadbeef000000000000000000000001"), // the operator's, another tool's cloid
    open("SOL", 3), // the operator's, on a coin the bot does not quote
    open("BTC", 4, earlierRun.next()), // ours, left by an earlier run
  ];
}

function canceledOids(r: ReturnType<typeof rig>): number[] {
  return r.exchange.calls.flatMap((c) =>
    c.kind === "cancelByOid" ? c.cancels.map((x) => x.oid) : []
  );
}

Deno.test("the operator's orders on quoted coins survive start, reconcile, halt and shutdown", async () => {
  const logs: LogLine[] = [];
  const r = rig({ config: testConfig({ housekeep_every_n: 2 }), logs });
  r.info.open = accountOrders();
  await r.engine.start();
  for (let i = 0; i < 6; i++) await r.loop();
  assert.ok(r.exchange.calls.some((c) => c.kind === "place"), "the bot quotes meanwhile");
  const halted = r.engine.control.halt("operator test", AbortSignal.timeout(5_000));
  await r.loop();
  await halted;
  for (let i = 0; i < 4; i++) await r.loop();
  const result = await r.engine.shutdown();

  assert.equal(result.openOrdersLeft, 0, "none of OUR orders is left");
  assert.deepEqual(canceledOids(r), [4], "only the earlier run's order was canceled by oid");
  assert.deepEqual(r.info.open.map((o) => o.oid).sort(), [1, 2, 3]);
  const leftAlone = logs.filter((l) => /left alone/.test(l.msg)).map((l) => l.fields.oid);
  assert.deepEqual(leftAlone.sort(), [1, 2], "logged once each; the SOL order is not our business");
});

Deno.test("cancel_foreign_orders: the same rule takes them down, at start already", async () => {
  const r = rig({ config: testConfig({ cancel_foreign_orders: true }) });
  r.info.open = accountOrders();
  await r.engine.start();
  assert.deepEqual(canceledOids(r).sort(), [1, 2, 4]);
  await r.loop();
  const result = await r.engine.shutdown();
  assert.equal(result.openOrdersLeft, 0);
  assert.deepEqual(r.info.open.map((o) => o.oid), [3], "a coin the bot does not quote: untouched");
});

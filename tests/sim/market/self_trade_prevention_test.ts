import assert from "node:assert/strict";
import {
  ALICE,
  BOB,
  collect,
  ETH,
  fills,
  info,
  placeOne,
  quietCore,
  restingOid,
} from "./helpers.ts";

Deno.test("a trade with yourself cancels the resting order (selfTradeCanceled), no fill", () => {
  const core = quietCore();
  const pushes = collect(core);
  const mine = restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" }));
  const bobs = restingOid(placeOne(core, BOB, { a: ETH, b: false, p: "3501", s: "0.1" }));
  const status = placeOne(core, ALICE, { a: ETH, b: true, p: "3501", s: "0.1" }) as {
    filled: { totalSz: string; avgPx: string };
  };
  assert.equal(status.filled.totalSz, "0.1");
  assert.equal(status.filled.avgPx, "3501.0");
  const own = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: ALICE,
    oid: mine,
  });
  assert.equal(own.order.status, "selfTradeCanceled");
  assert.equal(fills(core, ALICE).length, 1);
  assert.equal(fills(core, BOB)[0]?.oid, bobs);
  const trades = pushes.filter((p) => p.channel === "trades").flatMap((p) =>
    p.data as { px: string }[]
  );
  assert.deepEqual(trades.map((t) => t.px), ["3501.0"]);
  const updates = pushes.filter((p) => p.channel === "orderUpdates" && p.user === ALICE)
    .flatMap((p) => p.data as { status: string; order: { oid: number } }[]);
  assert.ok(updates.some((u) => u.order.oid === mine && u.status === "selfTradeCanceled"));
});

Deno.test("an Ioc that only meets your own orders cancels them and gets the no-match error", () => {
  const core = quietCore();
  const mine = restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" }));
  assert.deepEqual(placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.1", tif: "Ioc" }), {
    error: "Order could not immediately match against any resting orders. asset=1",
  });
  assert.deepEqual(info(core, { type: "openOrders", user: ALICE }), []);
  const own = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: ALICE,
    oid: mine,
  });
  assert.equal(own.order.status, "selfTradeCanceled");
});

import assert from "node:assert/strict";
import {
  ALICE,
  BOB,
  cloid,
  ETH,
  fills,
  info,
  placeOne,
  quietCore,
  restingOid,
  T0,
} from "./helpers.ts";

const POOR = "0xd000000000000000000000000000000000000004";

Deno.test("a resting order whose account lost its margin is marginCanceled at the match", () => {
  const core = quietCore();
  core.fund(POOR, 100);
  placeOne(core, BOB, { a: ETH, b: false, p: "3400", s: "0.25" });
  placeOne(core, POOR, { a: ETH, b: true, p: "3400", s: "0.25", tif: "Ioc" }); // long 0.25
  const bid = restingOid(placeOne(core, POOR, { a: ETH, b: true, p: "2900", s: "0.25" }));
  // the book moves to ~3000: the mark follows, POOR is down $100
  placeOne(core, BOB, { a: ETH, b: false, p: "3000", s: "0.01" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "2950", s: "0.01" });
  const status = placeOne(core, BOB, { a: ETH, b: false, p: "2900", s: "0.3", tif: "Ioc" }) as {
    filled: { totalSz: string };
  };
  assert.equal(status.filled.totalSz, "0.01");
  const s = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: POOR,
    oid: bid,
  });
  assert.equal(s.order.status, "marginCanceled");
  assert.equal(fills(core, POOR).length, 1);
});

Deno.test("a rejected order with a cloid answers orderStatus with its rejection status", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.1" });
  const c = cloid(77);
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.1", tif: "Alo", c });
  const s = info<{ status: string; order: { status: string; order: { cloid: string } } }>(core, {
    type: "orderStatus",
    user: ALICE,
    oid: c,
  });
  assert.equal(s.status, "order");
  assert.equal(s.order.status, "badAloPxRejected");
  assert.equal(s.order.order.cloid, c);
  // the cloid is free to use again
  assert.ok(
    "resting" in (placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", c }) as object),
  );
});

Deno.test("an account under maintenance margin is liquidated at the mark on the next step", () => {
  const core = quietCore();
  core.fund(POOR, 100);
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.5" });
  placeOne(core, POOR, { a: ETH, b: true, p: "3500", s: "0.5", tif: "Ioc" }); // long 0.5
  const bid = restingOid(placeOne(core, POOR, { a: ETH, b: true, p: "3000", s: "0.01" }));
  core.advance(T0 + 100);
  assert.equal(fills(core, POOR).length, 1); // still fine
  // the book moves to 3300/3310: the mark is 3310, POOR is down $95 of its $100
  placeOne(core, ALICE, { a: ETH, b: true, p: "3300", s: "0.01" });
  placeOne(core, BOB, { a: ETH, b: false, p: "3310", s: "0.01" });
  core.advance(T0 + 200);
  const last = fills(core, POOR)[0];
  assert.equal(last?.px, "3310.0");
  assert.equal(last?.sz, "0.5");
  assert.equal(last?.dir, "Close Long");
  assert.deepEqual(last?.liquidation, { liquidatedUser: POOR, markPx: "3310.0", method: "market" });
  const state = info<{ assetPositions: unknown[] }>(core, {
    type: "clearinghouseState",
    user: POOR,
  });
  assert.deepEqual(state.assetPositions, []);
  const s = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: POOR,
    oid: bid,
  });
  assert.equal(s.order.status, "liquidatedCanceled");
});

import assert from "node:assert/strict";
import { ALICE, BOB, ETH, fills, info, placeOne, quietCore, restingOid } from "./helpers.ts";

const NO_INCREASE = { error: "Reduce only order would increase position. asset=1" };

Deno.test("reduce-only with no position is rejected", () => {
  const core = quietCore();
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1", r: true }),
    NO_INCREASE,
  );
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.1", r: true }),
    NO_INCREASE,
  );
});

Deno.test("reduce-only in the position's direction is rejected, larger ones shrink", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.2" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.2", tif: "Ioc" }); // Alice long 0.2
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", r: true }),
    NO_INCREASE,
  );
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3600", s: "0.5", r: true }));
  const open = info<{ oid: number; sz: string; origSz: string; reduceOnly?: boolean }[]>(core, {
    type: "openOrders",
    user: ALICE,
  });
  assert.deepEqual(open, [{
    coin: "ETH",
    side: "A",
    limitPx: "3600.0",
    sz: "0.2",
    oid,
    timestamp: open[0]?.oid === oid ? (open[0] as unknown as { timestamp: number }).timestamp : 0,
    origSz: "0.5",
    reduceOnly: true,
  }]);
});

Deno.test("a resting reduce-only order shrinks with the position, then is reduceOnlyCanceled", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.2" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.2", tif: "Ioc" });
  const ro = restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3600", s: "0.2", r: true }));
  // Alice sells 0.15 elsewhere: her reduce-only shrinks to 0.05
  placeOne(core, BOB, { a: ETH, b: true, p: "3450", s: "0.15" });
  placeOne(core, ALICE, { a: ETH, b: false, p: "3450", s: "0.15", tif: "Ioc" });
  const open = info<{ sz: string }[]>(core, { type: "openOrders", user: ALICE });
  assert.equal(open[0]?.sz, "0.05");
  // closing the rest (exempt from the $10 minimum as a whole close) cancels the reduce-only
  placeOne(core, BOB, { a: ETH, b: true, p: "3450", s: "0.05" });
  placeOne(core, ALICE, { a: ETH, b: false, p: "3450", s: "0.05", tif: "Ioc" });
  const status = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: ALICE,
    oid: ro,
  });
  assert.equal(status.order.status, "reduceOnlyCanceled");
  assert.equal(fills(core, ALICE)[0]?.dir, "Close Long");
});

Deno.test("the $10 minimum applies to partial closes but not to closing the whole position", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.0031" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.0031", tif: "Ioc" }); // long 0.0031 ($10.85)
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: false, p: "3600", s: "0.001", r: true }),
    { error: "Order must have minimum value of $10. asset=1" },
  );
  assert.ok(
    "resting" in (placeOne(core, ALICE, { a: ETH, b: false, p: "3000", s: "0.0031" }) as object),
  );
});

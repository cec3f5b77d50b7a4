import assert from "node:assert/strict";
import {
  ALICE,
  BOB,
  CAROL,
  ETH,
  fills,
  info,
  place,
  placeOne,
  quietCore,
  restingOid,
} from "./helpers.ts";

Deno.test("a crossing order trades at the resting price, best price first", () => {
  const core = quietCore();
  restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3501", s: "0.1" }));
  restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" }));
  const status = placeOne(core, BOB, { a: ETH, b: true, p: "3510", s: "0.15" });
  assert.deepEqual(status, {
    filled: {
      totalSz: "0.15",
      avgPx: "3500.3333",
      oid: (status as { filled: { oid: number } }).filled.oid,
    },
  });
  const bobFills = fills(core, BOB);
  assert.deepEqual(bobFills.map((f) => [f.px, f.sz, f.crossed]), [
    ["3501.0", "0.05", true],
    ["3500.0", "0.1", true],
  ]);
  const book = info<{ levels: { px: string; sz: string; n: number }[][] }>(core, {
    type: "l2Book",
    coin: "ETH",
  });
  assert.deepEqual(book.levels[1], [{ px: "3501.0", sz: "0.05", n: 1 }]);
});

Deno.test("orders at the same price fill in time order", () => {
  const core = quietCore();
  const first = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  const second = restingOid(placeOne(core, CAROL, { a: ETH, b: true, p: "3400", s: "0.1" }));
  placeOne(core, BOB, { a: ETH, b: false, p: "3400", s: "0.1", tif: "Ioc" });
  assert.equal(fills(core, ALICE)[0]?.oid, first);
  assert.equal(fills(core, CAROL).length, 0);
  const status = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: CAROL,
    oid: second,
  });
  assert.equal(status.order.status, "open");
});

Deno.test("a Gtc order partly fills and rests the remainder", () => {
  const core = quietCore();
  placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" });
  const oid = restingOid(placeOne(core, BOB, { a: ETH, b: true, p: "3500", s: "0.3" }));
  const open = info<{ oid: number; sz: string; origSz: string }[]>(core, {
    type: "openOrders",
    user: BOB,
  });
  assert.deepEqual(open.map((o) => [o.oid, o.sz, o.origSz]), [[oid, "0.2", "0.3"]]);
  const maker = fills(core, ALICE)[0];
  assert.equal(maker?.crossed, false);
  assert.equal(maker?.sz, "0.1");
});

Deno.test("an Ioc partly fills and the rest is cancelled without error", () => {
  const core = quietCore();
  placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" });
  const status = placeOne(core, BOB, { a: ETH, b: true, p: "3500", s: "0.3", tif: "Ioc" }) as {
    filled: { totalSz: string; avgPx: string };
  };
  assert.equal(status.filled.totalSz, "0.1");
  assert.equal(status.filled.avgPx, "3500.0");
  assert.deepEqual(info(core, { type: "openOrders", user: BOB }), []);
});

Deno.test("statuses come back in request order for a batch", () => {
  const core = quietCore();
  const statuses = place(
    core,
    ALICE,
    { a: ETH, b: true, p: "3400", s: "0.1" },
    { a: ETH, b: true, p: "3400.55", s: "0.1" },
    { a: ETH, b: false, p: "3600", s: "0.1" },
  );
  assert.ok("resting" in (statuses[0] as object));
  assert.ok("error" in (statuses[1] as object));
  assert.ok("resting" in (statuses[2] as object));
});

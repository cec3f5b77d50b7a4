import assert from "node:assert/strict";
import {
  ALICE,
  BOB,
  cloid,
  ETH,
  info,
  placeOne,
  quietCore,
  restingOid,
  SOL,
  wire,
} from "./helpers.ts";

const NOT_FOUND = (asset: number) => ({
  error: `Order was never placed, already canceled, or filled. asset=${asset}`,
});

Deno.test("cancel by oid: success, then the not-found error with the asset", () => {
  const core = quietCore();
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  const answer = core.execute(ALICE, {
    type: "cancel",
    cancels: [{ a: ETH, o: oid }, { a: SOL, o: 42 }],
  });
  assert.deepEqual(answer, {
    httpStatus: 200,
    body: {
      status: "ok",
      response: { type: "cancel", data: { statuses: ["success", NOT_FOUND(SOL)] } },
    },
  });
  const again = core.execute(ALICE, { type: "cancel", cancels: [{ a: ETH, o: oid }] }).body;
  assert.deepEqual(again, {
    status: "ok",
    response: { type: "cancel", data: { statuses: [NOT_FOUND(ETH)] } },
  });
  const status = info<{ order: { status: string } }>(core, {
    type: "orderStatus",
    user: ALICE,
    oid,
  });
  assert.equal(status.order.status, "canceled");
});

Deno.test("another user cannot cancel your order", () => {
  const core = quietCore();
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  const answer = core.execute(BOB, { type: "cancel", cancels: [{ a: ETH, o: oid }] }).body;
  assert.deepEqual(answer, {
    status: "ok",
    response: { type: "cancel", data: { statuses: [NOT_FOUND(ETH)] } },
  });
});

Deno.test("cancelByCloid and orderStatus by cloid", () => {
  const core = quietCore();
  const c = cloid(0xabc);
  const status = placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", c });
  assert.deepEqual(status, { resting: { oid: restingOid(status), cloid: c } });
  const byCloid = info<{ order: { order: { cloid: string }; status: string } }>(core, {
    type: "orderStatus",
    user: ALICE,
    oid: c,
  });
  assert.equal(byCloid.order.status, "open");
  assert.equal(byCloid.order.order.cloid, c);
  const answer = core.execute(ALICE, {
    type: "cancelByCloid",
    cancels: [{ asset: ETH, cloid: c }, { asset: ETH, cloid: cloid(0xdef) }],
  }).body;
  assert.deepEqual(answer, {
    status: "ok",
    response: { type: "cancel", data: { statuses: ["success", NOT_FOUND(ETH)] } },
  });
  assert.deepEqual(info(core, { type: "orderStatus", user: ALICE, oid: cloid(0xdef) }), {
    status: "unknownOid",
  });
});

Deno.test("a duplicate cloid of an open order is rejected; reuse after cancel is fine", () => {
  const core = quietCore();
  const c = cloid(7);
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", c }));
  assert.deepEqual(placeOne(core, ALICE, { a: ETH, b: true, p: "3401", s: "0.1", c }), {
    error: "Duplicate cloid. asset=1",
  });
  core.execute(ALICE, { type: "cancel", cancels: [{ a: ETH, o: oid }] });
  assert.ok(
    "resting" in (placeOne(core, ALICE, { a: ETH, b: true, p: "3401", s: "0.1", c }) as object),
  );
});

Deno.test("modify replaces the order (new oid), keeps the cloid unless a new one is given", () => {
  const core = quietCore();
  const c = cloid(9);
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", c }));
  const answer = core.execute(ALICE, {
    type: "modify",
    oid,
    order: wire({ a: ETH, b: true, p: "3405", s: "0.2" }),
  });
  assert.deepEqual(answer.body, { status: "ok", response: { type: "default" } });
  const open = info<{ oid: number; limitPx: string; sz: string; cloid?: string }[]>(core, {
    type: "openOrders",
    user: ALICE,
  });
  assert.equal(open.length, 1);
  assert.notEqual(open[0]?.oid, oid);
  assert.deepEqual([open[0]?.limitPx, open[0]?.sz, open[0]?.cloid], ["3405.0", "0.2", c]);
  // modify by cloid with a new cloid
  const c2 = cloid(10);
  core.execute(ALICE, {
    type: "modify",
    oid: c,
    order: wire({ a: ETH, b: true, p: "3406", s: "0.2", c: c2 }),
  });
  const after = info<{ cloid?: string; limitPx: string }[]>(core, {
    type: "openOrders",
    user: ALICE,
  });
  assert.deepEqual([after[0]?.cloid, after[0]?.limitPx], [c2, "3406.0"]);
  // a gone order cannot be modified
  assert.deepEqual(
    core.execute(ALICE, {
      type: "modify",
      oid,
      order: wire({ a: ETH, b: true, p: "3405", s: "0.2" }),
    }).body,
    { status: "err", response: "Cannot modify canceled or filled order" },
  );
});

Deno.test("batchModify answers with order-type statuses", () => {
  const core = quietCore();
  const a = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  const answer = core.execute(ALICE, {
    type: "batchModify",
    modifies: [
      { oid: a, order: wire({ a: ETH, b: true, p: "3399", s: "0.1" }) },
      { oid: 123, order: wire({ a: ETH, b: true, p: "3398", s: "0.1" }) },
    ],
  }).body as { status: string; response: { type: string; data: { statuses: unknown[] } } };
  assert.equal(answer.response.type, "order");
  const [first, second] = answer.response.data.statuses;
  assert.ok(restingOid(first) > a);
  assert.deepEqual(second, { error: "Cannot modify canceled or filled order" });
});

Deno.test("noop answers default", () => {
  const core = quietCore();
  assert.deepEqual(core.execute(ALICE, { type: "noop" }).body, {
    status: "ok",
    response: { type: "default" },
  });
});

Deno.test("modify: a bad new price is refused whole and keeps the old order", () => {
  const core = quietCore();
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  assert.deepEqual(
    core.execute(ALICE, {
      type: "modify",
      oid,
      order: wire({ a: ETH, b: true, p: "3400.05", s: "0.1" }),
    }).body,
    { status: "err", response: "Price must be divisible by tick size. asset=1" },
  );
  assert.equal(info<{ oid: number }[]>(core, { type: "openOrders", user: ALICE })[0]?.oid, oid);
});

Deno.test("modify: a failed placement after the cancel says so and the old order is gone", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.1" });
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  const answer = core.execute(ALICE, {
    type: "modify",
    oid,
    order: wire({ a: ETH, b: true, p: "3500", s: "0.1", tif: "Alo" }),
  }).body;
  assert.deepEqual(answer, {
    status: "err",
    response:
      "Error placing new order during modify: Post only order would have immediately matched, bbo was None@3500.",
  });
  assert.deepEqual(info(core, { type: "openOrders", user: ALICE }), []);
});

Deno.test("blockPriority: no-GTC/IOC actions, then cancels, then GTC/IOC", () => {
  const core = quietCore();
  const order = (tif: "Alo" | "Gtc" | "Ioc") => wire({ a: ETH, b: true, p: "3400", s: "0.1", tif });
  assert.equal(core.blockPriority?.({ type: "order", orders: [order("Alo")], grouping: "na" }), 0);
  assert.equal(core.blockPriority?.({ type: "noop" }), 0);
  assert.equal(core.blockPriority?.({ type: "scheduleCancel" }), 0);
  assert.equal(core.blockPriority?.({ type: "cancel", cancels: [] }), 1);
  assert.equal(core.blockPriority?.({ type: "cancelByCloid", cancels: [] }), 1);
  assert.equal(
    core.blockPriority?.({ type: "order", orders: [order("Alo"), order("Gtc")], grouping: "na" }),
    2,
  );
  assert.equal(core.blockPriority?.({ type: "modify", oid: 1, order: order("Ioc") }), 2);
  assert.equal(
    core.blockPriority?.({ type: "batchModify", modifies: [{ oid: 1, order: order("Alo") }] }),
    0,
  );
});

import assert from "node:assert/strict";
import { ALICE, BOB, BTC, ETH, placeOne, quietCore, SOL, wire } from "./helpers.ts";

const err = (text: string, asset: number) => ({ error: `${text} asset=${asset}` });

Deno.test("Alo that would cross is rejected with the bbo in the text", () => {
  const core = quietCore();
  placeOne(core, ALICE, { a: ETH, b: true, p: "3499.5", s: "0.1" });
  placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" });
  assert.deepEqual(
    placeOne(core, BOB, { a: ETH, b: true, p: "3500", s: "0.1", tif: "Alo" }),
    err("Post only order would have immediately matched, bbo was 3499.5@3500.", ETH),
  );
  assert.ok(
    "resting" in
      (placeOne(core, BOB, { a: ETH, b: true, p: "3499.9", s: "0.1", tif: "Alo" }) as object),
  );
});

Deno.test("Ioc with nothing to match is rejected", () => {
  const core = quietCore();
  placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" });
  assert.deepEqual(
    placeOne(core, BOB, { a: ETH, b: true, p: "3499", s: "0.1", tif: "Ioc" }),
    err("Order could not immediately match against any resting orders.", ETH),
  );
});

Deno.test("prices must respect 5 significant figures and 6 - szDecimals decimals", () => {
  const core = quietCore();
  const tick = err("Price must be divisible by tick size.", ETH);
  assert.deepEqual(placeOne(core, ALICE, { a: ETH, b: true, p: "3400.05", s: "0.1" }), tick);
  assert.deepEqual(
    placeOne(core, ALICE, { a: SOL, b: true, p: "170.001", s: "1" }),
    err("Price must be divisible by tick size.", SOL),
  );
  // integer prices are always allowed, trailing zeros are fine
  assert.ok(
    "resting" in (placeOne(core, ALICE, { a: BTC, b: true, p: "90001", s: "0.001" }) as object),
  );
  assert.ok(
    "resting" in (placeOne(core, ALICE, { a: ETH, b: true, p: "3400.10", s: "0.1" }) as object),
  );
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: true, p: "abc", s: "0.1" }),
    err("Order has invalid price.", ETH),
  );
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: true, p: "0", s: "0.1" }),
    err("Order has invalid price.", ETH),
  );
});

Deno.test("sizes must have at most szDecimals decimals", () => {
  const core = quietCore();
  assert.deepEqual(
    placeOne(core, ALICE, { a: SOL, b: true, p: "170", s: "1.001" }),
    err("Order has invalid size.", SOL),
  );
  assert.deepEqual(
    placeOne(core, ALICE, { a: SOL, b: true, p: "170", s: "-1" }),
    err("Order has invalid size.", SOL),
  );
  assert.deepEqual(
    placeOne(core, ALICE, { a: SOL, b: true, p: "170", s: "0" }),
    err("Order has zero size.", SOL),
  );
});

Deno.test("orders under $10 of notional (size x limit price) are rejected", () => {
  const core = quietCore();
  const min = err("Order must have minimum value of $10.", SOL);
  assert.deepEqual(placeOne(core, ALICE, { a: SOL, b: true, p: "9.99", s: "1" }), min);
  assert.ok("resting" in (placeOne(core, ALICE, { a: SOL, b: true, p: "10", s: "1" }) as object));
});

Deno.test("an order beyond the free margin is rejected", () => {
  const core = quietCore();
  const poor = "0xd000000000000000000000000000000000000004";
  core.fund(poor, 100);
  // 20x default leverage on ETH: 1 ETH at 3400 needs $170
  assert.deepEqual(
    placeOne(core, poor, { a: ETH, b: true, p: "3400", s: "1" }),
    err("Insufficient margin to place order.", ETH),
  );
  assert.ok(
    "resting" in (placeOne(core, poor, { a: ETH, b: true, p: "3400", s: "0.5" }) as object),
  );
  // resting orders use margin too
  assert.deepEqual(
    placeOne(core, poor, { a: ETH, b: true, p: "3400", s: "0.5" }),
    err("Insufficient margin to place order.", ETH),
  );
});

Deno.test("updateLeverage changes the margin needed and checks the range", () => {
  const core = quietCore();
  const poor = "0xd000000000000000000000000000000000000004";
  core.fund(poor, 100);
  const ok = { status: "ok", response: { type: "default" } };
  assert.deepEqual(
    core.execute(poor, { type: "updateLeverage", asset: ETH, isCross: true, leverage: 25 }).body,
    ok,
  );
  assert.ok(
    "resting" in (placeOne(core, poor, { a: ETH, b: true, p: "3400", s: "0.7" }) as object),
  );
  assert.deepEqual(
    core.execute(poor, { type: "updateLeverage", asset: ETH, isCross: true, leverage: 26 }).body,
    { status: "err", response: "Invalid leverage value" },
  );
});

Deno.test("a malformed action or an unknown type answers 422 with the deserialize text", () => {
  const core = quietCore();
  const text = "Failed to deserialize the JSON body into the target type";
  for (
    const action of [
      { type: "nope" },
      { type: "order", orders: [{ a: 0 }], grouping: "na" },
      { type: "cancel", cancels: [{ a: 0, o: "x" }] },
      {
        type: "order",
        orders: [{ ...wire({ a: 0, b: true, p: "1", s: "1" }), c: "0x12" }],
        grouping: "na",
      },
      "hello",
      null,
    ]
  ) {
    assert.deepEqual(core.execute(ALICE, action), { httpStatus: 422, body: text });
  }
});

Deno.test("a batch over 200 is refused whole", () => {
  const core = quietCore();
  const cancels = Array.from({ length: 201 }, (_, i) => ({ a: 0, o: i }));
  assert.deepEqual(core.execute(ALICE, { type: "cancel", cancels }).body, {
    status: "err",
    response: "Signed action over weight limit of 200.",
  });
  assert.equal(core.batchLength({ type: "cancel", cancels }), 201);
  assert.equal(core.batchLength({ type: "noop" }), 1);
  const ok = core.execute(ALICE, { type: "cancel", cancels: cancels.slice(0, 200) }).body as {
    response: { data: { statuses: unknown[] } };
  };
  assert.equal(ok.response.data.statuses.length, 200);
});

Deno.test("at most 1000 open orders for a new account; reduce-only refused at the cap", () => {
  const core = quietCore();
  for (let batch = 0; batch < 5; batch++) {
    const orders = Array.from(
      { length: 200 },
      (_, i) => wire({ a: ETH, b: true, p: String(2000 + batch * 200 + i), s: "0.01" }),
    );
    core.execute(ALICE, { type: "order", orders, grouping: "na" });
  }
  assert.equal(core.stats().openOrders, 1000);
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: true, p: "1900", s: "0.01" }),
    err("Too many open orders.", ETH),
  );
  assert.deepEqual(
    placeOne(core, ALICE, { a: ETH, b: false, p: "3900", s: "0.01", r: true }),
    err("Too many open orders.", ETH),
  );
});

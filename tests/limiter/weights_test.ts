import assert from "node:assert/strict";
import fc from "fast-check";
import {
  createWeightTable,
  DEFAULT_WEIGHT_SETTINGS,
  infoSurchargeWeight,
  type WeightSettings,
} from "../../src/limiter/weights.ts";

Deno.test("info weights follow the reference table by default", () => {
  const table = createWeightTable();
  const cases: ReadonlyArray<readonly [string, number]> = [
    ["l2Book", 2],
    ["allMids", 2],
    ["clearinghouseState", 2],
    ["orderStatus", 2],
    ["spotClearinghouseState", 2],
    ["exchangeStatus", 2],
    ["userRole", 60],
    ["meta", 20],
    ["metaAndAssetCtxs", 20],
    ["userFees", 20],
    ["openOrders", 20],
    ["frontendOpenOrders", 20],
    ["userRateLimit", 20],
    ["userFills", 20],
    ["spotMeta", 20],
    ["candleSnapshot", 20],
    ["somethingNew", 20],
    ["toString", 20],
    ["__proto__", 20],
  ];
  for (const [type, weight] of cases) assert.equal(table.info(type), weight, type);
});

Deno.test("exchange weight is 1 + floor(n/40) per the reference table", () => {
  const table = createWeightTable();
  const cases: ReadonlyArray<readonly [number, number]> = [
    [0, 1],
    [1, 1],
    [39, 1],
    [40, 2],
    [79, 2],
    [80, 3],
    [119, 3],
    [120, 4],
    [200, 6],
  ];
  for (const [n, weight] of cases) {
    assert.equal(table.exchange(n), weight, `order n=${n}`);
    assert.equal(table.exchange(n, "order"), weight, `order n=${n}`);
    assert.equal(table.exchange(n, "cancel"), weight, `cancel n=${n}`);
  }
});

Deno.test("environment settings override the configurable weights", () => {
  const settings: WeightSettings = {
    weightOrder: 3,
    weightCancel: 2,
    weightL2Book: 5,
    weightMeta: 40,
    weightUserFees: 25,
  };
  const table = createWeightTable(settings);
  assert.equal(table.info("l2Book"), 5);
  assert.equal(table.info("meta"), 40);
  assert.equal(table.info("metaAndAssetCtxs"), 40);
  assert.equal(table.info("userFees"), 25);
  // Not configurable: documented fixed weights stay.
  assert.equal(table.info("allMids"), 2);
  assert.equal(table.info("userRole"), 60);
  assert.equal(table.info("openOrders"), 20);
  assert.equal(table.exchange(1), 3);
  assert.equal(table.exchange(40), 6);
  assert.equal(table.exchange(1, "cancel"), 2);
  assert.equal(table.exchange(200, "cancel"), 12);
});

Deno.test("the table copies its settings: later changes to the object have no effect", () => {
  const settings: WeightSettings = { ...DEFAULT_WEIGHT_SETTINGS };
  const table = createWeightTable(settings);
  settings.weightOrder = 9;
  assert.equal(table.exchange(1), 1);
});

Deno.test("invalid item counts and settings are refused", () => {
  const table = createWeightTable();
  assert.throws(() => table.exchange(-1), RangeError);
  assert.throws(() => table.exchange(1.5), RangeError);
  assert.throws(() => table.exchange(Number.NaN), RangeError);
  assert.throws(
    () => createWeightTable({ ...DEFAULT_WEIGHT_SETTINGS, weightMeta: -1 }),
    /weightMeta/,
  );
});

Deno.test("property: exchange weight is W * (1 + floor(n/40)) and never decreases with n", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 1, max: 1000 }),
      fc.integer({ min: 0, max: 5000 }),
      (weightOrder, weightCancel, n) => {
        const table = createWeightTable({ ...DEFAULT_WEIGHT_SETTINGS, weightOrder, weightCancel });
        assert.equal(table.exchange(n), weightOrder * (1 + Math.floor(n / 40)));
        assert.equal(table.exchange(n, "cancel"), weightCancel * (1 + Math.floor(n / 40)));
        assert.ok(table.exchange(n + 1) >= table.exchange(n));
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("info surcharges round up per 20 items (60 for candles); others have none", () => {
  const cases: ReadonlyArray<readonly [string, number, number]> = [
    ["userFills", 0, 0],
    ["userFills", 1, 1],
    ["userFills", 20, 1],
    ["userFills", 21, 2],
    ["userFills", 2000, 100],
    ["recentTrades", 40, 2],
    ["candleSnapshot", 60, 1],
    ["candleSnapshot", 61, 2],
    ["l2Book", 500, 0],
    ["openOrders", 500, 0],
  ];
  for (const [type, items, extra] of cases) {
    assert.equal(infoSurchargeWeight(type, items), extra, `${type} ${items}`);
  }
});

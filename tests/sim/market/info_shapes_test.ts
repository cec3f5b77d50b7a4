import assert from "node:assert/strict";
import { createSimExchangeCore } from "../../../src/sim/market/exchange_core.ts";
import { ALICE, BOB, cloid, ETH, info, placeOne, quietCore, restingOid, T0 } from "./helpers.ts";

const DECIMAL = /^-?[0-9]+\.[0-9]+$/;

Deno.test("meta lists the universe with asset id = index", () => {
  const core = quietCore();
  const meta = info<{
    universe: { name: string; szDecimals: number; maxLeverage: number; marginTableId: number }[];
    marginTables: unknown[];
    collateralToken: number;
  }>(core, { type: "meta" });
  const names = meta.universe.map((u) => u.name);
  assert.ok(meta.universe.length >= 10);
  assert.deepEqual(names.slice(0, 6), ["BTC", "ETH", "SOL", "HYPE", "DOGE", "kPEPE"]);
  assert.deepEqual(meta.universe.slice(0, 6).map((u) => u.szDecimals), [5, 4, 2, 2, 0, 0]);
  assert.equal(meta.collateralToken, 0);
  assert.ok(meta.marginTables.length > 0);
});

Deno.test("metaAndAssetCtxs pairs meta with one ctx per coin", () => {
  const core = createSimExchangeCore({ seed: 1, startMs: T0 });
  const [meta, ctxs] = info<[{ universe: unknown[] }, Record<string, unknown>[]]>(core, {
    type: "metaAndAssetCtxs",
  });
  assert.equal(ctxs.length, meta.universe.length);
  const ctx = ctxs[0] as Record<string, unknown>;
  for (
    const key of [
      "dayNtlVlm",
      "funding",
      "markPx",
      "midPx",
      "openInterest",
      "oraclePx",
      "premium",
      "prevDayPx",
      "dayBaseVlm",
    ]
  ) {
    assert.match(String(ctx[key]), DECIMAL, key);
  }
  assert.equal((ctx.impactPxs as string[]).length, 2);
});

Deno.test("allMids and l2Book: strings, at most 20 levels, bids descending, asks ascending", () => {
  const core = createSimExchangeCore({ seed: 1, startMs: T0, market: { ladderLevels: 30 } });
  const mids = info<Record<string, string>>(core, { type: "allMids" });
  assert.match(mids.BTC ?? "", DECIMAL);
  const book = info<
    { coin: string; time: number; levels: { px: string; sz: string; n: number }[][] }
  >(
    core,
    { type: "l2Book", coin: "BTC", nSigFigs: null, mantissa: null },
  );
  assert.equal(book.coin, "BTC");
  assert.equal(book.time, T0);
  const [bids = [], asks = []] = book.levels;
  assert.equal(bids.length, 20);
  assert.equal(asks.length, 20);
  for (let i = 1; i < 20; i++) {
    assert.ok(Number(bids[i]?.px) < Number(bids[i - 1]?.px));
    assert.ok(Number(asks[i]?.px) > Number(asks[i - 1]?.px));
  }
  assert.deepEqual(Object.keys(bids[0] ?? {}), ["px", "sz", "n"]);
  assert.equal(core.info({ type: "l2Book", coin: "NOPE" }).body, null);
});

Deno.test("clearinghouseState shows positions, margin summaries and withdrawable", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "1" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "1", tif: "Ioc" });
  const state = info<{
    assetPositions: { type: string; position: Record<string, unknown> }[];
    crossMarginSummary: Record<string, string>;
    marginSummary: Record<string, string>;
    crossMaintenanceMarginUsed: string;
    withdrawable: string;
    time: number;
  }>(core, { type: "clearinghouseState", user: ALICE });
  assert.equal(state.assetPositions.length, 1);
  const p = state.assetPositions[0]?.position ?? {};
  assert.equal(state.assetPositions[0]?.type, "oneWay");
  assert.equal(p.coin, "ETH");
  assert.equal(p.szi, "1.0");
  assert.equal(p.entryPx, "3500.0");
  assert.deepEqual(p.leverage, { type: "cross", value: 20 });
  assert.equal(p.positionValue, "3500.0");
  assert.equal(p.marginUsed, "175.0");
  assert.equal(p.unrealizedPnl, "0.0");
  assert.equal(state.marginSummary.accountValue, "99998.425");
  assert.equal(state.marginSummary.totalMarginUsed, "175.0");
  assert.equal(state.withdrawable, "99823.425");
  assert.deepEqual(Object.keys(state.marginSummary), [
    "accountValue",
    "totalMarginUsed",
    "totalNtlPos",
    "totalRawUsd",
  ]);
  const unknown = info<{ assetPositions: unknown[]; marginSummary: { accountValue: string } }>(
    core,
    {
      type: "clearinghouseState",
      user: "0x9999999999999999999999999999999999999999",
    },
  );
  assert.deepEqual(unknown.assetPositions, []);
  assert.equal(unknown.marginSummary.accountValue, "0.0");
});

Deno.test("openOrders / frontendOpenOrders / orderStatus shapes", () => {
  const core = quietCore();
  const c = cloid(1);
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", c }));
  assert.deepEqual(info(core, { type: "openOrders", user: ALICE }), [
    {
      coin: "ETH",
      side: "B",
      limitPx: "3400.0",
      sz: "0.1",
      oid,
      timestamp: T0,
      origSz: "0.1",
      cloid: c,
    },
  ]);
  const frontend = info<Record<string, unknown>[]>(core, {
    type: "frontendOpenOrders",
    user: ALICE,
  });
  assert.deepEqual(frontend[0], {
    coin: "ETH",
    side: "B",
    limitPx: "3400.0",
    sz: "0.1",
    oid,
    timestamp: T0,
    triggerCondition: "N/A",
    isTrigger: false,
    triggerPx: "0.0",
    children: [],
    isPositionTpsl: false,
    reduceOnly: false,
    orderType: "Limit",
    origSz: "0.1",
    tif: "Gtc",
    cloid: c,
  });
  const status = info<
    { status: string; order: { order: unknown; status: string; statusTimestamp: number } }
  >(
    core,
    { type: "orderStatus", user: ALICE, oid },
  );
  assert.equal(status.status, "order");
  assert.deepEqual(status.order.order, frontend[0]);
  assert.equal(status.order.status, "open");
  assert.deepEqual(info(core, { type: "orderStatus", user: ALICE, oid: 5 }), {
    status: "unknownOid",
  });
});

Deno.test("userFees, userRateLimit and exchangeStatus", () => {
  const core = quietCore();
  const fees = info<Record<string, unknown>>(core, { type: "userFees", user: ALICE });
  assert.equal(fees.userCrossRate, "0.00045");
  assert.equal(fees.userAddRate, "0.00015");
  assert.deepEqual((fees.feeSchedule as Record<string, unknown>).cross, "0.00045");
  assert.ok(Array.isArray(fees.dailyUserVlm));
  core.noteRequests(ALICE, 3);
  assert.deepEqual(info(core, { type: "userRateLimit", user: ALICE }), {
    cumVlm: "0.0",
    nRequestsUsed: 3,
    nRequestsCap: 10000,
    nRequestsSurplus: 0,
  });
  assert.deepEqual(info(core, { type: "exchangeStatus" }), { time: T0, specialStatuses: null });
});

Deno.test("unknown or malformed info requests answer 422 with the deserialize text", () => {
  const core = quietCore();
  const text = "Failed to deserialize the JSON body into the target type";
  for (
    const body of [{ type: "nope" }, { type: "openOrders" }, { type: "l2Book" }, [], "meta", null]
  ) {
    assert.deepEqual(core.info(body), { httpStatus: 422, body: text });
  }
});

Deno.test("addresses are case-insensitive in info requests", () => {
  const core = quietCore();
  placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" });
  const upper = `0x${ALICE.slice(2).toUpperCase()}`;
  assert.equal(info<unknown[]>(core, { type: "openOrders", user: upper }).length, 1);
});

import assert from "node:assert/strict";
import {
  accountValueMicro,
  ALICE,
  BOB,
  ETH,
  fills,
  info,
  micro,
  placeOne,
  quietCore,
} from "./helpers.ts";
import type { SimExchangeCore } from "../../../src/sim/market/api.ts";

function roundTrip(core: SimExchangeCore) {
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.3" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.3", tif: "Ioc" }); // Alice taker buys
  placeOne(core, BOB, { a: ETH, b: true, p: "3512.5", s: "0.1" });
  placeOne(core, ALICE, { a: ETH, b: false, p: "3512.5", s: "0.1", tif: "Ioc" });
  placeOne(core, ALICE, { a: ETH, b: false, p: "3490", s: "0.2" }); // Alice maker sells
  placeOne(core, BOB, { a: ETH, b: true, p: "3490", s: "0.2", tif: "Ioc" });
}

Deno.test("closedPnl minus fees equals the change of account value once flat", () => {
  const core = quietCore();
  const before = { alice: accountValueMicro(core, ALICE), bob: accountValueMicro(core, BOB) };
  roundTrip(core);
  for (const [user, start] of [[ALICE, before.alice], [BOB, before.bob]] as const) {
    const all = fills(core, user);
    const net = all.reduce((sum, f) => sum + micro(f.closedPnl) - micro(f.fee), 0);
    assert.equal(accountValueMicro(core, user) - start, net);
    const state = info<{ assetPositions: unknown[] }>(core, { type: "clearinghouseState", user });
    assert.deepEqual(state.assetPositions, []);
  }
  const alice = fills(core, ALICE);
  // newest first: maker sell 0.2 @3490, taker sell 0.1 @3512.5, taker buy 0.3 @3500
  assert.deepEqual(alice.map((f) => [f.px, f.sz, f.crossed, f.closedPnl, f.fee, f.dir]), [
    ["3490.0", "0.2", false, "-2.0", "0.1047", "Close Long"],
    ["3512.5", "0.1", true, "1.25", "0.158063", "Close Long"],
    ["3500.0", "0.3", true, "0.0", "0.4725", "Open Long"],
  ]);
});

Deno.test("a negative maker fee is a rebate", () => {
  const core = quietCore({ makerFeeRate: -0.00003 });
  const start = accountValueMicro(core, BOB);
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "1" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "1", tif: "Ioc" });
  const maker = fills(core, BOB)[0];
  assert.equal(maker?.fee, "-0.105");
  assert.equal(accountValueMicro(core, BOB) - start, 105_000);
  const fees = info<{ userAddRate: string; userCrossRate: string }>(core, {
    type: "userFees",
    user: BOB,
  });
  assert.equal(fees.userAddRate, "-0.00003");
  assert.equal(fees.userCrossRate, "0.00045");
});

Deno.test("a fill through zero flips the position and reports it", () => {
  const core = quietCore();
  placeOne(core, BOB, { a: ETH, b: false, p: "3500", s: "0.1" });
  placeOne(core, ALICE, { a: ETH, b: true, p: "3500", s: "0.1", tif: "Ioc" });
  placeOne(core, BOB, { a: ETH, b: true, p: "3510", s: "0.3" });
  placeOne(core, ALICE, { a: ETH, b: false, p: "3510", s: "0.3", tif: "Ioc" });
  const last = fills(core, ALICE)[0];
  assert.equal(last?.dir, "Long > Short");
  assert.equal(last?.startPosition, "0.1");
  assert.equal(last?.closedPnl, "1.0");
  const state = info<{ assetPositions: { position: { szi: string; entryPx: string } }[] }>(core, {
    type: "clearinghouseState",
    user: ALICE,
  });
  assert.equal(state.assetPositions[0]?.position.szi, "-0.2");
  assert.equal(state.assetPositions[0]?.position.entryPx, "3510.0");
});

Deno.test("cumulative volume counts both sides' notional", () => {
  const core = quietCore();
  roundTrip(core);
  // 0.3*3500 + 0.1*3512.5 + 0.2*3490 = 1050 + 351.25 + 698
  assert.equal(core.cumVolumeUsd(ALICE), 2099.25);
  assert.equal(core.cumVolumeUsd(BOB), 2099.25);
  const limits = info<{ cumVlm: string; nRequestsCap: number }>(core, {
    type: "userRateLimit",
    user: ALICE,
  });
  assert.equal(limits.cumVlm, "2099.25");
  assert.equal(limits.nRequestsCap, 12099);
});

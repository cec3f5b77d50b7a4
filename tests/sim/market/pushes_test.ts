import assert from "node:assert/strict";
import type { SimPush } from "../../../src/sim/market/api.ts";
import { createSimExchangeCore } from "../../../src/sim/market/exchange_core.ts";
import { ALICE, BOB, cloid, collect, ETH, placeOne, quietCore, restingOid, T0 } from "./helpers.ts";

const of = (pushes: SimPush[], channel: SimPush["channel"]) =>
  pushes.filter((p) => p.channel === channel);

Deno.test("a resting order pushes orderUpdates(open), l2Book, l2BookFast and bbo", () => {
  const core = quietCore();
  const pushes = collect(core);
  const c = cloid(3);
  const oid = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1", c }));
  const updates = of(pushes, "orderUpdates");
  assert.equal(updates.length, 1);
  assert.equal((updates[0] as { user: string }).user, ALICE);
  assert.deepEqual(updates[0]?.data, [{
    order: {
      coin: "ETH",
      side: "B",
      limitPx: "3400.0",
      sz: "0.1",
      oid,
      timestamp: T0,
      origSz: "0.1",
      cloid: c,
    },
    status: "open",
    statusTimestamp: T0,
  }]);
  assert.deepEqual(of(pushes, "l2Book")[0]?.data, {
    coin: "ETH",
    time: T0,
    levels: [[{ px: "3400.0", sz: "0.1", n: 1 }], []],
  });
  assert.equal(of(pushes, "l2BookFast").length, 1);
  assert.deepEqual(of(pushes, "bbo")[0]?.data, {
    coin: "ETH",
    time: T0,
    bbo: [{ px: "3400.0", sz: "0.1", n: 1 }, null],
  });
});

Deno.test("bbo is pushed only when the best bid/ask changes", () => {
  const core = quietCore();
  placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" });
  const pushes = collect(core);
  placeOne(core, ALICE, { a: ETH, b: true, p: "3300", s: "0.1" });
  assert.equal(of(pushes, "l2Book").length, 1);
  assert.equal(of(pushes, "bbo").length, 0);
  placeOne(core, ALICE, { a: ETH, b: true, p: "3401", s: "0.1" });
  assert.equal(of(pushes, "bbo").length, 1);
});

Deno.test("a fill pushes trades, userFills and userEvents to both users, and orderUpdates", () => {
  const core = quietCore();
  const makerOid = restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3500", s: "0.1" }));
  const pushes = collect(core);
  placeOne(core, BOB, { a: ETH, b: true, p: "3500", s: "0.1", tif: "Ioc" });
  const trades = of(pushes, "trades");
  assert.equal(trades.length, 1);
  const trade = (trades[0]?.data as Record<string, unknown>[])[0] ?? {};
  assert.equal(trade.side, "B");
  assert.equal(trade.px, "3500.0");
  assert.deepEqual(trade.users, [BOB, ALICE]);
  for (const user of [ALICE, BOB]) {
    const userFills = of(pushes, "userFills").find((p) => "user" in p && p.user === user);
    const data = userFills?.data as {
      user: string;
      fills: { crossed: boolean }[];
      isSnapshot?: boolean;
    };
    assert.equal(data.user, user);
    assert.equal(data.fills.length, 1);
    assert.equal(data.isSnapshot, undefined);
    assert.equal(data.fills[0]?.crossed, user === BOB);
    const events = of(pushes, "userEvents").find((p) => "user" in p && p.user === user);
    assert.deepEqual(events?.data, { fills: data.fills });
  }
  const aliceUpdates = of(pushes, "orderUpdates").filter((p) => "user" in p && p.user === ALICE)
    .flatMap((p) => p.data as { status: string; order: { oid: number; sz: string } }[]);
  assert.deepEqual(aliceUpdates.map((u) => [u.order.oid, u.status, u.order.sz]), [[
    makerOid,
    "filled",
    "0.0",
  ]]);
  const bobUpdates = of(pushes, "orderUpdates").filter((p) => "user" in p && p.user === BOB)
    .flatMap((p) => p.data as { status: string }[]);
  assert.deepEqual(bobUpdates.map((u) => u.status), ["filled"]);
});

Deno.test("snapshotFor: l2Book (20 or 5 levels), bbo, allMids, userFills with isSnapshot", () => {
  const core = createSimExchangeCore({ seed: 4, startMs: T0, market: { ladderLevels: 25 } });
  const book = core.snapshotFor({ type: "l2Book", coin: "SOL" });
  assert.equal(book?.channel, "l2Book");
  assert.equal((book?.data as { levels: unknown[][] }).levels[0]?.length, 20);
  const fast = core.snapshotFor({ type: "l2Book", coin: "SOL", fast: true });
  assert.equal(fast?.channel, "l2BookFast");
  assert.equal((fast?.data as { levels: unknown[][] }).levels[1]?.length, 5);
  assert.equal(core.snapshotFor({ type: "bbo", coin: "SOL" })?.channel, "bbo");
  assert.ok("SOL" in ((core.snapshotFor({ type: "allMids" })?.data as { mids: object }).mids));
  assert.deepEqual(core.snapshotFor({ type: "userFills", user: ALICE }), {
    channel: "userFills",
    user: ALICE,
    data: { isSnapshot: true, user: ALICE, fills: [] },
  });
  assert.equal(core.snapshotFor({ type: "l2Book", coin: "NOPE" }), null);
  assert.equal(core.snapshotFor({ type: "orderUpdates", user: ALICE }), null);
});

Deno.test("advance pushes allMids and book updates as the market moves", () => {
  const core = createSimExchangeCore({ seed: 4, startMs: T0 });
  const pushes = collect(core);
  core.advance(T0 + 1000);
  const mids = of(pushes, "allMids");
  assert.equal(mids.length, 1);
  assert.ok("BTC" in (mids[0]?.data as { mids: Record<string, string> }).mids);
  assert.ok(of(pushes, "l2Book").length > 0);
});

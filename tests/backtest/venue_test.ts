import assert from "node:assert/strict";
import { BacktestVenue } from "../../src/backtest/venue.ts";
import { ManualClock } from "../../src/core/clock.ts";
import type { FeedEvent } from "../../src/core/ports.ts";
import type { Cloid, OrderIntent } from "../../src/core/types.ts";

function venue() {
  const clock = new ManualClock(1_000);
  const due: { dueMs: number; run: () => void }[] = [];
  const v = new BacktestVenue({
    clock,
    schedule: (dueMs, run) => void due.push({ dueMs, run }),
    assets: [{ coin: "BTC", assetId: 0, szDecimals: 5, maxLeverage: 20 }],
    latency: { order: 40, modify: 40, cancel: 30 },
    random: () => 0.5,
    makerFeeRate: 0.0001,
    takerFeeRate: 0.0004,
    queue: { cancelAheadFraction: 0.5 },
  });
  const events: FeedEvent[] = [];
  v.onEvent((e) => events.push(e));
  const lv = (px: number, sz: number) => ({ px: String(px), sz: String(sz), n: 1 });
  v.frame({
    channel: "l2Book",
    data: { coin: "BTC", time: 1, levels: [[lv(100, 5)], [lv(101, 5)]] },
  });
  /** Run what is due by `ms` after now, advancing the clock. */
  const run = async (ms: number) => {
    clock.advance(ms);
    for (const d of due.splice(0)) {
      assert.ok(d.dueMs <= clock.nowMs(), "answered before its latency");
      d.run();
    }
    await Promise.resolve();
  };
  return { v, clock, events, run };
}

const order = (side: "bid" | "ask", px: string, sz: string, n: number): OrderIntent => ({
  coin: "BTC",
  assetId: 0,
  side,
  px,
  sz,
  tif: "Alo",
  reduceOnly: false,
  cloid: `0x${n.toString(16).padStart(32, "0")}` as Cloid,
});

Deno.test("venue: answers after the latency; a crossing post-only order is rejected with the exchange's text", async () => {
  const { v, run } = venue();
  let answered = false;
  const p = v.placeOrders([order("bid", "100", "2", 1), order("bid", "101", "1", 2)]).then((r) => {
    answered = true;
    return r;
  });
  await Promise.resolve();
  assert.equal(answered, false);
  await run(40);
  const [a, b] = await p;
  assert.equal(a?.kind, "resting");
  assert.equal(b?.kind, "rejected");
  assert.match(
    b?.kind === "rejected" ? b.text : "",
    /^Post only order would have immediately matched/,
  );
  assert.equal(v.openCount(), 1);
});

Deno.test("venue: a trade fills by queue position and pushes fills with maker fee and closed PnL", async () => {
  const { v, events, run } = venue();
  const p = v.placeOrders([order("bid", "100", "2", 1)]);
  await run(40);
  await p;
  v.frame({ channel: "trades", data: [{ coin: "BTC", side: "A", px: "100", sz: "6", time: 2 }] });
  const fills = events.flatMap((e) => (e.type === "fills" ? e.fills : []));
  assert.equal(fills.length, 1);
  assert.equal(fills[0]!.sz, 1);
  assert.ok(Math.abs(fills[0]!.fee - 100 * 1 * 0.0001) < 1e-12);
  assert.equal(v.position("BTC"), 1);
  // Sell it back 2 higher: closed PnL 2.
  const q = v.placeOrders([order("ask", "102", "1", 2)]);
  await run(40);
  await q;
  // 102 is beyond the displayed asks: estimated queue of 5 (mean displayed size) ahead.
  v.frame({ channel: "trades", data: [{ coin: "BTC", side: "B", px: "102", sz: "6", time: 3 }] });
  assert.equal(v.fills.length, 2);
  assert.equal(v.fills[1]!.closedPnl, 2);
  assert.equal(v.position("BTC"), 0);
});

Deno.test("venue: the address budget refuses an action over 10000 + volume, as the exchange does", async () => {
  const { v, run } = venue();
  v.requestsUsed = 9_999;
  const p = v.placeOrders([order("bid", "99", "1", 1), order("bid", "98", "1", 2)]);
  await run(40);
  const outcomes = await p;
  assert.ok(
    outcomes.every((o) =>
      o.kind === "rejected" && o.reason === "addressBudget" &&
      /^Too many cumulative requests/.test(o.text)
    ),
  );
  assert.equal(v.openCount(), 0);
  assert.deepEqual(await v.userRateLimit(), {
    cumVlm: 0,
    nRequestsUsed: 9_999,
    nRequestsCap: 10_000,
    nRequestsSurplus: 0,
  });
});

Deno.test("venue: REST market data is refused (the recording holds WS frames only)", async () => {
  const { v } = venue();
  await assert.rejects(() => v.l2Book("BTC"));
});

/**
 * Whole-bot tests: runBot against the simulator on 127.0.0.1 port 0. Deadlines are hang guards
 * only; nothing asserts on wall-clock speed.
 */
import assert from "node:assert/strict";
import {
  botConfig,
  ethOnlyConfig,
  sentCloids,
  setup,
  setupQuoting,
  teardown,
  waitFor,
  type WireOpenOrder,
} from "./_harness.ts";

const sides = (orders: readonly WireOpenOrder[], coin: string) => ({
  bids: orders.filter((o) => o.coin === coin && o.side === "B").length,
  asks: orders.filter((o) => o.coin === coin && o.side === "A").length,
});

Deno.test("quotes appear on both sides of every coin within 2 loops", async () => {
  // A long loop so that "2 loops" means loops, not scheduling noise of a busy machine.
  const s = await setup({ config: botConfig({ loop_ms: 400 }), takerRatePerSec: 0 });
  try {
    await waitFor("2 loops", () => s.bot.view.snapshot().loops >= 2);
    const open = await s.openOrders();
    assert.deepEqual(sides(open, "BTC"), { bids: 2, asks: 2 });
    assert.deepEqual(sides(open, "ETH"), { bids: 1, asks: 1 });
    // One batched order action placed all of them.
    const placing = s.actions.filter((a) => a.action.type === "order");
    assert.equal(placing.length, 1);
  } finally {
    await teardown(s);
  }
});

Deno.test("a mid move beyond the threshold replaces the orders in one batchModify", async () => {
  // Batching, not the address budget: the governor (which would send the at-risk side first when
  // its allowance is short) is switched off by name.
  const s = await setup({
    config: botConfig({ budget: { governor: false } }),
    vol: 0.0008,
    takerRatePerSec: 0,
  });
  try {
    const first = await waitFor(
      "a batchModify",
      () => s.actions.find((a) => a.action.type === "batchModify"),
    );
    const modifies = first.action.modifies as { order: { a: number; b: boolean } }[];
    // Both sides of the coin that moved are replaced together, in one action.
    const byAsset = new Map<number, Set<boolean>>();
    for (const m of modifies) {
      byAsset.set(m.order.a, (byAsset.get(m.order.a) ?? new Set()).add(m.order.b));
    }
    assert.ok([...byAsset.values()].some((set) => set.size === 2), JSON.stringify(modifies));
    await waitFor("10 loops", () => s.bot.view.snapshot().loops >= 10);
    // Replacements never go as cancel + place: no cancels at all, and only the initial placing.
    const snap = s.bot.view.snapshot();
    assert.equal(s.actions.filter((a) => a.action.type === "cancelByCloid").length, 0);
    assert.ok(s.actions.filter((a) => a.action.type === "order").length <= 2);
    assert.ok((snap.orders.modify?.sent ?? 0) >= 2);
    // At most one batchModify per decision (heartbeats and decisions on events).
    const nMod = s.actions.filter((a) => a.action.type === "batchModify").length;
    const decisions = snap.loops + snap.decisions;
    assert.ok(nMod <= decisions, `${nMod} batchModify in ${decisions} decisions`);
  } finally {
    await teardown(s);
  }
});

Deno.test("fills change the position and skew the quotes; max position stops that side", async () => {
  const config = ethOnlyConfig({ max_position_usd: 30, requote_threshold_bps: 0, skew_bps: 40 });
  const s = await setup({ config, takerRatePerSec: 4 });
  try {
    const coin = await waitFor("a fill", () => {
      const c = s.bot.view.snapshot().coins[0]!;
      return c.position !== 0 ? c : undefined;
    }, 30_000);
    const long = coin.position > 0;
    // The exchange agrees on the position.
    const state = await s.info<{ assetPositions: { position: { coin: string; szi: string } }[] }>(
      { type: "clearinghouseState", user: s.sim.demo.address },
    );
    const szi = Number(state.assetPositions.find((p) => p.position.coin === "ETH")?.position.szi);
    assert.ok(Math.abs(szi - coin.position) < 1e-9, `${szi} vs ${coin.position}`);
    // After the next loops: the growing side is gone (one more $20 would pass $30), the other
    // side is quoted and skewed toward reducing the position. Unskewed (and with no dead zone,
    // so it is requoted every loop) the reducing quote sits 2 bps outside the mid; skewed by
    // ~26 bps it is clamped one tick off the opposite touch, at or past the mid. Measured signed
    // on the exchange's order (the bot's view lags while a modify is in flight), it must stay
    // under 1 bps for 8 polls in a row (200 ms), which a mid move cannot fake for an unskewed
    // quote. Without the skew this times out.
    const outwardBps = (px: number, mid: number) => (long ? px - mid : mid - px) / mid * 1e4;
    let inARow = 0;
    await waitFor("a skewed reducing quote", async () => {
      const c = s.bot.view.snapshot().coins[0]!;
      const open = await s.openOrders();
      const { bids, asks } = sides(open, "ETH");
      const reducing = open.find((o) => o.coin === "ETH" && o.side === (long ? "A" : "B"));
      const ok = (long ? bids : asks) === 0 && (long ? asks : bids) === 1 &&
        Math.sign(c.position) === Math.sign(coin.position) && c.mid !== null &&
        reducing !== undefined && outwardBps(Number(reducing.limitPx), c.mid) < 1;
      inARow = ok ? inARow + 1 : 0;
      return inARow >= 8 ? true : undefined;
    });
  } finally {
    await teardown(s);
  }
});

Deno.test("the kill switch halts and cancels everything", async () => {
  const s = await setupQuoting({ takerRatePerSec: 0 });
  try {
    await s.bot.control.halt("test kill switch", AbortSignal.timeout(10_000));
    await waitFor("no open orders", async () => (await s.openOrders()).length === 0);
    const snap = s.bot.view.snapshot();
    assert.equal(snap.halted, true);
    assert.equal(snap.haltReason, "test kill switch");
    const placed = s.actions.filter((a) => a.action.type === "order").length;
    const loops = snap.loops;
    await waitFor("5 more loops", () => s.bot.view.snapshot().loops >= loops + 5);
    assert.equal(s.actions.filter((a) => a.action.type === "order").length, placed);
    assert.equal((await s.openOrders()).length, 0);
  } finally {
    await teardown(s);
  }
});

Deno.test("stop (the SIGTERM path) leaves zero open orders on the exchange", async () => {
  const s = await setup();
  try {
    await waitFor("quotes", async () => (await s.openOrders()).length > 0);
    const result = await s.bot.stop();
    assert.equal(result.exitCode, 0);
    assert.equal(result.openOrdersLeft, 0);
    assert.equal((await s.openOrders()).length, 0);
    // A second stop is the same stop.
    assert.equal(await s.bot.stop(), result);
  } finally {
    await s.sim.stop();
  }
});

Deno.test("a WS drop: REST fallback, reconnect, resubscribe, reconcile, no order lost or doubled", async () => {
  const s = await setupQuoting({ takerRatePerSec: 0 });
  try {
    await s.faults({ dropWsConnections: true });
    await waitFor(
      "REST fallback",
      () => s.bot.view.snapshot().coins.every((c) => c.source === "rest"),
    );
    await waitFor(
      "reconnect",
      () => s.logs.some((l) => l.msg === "feed connected" && l.fields.reconnect === true),
    );
    await waitFor("back on ws", () => s.bot.view.snapshot().coins.every((c) => c.source === "ws"));
    await waitFor(
      "reconcile after the reconnect",
      () => s.logs.some((l) => l.msg === "reconciled" && l.fields.reason === "ws reconnect"),
    );
    const loops = s.bot.view.snapshot().loops;
    await waitFor("a few more loops", () => s.bot.view.snapshot().loops >= loops + 5);
    // The sim's book and the bot's view agree: same ladder, nothing doubled.
    const open = await waitFor("steady book", async () => {
      const o = await s.openOrders();
      return o.length === 6 ? o : undefined;
    });
    assert.deepEqual(sides(open, "BTC"), { bids: 2, asks: 2 });
    assert.deepEqual(sides(open, "ETH"), { bids: 1, asks: 1 });
    const snap = s.bot.view.snapshot();
    const viewCount = snap.coins.reduce((n, c) => n + c.bids.length + c.asks.length, 0);
    assert.equal(viewCount, 6);
    for (const [cloid, n] of sentCloids(s.actions)) assert.equal(n, 1, `cloid ${cloid} sent ${n}x`);
  } finally {
    await teardown(s);
  }
});

Deno.test("a forced 429 storm: no crash, no resend, quoting recovers", async () => {
  const s = await setupQuoting({
    config: botConfig({ use_websocket: false, order_transport: "rest" }),
    takerRatePerSec: 0,
  });
  try {
    await s.faults({ force429Count: 6, exchangeFailCount: 2 });
    await waitFor("429s seen", () => s.bot.view.snapshot().limiter.http429 >= 1);
    // Recovery: quoting goes on and both sides are back.
    await waitFor("quotes again", async () => {
      const open = await s.openOrders();
      return sides(open, "BTC").bids === 2 && sides(open, "ETH").asks === 1;
    }, 60_000);
    const snap = s.bot.view.snapshot();
    assert.equal(snap.halted, false);
    assert.ok(snap.loops > 0);
    for (const [cloid, n] of sentCloids(s.actions)) assert.equal(n, 1, `cloid ${cloid} sent ${n}x`);
  } finally {
    await teardown(s);
  }
});

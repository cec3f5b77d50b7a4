import { rejected } from "../../../src/gateway/reject_reason.ts";
import assert from "node:assert/strict";
import type { Cloid } from "../../../src/core/types.ts";
import { type LogLine, rig, testConfig, USER } from "./_fakes.ts";

Deno.test("first loop places both sides of every coin in one batched action", async () => {
  const r = rig();
  await r.engine.start();
  await r.loop();
  const places = r.exchange.calls.filter((c) => c.kind === "place");
  assert.equal(places.length, 1);
  const orders = places[0]!.kind === "place" ? places[0]!.orders : [];
  const key = (o: { coin: string; side: string }) => `${o.coin}:${o.side}`;
  const keys = orders.map(key).sort();
  // BTC 2 levels a side, ETH 1.
  assert.deepEqual(keys, ["BTC:ask", "BTC:ask", "BTC:bid", "BTC:bid", "ETH:ask", "ETH:bid"]);
  assert.ok(orders.every((o) => o.tif === "Alo" && /^0x686c6d6d/.test(o.cloid)));
  await r.loop();
  assert.equal(r.exchange.calls.filter((c) => c.kind === "place").length, 1, "no re-place");
  const snap = r.engine.view.snapshot();
  assert.equal(snap.coins[0]!.bids.length, 2);
  assert.equal(snap.coins[0]!.asks.length, 2);
});

Deno.test("batch_orders false sends one request per order", async () => {
  const r = rig({ config: testConfig({ batch_orders: false }) });
  await r.engine.start();
  await r.loop();
  const places = r.exchange.calls.filter((c) => c.kind === "place");
  assert.equal(places.length, 6);
  assert.ok(places.every((c) => c.kind === "place" && c.orders.length === 1));
});

Deno.test("a mid move beyond the threshold replaces the orders in one batchModify", async () => {
  const r = rig();
  await r.engine.start();
  await r.loop();
  r.exchange.calls.length = 0;
  r.info.mids.BTC = 100_500; // +50 bps
  r.info.mids.ETH = 3_015;
  // REST polling picks the new book up within the poll interval.
  for (let i = 0; i < 6 && r.exchange.calls.length === 0; i++) await r.loop();
  assert.equal(r.exchange.calls.length, 1, JSON.stringify(r.exchange.calls.map((c) => c.kind)));
  const call = r.exchange.calls[0]!;
  assert.equal(call.kind, "modify");
  assert.equal(call.kind === "modify" ? call.modifies.length : 0, 6);
});

Deno.test("stale market data pulls the quotes", async () => {
  const r = rig();
  await r.engine.start();
  await r.loop();
  r.info.l2BookPending = true; // REST polls hang: no fresh data
  r.exchange.calls.length = 0;
  r.info.calls.length = 0;
  for (let i = 0; i < 25; i++) await r.loop();
  const cancels = r.exchange.calls.filter((c) => c.kind === "cancelByCloid");
  assert.equal(cancels.length, 1);
  assert.equal(cancels[0]!.kind === "cancelByCloid" ? cancels[0]!.cancels.length : 0, 6);
  assert.equal(r.engine.view.snapshot().coins[0]!.state, "pulled");
  // At most one REST l2Book in flight per coin.
  const btcPolls = r.info.calls.filter((c) => c === "l2Book:BTC").length;
  assert.equal(btcPolls, 1);
  r.info.releaseBooks();
});

Deno.test("an unknown outcome is looked up by cloid, never resent", async () => {
  const r = rig();
  await r.engine.start();
  r.exchange.nextOutcome = { kind: "unknown", reason: "timeout" };
  await r.loop();
  r.exchange.nextOutcome = null;
  const placed = r.exchange.calls.filter((c) => c.kind === "place");
  assert.equal(placed.length, 1);
  const cloids = placed[0]!.kind === "place" ? placed[0]!.orders.map((o) => o.cloid) : [];
  // They did reach the exchange: orderStatus says resting.
  cloids.forEach((c, i) =>
    r.info.statuses.set(c, {
      kind: "order",
      order: {
        coin: "BTC",
        side: "bid",
        limitPx: 1,
        sz: 1,
        origSz: 1,
        oid: 500 + i,
        timestampMs: 0,
        cloid: c,
      },
      status: "open",
      statusTimestampMs: 0,
    })
  );
  for (let i = 0; i < 5; i++) await r.loop();
  assert.equal(r.exchange.calls.filter((c) => c.kind === "place").length, 1, "no resend");
  const looked = r.info.calls.filter((c) => c.startsWith("orderStatus:"));
  assert.ok(looked.length >= cloids.length, `lookups ${looked.length}`);
  assert.ok(cloids.every((c) => r.engine.orders.get(c as Cloid)?.state === "resting"));
});

Deno.test("halt cancels every order and quoting stops; resume quotes again", async () => {
  const r = rig();
  await r.engine.start();
  await r.loop();
  r.exchange.calls.length = 0;
  const acked = r.engine.control.halt("test", AbortSignal.timeout(5_000));
  await r.loop();
  await acked;
  const cancels = r.exchange.calls.filter((c) => c.kind === "cancelByCloid");
  assert.equal(cancels.length, 1);
  assert.equal(r.engine.view.snapshot().halted, true);
  for (let i = 0; i < 3; i++) await r.loop();
  assert.equal(r.exchange.calls.filter((c) => c.kind === "place").length, 0);
  assert.equal(r.info.open.length, 0);
  r.engine.control.resume();
  await r.loop();
  await r.loop();
  assert.equal(r.exchange.calls.filter((c) => c.kind === "place").length, 1);
});

Deno.test("fills move the position and skew the quotes; max position stops the side", async () => {
  const r = rig({ feed: true, config: testConfig({ use_websocket: true, order_transport: "ws" }) });
  await r.engine.start();
  r.feed!.emit({ type: "connected", reconnect: false });
  await r.loop();
  const first = r.exchange.calls.find((c) => c.kind === "place");
  const askBefore = first?.kind === "place"
    ? Math.min(
      ...first.orders.filter((o) => o.coin === "BTC" && o.side === "ask").map((o) => +o.px),
    )
    : 0;
  assert.ok(askBefore > 0, "the first loop placed BTC asks");
  // We bought 0.0046 BTC (~$460 of $500 max).
  r.feed!.emit({
    type: "fills",
    isSnapshot: false,
    fills: [{
      coin: "BTC",
      px: 100_000,
      sz: 0.0046,
      side: "bid",
      timeMs: r.clock.nowMs(),
      startPosition: 0,
      closedPnl: 0,
      fee: 0.01,
      oid: 1,
      tid: 1,
      crossed: false,
      hash: "0x",
    }],
  });
  r.exchange.calls.length = 0;
  // Keep WS data fresh.
  const tick = () =>
    r.feed!.emit({
      type: "l2Book",
      book: {
        coin: "BTC",
        timeMs: r.clock.nowMs(),
        receivedAtMs: r.clock.nowMs(),
        source: "ws",
        bids: [{ px: 99_990, sz: 1, n: 1 }],
        asks: [{ px: 100_010, sz: 1, n: 1 }],
      },
    });
  tick();
  await r.loop();
  tick();
  await r.loop();
  assert.equal(r.engine.positions.position("BTC"), 0.0046);
  const ladder = r.engine.view.snapshot().coins[0]!;
  assert.equal(ladder.position, 0.0046);
  // Skewed down (long: sell more readily): the best ask is lower than before on the same book.
  const topAsk = ladder.asks[0]?.px;
  assert.ok(topAsk !== undefined && topAsk < askBefore, `${topAsk} < ${askBefore}`);
  // Max position: a 0.0046 long + a $50 bid would exceed $500 -> no bid at all.
  assert.equal(ladder.bids.length, 0, JSON.stringify(ladder));
  assert.ok(ladder.asks.length > 0);
});

Deno.test("feed: subscribes bbo + fast l2Book per coin and the user streams", async () => {
  const r = rig({ feed: true, config: testConfig({ use_websocket: true }) });
  await r.engine.start();
  assert.deepEqual(r.feed!.subs.sort(), [
    "bbo:BTC",
    "bbo:ETH",
    "l2Book:BTC",
    "l2Book:ETH",
    `orderUpdates:${USER}`,
    `userFills:${USER}`,
  ]);
});

Deno.test("a WS reconnect triggers a reconcile; stale WS data falls back to REST", async () => {
  const r = rig({ feed: true, config: testConfig({ use_websocket: true }) });
  await r.engine.start();
  r.feed!.emit({ type: "connected", reconnect: false });
  for (const coin of ["BTC", "ETH"]) {
    r.feed!.emit({
      type: "bbo",
      coin,
      timeMs: r.clock.nowMs() + 1,
      receivedAtMs: r.clock.nowMs(),
      bid: { px: 99_990, sz: 1, n: 1 },
      ask: { px: 100_010, sz: 1, n: 1 },
    });
  }
  await r.loop();
  assert.equal(r.engine.view.snapshot().coins[0]!.source, "ws");
  r.info.calls.length = 0;
  r.feed!.emit({ type: "disconnected", reason: "test" });
  await r.loop();
  assert.ok(r.info.calls.includes("l2Book:BTC"), "REST fallback while disconnected");
  assert.equal(r.engine.view.snapshot().coins[0]!.source, "rest");
  r.info.calls.length = 0;
  r.feed!.emit({ type: "connected", reconnect: true });
  await r.loop();
  assert.ok(r.info.calls.includes("openOrders"));
  assert.ok(r.info.calls.includes("clearinghouseState"));
});

// A dry run has no exchange port at all (run_bot builds none), so "it sends nothing" cannot be
// observed here; tests/app/dry_run_test.ts checks it end to end on the simulator's counters.
// Here: the dry run logs exactly the orders a live run sends, and keeps them as a paper book.
type Logged = { coin: string; side: string; px: string; sz: string };
const orderKey = (o: { coin: string; side: string; px: string; sz: string }) =>
  `${o.coin}:${o.side}:${o.px}:${o.sz}`;

Deno.test("dry run logs the orders a live run would send and keeps them as a paper book", async () => {
  const live = rig();
  await live.engine.start();
  await live.loop();
  await live.loop();
  const sent = live.exchange.calls.flatMap((c) => c.kind === "place" ? c.orders : []);
  assert.equal(sent.length, 6);

  const logs: LogLine[] = [];
  const r = rig({ dryRun: true, user: null, logs });
  await r.engine.start();
  await r.loop();
  await r.loop();
  const wouldPlace = logs.filter((l) => l.msg === "dry run: would place");
  assert.equal(wouldPlace.length, 1, "one batch, placed once");
  const logged = (wouldPlace[0]!.fields.orders as Logged[]).map(orderKey).sort();
  assert.deepEqual(logged, sent.map(orderKey).sort());
  const snap = r.engine.view.snapshot();
  assert.equal(snap.coins[0]!.bids.length, 2);
  assert.equal(snap.coins[0]!.asks.length, 2);
  assert.equal(snap.orders.place?.sent ?? 0, 0, "nothing counted as sent");
});

Deno.test("startup cancels stale orders of this bot, not foreign ones", async () => {
  const r = rig();
  r.info.open.push(
    {
      coin: "BTC",
      side: "bid",
      limitPx: 1,
      sz: 1,
      origSz: 1,
      oid: 1,
      timestampMs: 0,
      cloid: "0x686c6d6d0000000000000000000000ff",
    },
    { coin: "BTC", side: "bid", limitPx: 1, sz: 1, origSz: 1, oid: 2, timestampMs: 0 },
  );
  await r.engine.start();
  const c = r.exchange.calls.filter((x) => x.kind === "cancelByOid");
  assert.equal(c.length, 1);
  assert.deepEqual(c[0]!.kind === "cancelByOid" ? c[0]!.cancels : [], [{ assetId: 0, oid: 1 }]);
});

Deno.test("shutdown cancels all in one batch and confirms with openOrders", async () => {
  const r = rig();
  await r.engine.start();
  await r.loop();
  assert.equal(r.info.open.length, 6);
  r.exchange.calls.length = 0;
  const result = await r.engine.shutdown();
  assert.equal(result.openOrdersLeft, 0);
  assert.equal(r.info.open.length, 0);
  assert.equal(r.exchange.calls.filter((c) => c.kind === "cancelByCloid").length, 1);
});

Deno.test("dead-man's switch: a refusal is logged once, retried with backoff, shown as not active", async () => {
  const r = rig({ config: testConfig({ dead_man_switch_ms: 10_000 }) });
  await r.engine.start();
  r.exchange.scheduleOutcome = rejected("Cannot set scheduled cancel");
  await r.loop();
  for (let i = 0; i < 100; i++) await r.loop(); // 10 s: tries at 0, 5 s and 15 s (backoff)
  const sched = r.exchange.calls.filter((c) => c.kind === "scheduleCancel");
  assert.equal(sched.length, 2);
  const snap = r.engine.view.snapshot();
  const events = snap.recentEvents.filter((e) => /dead-man/.test(e.msg));
  assert.equal(events.length, 1);
  assert.equal(snap.deadManSwitch.active, false);
  assert.equal(snap.deadManSwitch.refusals, 2);
  assert.ok(snap.coins.some((c) => c.bids.length > 0), "still quoting");
});

Deno.test("dead-man's switch refreshes before half the window is left", async () => {
  const r = rig({ config: testConfig({ dead_man_switch_ms: 10_000 }) });
  await r.engine.start();
  for (let i = 0; i < 120; i++) await r.loop(); // 12 s
  const sched = r.exchange.calls.filter((c) => c.kind === "scheduleCancel");
  assert.ok(sched.length >= 2 && sched.length <= 4, `${sched.length}`);
  const t = sched[0]!.kind === "scheduleCancel" ? sched[0]!.timeMs! : 0;
  assert.ok(t > 1_700_000_000_000 + 9_000);
});

Deno.test("patchQuoting validates and applies through the loop", async () => {
  const r = rig();
  await r.engine.start();
  const bad = r.engine.control.patchQuoting({ coins: { BTC: { spread_bps: -1 } } });
  assert.equal(bad.ok, false);
  await r.loop();
  const good = r.engine.control.patchQuoting({ coins: { BTC: { levels: 1 } } });
  assert.equal(good.ok, true);
  await r.loop();
  await r.loop();
  assert.equal(r.engine.view.snapshot().coins[0]!.bids.length, 1);
  const eff = r.engine.control.effectiveConfig() as { coins: { levels: number }[] };
  assert.equal(eff.coins[0]!.levels, 1);
});

Deno.test("429s feed the kill switch", async () => {
  const r = rig();
  await r.engine.start();
  await r.loop();
  r.http429 = 10;
  await r.loop();
  assert.equal(r.engine.view.snapshot().halted, true);
});

Deno.test("a low address budget slows quoting down (quotes kept); a recovered one lifts it", async () => {
  const r = rig({ config: testConfig({ housekeep_every_n: 5 }) });
  await r.engine.start();
  await r.loop();
  await r.loop();
  assert.equal(r.info.open.length, 6);
  r.info.requestsUsed = 9_950; // 50 left < min 200
  for (let i = 0; i < 8; i++) await r.loop();
  assert.equal(r.engine.risk.budgetPaused, true);
  assert.equal(r.info.open.length, 6, "quotes kept: resting orders earn the volume");
  assert.equal(r.engine.view.snapshot().coins[0]!.state, "quoting");
  assert.equal(r.engine.view.snapshot().limiter.addressBudgetLow, true);
  r.info.requestsUsed = 0;
  for (let i = 0; i < 8; i++) await r.loop();
  assert.equal(r.engine.risk.budgetPaused, false);
  assert.equal(r.engine.view.snapshot().limiter.addressBudgetLow, false);
  assert.equal(r.info.open.length, 6);
});

Deno.test("over max position: reducing mode quotes only the reducing side, reduce-only", async () => {
  const r = rig();
  r.info.positions = [{
    coin: "BTC",
    szi: 0.006, // $600 > $500 max
    entryPx: 100_000,
    unrealizedPnl: 0,
    positionValue: 600,
  }];
  await r.engine.start();
  await r.loop();
  const placed = r.exchange.calls.find((c) => c.kind === "place");
  const btc = placed?.kind === "place" ? placed.orders.filter((o) => o.coin === "BTC") : [];
  assert.ok(btc.length > 0);
  assert.ok(btc.every((o) => o.side === "ask" && o.reduceOnly), JSON.stringify(btc));
  await r.loop();
  assert.equal(r.engine.view.snapshot().coins[0]!.state, "reducing");
});

Deno.test("a status line every status_every_ms with the operator's figures", async () => {
  const logs: import("./_fakes.ts").LogLine[] = [];
  const r = rig({ config: testConfig({ status_every_ms: 1_000 }), logs });
  await r.engine.start();
  for (let i = 0; i < 25; i++) await r.loop();
  const status = logs.filter((l) => l.msg === "status");
  assert.equal(status.length, 2);
  const f = status[0]!.fields;
  for (
    const key of [
      "loopP50Ms",
      "loopP99Ms",
      "restWeightLastMin",
      "restCapacityPerMin",
      "wsMsgsLastMin",
      "http429",
      "placed",
      "modified",
      "canceled",
      "fills",
      "coins",
    ]
  ) assert.ok(key in f, key);
  const coins = f.coins as Record<string, { position: number; pnlUsd: number }>;
  assert.equal(coins.BTC!.position, 0);
  assert.equal(f.placed, 6);
});

Deno.test("dry run with an account: reconciles positions, keeps the paper orders", async () => {
  const logs: LogLine[] = [];
  const r = rig({ dryRun: true, config: testConfig({ housekeep_every_n: 3 }), logs });
  await r.engine.start();
  for (let i = 0; i < 4; i++) await r.loop();
  // The account's position changes outside the bot; the next reconcile picks it up.
  r.info.positions = [
    { coin: "BTC", szi: 0.002, entryPx: 100_000, unrealizedPnl: 0, positionValue: 200 },
  ];
  for (let i = 0; i < 6; i++) await r.loop();
  assert.ok(r.info.calls.filter((c) => c === "clearinghouseState").length >= 2);
  const snap = r.engine.view.snapshot();
  assert.equal(snap.coins[0]!.position, 0.002, "position reconciled from the account");
  // The exchange lists none of the paper orders, yet they are not taken as gone: they were placed
  // once and never again, and nothing is canceled.
  assert.ok(snap.coins[0]!.bids.length + snap.coins[0]!.asks.length > 0);
  assert.equal(logs.filter((l) => l.msg === "dry run: would place").length, 1);
  assert.equal(logs.filter((l) => l.msg === "dry run: would cancel").length, 0);
  assert.equal(snap.orders.place?.sent ?? 0, 0, "nothing counted as sent");
});

Deno.test("total PnL has one owner: the status line shows the tracker's total, other coins too", async () => {
  const r = rig({ feed: true, config: testConfig({ use_websocket: true, order_transport: "ws" }) });
  await r.engine.start();
  r.feed!.emit({ type: "connected", reconnect: false });
  await r.loop();
  // A fill on a coin the bot does not quote (a manual trade on the same account): its fee is
  // part of the account's PnL, which the loss limit sees, so the status line must show it too.
  r.feed!.emit({
    type: "fills",
    isSnapshot: false,
    fills: [{
      coin: "SOL",
      px: 150,
      sz: 1,
      side: "bid",
      timeMs: r.clock.nowMs(),
      startPosition: 0,
      closedPnl: 0,
      fee: 1.5,
      oid: 99,
      tid: 99,
      crossed: true,
      hash: "0x",
    }],
  });
  await r.loop();
  const snap = r.engine.view.snapshot();
  assert.ok(!snap.coins.some((c) => c.coin === "SOL"), "SOL is not quoted");
  assert.equal(snap.totalPnlUsd, -1.5);
  assert.equal(r.engine.statusFields().totalPnlUsd, -1.5);
});

Deno.test("while the WS user streams are live, the routine reconcile and budget sync are rarer", async () => {
  const count = (r: ReturnType<typeof rig>, what: string) =>
    r.info.calls.filter((c) => c === what).length;
  // Without live streams: every housekeeping (every 2 loops here).
  const rest = rig({ config: testConfig({ housekeep_every_n: 2 }) });
  await rest.engine.start();
  rest.info.calls.length = 0;
  for (let i = 0; i < 12; i++) await rest.loop();
  assert.equal(count(rest, "openOrders"), 6);
  assert.equal(count(rest, "userRateLimit"), 6);
  // With the feed connected (orderUpdates keep the order state): every 3rd housekeeping.
  const ws = rig({
    feed: true,
    config: testConfig({ housekeep_every_n: 2, use_websocket: true, order_transport: "ws" }),
  });
  await ws.engine.start();
  ws.feed!.emit({ type: "connected", reconnect: false });
  ws.info.calls.length = 0;
  for (let i = 0; i < 12; i++) await ws.loop();
  assert.equal(count(ws, "openOrders"), 2);
  assert.equal(count(ws, "clearinghouseState"), 2);
  assert.equal(count(ws, "userRateLimit"), 2);
  // A disconnect makes every housekeeping a reconcile again.
  ws.feed!.emit({ type: "disconnected", reason: "test" });
  ws.info.calls.length = 0;
  for (let i = 0; i < 12; i++) await ws.loop();
  assert.equal(count(ws, "openOrders"), 6);
});

Deno.test("meta is fetched rarely and a changed rule of a quoted coin is reported", async () => {
  const r = rig({ config: testConfig({ housekeep_every_n: 1 }) });
  await r.engine.start();
  r.info.calls.length = 0;
  for (let i = 0; i < 30; i++) await r.loop();
  assert.equal(r.info.calls.filter((c) => c === "meta").length, 1, "once per 30 housekeepings");
  assert.equal(r.info.calls.filter((c) => c === "userFees").length, 0, "no unused userFees");
  assert.ok(!r.engine.view.snapshot().recentEvents.some((e) => e.msg.includes("trading rules")));
  r.info.assets = r.info.assets.map((a) => a.coin === "BTC" ? { ...a, szDecimals: 4 } : a);
  for (let i = 0; i < 31; i++) await r.loop(); // the next meta, and one loop to apply its answer
  const event = r.engine.view.snapshot().recentEvents.find((e) => e.msg.includes("trading rules"));
  assert.ok(event, "the change is reported");
  assert.match(event.msg, /BTC: szDecimals 5 -> 4/);
  assert.equal(event.level, "error");
});

/**
 * Decisions on events, at the engine's boundary: frames schedule a decision (no heartbeat needed),
 * and while the WS posts would have to wait (message budget, in-flight slots) the engine hands
 * nothing to the exchange port; once they can go, one action carries the newest quotes.
 */
import { configCodec } from "../../../src/config/config_codec.ts";
import assert from "node:assert/strict";
import type { FeedEvent } from "../../../src/core/ports.ts";
import { ManualClock } from "../../../src/core/clock.ts";
import { silentLogger } from "../../../src/core/log.ts";
import { Engine } from "../../../src/engine/loop/engine.ts";
import { CloidSource } from "../../../src/engine/strategy/cloid_source.ts";
import {
  ASSETS,
  FakeBudget,
  FakeExchange,
  FakeFeed,
  FakeInfo,
  FakeLimiter,
  settle,
  testConfig,
  USER,
  weights,
} from "./_fakes.ts";

/** A feed whose posts would wait `readyInMs` (the engine asks before sending). */
class PacedFeed extends FakeFeed {
  readyInMs = 0;
  postReadyInMs(): number {
    return this.readyInMs;
  }
}

function wsRig() {
  const clock = new ManualClock();
  const info = new FakeInfo(clock);
  const ws = new FakeExchange(info);
  const rest = new FakeExchange(info);
  const feed = new PacedFeed();
  const due: (() => void)[] = [];
  const engine = new Engine({
    configCodec,
    config: testConfig({ use_websocket: true, order_transport: "ws", loop_ms: 60_000 }),
    assets: new Map(ASSETS.map((a) => [a.coin, a])),
    info,
    exchange: ws,
    exchangeRest: rest,
    feed,
    limiter: new FakeLimiter(),
    wsCapacityPerMin: 2000,
    addressBudget: new FakeBudget(),
    weights,
    user: USER,
    cloids: new CloidSource({ randomBytes: (b) => b.fill(7) }),
    clock,
    logger: silentLogger,
    meters: { http429: () => 0, wsMessages: () => 0, wsMessagesLastMinute: () => 0 },
    scheduleDecision: (run) => void due.push(run),
  });
  /** Run the decisions the engine scheduled (as the event loop would after the I/O burst). */
  const runDue = async () => {
    await settle();
    while (due.length > 0) {
      due.shift()!();
      await settle();
    }
  };
  const bbo = (coin: string, mid: number): FeedEvent => ({
    type: "bbo",
    coin,
    timeMs: clock.nowMs(),
    receivedAtMs: clock.nowMs(),
    bid: { px: mid - 5, sz: 1, n: 1 },
    ask: { px: mid + 5, sz: 1, n: 1 },
  });
  /** Start, connect, one frame per coin and the one heartbeat: the first quotes are out. */
  const quoting = async () => {
    await engine.start();
    feed.emit({ type: "connected", reconnect: false });
    feed.emit(bbo("BTC", 100_000));
    feed.emit(bbo("ETH", 3_000));
    engine.step();
    await runDue();
  };
  return { clock, ws, rest, feed, engine, runDue, bbo, due, quoting };
}

Deno.test("a frame schedules a decision that requotes at once, with no heartbeat", async () => {
  const r = wsRig();
  await r.quoting();
  assert.equal(r.ws.calls.filter((c) => c.kind === "place").length, 1);
  r.ws.calls.length = 0;
  r.clock.advance(5);
  // Two frames of one burst: one decision, one action.
  r.feed.emit(r.bbo("BTC", 100_500));
  r.feed.emit(r.bbo("ETH", 3_015));
  assert.equal(r.due.length, 1, "one decision scheduled for the burst");
  await r.runDue();
  assert.equal(r.ws.calls.length, 1, JSON.stringify(r.ws.calls.map((c) => c.kind)));
  const call = r.ws.calls[0]!;
  assert.equal(call.kind, "modify");
  assert.equal(call.kind === "modify" ? call.modifies.length : 0, 6, "both coins in it");
  assert.equal(r.engine.view.snapshot().loops, 1);
  assert.ok(r.engine.view.snapshot().decisions >= 1);
  await r.engine.shutdown();
});

Deno.test("posts that would wait are held: changes coalesce into one action with the newest quotes", async () => {
  const r = wsRig();
  await r.quoting();
  r.ws.calls.length = 0;
  // The message budget is out: two moves arrive, nothing may be handed over.
  r.feed.readyInMs = 500;
  r.clock.advance(5);
  r.feed.emit(r.bbo("BTC", 100_500));
  await r.runDue();
  r.clock.advance(5);
  r.feed.emit(r.bbo("BTC", 101_000));
  await r.runDue();
  assert.equal(r.ws.calls.length, 0, "nothing sent while the posts would wait");
  assert.equal(r.rest.calls.filter((c) => c.kind !== "scheduleCancel").length, 0);
  assert.equal(r.engine.view.snapshot().heldDecisions, 2);
  // The budget is back: one action, at the newest mid (101,000), none at 100,500.
  r.feed.readyInMs = 0;
  r.engine.decide();
  await r.runDue();
  assert.equal(r.ws.calls.length, 1);
  const call = r.ws.calls[0]!;
  assert.equal(call.kind, "modify");
  const pxs = call.kind === "modify" ? call.modifies.map((m) => Number(m.order.px)) : [];
  assert.equal(pxs.length, 4, "both BTC levels a side");
  for (const px of pxs) assert.ok(Math.abs(px - 101_000) / 101_000 < 0.002, `px ${px}`);
  await r.engine.shutdown();
});

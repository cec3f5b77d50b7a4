/**
 * Whole-bot tests of decisions on information, not on a timer: the heartbeat (`loop_ms`) is set
 * to 10 s so that anything the bot sends between heartbeats was caused by a frame. They assert on
 * the order of events (heartbeat count, actions the exchange executed), never on elapsed time.
 */
import assert from "node:assert/strict";
import type { RecordedAction } from "./_harness.ts";
import { botConfig, setup, teardown, waitFor, type WireOpenOrder } from "./_harness.ts";

const HEARTBEAT_MS = 10_000;

function coin(name: string, spreadBps: number) {
  return {
    coin: name,
    levels: 1,
    spread_bps: spreadBps,
    level_spacing_bps: 4,
    size_usd: 25,
    max_position_usd: 250,
    requote_threshold_bps: 2,
    skew_bps: 0,
  };
}

/** Heartbeat-driven config: nothing is decided by the timer until 10 s have passed. */
function slowHeartbeat(coins: string[], spreadBps = 6) {
  return botConfig({
    // Decision timing and coalescing, not the address budget: every change is admitted.
    budget: { governor: false },
    loop_ms: HEARTBEAT_MS,
    housekeep_every_n: 1000,
    cache_ttl_ms: 60_000,
    max_quote_age_ms: 60_000,
    dead_man_switch_ms: 0,
    coins: coins.map((c) => coin(c, spreadBps)),
  });
}

const orderActions = (actions: readonly RecordedAction[]) =>
  actions.filter((a) => ["order", "batchModify", "cancelByCloid"].includes(String(a.action.type)));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("a frame that moves the price beyond the threshold is acted on before the next heartbeat", async () => {
  const s = await setup({ config: slowHeartbeat(["BTC"]), vol: 0.002, takerRatePerSec: 0 });
  try {
    await waitFor("initial quotes", async () => (await s.openOrders()).length === 2);
    const heartbeats = s.bot.view.snapshot().loops;
    const placed = orderActions(s.actions).length;
    // Either an order action caused by a frame arrives, or the next heartbeat comes first.
    await waitFor(
      "an order action or the next heartbeat",
      () => orderActions(s.actions).length > placed || s.bot.view.snapshot().loops > heartbeats,
      HEARTBEAT_MS * 2,
    );
    const snap = s.bot.view.snapshot();
    assert.equal(snap.loops, heartbeats, "the requote must not wait for the heartbeat");
    const next = orderActions(s.actions)[placed]!;
    assert.equal(next.action.type, "batchModify", JSON.stringify(next.action));
    assert.ok(snap.decisions > 0);
    // It counts as an order caused by new data.
    assert.ok((snap.tickToOrder.count ?? 0) >= 1);
  } finally {
    await teardown(s);
  }
});

Deno.test("a burst of frames for several coins is decided once: one batched action", async () => {
  const s = await setup({
    // In a second the coins move far beyond the 2 bps threshold (100 bps per sqrt(s)), and the
    // quotes are wide enough (100 bps a side) that none can cross before the exchange sees it.
    config: slowHeartbeat(["BTC", "ETH", "SOL"], 200),
    vol: 0.01,
    takerRatePerSec: 0,
    simOptions: { tickMs: 0 },
  });
  try {
    s.sim.tick();
    await waitFor("initial quotes", async () => (await s.openOrders()).length === 6);
    const before = orderActions(s.actions).length;
    const heartbeats = s.bot.view.snapshot().loops;
    // Let the market walk for a second, then push every coin's frames in one burst.
    await sleep(1_000);
    s.sim.tick();
    await waitFor("the bot's answer to the burst", () => orderActions(s.actions).length > before);
    // Anything else it would send for the same burst would follow at once.
    await sleep(300);
    const sent = orderActions(s.actions).slice(before);
    assert.equal(s.bot.view.snapshot().loops, heartbeats, "decided on the frames, not the timer");
    // One requote action for the whole burst. (At this volatility the exchange may refuse a
    // modify as post-only; the bot's answer to that refusal, a cancel or a place, may follow.)
    const requotes = sent.filter((a) => a.action.type === "batchModify");
    assert.equal(requotes.length, 1, JSON.stringify(sent.map((a) => a.action)));
    assert.equal(sent[0]!.action.type, "batchModify");
    const modifies = sent[0]!.action.modifies as { order: { a: number } }[];
    // Each coin moves less than 2 bps in that second with a probability of 1.6 %: at least two
    // coins' changes share the one action.
    assert.ok(new Set(modifies.map((m) => m.order.a)).size >= 2, JSON.stringify(modifies));
  } finally {
    await teardown(s);
  }
});

Deno.test("WS message budget exhausted: changes coalesce, none is dropped, the newest quotes land", async () => {
  // 1.5 messages a second: pings take one a second, order posts the rest.
  const CAPACITY_PER_MIN = 90;
  const s = await setup({
    config: slowHeartbeat(["BTC"]),
    vol: 0.004,
    takerRatePerSec: 0,
    // Every tick pushes a book frame (the exchange's fast l2Book is paced at 500 ms).
    simOptions: { tickMs: 0, cadence: { l2BookFastMs: 0 } },
    env: { HL_WS_CAPACITY_PER_MIN: String(CAPACITY_PER_MIN) },
  });
  try {
    s.sim.tick();
    await waitFor("initial quotes", async () => (await s.openOrders()).length === 2);
    // Move the market until the bot's message budget runs out (every tick asks for a requote).
    for (let i = 0; i < 1000 && s.bot.view.snapshot().heldDecisions === 0; i++) {
      s.sim.tick();
      await sleep(15);
    }
    // Keep moving it while the budget is out.
    for (let i = 0; i < 20; i++) {
      s.sim.tick();
      await sleep(15);
    }
    const afterTicks = orderActions(s.actions).length;
    const mid = async () => {
      const mids = await s.info<Record<string, string>>({ type: "allMids" });
      return Number(mids["BTC"]);
    };
    const centered = async () => {
      const open: WireOpenOrder[] = await s.openOrders();
      const bid = open.find((o) => o.side === "B");
      const ask = open.find((o) => o.side === "A");
      if (!bid || !ask) return false;
      const m = await mid();
      const quoteMid = (Number(bid.limitPx) + Number(ask.limitPx)) / 2;
      return Math.abs(quoteMid - m) / m * 10_000 < 5;
    };
    // Nothing is dropped: once the budget refills, the newest quotes are on the exchange...
    await waitFor("the newest quotes on the exchange", centered, 20_000);
    await sleep(1_500);
    // ...in one action for all the held changes, not a queue of stale posts drained one by one.
    const late = orderActions(s.actions).slice(afterTicks);
    assert.ok(s.bot.view.snapshot().heldDecisions > 0, "the budget never ran out");
    assert.ok(late.length <= 2, `${late.length} actions after the market stopped`);
  } finally {
    await teardown(s);
  }
});

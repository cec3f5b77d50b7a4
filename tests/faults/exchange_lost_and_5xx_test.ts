/**
 * Faults: an /exchange answer lost after the action ran, and 502s. Both leave the outcome
 * unknown; an unknown order holds its ladder level and is looked up by cloid (orderStatus,
 * openOrders), never sent again, so no order is doubled and the view converges.
 */
import assert from "node:assert/strict";
import { botConfig, fullLadder, setup, teardown, waitFor } from "../app/_harness.ts";
import {
  assertViewMatchesExchange,
  logged,
  stopAndAssertClean,
  watchLadder,
} from "./_fault_rig.ts";

Deno.test("lost answers and 502s: unknown outcomes reconciled by cloid, no duplicate order", async () => {
  // Orders and data over REST (no orderUpdates stream), no routine reconcile: only the lookups
  // by cloid can settle an unknown order.
  const config = botConfig({
    use_websocket: false,
    order_transport: "rest",
    request_timeout_ms: 1000,
    housekeep_every_n: 100_000,
  });
  // The first action (the first quotes) runs on the exchange, but its answer never comes.
  const s = await setup({
    config,
    takerRatePerSec: 0,
    beforeBot: async (ctx) => {
      await ctx.faults({ exchangeLoseAnswerCount: 1 });
    },
  });
  try {
    const ladder = watchLadder(s, config);
    await fullLadder(s);
    await waitFor("the lost orders found by cloid", () => {
      const snap = s.bot.view.snapshot();
      return snap.coins.every((c) => c.bids.length + c.asks.length === (c.coin === "BTC" ? 4 : 2));
    });
    assert.equal(
      (await s.stats() as { exchange: { answersLost: number } }).exchange.answersLost,
      1,
    );
    // Now two 502s: the cancels of a halt come back unknown and are settled the same way.
    await s.faults({ exchangeFailCount: 2, exchangeFailStatus: 502 });
    const mark = s.logs.length;
    const halt = new AbortController();
    await s.bot.control.halt("fault test", halt.signal);
    await waitFor("no orders", async () => (await s.openOrders()).length === 0);
    assert.ok(logged(s, "cancel outcome unknown", () => true, mark), "no 502 reached the bot");
    s.bot.control.resume();
    await fullLadder(s, "quotes again");
    assert.deepEqual((await ladder.stop()).slice(0, 6), [], "more orders than ladder levels");
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

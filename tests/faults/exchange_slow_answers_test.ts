/**
 * Fault: an /exchange answer 15 s late, longer than the bot waits before writing an unanswered
 * order off. Every action carries an expiresAfter shorter than that write-off, so the late action
 * is refused by the exchange instead of executing next to its replacement: the book never holds
 * more orders than the ladder, and nothing is executed twice.
 */
import assert from "node:assert/strict";
import { botConfig, setup, teardown, waitFor } from "../app/_harness.ts";
import { assertViewMatchesExchange, stopAndAssertClean, watchLadder } from "./_fault_rig.ts";

Deno.test("an answer 15 s late: the late action expires instead of executing beside its replacement", async () => {
  const config = botConfig();
  const s = await setup({ config, takerRatePerSec: 0 });
  try {
    await waitFor("quotes", async () => (await s.openOrders()).length === 6);
    const halt = new AbortController();
    await s.bot.control.halt("fault test", halt.signal);
    await waitFor("no orders", async () => (await s.openOrders()).length === 0);
    // The next action (the places after the resume) is held 15 s before the exchange runs it.
    await s.faults({ exchangeDelayMs: 15_000, exchangeDelayCount: 1 });
    const ladder = watchLadder(s, config);
    s.bot.control.resume();
    // The bot writes the unanswered orders off and quotes again; then the late action arrives.
    await waitFor("quotes placed again after the write-off", async () => {
      return (await s.openOrders()).length === 6;
    });
    await waitFor("the late action reached the exchange", async () => {
      const stats = await s.stats() as { exchange: { refusals: Record<string, number> } };
      return Object.keys(stats.exchange.refusals).some((k) => /expire/i.test(k));
    });
    const over = await ladder.stop();
    assert.deepEqual(over, [], "more orders on the book than the ladder has levels");
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

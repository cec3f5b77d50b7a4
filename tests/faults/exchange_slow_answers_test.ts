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
  // The bot's first action (its first quotes) is held 15 s before the exchange runs it.
  const s = await setup({
    config,
    takerRatePerSec: 0,
    beforeBot: (ctx) =>
      ctx.faults({ exchangeDelayMs: 15_000, exchangeDelayCount: 1 }).then(() => {}),
  });
  try {
    type Stats = { exchange: { refusals: Record<string, number>; delayedHandled: number } };
    const ladder = watchLadder(s, config);
    // The bot writes the unanswered orders off and quotes again; then the late action arrives.
    await waitFor("quotes placed after the write-off", async () => {
      return (await s.openOrders()).length === 6;
    });
    await waitFor("the late action reached the exchange", async () => {
      return ((await s.stats()) as Stats).exchange.delayedHandled >= 1;
    });
    // The watcher samples the book (the core, directly) after the late action ran.
    const after = ladder.samples() + 2;
    await waitFor("the book sampled after the late action", () => ladder.samples() >= after);
    const over = await ladder.stop();
    assert.deepEqual(over.slice(0, 6), [], "more orders on the book than the ladder has levels");
    const stats = (await s.stats()) as Stats;
    assert.ok((stats.exchange.refusals.expired ?? 0) >= 1, "the late action was not refused");
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

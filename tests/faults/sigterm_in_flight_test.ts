/**
 * SIGTERM (the graceful stop) while the first quotes are still in flight and will land late:
 * the final cancel goes out before they arrive, so the bot waits until an unanswered action can
 * no longer execute (its expiresAfter) before it checks openOrders, and the late orders are
 * canceled too. Exit 0 only with zero orders of ours on the exchange.
 */
import { botConfig, setup, teardown, waitFor } from "../app/_harness.ts";
import { stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("SIGTERM while orders are in flight: nothing lands after the final check", async () => {
  // Answers are waited for 1 s; the first quotes reach the exchange 1.5 s after they were sent.
  const config = botConfig({ request_timeout_ms: 1_000 });
  const s = await setup({
    config,
    takerRatePerSec: 0,
    beforeBot: async ({ faults }) => {
      await faults({ exchangeDelayMs: 1_500, exchangeDelayCount: 1 });
    },
  });
  try {
    await waitFor("the first quotes held by the exchange", async () => {
      const stats = await s.stats() as { faults: { exchangeDelayLeft: number | null } };
      return stats.faults.exchangeDelayLeft === 0;
    });
    await stopAndAssertClean(s, config);
    // Let the held action land (if it still could) and check again: nothing may appear.
    await waitFor("the held action handled", async () => {
      const stats = await s.stats() as { exchange: { delayedHandled: number } };
      return stats.exchange.delayedHandled >= 1;
    });
    const left = await s.openOrders();
    if (left.length > 0) throw new Error(`orders landed after the stop: ${JSON.stringify(left)}`);
  } finally {
    await teardown(s);
  }
});

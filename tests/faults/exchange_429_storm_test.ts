/**
 * Fault: a storm of HTTP 429s with orders over REST. Every 429 backs new orders off (doubling
 * towards a minute), but cancels take the limiter's reserved share: the kill switch trips on
 * the repeated rate limits as configured and the orders come down while new orders are still
 * held by the backoff, not after it.
 */
import assert from "node:assert/strict";
import { botConfig, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { assertViewMatchesExchange, stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("429 storm on REST orders: kill switch on repeated rate limits, cancels not held by the backoff", async () => {
  const config = botConfig({
    use_websocket: false,
    order_transport: "rest",
    risk: { max_loss_usd: 1000, max_rate_limit_errors: 5, max_consecutive_rejects: 1000 },
  });
  const s = await setupQuoting({ config, takerRatePerSec: 0 });
  try {
    // Enough 429s that the backoff of new orders grows towards a minute.
    await s.faults({ force429Count: 8 });
    await waitFor("the kill switch trips on rate limits", () => {
      const snap = s.bot.view.snapshot();
      return snap.halted && /rate/i.test(snap.haltReason ?? "");
    });
    await waitFor("every order canceled on the exchange", async () => {
      return (await s.openOrders()).length === 0;
    });
    const stats = await s.stats();
    assert.equal((stats.faults as { force429Left: number }).force429Left, 0);
    s.bot.control.resume();
    await assertViewMatchesExchange(s, config);
    // Shutdown does not wait behind the backoff either (cancels and the check: reserved share).
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

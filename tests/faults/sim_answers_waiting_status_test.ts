/**
 * Whole-bot: the exchange answers placed orders with the bare statuses `waitingForFill` /
 * `waitingForTrigger` (reference §4.3), injected by `/sim/faults` `waitingStatus`. The orders do
 * rest on the exchange; the bot must type them `unknown`, reconcile them by cloid, and never send
 * them again.
 */
import assert from "node:assert/strict";
import { setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { assertReconciled, HARNESS_LEVELS, outcomes } from "./_sim_answers.ts";

for (const status of ["waitingForFill", "waitingForTrigger"]) {
  Deno.test(`"${status}" statuses: unknown, reconciled, no duplicate`, async () => {
    // A moving market, so that the bot keeps replacing its quotes after the fault is set.
    const s = await setupQuoting({ vol: 0.0008, takerRatePerSec: 0 });
    try {
      await s.faults({ waitingStatus: { count: 3, status } });
      await waitFor("3 waiting statuses", async () => {
        const stats = await s.stats();
        const injected = (stats.faults as { injected: { waitingStatus: number } }).injected;
        return injected.waitingStatus === 3;
      });
      await waitFor("the bot typed them unknown", () => outcomes(s.bot, "unknown") >= 3);
      assert.ok(
        s.logs.some((l) => l.msg.includes("outcome unknown") && l.fields.reason === status),
        "the unknown outcome names the status",
      );
      await assertReconciled(s.bot, s.openOrders, s.actions, HARNESS_LEVELS);
      assert.ok(s.bot.view.snapshot().loops > 0);
    } finally {
      await teardown(s);
    }
  });
}

/**
 * Fault: the address budget runs out (a simulator account with a 12-request allowance). The bot
 * slows down instead of stopping: no kill switch from budget refusals, at most about one request
 * per 10 s once it is used up (it waits instead of hammering, but keeps quoting, slowly),
 * cancels still go out (they have a larger allowance), and readiness says why.
 */
import assert from "node:assert/strict";
import { readiness } from "../../src/sidecar/health.ts";
import { loopsPass, teardown, waitFor } from "../app/_harness.ts";
import { setupLowBudget } from "./_low_budget.ts";
import { assertConverged } from "./_rig_b.ts";

interface Stats {
  exchange: { refusals: Record<string, number>; actionsByType: Record<string, number> };
}

Deno.test("fault: address budget exhausted: slow down, cancels still go out", async () => {
  const s = await setupLowBudget(
    { seed: 21, vol: 0.004, takerRatePerSec: 0 },
    { housekeep_every_n: 20, max_rate_limit_errors: 3, resume_address_budget: 11 },
  );
  const refused = async () =>
    ((await s.stats()) as unknown as Stats).exchange.refusals["addressBudget"] ?? 0;
  try {
    // Used up: the exchange refused a request, or its userRateLimit (synced) shows none left.
    await waitFor("the budget used up", async () => {
      const left = s.bot.view.snapshot().limiter.addressBudgetRemaining;
      return (await refused()) > 0 || (left !== null && left <= 0);
    }, 60_000);
    const snap = s.bot.view.snapshot();
    assert.equal(snap.limiter.addressBudgetLow, true);
    const ready = readiness(snap, Date.now());
    assert.ok(ready.failures.some((f) => f.check === "addressBudget"), JSON.stringify(ready));
    // Cancels still go out at once (within the larger cancel allowance), not one per 10 s:
    // an operator halt cancels everything on the exchange.
    const haltLoop = snap.loops;
    await s.bot.control.halt("test: cancel everything", AbortSignal.timeout(10_000));
    await waitFor("every order canceled", async () => (await s.openOrders()).length === 0);
    const took = s.bot.view.snapshot().loops - haltLoop;
    assert.ok(took <= 30, `the cancels took ${took} loops`);
    s.bot.control.resume();
    // Then the bot waits: about one request per 10 s over 15 s, not one per loop; it keeps
    // quoting (slowly) and no kill switch trips from budget refusals.
    const refused0 = await refused();
    const actions0 = s.actions.length;
    await loopsPass(s, 150, 60_000);
    const attempts = (await refused()) - refused0 + (s.actions.length - actions0);
    assert.ok(attempts >= 1 && attempts <= 3, `${attempts} requests in 150 loops`);
    const after = s.bot.view.snapshot();
    assert.equal(after.halted, false, `halted: ${after.haltReason}`);
    assert.ok(after.coins.every((c) => c.state === "quoting"), "slowed down, not pulled");
    await assertConverged(s);
  } finally {
    await teardown(s);
  }
});

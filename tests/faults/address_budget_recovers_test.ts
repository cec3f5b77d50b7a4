/**
 * Fault: the address budget runs low on an account that trades. The low-budget state must be able
 * to lift: the quotes stay on the book while the bot is slowed down, their fills earn budget (1
 * request per USDC traded) and the bot returns to full pace. (Pulling the quotes while low stopped
 * the fills that refill the budget, so the pause never lifted.)
 */
import { teardown, waitFor } from "../app/_harness.ts";
import { setupLowBudget } from "./_low_budget.ts";
import { assertConverged } from "./_rig_b.ts";

Deno.test("fault: a low address budget lifts again through the fills of the kept quotes", async () => {
  const s = await setupLowBudget(
    { seed: 23, vol: 0.002, takerRatePerSec: 4 },
    { housekeep_every_n: 10, max_rate_limit_errors: 1000, resume_address_budget: 40 },
  );
  try {
    const low = () => s.bot.view.snapshot().limiter.addressBudgetLow;
    await waitFor("the budget low", () => low(), 30_000);
    await waitFor("the budget recovered through fills", () => !low(), 60_000);
    await assertConverged(s);
  } finally {
    await teardown(s);
  }
});

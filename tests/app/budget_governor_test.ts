/**
 * The address-budget governor on the whole bot (issue 12): on the thin market, with a starting
 * budget that leaves no headroom above the reserve once the first quotes are up, the bot is never
 * slowed down by the budget (risk.min_address_budget), widens and thins its ladder instead of
 * spending the reserve, keeps quotes up on both sides, and at zero headroom cancels still go: the
 * kill switch takes every order down.
 */
import assert from "node:assert/strict";
import { MAX_WIDEN } from "../../src/engine/budget/budget_governor.ts";
import { profileMarketOptions } from "../../src/sim/market/market_profiles.ts";
import { botConfig, setup, teardown, waitFor } from "./_harness.ts";

const RESERVE = 300;
/** The first quotes (BTC 2 levels, ETH 1: 6 orders) leave exactly the reserve. */
const START = RESERVE + 6;

Deno.test("governor on a thin market at zero headroom: never paused, thins, cancels still pass", async () => {
  const { takerRatePerSec, market } = profileMarketOptions("thin");
  const s = await setup({
    vol: 0.002, // a lively mid: every tick asks for requotes
    ...(takerRatePerSec !== undefined ? { takerRatePerSec } : {}),
    ...(market !== undefined ? { market: { market } } : {}),
    simOptions: { addressBudget: { initialRequests: START } },
    config: botConfig({
      housekeep_every_n: 10, // userRateLimit every second: the exchange's own figure
      budget: { governor: true, reserve: RESERVE },
      risk: {
        max_loss_usd: 1000,
        max_rate_limit_errors: 1000,
        max_consecutive_rejects: 1000,
        min_address_budget: 100,
        resume_address_budget: 200,
      },
    }),
  });
  const exchangeLeft = async () => {
    const l = await s.info<{ nRequestsCap: number; nRequestsUsed: number }>({
      type: "userRateLimit",
      user: s.sim.demo.address,
    });
    return l.nRequestsCap - l.nRequestsUsed;
  };
  try {
    await waitFor("the first quotes", async () => (await s.openOrders()).length >= 4);
    let widest = 1;
    let paused = false;
    let lowest = Infinity;
    let thinned = false;
    const loops0 = s.bot.view.snapshot().loops;
    await waitFor("100 loops", async () => {
      const snap = s.bot.view.snapshot();
      widest = Math.max(widest, snap.budget.widen);
      paused ||= snap.limiter.addressBudgetLow;
      thinned ||= snap.budget.maxLevels === 1;
      lowest = Math.min(lowest, await exchangeLeft());
      return snap.loops >= loops0 + 100;
    }, 60_000);
    const snap = s.bot.view.snapshot();
    assert.equal(paused, false, "never slowed down by the budget (risk.min_address_budget)");
    assert.equal(widest, MAX_WIDEN, "fully widened at zero headroom");
    assert.ok(thinned, "the ladder thinned to the level nearest the touch");
    assert.ok(snap.budget.deferred > 0, "changes were deferred, not sent");
    // Thinning cancels the deep levels (cancels always go): a little under the reserve at most.
    assert.ok(lowest >= RESERVE - 2, `the exchange's figure stayed at the reserve: ${lowest}`);
    assert.ok(snap.coins.every((c) => c.state === "quoting"), "no coin pulled or paused");
    // The quotes stay up on both sides of every coin (their fills earn the budget back).
    const open = await s.openOrders();
    for (const coin of ["BTC", "ETH"]) {
      const sides = new Set(open.filter((o) => o.coin === coin).map((o) => o.side));
      assert.equal(sides.size, 2, `${coin} quoted on both sides: ${JSON.stringify(open)}`);
    }
    assert.equal(snap.halted, false);
    // At zero headroom the kill switch still cancels everything.
    const before = await exchangeLeft();
    await s.bot.control.halt("test: cancel everything", AbortSignal.timeout(10_000));
    await waitFor("every order canceled", async () => (await s.openOrders()).length === 0);
    assert.ok((await exchangeLeft()) < before, "the cancels were paid from the reserve");
  } finally {
    await teardown(s);
  }
});

/**
 * Fault: one bbo frame stamped an hour in the future. Frames are ordered by arrival (the
 * exchange's timestamp is data, not a clock), so every coin's top of book keeps following the
 * exchange afterwards; before, the stamped coin's later frames all looked "older" and were
 * dropped, pinning its quotes to a stale price.
 */
import assert from "node:assert/strict";
import { botConfig, loopsPass, setup, teardown, waitFor } from "../app/_harness.ts";
import { assertConverged } from "./_rig_b.ts";

Deno.test("fault: a bbo frame stamped in the future does not pin a coin", async () => {
  const s = await setup({ config: botConfig(), seed: 5, vol: 0.004 });
  try {
    await waitFor(
      "quotes on both coins",
      () => s.bot.view.snapshot().coins.every((c) => c.bids.length > 0 && c.asks.length > 0),
    );
    await s.faults({ futureBboFrames: 4, futureStampMs: 3_600_000 });
    await waitFor("the stamped frames sent", async () => {
      const r = await s.faults({}) as { faults: { futureBboLeft: number } };
      return r.faults.futureBboLeft === 0;
    });
    await loopsPass(s, 2);
    const pinned = new Map(s.bot.view.snapshot().coins.map((c) => [c.coin, c.bestBid]));
    // Every coin's best bid moves on from what it was and matches the exchange's book again.
    await waitFor("every coin's top of book follows the exchange", async () => {
      const snap = s.bot.view.snapshot();
      for (const c of snap.coins) {
        const book = await s.info<{ levels: { px: string }[][] }>({ type: "l2Book", coin: c.coin });
        const best = Number(book.levels[0]?.[0]?.px);
        if (c.bestBid === pinned.get(c.coin) || c.bestBid !== best) return false;
      }
      return true;
    }, 30_000);
    assert.equal(s.bot.view.snapshot().halted, false);
    await assertConverged(s);
  } finally {
    await teardown(s);
  }
});

/**
 * Fault: WS drops and slow `/exchange` answers while quoting, and orders canceled on the exchange
 * while the socket is down (their order updates are lost). Whatever the bot's view and the
 * exchange differ by during the faults, once they end the reconcile makes them agree: 0 orphans,
 * 0 missing, equal positions, no cloid sent twice.
 */
import { botConfig, loopsPass, type Setup, setup, teardown, waitFor } from "../app/_harness.ts";
import { assertConverged, freezeQuotes } from "./_rig_b.ts";

/**
 * Drop the WebSocket, then cancel two of the bot's orders on the exchange behind its back while
 * its socket is down: no order update reaches it.
 */
async function dropWsAndCancelTwo(s: Setup): Promise<void> {
  await s.faults({ dropWsConnections: true });
  const victims = (await s.openOrders()).slice(0, 2);
  s.sim.core.execute(s.sim.demo.address, {
    type: "cancel",
    cancels: victims.map((o) => ({ a: o.coin === "BTC" ? 0 : 1, o: o.oid })),
  });
}

Deno.test("fault: after WS drops and slow answers the view converges to the exchange", async () => {
  const s = await setup({
    config: botConfig({ housekeep_every_n: 30, request_timeout_ms: 1_000 }),
    seed: 17,
    vol: 0.003,
  });
  try {
    await waitFor("quotes", () => s.bot.view.snapshot().coins.every((c) => c.bids.length > 0));
    for (let round = 0; round < 3; round++) {
      await s.faults({ exchangeDelayMs: 1_500, exchangeDelayCount: 4 });
      await loopsPass(s, 10);
      await dropWsAndCancelTwo(s);
      await loopsPass(s, 20);
    }
    await s.faults({ clear: true });
    // Quotes frozen (nothing requoted that could reveal the loss), one more drop with cancels
    // behind the bot's back: only the reconcile after the reconnect can find them.
    freezeQuotes(s);
    await loopsPass(s, 20);
    await dropWsAndCancelTwo(s);
    await assertConverged(s, 30_000);
  } finally {
    await teardown(s);
  }
});

/**
 * Fault: the server drops the WebSocket. The feed reconnects and resubscribes, the bot
 * reconciles with openOrders and clearinghouseState at once (fills or cancels may have happened
 * while it was blind), and the view converges with no order lost or doubled.
 */
import { botConfig, setup, teardown, waitFor } from "../app/_harness.ts";
import { assertViewMatchesExchange, logged, stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("WS drop: reconnect, resubscribe, reconcile at once, view converges", async () => {
  // No routine reconcile: only the one the reconnect asks for.
  const config = botConfig({ housekeep_every_n: 100_000 });
  const s = await setup({ config });
  try {
    await waitFor("quotes", async () => (await s.openOrders()).length === 6);
    await waitFor("feed subscribed", () => s.bot.view.snapshot().feed.connected);
    const mark = s.logs.length;
    await s.faults({ dropWsConnections: true });
    await waitFor("disconnect seen", () => logged(s, "feed disconnected", () => true, mark));
    await waitFor("reconnected and resubscribed", () => {
      const feed = s.bot.view.snapshot().feed;
      return feed.connected && feed.reconnects >= 1;
    });
    await waitFor(
      "reconciled after the reconnect",
      () => logged(s, "reconciled", (f) => f.reason === "ws reconnect", mark),
    );
    await waitFor("quotes", async () => (await s.openOrders()).length === 6);
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

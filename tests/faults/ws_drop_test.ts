/**
 * Fault: the server drops the WebSocket. The feed reconnects and resubscribes, the bot
 * reconciles with openOrders and clearinghouseState at once (fills or cancels may have happened
 * while it was blind), and the view converges with no order lost or doubled.
 */
import { botConfig, fullLadder, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import {
  assertViewMatchesExchange,
  logged,
  reconnectedAndReconciled,
  stopAndAssertClean,
} from "./_fault_rig.ts";

Deno.test("WS drop: reconnect, resubscribe, reconcile at once, view converges", async () => {
  // No routine reconcile: only the one the reconnect asks for.
  const config = botConfig({ housekeep_every_n: 100_000 });
  const s = await setupQuoting({ config });
  try {
    await waitFor("feed subscribed", () => s.bot.view.snapshot().feed.connected);
    const mark = s.logs.length;
    await s.faults({ dropWsConnections: true });
    await waitFor("disconnect seen", () => logged(s, "feed disconnected", () => true, mark));
    await reconnectedAndReconciled(s, mark);
    await fullLadder(s);
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

/**
 * Fault: a half-open WebSocket (both directions frozen, no close). Orders are configured over
 * the WS. The cancels must reach the exchange over REST before the keepalive has even declared
 * the socket dead (a stalled post or a stale feed moves order traffic to REST at once); the
 * keepalive then declares it dead, the feed reconnects and resubscribes, and the view converges.
 */
import assert from "node:assert/strict";
import { botConfig, fullLadder, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import {
  assertViewMatchesExchange,
  logged,
  reconnectedAndReconciled,
  stopAndAssertClean,
} from "./_fault_rig.ts";

Deno.test("half-open WS: cancels go over REST before the dead socket is noticed; reconnect, resubscribe, reconcile", async () => {
  const config = botConfig({ cache_ttl_ms: 1000, max_quote_age_ms: 2000 });
  const s = await setupQuoting({ config, takerRatePerSec: 0 });
  try {
    // The first quotes may go over REST while the feed connects; this test needs the WS path.
    await waitFor(
      "orders over the WS",
      () => logged(s, "orders over the WebSocket again", () => true),
    );
    const mark = s.logs.length;
    await s.faults({ freezeWsMs: null });
    // The kill switch wants every order down: the cancels go out while the socket is frozen.
    const halt = new AbortController();
    await s.bot.control.halt("fault test", halt.signal);
    await waitFor("all orders canceled on the exchange", async () => {
      return (await s.openOrders()).length === 0;
    });
    const disconnectedBefore = logged(s, "feed disconnected", () => true, mark);
    assert.equal(
      disconnectedBefore,
      false,
      "the orders came down only after the socket was declared dead",
    );
    assert.ok(logged(s, "WebSocket order path unhealthy: orders over REST", () => true, mark));
    // The keepalive finds the dead socket by itself (no close ever comes from the server).
    await waitFor(
      "the keepalive declares the socket dead",
      () => logged(s, "feed disconnected", (f) => String(f.reason).includes("half-open"), mark),
    );
    await reconnectedAndReconciled(s, mark);
    s.bot.control.resume();
    await fullLadder(s, "quotes again");
    await waitFor(
      "orders over the WS again",
      () => logged(s, "orders over the WebSocket again", () => true, mark),
    );
    await s.faults({ clear: true });
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

/**
 * Fault: a silent stream (the socket is alive and answers pings, but no market data comes).
 * Market data falls back to REST once the WS data is older than cache_ttl_ms and quoting goes
 * on; when REST data fails too, quotes are pulled once the data is older than max_quote_age_ms.
 * When the stream speaks again, data is back on the WS and quotes return; the socket was never
 * dropped.
 */
import assert from "node:assert/strict";
import { botConfig, fullLadder, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { assertViewMatchesExchange, logged, stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("silent WS stream: REST fallback after cache_ttl_ms, quotes pulled after max_quote_age_ms, back on the WS", async () => {
  const config = botConfig({ cache_ttl_ms: 1000, max_quote_age_ms: 2000 });
  const s = await setupQuoting({ config, takerRatePerSec: 0 });
  try {
    const mark = s.logs.length;
    await s.faults({ muteWsPushesMs: null });
    for (const coin of ["BTC", "ETH"]) {
      await waitFor(
        `${coin} data over REST`,
        () => logged(s, "market data source", (f) => f.coin === coin && f.source === "rest", mark),
      );
    }
    // REST data keeps the quotes alive: none was pulled for stale data.
    assert.equal(logged(s, "market data too old: quotes pulled", () => true, mark), false);
    assert.equal((await s.openOrders()).length, 6);
    // Now REST data fails too: with no fresh data the quotes come down.
    await s.faults({ infoFailCount: 1_000_000 });
    await waitFor(
      "quotes pulled for stale data",
      () => logged(s, "market data too old: quotes pulled", () => true, mark),
    );
    await waitFor("no orders", async () => (await s.openOrders()).length === 0);
    await s.faults({ clear: true });
    for (const coin of ["BTC", "ETH"]) {
      await waitFor(
        `${coin} data over the WS again`,
        () => logged(s, "market data source", (f) => f.coin === coin && f.source === "ws", mark),
      );
    }
    await fullLadder(s, "quotes again");
    assert.equal(s.bot.view.snapshot().feed.reconnects, 0, "a live socket was dropped");
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

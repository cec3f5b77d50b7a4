/**
 * Fault: malformed WebSocket frames (truncated JSON, garbage). Each is counted and skipped at the
 * edge; the connection stays up, quoting goes on, and the view still matches the exchange.
 */
import assert from "node:assert/strict";
import { botConfig, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { assertViewMatchesExchange, logged, stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("malformed WS frames are skipped: no reconnect, quoting goes on", async () => {
  const config = botConfig();
  const s = await setupQuoting({ config, takerRatePerSec: 0 });
  try {
    await waitFor("feed subscribed", () => s.bot.view.snapshot().feed.connected);
    const mark = s.logs.length;
    await s.faults({ malformedWsFrames: 50 });
    // Warnings are throttled (the first, then a count per 10 s period): count what they report.
    const malformedSeen = () =>
      s.logs.slice(mark).filter((l) => l.msg === "malformed ws frame")
        .reduce((n, l) => n + 1 + Number(l.fields.repeated ?? 0), 0);
    await waitFor("the first malformed frame warned", () => malformedSeen() >= 1);
    // The stream goes on after them: a frame newer than the garbage reaches the engine.
    const loops = s.bot.view.snapshot().loops;
    await waitFor("loops go on", () => s.bot.view.snapshot().loops > loops + 5);
    await waitFor(
      "WS data fresh",
      () =>
        s.bot.view.snapshot().coins.every((c) => c.source === "ws" && (c.dataAgeMs ?? 1e9) < 1000),
    );
    await waitFor("malformed frames counted", () => malformedSeen() >= 25, 30_000);
    const lines = s.logs.slice(mark).filter((l) => l.msg === "malformed ws frame").length;
    assert.ok(lines <= 3, `${lines} warning lines for 50 malformed frames (throttled)`);
    assert.equal(logged(s, "feed disconnected", () => true, mark), false);
    assert.equal(s.bot.view.snapshot().feed.reconnects, 0);
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

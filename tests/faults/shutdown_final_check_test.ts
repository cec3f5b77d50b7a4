/**
 * Honest exit codes: exit 0 only after the exchange answered that none of our orders is open.
 * A final openOrders check that is never answered is not "zero" (exit 1, saying what could not
 * be confirmed), and the final cancel and its check take the limiter's reserved share, so a 429
 * backoff of new orders does not leave the exit unconfirmed.
 */
import assert from "node:assert/strict";
import { botConfig, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("final check never answered: exit 1, and the bot says what it could not confirm", async () => {
  const config = botConfig();
  const s = await setupQuoting({ config, takerRatePerSec: 0 });
  try {
    // Every REST request from now on is refused: the final cancel goes as a WS post, but the
    // openOrders check (REST) is never answered.
    await s.faults({ force429Count: 1_000_000 });
    const result = await s.bot.stop();
    assert.equal(result.exitCode, 1);
    assert.equal(result.openOrdersLeft, null);
    assert.ok(
      result.unconfirmed.some((u) => /never answered/.test(u)),
      JSON.stringify(result.unconfirmed),
    );
    assert.ok(
      s.logs.some((l) => l.level === "error" && /could not confirm/.test(l.msg)),
      "no log line says what could not be confirmed",
    );
    // The orders did come down (over the WS): only the confirmation is missing.
    assert.equal((await s.openOrders()).length, 0);
  } finally {
    await teardown(s);
  }
});

Deno.test("a 429 backoff of new orders does not hold the final cancel and its check: confirmed exit 0", async () => {
  const config = botConfig({ use_websocket: false, order_transport: "rest" });
  const s = await setupQuoting({ config, takerRatePerSec: 0 });
  try {
    // Six 429s in a row: new orders are backed off for 16-32 s from the last one.
    await s.faults({ force429Count: 6 });
    await waitFor("the 429s", () => s.bot.view.snapshot().limiter.http429 >= 6);
    const result = await stopAndAssertClean(s, config);
    assert.deepEqual(result.unconfirmed, []);
  } finally {
    await teardown(s);
  }
});

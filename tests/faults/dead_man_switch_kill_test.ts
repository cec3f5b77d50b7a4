/**
 * Fault: the bot process is killed (-9: no shutdown path, no final cancel) with the dead-man's
 * switch on. The exchange cancels every resting order by itself, no later than the promised
 * window (dead_man_switch_ms) after the kill, going by the exchange's own timestamps.
 */
import assert from "node:assert/strict";
import { waitFor } from "../app/_harness.ts";
import { dmsSim, spawnDmsBot } from "./_rig_b.ts";

const WINDOW_MS = 8_000;

Deno.test("fault: killed with the dead-man's switch on: the exchange cancels within the window", async () => {
  // The live exchange gates scheduleCancel behind $1M of volume; this account is let through.
  const { sim, open } = await dmsSim(9, 0);
  const bot = await spawnDmsBot(sim, WINDOW_MS, 200);
  try {
    await bot.until((l) => l.includes('"deadManSwitch":"active"'));
    await waitFor("orders resting", () => open().length >= 8);
    const before = open();
    const killedAtMs = Date.now();
    await bot.kill();
    await waitFor("the exchange canceling every order", () => open().length === 0, WINDOW_MS * 3);
    for (const o of before) {
      const s = sim.core.info({ type: "orderStatus", user: sim.demo.address, oid: o.oid })
        .body as { order: { status: string; statusTimestamp: number } };
      if (s.order.status === "filled") continue;
      assert.equal(s.order.status, "scheduledCancel", JSON.stringify(s));
      // The exchange's clock advances in 50 ms ticks.
      assert.ok(
        s.order.statusTimestamp <= killedAtMs + WINDOW_MS + 100,
        `canceled ${s.order.statusTimestamp - killedAtMs} ms after the kill`,
      );
    }
  } finally {
    await bot.kill().catch(() => {});
    await sim.stop();
  }
});

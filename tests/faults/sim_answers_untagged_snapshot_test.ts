/**
 * Whole-bot: the userFills snapshot (sent right after the subscription ack) comes without
 * `isSnapshot`, injected by `/sim/faults` `untaggedFillSnapshots`. A bot restarted on an account
 * with earlier fills must not count that history as new fills (fees, PnL, fill count), and its
 * position and open orders must agree with the exchange.
 */
import assert from "node:assert/strict";
import { runBot } from "../../src/app/run_bot.ts";
import { ethOnlyConfig, recordingLogger, setup, teardown, waitFor } from "../app/_harness.ts";
import type { LogLine } from "../app/_harness.ts";
import { assertReconciled } from "./_sim_answers.ts";

const config = ethOnlyConfig({ max_position_usd: 60, requote_threshold_bps: 1, skew_bps: 10 });

Deno.test("an untagged userFills snapshot is not counted as new fills after a restart", async () => {
  const s = await setup({ config, takerRatePerSec: 4 });
  try {
    // A first run trades, then stops (cancelling its orders).
    await waitFor("2 fills", () => s.bot.view.snapshot().fills >= 2, 30_000);
    await s.bot.stop();
    const fillsOf = async () =>
      (await s.info<unknown[]>({ type: "userFills", user: s.sim.demo.address })).length;
    const history = await fillsOf();
    assert.ok(history >= 2);

    await s.faults({ untaggedFillSnapshots: true });
    const logs: LogLine[] = [];
    const bot = await runBot({
      config,
      env: {},
      target: { httpUrl: s.sim.httpUrl, wsUrl: s.sim.wsUrl, privateKey: s.sim.demo.privateKey },
      logger: recordingLogger(logs),
      sidecar: false,
    });
    try {
      await waitFor("the untagged snapshot", async () => {
        const f = (await s.stats()).faults as { injected: { untaggedFillSnapshots: number } };
        return f.injected.untaggedFillSnapshots >= 1;
      });
      await waitFor("10 loops", () => bot.view.snapshot().loops >= 10);
      await assertReconciled(bot, s.openOrders, s.actions, { ETH: 1 });
      await waitFor("the position to agree with the exchange", async () => {
        const state = await s.info<
          { assetPositions: { position: { coin: string; szi: string } }[] }
        >({ type: "clearinghouseState", user: s.sim.demo.address });
        const eth = state.assetPositions.find((p) => p.position.coin === "ETH");
        const szi = Number(eth?.position.szi ?? 0);
        return Math.abs(bot.view.snapshot().coins[0]!.position - szi) < 1e-9;
      });
    } finally {
      await bot.stop();
    }
    // Only fills made after the restart count in the second run.
    const since = (await fillsOf()) - history;
    const counted = bot.view.snapshot().fills;
    assert.ok(counted <= since, `${counted} fills counted, ${since} since the restart`);
  } finally {
    await teardown(s);
  }
});

import assert from "node:assert/strict";
import { runBot } from "../../src/app/run_bot.ts";
import { startSim } from "../../src/sim/start_sim.ts";
import { botConfig, type LogLine, recordingLogger, waitFor } from "./_harness.ts";

Deno.test("--dry-run on live market data: quotes on paper, sends no action, needs no key", async () => {
  const sim = await startSim({ port: 0, seed: 11 });
  const lines: LogLine[] = [];
  try {
    const bot = await runBot({
      config: botConfig({ api_url: sim.httpUrl, ws_url: sim.wsUrl }),
      env: {},
      dryRun: true,
      logger: recordingLogger(lines),
      sidecar: false,
    });
    await waitFor(
      "would-send log lines",
      () => lines.some((l) => l.msg === "dry run: would place"),
    );
    await waitFor("10 loops", () => bot.view.snapshot().loops >= 10);
    // The paper ladder is visible in the view, as in a real run.
    const btc = bot.view.snapshot().coins.find((c) => c.coin === "BTC");
    assert.ok(btc && btc.bids.length > 0 && btc.asks.length > 0, JSON.stringify(btc));
    await bot.stop();
    const result = await bot.done;
    assert.equal(result.exitCode, 0);

    // The exchange saw market-data requests only: no signed action, over REST or WS post.
    const stats = await (await fetch(`${sim.httpUrl}/sim/stats`)).json();
    assert.deepEqual(stats.exchange.actionsByType, {});
    assert.deepEqual(stats.exchange.refusals, {});
    assert.equal(stats.http.http429, 0);
    const placed = lines.find((l) => l.msg === "dry run: would place");
    assert.ok(placed);
    assert.ok(!JSON.stringify(lines).includes(sim.demo.privateKey.slice(2)), "no key anywhere");
  } finally {
    await sim.stop();
  }
});

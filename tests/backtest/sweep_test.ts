import assert from "node:assert/strict";
import { loadConfig } from "../../src/config/mod.ts";
import { grid, parseSweep, progressBar, withParams } from "../../src/backtest/sweep.ts";

const CONFIG = new URL("../../configs/fast_trading.json", import.meta.url).pathname;

Deno.test("sweep text becomes every combination, first axis slowest", () => {
  const axes = parseSweep("spread_bps=4,6 requote_threshold_bps=2,5,10");
  assert.deepEqual(grid(axes), [
    { spread_bps: 4, requote_threshold_bps: 2 },
    { spread_bps: 4, requote_threshold_bps: 5 },
    { spread_bps: 4, requote_threshold_bps: 10 },
    { spread_bps: 6, requote_threshold_bps: 2 },
    { spread_bps: 6, requote_threshold_bps: 5 },
    { spread_bps: 6, requote_threshold_bps: 10 },
  ]);
  assert.throws(() => parseSweep("spread_bps=4,x"));
});

Deno.test("a coin parameter is set on every coin, a top-level one at the top, unknown ones fail", async () => {
  const config = await loadConfig(CONFIG);
  const c = withParams(config, { spread_bps: 9, loop_ms: 50 });
  assert.ok(c.coins.every((coin) => coin.spreadBps === 9));
  assert.equal(c.loopMs, 50);
  assert.throws(() => withParams(config, { no_such_knob: 1 }));
});

Deno.test("progress bar fills with the share done", () => {
  assert.equal(progressBar(0, 4, 8), "[........] 0/4");
  assert.equal(progressBar(2, 4, 8), "[####....] 2/4");
  assert.equal(progressBar(4, 4, 8), "[########] 4/4");
});

import assert from "node:assert/strict";
import { applyQuotingPatch, parseConfig } from "../../src/config/mod.ts";

const config = parseConfig({
  network: "sim",
  coins: [
    { coin: "BTC", levels: 2, spread_bps: 6, size_usd: 25, max_position_usd: 250 },
    { coin: "ETH", spread_bps: 8, size_usd: 25, max_position_usd: 250 },
  ],
}, "inline");

Deno.test("a valid quoting patch changes only the named fields", () => {
  const result = applyQuotingPatch(config, { coins: { BTC: { spread_bps: 12, levels: 3 } } });
  assert.ok(result.ok);
  assert.equal(result.config.coins[0]?.spreadBps, 12);
  assert.equal(result.config.coins[0]?.levels, 3);
  assert.equal(result.config.coins[0]?.sizeUsd, 25);
  assert.deepEqual(result.config.coins[1], config.coins[1]);
  assert.equal(config.coins[0]?.spreadBps, 6, "the original is not mutated");
});

Deno.test("an out-of-range patch is refused with the schema's issue", () => {
  const result = applyQuotingPatch(config, { coins: { BTC: { size_usd: 1 } } });
  assert.ok(!result.ok);
  assert.deepEqual(result.issues, [
    { path: "$.coins.BTC.size_usd", message: "expected number to be >=10" },
  ]);
});

Deno.test("a patch of a field that is not a quoting parameter is refused", () => {
  const result = applyQuotingPatch(config, { coins: { BTC: { coin: "SOL" } }, loop_ms: 5 });
  assert.ok(!result.ok);
  assert.equal(result.issues.length, 2);
});

Deno.test("a patch of an unconfigured coin is refused and nothing changes", () => {
  const result = applyQuotingPatch(config, {
    coins: { BTC: { spread_bps: 9 }, DOGE: { spread_bps: 9 } },
  });
  assert.ok(!result.ok);
  assert.deepEqual(result.issues, [
    { path: "$.coins.DOGE", message: 'unknown coin "DOGE" (not configured)' },
  ]);
});

import assert from "node:assert/strict";
import {
  ConfigError,
  loadConfig,
  lossStateFileFor,
  parseConfig,
  QUOTING_BOUNDS,
} from "../../src/config/mod.ts";

const coin = { coin: "BTC", spread_bps: 6, size_usd: 25, max_position_usd: 250 };
const parse = (extra: Record<string, unknown> = {}, coinExtra: Record<string, unknown> = {}) =>
  parseConfig({ network: "mainnet", coins: [{ ...coin, ...coinExtra }], ...extra }, "cfg");

Deno.test("the file's quoting values have the same hard bounds as a patch", () => {
  for (
    const [field, bad] of [
      ["size_usd", QUOTING_BOUNDS.sizeUsd.max + 1],
      ["max_position_usd", QUOTING_BOUNDS.maxPositionUsd.max + 1],
      ["skew_bps", QUOTING_BOUNDS.skewBps.max + 1],
      ["spread_bps", 0.5],
    ] as const
  ) {
    assert.throws(
      () => parse({}, { [field]: bad, ...(field === "size_usd" ? { max_position_usd: 1e6 } : {}) }),
      (e: unknown) => e instanceof ConfigError && e.message.includes(`$.coins[0].${field}`),
      field,
    );
  }
});

Deno.test("defaults: loopback host names, confirm factor 2, foreign orders left alone", () => {
  const c = parse();
  assert.deepEqual(c.sidecar.allowedHosts, ["localhost", "127.0.0.1", "::1"]);
  assert.equal(c.sidecar.confirmExposureFactor, 2);
  assert.equal(c.cancelForeignOrders, false);
});

Deno.test("the loss state file: a default on mainnet/testnet, none on sim, null turns it off", () => {
  assert.equal(lossStateFileFor(parse()), "hl-mm-loss-state.json");
  assert.equal(lossStateFileFor(parse({ network: "testnet" })), "hl-mm-loss-state.json");
  assert.equal(lossStateFileFor(parse({ network: "sim" })), null);
  assert.equal(
    lossStateFileFor(parse({ network: "sim", risk: { loss_state_file: "/var/lib/x.json" } })),
    "/var/lib/x.json",
  );
  assert.equal(lossStateFileFor(parse({ risk: { loss_state_file: null } })), null);
});

Deno.test("the shipped configs still load", async () => {
  for (const path of ["configs/fast_trading.json", "configs/baseline.json"]) {
    const c = await loadConfig(new URL(`../../${path}`, import.meta.url).pathname);
    assert.ok(c.coins.length > 0, path);
  }
});

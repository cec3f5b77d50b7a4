/**
 * GET/PATCH /config through the sidecar app (`app.request()`) backed by the REAL engine (the
 * loop's rig from tests/engine/loop/_fakes.ts): the patch rules under test are the engine's own
 * (src/config/quoting_patch.ts), not a fake's.
 */
import assert from "node:assert/strict";
import { PATCHABLE_COIN_FIELDS, QUOTING_BOUNDS } from "../../src/config/mod.ts";
import { LIMITER } from "./fake_engine.ts";
import type { SidecarDeps } from "../../src/sidecar/deps.ts";
import { auth, body, harness, realEngineApp } from "./helpers.ts";

type Json = Record<string, unknown>;
type CoinFile = Record<string, number | string>;

/**
 * Every patchable field: BTC's value in testConfig() (the passive requote threshold and the size
 * tolerance are the loader's defaults), and a valid new value.
 */
const BTC_FIELDS: Record<string, readonly [start: number, next: number]> = {
  levels: [2, 3],
  spread_bps: [10, 7],
  level_spacing_bps: [5, 9],
  size_usd: [50, 60],
  max_position_usd: [500, 800],
  requote_threshold_bps: [2, 4],
  passive_requote_threshold_bps: [0, 8],
  size_tolerance_bps: [300, 150],
  skew_bps: [5, 12],
};
const BTC_START = Object.fromEntries(Object.entries(BTC_FIELDS).map(([f, [start]]) => [f, start]));
const NEW_VALUES = Object.fromEntries(Object.entries(BTC_FIELDS).map(([f, [, next]]) => [f, next]));

function realApp(overrides: Partial<SidecarDeps> = {}) {
  const { r, app } = realEngineApp(overrides);
  const patch = (payload: unknown) =>
    app.request("/config", {
      method: "PATCH",
      headers: { ...auth(), "content-type": "application/json" },
      body: typeof payload === "string" ? payload : JSON.stringify(payload),
    });
  const effective = async () => (await body(await app.request("/config"))).effective as Json;
  const coin = async (name: string) =>
    ((await effective()).coins as CoinFile[]).find((c) => c.coin === name)!;
  return { r, app, patch, effective, coin };
}

Deno.test("GET /config: the engine's effective config in the file's keys, and the limiter", async () => {
  const { app } = realApp();
  const res = await app.request("/config");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const b = await body(res);
  const effective = b.effective as Json;
  assert.equal(effective.network, "sim");
  assert.equal(effective.max_quote_age_ms, 2000);
  assert.deepEqual((effective.coins as CoinFile[])[0], { coin: "BTC", ...BTC_START });
  assert.deepEqual(effective.budget, {
    governor: false,
    horizon_min: 60,
    reserve: 500,
    max_buy_usd_per_day: 0,
  });
  assert.deepEqual(b.limiter, LIMITER);
});

Deno.test("PATCH /config changes exactly the field it names: every patchable field", async () => {
  assert.deepEqual(Object.keys(NEW_VALUES).sort(), [...PATCHABLE_COIN_FIELDS].sort());
  for (const field of PATCHABLE_COIN_FIELDS) {
    const { patch, effective } = realApp();
    const before = await effective();
    const res = await patch({ coins: { BTC: { [field]: NEW_VALUES[field] } } });
    assert.equal(res.status, 200, `${field}: ${await res.clone().text()}`);
    const answered = (await body(res)).effective as Json;
    const after = await effective();
    assert.deepEqual(answered, after, field);
    const coins = structuredClone(before.coins) as CoinFile[];
    coins[0]![field] = NEW_VALUES[field]!;
    assert.deepEqual(after, { ...before, coins }, `${field}: only it changed`);
  }
});

Deno.test("PATCH /config: the README's example keeps levels, spacing and skew (no defaults)", async () => {
  const { patch, coin, r } = realApp();
  const before = await coin("BTC");
  assert.equal((await patch({ coins: { BTC: { spread_bps: 7 } } })).status, 200);
  assert.deepEqual(await coin("BTC"), { ...before, spread_bps: 7 });
  // The loop takes the same config on its next step.
  await r.loop();
  const quoting = r.engine.control.effectiveConfig() as Json;
  assert.deepEqual((quoting.coins as CoinFile[])[0], { ...before, spread_bps: 7 });
});

Deno.test("PATCH /config: several fields and coins at once, the rest unchanged", async () => {
  const { patch, effective } = realApp();
  const before = await effective();
  const res = await patch({ coins: { BTC: { skew_bps: 8, levels: 1 }, ETH: { spread_bps: 12 } } });
  assert.equal(res.status, 200);
  const coins = structuredClone(before.coins) as CoinFile[];
  Object.assign(coins[0]!, { skew_bps: 8, levels: 1 });
  Object.assign(coins[1]!, { spread_bps: 12 });
  assert.deepEqual(await effective(), { ...before, coins });
});

Deno.test("PATCH /config: dangerous values are refused with one issue each, nothing changes", async () => {
  const { patch, effective } = realApp();
  const before = await effective();
  const cases: [string, number][] = [
    ["size_usd", 1e7],
    ["max_position_usd", 1e9],
    ["skew_bps", 10_000],
    ["spread_bps", 1e-4],
    ["levels", 50],
    ["level_spacing_bps", 5_000],
    ["requote_threshold_bps", 5_000],
  ];
  for (const [field, value] of cases) {
    const res = await patch({ coins: { BTC: { [field]: value } }, confirm: true });
    assert.equal(res.status, 400, field);
    const b = await body(res);
    assert.equal(b.ok, false);
    const issues = b.issues as { path: string; message: string }[];
    assert.ok(issues.length >= 1, field);
    assert.ok(issues.some((i) => i.path === `$.coins.BTC.${field}`), JSON.stringify(issues));
    for (const i of issues) {
      assert.equal(typeof i.path, "string");
      assert.equal(typeof i.message, "string");
    }
  }
  assert.deepEqual(await effective(), before);
  assert.equal(QUOTING_BOUNDS.sizeUsd.max, 100_000);
});

Deno.test("PATCH /config: an order larger than the max position is refused", async () => {
  const { patch } = realApp();
  const res = await patch({ coins: { BTC: { size_usd: 600 } }, confirm: true });
  assert.equal(res.status, 400);
  assert.deepEqual((await body(res)).issues, [
    { path: "$.coins.BTC.max_position_usd", message: "expected a value >= size_usd (600)" },
  ]);
});

Deno.test("PATCH /config: raising exposure more than x2 at once needs confirm: true", async () => {
  const { patch, coin } = realApp();
  // BTC: 2 levels x $50 resting per side, max position $500.
  const raiseSize = await patch({ coins: { BTC: { size_usd: 150 } } });
  assert.equal(raiseSize.status, 400);
  const issues = (await body(raiseSize)).issues as { path: string; message: string }[];
  assert.equal(issues.length, 1);
  assert.equal(issues[0]!.path, "$.coins.BTC");
  assert.match(issues[0]!.message, /from 100 to 300 USD.*"confirm": true/);

  const raiseLevels = await patch({ coins: { BTC: { levels: 5 } } });
  assert.equal(raiseLevels.status, 400, "more levels are more resting size too");

  const raiseMax = await patch({ coins: { BTC: { max_position_usd: 1_001 } } });
  assert.equal(raiseMax.status, 400);
  assert.deepEqual(((await body(raiseMax)).issues as { path: string }[]).map((i) => i.path), [
    "$.coins.BTC.max_position_usd",
  ]);
  assert.equal((await coin("BTC")).size_usd, 50, "nothing changed");

  // Exactly x2 passes without confirm; lowering never needs it; confirm: true lets a jump pass.
  assert.equal((await patch({ coins: { BTC: { max_position_usd: 1_000 } } })).status, 200);
  assert.equal((await patch({ coins: { BTC: { size_usd: 20 } } })).status, 200);
  assert.equal((await patch({ coins: { BTC: { size_usd: 150 } }, confirm: true })).status, 200);
  assert.equal((await coin("BTC")).size_usd, 150);
  assert.equal((await coin("BTC")).max_position_usd, 1_000);
});

Deno.test("PATCH /config: the confirm factor is the config's sidecar.confirm_exposure_factor", async () => {
  const { testConfig } = await import("../engine/loop/_fakes.ts");
  const config = testConfig({ sidecar: { enabled: false, confirm_exposure_factor: 5 } });
  const { app } = realEngineApp({}, { config });
  const res = await app.request("/config", {
    method: "PATCH",
    headers: auth(),
    body: JSON.stringify({ coins: { BTC: { max_position_usd: 2_400 } } }),
  });
  assert.equal(res.status, 200);
});

Deno.test("PATCH /config: unknown keys, unknown coins and the coin name are refused", async () => {
  const { patch, effective } = realApp();
  const before = await effective();
  const res = await patch({ coins: { BTC: { coin: "SOL", spread_bps: 7 } }, loop_ms: 5 });
  assert.equal(res.status, 400);
  const issues = (await body(res)).issues as { path: string; message: string }[];
  assert.deepEqual(issues.map((i) => i.path).sort(), ["$", "$.coins.BTC"]);
  const unknownCoin = await patch({ coins: { BTC: { spread_bps: 9 }, DOGE: { spread_bps: 9 } } });
  assert.deepEqual((await body(unknownCoin)).issues, [
    { path: "$.coins.DOGE", message: 'unknown coin "DOGE" (not configured)' },
  ]);
  assert.deepEqual(await effective(), before);
});

Deno.test("PATCH /config: malformed, empty and oversized bodies: 400, same issue shape", async () => {
  const { patch, effective, app } = realApp();
  const before = await effective();
  for (const payload of ["{oops", "", "   "]) {
    const res = await patch(payload);
    assert.equal(res.status, 400, JSON.stringify(payload));
    const b = await body(res);
    assert.equal(b.ok, false);
    const issues = b.issues as { path: unknown; message: unknown }[];
    assert.equal(issues.length, 1);
    assert.equal(issues[0]!.path, "$");
    assert.equal(typeof issues[0]!.message, "string");
  }
  const huge = JSON.stringify({ coins: {}, pad: "x".repeat(100_000) });
  const res = await app.request("/config", {
    method: "PATCH",
    headers: { ...auth(), "content-length": String(huge.length) },
    body: huge,
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await effective(), before);
});

Deno.test("GET /config: the account address may appear", async () => {
  const { app, engine } = harness();
  const address = "0x1234567890abcdef1234567890abcdef12345678";
  engine.config = { ...engine.config, accountAddress: address };
  const b = await body(await app.request("/config"));
  assert.equal((b.effective as Json).accountAddress, address);
});

Deno.test("unknown routes answer 404 JSON", async () => {
  const { app } = harness();
  const res = await app.request("/nope");
  assert.equal(res.status, 404);
  assert.deepEqual(await body(res), { ok: false, error: "not found" });
});

Deno.test("a throwing engine answers 500 without details", async () => {
  const { app, engine } = harness();
  engine.effectiveConfig = () => {
    throw new Error("boom with internals");
  };
  const res = await app.request("/config");
  assert.equal(res.status, 500);
  assert.deepEqual(await body(res), { ok: false, error: "internal error" });
});

import assert from "node:assert/strict";
import {
  ConfigError,
  endpointsFor,
  LIMITER_DEFAULTS,
  loadLimiterSettings,
  loadSecrets,
} from "../../src/config/mod.ts";

const KEY = "0x" + "ab12".repeat(16);

Deno.test("limiter settings default to the conservative values", () => {
  assert.deepEqual(loadLimiterSettings({}), LIMITER_DEFAULTS);
  assert.equal(LIMITER_DEFAULTS.restCapacityPerMin, 1000);
  assert.equal(LIMITER_DEFAULTS.wsCapacityPerMin, 2000);
  assert.equal(LIMITER_DEFAULTS.weightL2Book, 2);
  assert.equal(LIMITER_DEFAULTS.weightMeta, 20);
  assert.equal(LIMITER_DEFAULTS.weightUserFees, 20);
});

Deno.test("limiter settings are read from HL_* variables", () => {
  const settings = loadLimiterSettings({
    HL_REST_CAPACITY_PER_MIN: "1200",
    HL_WS_CAPACITY_PER_MIN: "1500",
    HL_RL_WEIGHT_ORDER: "2",
    HL_RL_WEIGHT_CANCEL: "3",
    HL_RL_WEIGHT_L2BOOK: "4",
    HL_RL_WEIGHT_META: "25",
    HL_RL_WEIGHT_USERFEES: "30",
  });
  assert.deepEqual(settings, {
    restCapacityPerMin: 1200,
    wsCapacityPerMin: 1500,
    weightOrder: 2,
    weightCancel: 3,
    weightL2Book: 4,
    weightMeta: 25,
    weightUserFees: 30,
  });
});

Deno.test("setup_hft_env.sh exports the HFT guide's values and can be sourced twice", async () => {
  const out = await new Deno.Command("bash", {
    args: ["-c", ". ./setup_hft_env.sh && . ./setup_hft_env.sh && env"],
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin" },
  }).output();
  assert.equal(out.code, 0);
  const env: Record<string, string> = {};
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) env[line.slice(0, i)] = line.slice(i + 1);
  }
  const settings = loadLimiterSettings(env);
  assert.equal(settings.restCapacityPerMin, 1200);
  assert.equal(settings.wsCapacityPerMin, 2000);
  assert.equal(settings.weightOrder, 1);
  assert.equal(settings.weightCancel, 1);
  assert.equal(settings.weightL2Book, 2);
  assert.equal(settings.weightMeta, 20);
  assert.equal(settings.weightUserFees, 20);
  assert.equal(env["HL_PRIVATE_KEY"], undefined);
});

for (
  const [name, value, expected] of [
    ["HL_REST_CAPACITY_PER_MIN", "abc", 'expected a whole number from 1 to 1200, got "abc"'],
    ["HL_REST_CAPACITY_PER_MIN", "5000", 'expected a whole number from 1 to 1200, got "5000"'],
    ["HL_WS_CAPACITY_PER_MIN", "0", 'expected a whole number from 1 to 2000, got "0"'],
    ["HL_RL_WEIGHT_ORDER", "1.5", 'expected a whole number from 1 to 1000, got "1.5"'],
    ["HL_RL_WEIGHT_META", "-20", 'expected a whole number from 1 to 1000, got "-20"'],
  ] as const
) {
  Deno.test(`a bad ${name} (${value}) is refused with the variable's name`, () => {
    assert.throws(() => loadLimiterSettings({ [name]: value }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 2);
      assert.equal(error.message, `environment: ${name}: ${expected}`);
      return true;
    });
  });
}

Deno.test("secrets come from the environment, normalized", () => {
  const secrets = loadSecrets({
    HL_PRIVATE_KEY: KEY.slice(2).toUpperCase(),
    HL_ACCOUNT_ADDRESS: "0x" + "AB".repeat(20),
  });
  assert.equal(secrets.privateKey, KEY);
  assert.equal(secrets.accountAddress, "0x" + "ab".repeat(20));
  assert.equal(secrets.vaultAddress, undefined);
  assert.deepEqual(loadSecrets({}), {});
});

for (
  const [label, key, why] of [
    ["too short", KEY.slice(0, 40), "it has 38 hex digits"],
    ["too long", KEY + "00", "it has 66 hex digits"],
    ["not hex", KEY.slice(0, 64) + "zz", "it contains characters that are not hex digits"],
  ] as const
) {
  Deno.test(`a malformed private key (${label}) is refused without showing it`, () => {
    assert.throws(() => loadSecrets({ HL_PRIVATE_KEY: key }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 2);
      assert.equal(
        error.message,
        `environment: HL_PRIVATE_KEY: expected 0x followed by 64 hex digits; ${why} (value not shown)`,
      );
      assert.ok(!error.message.includes(key.slice(2, 20)));
      return true;
    });
  });
}

Deno.test("a malformed account address is refused with the variable's name", () => {
  assert.throws(() => loadSecrets({ HL_ACCOUNT_ADDRESS: "0x1234" }), {
    message: 'environment: HL_ACCOUNT_ADDRESS: expected 0x followed by 40 hex digits, got "0x1234"',
  });
});

Deno.test("endpoints follow the network and the overrides", () => {
  assert.deepEqual(endpointsFor("mainnet", {}), {
    apiUrl: "https://api.hyperliquid.xyz",
    wsUrl: "wss://api.hyperliquid.xyz/ws",
  });
  assert.deepEqual(endpointsFor("testnet", {}), {
    apiUrl: "https://api.hyperliquid-testnet.xyz",
    wsUrl: "wss://api.hyperliquid-testnet.xyz/ws",
  });
  assert.deepEqual(endpointsFor("sim", { apiUrl: "http://127.0.0.1:3001/" }), {
    apiUrl: "http://127.0.0.1:3001",
    wsUrl: "ws://127.0.0.1:3001/ws",
  });
  assert.equal(endpointsFor("sim", {}), null);
});

Deno.test("a private key at or above the secp256k1 curve order is refused without showing it", () => {
  for (
    const key of [
      "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", // n itself
      "0x" + "f".repeat(64),
    ]
  ) {
    assert.throws(() => loadSecrets({ HL_PRIVATE_KEY: key }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 2);
      assert.match(error.message, /^environment: HL_PRIVATE_KEY: .*curve order/);
      assert.ok(!error.message.includes("ffffffff"));
      return true;
    });
  }
});

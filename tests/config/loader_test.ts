import assert from "node:assert/strict";
import { ConfigError, loadConfig, parseConfig } from "../../src/config/mod.ts";

const SEED = "configs/fast_trading.json";

async function withFile(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(path);
  }
}

async function seed(): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(SEED));
}

/** Load `json` from a temp file and return the ConfigError it raises. */
async function errorOf(json: unknown): Promise<{ error: ConfigError; path: string }> {
  let caught: unknown;
  let filePath = "";
  await withFile(JSON.stringify(json), async (path) => {
    filePath = path;
    try {
      await loadConfig(path);
    } catch (error) {
      caught = error;
    }
  });
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${caught}`);
  return { error: caught, path: filePath };
}

Deno.test("the seed config loads with its fast-loop settings", async () => {
  const config = await loadConfig(SEED);
  assert.equal(config.loopMs, 100);
  assert.equal(config.minReplaceMs, 10);
  assert.equal(config.housekeepEveryN, 200);
  assert.equal(config.batchOrders, true);
  assert.equal(config.useWebsocket, true);
  assert.equal(config.orderTransport, "ws");
  assert.equal(config.cacheTtlMs, 5000);
  assert.ok(config.coins.length >= 1);
  const btc = config.coins.find((c) => c.coin === "BTC");
  assert.ok(btc);
  assert.equal(typeof btc.spreadBps, "number");
  assert.equal(typeof btc.requoteThresholdBps, "number");
});

Deno.test("the baseline config is the naive comparison: REST polling, one request per order", async () => {
  const config = await loadConfig("configs/baseline.json");
  assert.equal(config.useWebsocket, false);
  assert.equal(config.batchOrders, false);
  assert.equal(config.orderTransport, "rest");
});

Deno.test("defaults fill what a minimal config leaves out", () => {
  const config = parseConfig(
    {
      network: "sim",
      coins: [{ coin: "ETH", spread_bps: 5, size_usd: 20, max_position_usd: 100 }],
    },
    "inline",
  );
  assert.equal(config.loopMs, 100);
  assert.equal(config.cacheTtlMs, 5000);
  assert.equal(config.maxQuoteAgeMs, 2000);
  assert.equal(config.orderTransport, "ws");
  assert.equal(config.sidecar.host, "127.0.0.1");
  assert.equal(config.coins[0]?.levels, 1);
  assert.equal(config.deadManSwitchMs, 0);
});

Deno.test("a missing file is a ConfigError naming the file, exit code 2", async () => {
  const path = "configs/does_not_exist.json";
  await assert.rejects(loadConfig(path), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.exitCode, 2);
    assert.equal(error.message, `${path}: file not found`);
    return true;
  });
});

Deno.test("invalid JSON is a ConfigError naming the file", async () => {
  await withFile('{"network": "sim", ', async (path) => {
    await assert.rejects(loadConfig(path), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, new RegExp(`^${path.replaceAll("/", "\\/")}: invalid JSON: `));
      return true;
    });
  });
});

Deno.test("an unknown key is refused with its JSON path", async () => {
  const json = await seed();
  json["loop_msec"] = 50;
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $: unknown key "loop_msec"`);
});

Deno.test("an unknown key inside a coin is refused with the coin's path", async () => {
  const json = await seed();
  (json["coins"] as Record<string, unknown>[])[1]!["spread"] = 3;
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.coins[1]: unknown key "spread"`);
});

Deno.test("a wrong type names the path and the expected type", async () => {
  const json = await seed();
  json["loop_ms"] = "100";
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.loop_ms: expected number, received string`);
});

Deno.test("a boolean given as a string is refused", async () => {
  const json = await seed();
  json["batch_orders"] = "yes";
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.batch_orders: expected boolean, received string`);
});

Deno.test("an out-of-range number names the bound", async () => {
  const json = await seed();
  (json["coins"] as Record<string, unknown>[])[0]!["size_usd"] = 5;
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.coins[0].size_usd: expected number to be >=10`);
});

Deno.test("a fractional loop period is refused", async () => {
  const json = await seed();
  json["loop_ms"] = 99.5;
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.loop_ms: expected int, received number`);
});

Deno.test("an unknown network is refused with the allowed values", async () => {
  const json = await seed();
  json["network"] = "devnet";
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.network: expected one of "mainnet"|"testnet"|"sim"`);
});

Deno.test("a missing required key is refused", async () => {
  const json = await seed();
  delete json["coins"];
  const { error, path } = await errorOf(json);
  assert.equal(error.message, `${path}: $.coins: expected array, received undefined`);
});

Deno.test("ws order transport without the websocket is refused", async () => {
  const json = await seed();
  json["use_websocket"] = false;
  json["order_transport"] = "ws";
  const { error, path } = await errorOf(json);
  assert.equal(
    error.message,
    `${path}: $.order_transport: expected "rest" when use_websocket is false`,
  );
});

Deno.test("a coin listed twice is refused", async () => {
  const json = await seed();
  const coins = json["coins"] as Record<string, unknown>[];
  coins.push({ ...coins[0] });
  const { error, path } = await errorOf(json);
  assert.equal(
    error.message,
    `${path}: $.coins[${coins.length - 1}].coin: expected each coin once, "BTC" is repeated`,
  );
});

Deno.test("several problems are all reported, one per line", async () => {
  const json = await seed();
  json["loop_ms"] = -1;
  json["extra"] = true;
  const { error } = await errorOf(json);
  assert.equal(error.message.split("\n").length, 2);
});

Deno.test("a dead-man's switch window the exchange cannot honour is refused with its path", async () => {
  for (const ms of [5_000, 6_999]) {
    const json = { ...await seed(), dead_man_switch_ms: ms };
    const { error, path } = await errorOf(json);
    assert.equal(error.exitCode, 2);
    assert.ok(
      error.message.startsWith(`${path}: $.dead_man_switch_ms: expected 0 (off) or at least 7000`),
      error.message,
    );
  }
  const ok = { ...await seed(), dead_man_switch_ms: 7_000 };
  assert.equal(parseConfig(ok, "x").deadManSwitchMs, 7_000);
  assert.equal(parseConfig({ ...ok, dead_man_switch_ms: 0 }, "x").deadManSwitchMs, 0);
});

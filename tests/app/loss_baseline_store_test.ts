import assert from "node:assert/strict";
import { loadOrRecordLossBaseline, lossStateKey } from "../../src/app/loss_baseline_store.ts";
import { ConfigError } from "../../src/config/config_error.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "hl-mm-store-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("the first start records the account value; later starts read it back", () =>
  withDir(async (dir) => {
    const path = `${dir}/nested/loss.json`;
    const key = lossStateKey("mainnet", "0xABCDEF0000000000000000000000000000000001");
    assert.equal(key, "mainnet:0xabcdef0000000000000000000000000000000001");
    const first = await loadOrRecordLossBaseline(path, key, 1_000, Date.UTC(2026, 0, 1));
    assert.deepEqual(first, {
      baselineUsd: 1_000,
      setAt: "2026-01-01T00:00:00.000Z",
      created: true,
    });
    const again = await loadOrRecordLossBaseline(path, key, 900, Date.UTC(2026, 0, 2));
    assert.deepEqual(again, {
      baselineUsd: 1_000,
      setAt: "2026-01-01T00:00:00.000Z",
      created: false,
    });
    // Another account (or network) gets its own entry in the same file.
    const other = await loadOrRecordLossBaseline(path, lossStateKey("testnet", "0x01"), 50, 0);
    assert.equal(other.created, true);
    const file = JSON.parse(await Deno.readTextFile(path));
    assert.deepEqual(Object.keys(file.accounts).sort(), [key, "testnet:0x01"]);
    assert.equal(file.version, 1);
  }));

Deno.test("a corrupt state file stops the start instead of silently starting from zero", () =>
  withDir(async (dir) => {
    const path = `${dir}/loss.json`;
    for (const text of ["{oops", '{"version":2,"accounts":{}}', '{"accounts":{"x":1}}']) {
      await Deno.writeTextFile(path, text);
      await assert.rejects(
        () => loadOrRecordLossBaseline(path, "mainnet:0x01", 1, 0),
        (e: unknown) => e instanceof ConfigError && /loss_state_file/.test(e.message),
      );
      assert.equal(await Deno.readTextFile(path), text, "left as it was");
    }
  }));

Deno.test("a state file that cannot be written stops the start with a ConfigError", () =>
  withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/file`, "");
    await assert.rejects(
      () => loadOrRecordLossBaseline(`${dir}/file/loss.json`, "mainnet:0x01", 1, 0),
      (e: unknown) => e instanceof ConfigError && /cannot (read|write)/.test(e.message),
    );
  }));

import assert from "node:assert/strict";
import {
  assertValidPrivateKey,
  InvalidPrivateKeyError,
  parsePrivateKey,
} from "../../src/signer/private_key.ts";

const N_HEX = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

Deno.test("assertValidPrivateKey accepts 64 hex digits with or without 0x", () => {
  assertValidPrivateKey("0x" + "11".repeat(32));
  assertValidPrivateKey("11".repeat(32));
  assertValidPrivateKey("0x" + "AB".repeat(32));
  assert.deepEqual(parsePrivateKey("0x" + "0".repeat(62) + "ff").at(-1), 0xff);
});

Deno.test("assertValidPrivateKey throws an error that never contains the key", () => {
  const bad = [
    "0x" + "a1b2c3d4".repeat(8).slice(0, 63), // too short
    "0x" + "a1b2c3d4".repeat(8) + "0", // too long
    "0x" + "a1b2c3d4".repeat(7) + "a1b2c3dg", // non-hex
    " 0x" + "a1b2c3d4".repeat(8), // whitespace
    "0x" + "0".repeat(64), // zero
    "0x" + N_HEX, // = n
    "0x" + "f".repeat(64), // > n
  ];
  for (const key of bad) {
    assert.throws(() => assertValidPrivateKey(key), (err: unknown) => {
      assert.ok(err instanceof InvalidPrivateKeyError);
      assert.match(err.message, /^invalid private key: /);
      assert.ok(!err.message.includes("a1b2c3d4"), err.message);
      assert.ok(!err.message.includes("ffffffff"), err.message);
      assert.ok(!(err.stack ?? "").includes("a1b2c3d4"));
      return true;
    });
  }
  for (const notString of [undefined, null, 42, ["0x"], new Uint8Array(32)]) {
    assert.throws(() => assertValidPrivateKey(notString), InvalidPrivateKeyError);
  }
});

import assert from "node:assert/strict";
import fc from "fast-check";
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

/** The straightforward definition, as the oracle for the byte-wise parser. */
function reference(key: string): Uint8Array | "invalid" {
  const hex = /^0[xX]/.test(key) ? key.slice(2) : key;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return "invalid";
  const value = BigInt("0x" + hex);
  if (value === 0n || value >= BigInt("0x" + N_HEX)) return "invalid";
  return Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));
}

function parsed(key: string): Uint8Array | "invalid" {
  try {
    return parsePrivateKey(key);
  } catch (err) {
    assert.ok(err instanceof InvalidPrivateKeyError);
    return "invalid";
  }
}

Deno.test("parsePrivateKey accepts exactly the keys in [1, n-1] and returns their bytes", () => {
  const nMinus1 = N_HEX.slice(0, -2) + "40";
  const edges = [
    "0x" + "0".repeat(63) + "1",
    "0x" + nMinus1,
    "0X" + nMinus1.toUpperCase(),
    "0x" + N_HEX,
    "0x" + N_HEX.slice(0, -1) + "2",
    "0x" + "fffffffffffffffffffffffffffffffe" + "c".repeat(32),
    "0x" + "0".repeat(64),
    "0x" + "0".repeat(63) + "g",
    "0x" + "0".repeat(62) + ":1", // ':' is the character after '9'
    "0x" + "0".repeat(62) + "`1", // '`' is the character before 'a'
    "0x" + "0".repeat(62) + "G1",
    "x0" + "1".repeat(64),
    "",
    "0x",
  ];
  for (const key of edges) assert.deepEqual(parsed(key), reference(key), key);
  const hexChar = fc.constantFrom(..."0123456789abcdefABCDEFgx:/`@ ");
  const key = fc.tuple(
    fc.constantFrom("", "0x", "0X"),
    fc.oneof(
      fc.string({
        unit: fc.constantFrom(..."0123456789abcdefABCDEF"),
        minLength: 64,
        maxLength: 64,
      }),
      fc.string({ unit: hexChar, minLength: 62, maxLength: 66 }),
      fc.constantFrom("f", "e").map((c) => c.repeat(32) + N_HEX.slice(32)),
    ),
  ).map(([prefix, body]) => prefix + body);
  fc.assert(fc.property(key, (k) => assert.deepEqual(parsed(k), reference(k))), { numRuns: 500 });
});

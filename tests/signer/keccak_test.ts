import assert from "node:assert/strict";
import fc from "fast-check";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { keccak256 } from "../../src/signer/keccak.ts";

Deno.test("keccak256 is Ethereum's Keccak-256 (known digests)", () => {
  assert.equal(
    bytesToHex(keccak256(new Uint8Array(0))),
    "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
  );
  assert.equal(
    bytesToHex(keccak256(new TextEncoder().encode("abc"))),
    "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
  );
});

Deno.test("keccak256 equals @noble/hashes keccak_256 on inputs across block boundaries", () => {
  for (const n of [1, 31, 32, 135, 136, 137, 271, 272, 273, 872, 16_383, 16_384, 70_000]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
    assert.equal(bytesToHex(keccak256(data)), bytesToHex(keccak_256(data)), `length ${n}`);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
      assert.equal(bytesToHex(keccak256(data)), bytesToHex(keccak_256(data)));
    }),
    { numRuns: 200 },
  );
});

Deno.test("keccak256 returns a fresh array each call", () => {
  const first = keccak256(new Uint8Array([1]));
  const snapshot = bytesToHex(first);
  keccak256(new Uint8Array([2]));
  assert.equal(bytesToHex(first), snapshot);
});

import assert from "node:assert/strict";
import fc from "fast-check";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { signDigest } from "../../src/signer/ecdsa.ts";

/** @noble/curves (the signer's previous implementation) as the oracle: RFC 6979, low-s. */
function nobleSign(digest: Uint8Array, secretKey: Uint8Array): string {
  return bytesToHex(secp256k1.sign(digest, secretKey, {
    prehash: false,
    lowS: true,
    format: "recovered",
  }));
}

const N = secp256k1.Point.CURVE().n;
const bytes32 = (x: bigint): Uint8Array =>
  Uint8Array.from(x.toString(16).padStart(64, "0").match(/../g)!, (h) => parseInt(h, 16));
const secretKey = fc.bigInt({ min: 1n, max: N - 1n }).map(bytes32);

Deno.test("signDigest gives @noble/curves' deterministic low-s signature and recovery id", () => {
  fc.assert(
    fc.property(secretKey, fc.uint8Array({ minLength: 32, maxLength: 32 }), (key, digest) => {
      const { rs, recovery } = signDigest(digest, key);
      assert.equal(bytesToHex(Uint8Array.of(recovery, ...rs)), nobleSign(digest, key));
    }),
    { numRuns: 100 },
  );
});

Deno.test("signDigest follows RFC 6979 also for digests >= n (reduced mod n, as noble does)", () => {
  const keys = [1n, 12345n, N - 1n].map(bytes32);
  const digests = [0n, 1n, N - 1n, N, N + 1n, 2n ** 256n - 1n].map(bytes32);
  for (const key of keys) {
    for (const digest of digests) {
      const { rs, recovery } = signDigest(digest, key);
      assert.equal(bytesToHex(Uint8Array.of(recovery, ...rs)), nobleSign(digest, key));
    }
  }
  fc.assert(
    fc.property(secretKey, fc.bigInt({ min: N, max: 2n ** 256n - 1n }), (key, d) => {
      const digest = bytes32(d);
      const { rs, recovery } = signDigest(digest, key);
      assert.equal(bytesToHex(Uint8Array.of(recovery, ...rs)), nobleSign(digest, key));
      assert.equal(
        bytesToHex(digest),
        bytesToHex(bytes32(d)),
        "the caller's digest is not reduced in place",
      );
    }),
    { numRuns: 50 },
  );
});

Deno.test("signDigest refuses a zero key, a key >= n and a digest that is not 32 bytes", () => {
  const one = new Uint8Array(32);
  one[31] = 1;
  assert.throws(() => signDigest(new Uint8Array(32), new Uint8Array(32)));
  assert.throws(() => signDigest(new Uint8Array(32), new Uint8Array(32).fill(0xff)));
  assert.throws(() => signDigest(new Uint8Array(31), one), TypeError);
  assert.throws(() => signDigest(new Uint8Array(32), one.subarray(1)), TypeError);
});

Deno.test("signDigest leaves the caller's key and digest unchanged", () => {
  const key = new Uint8Array(32).fill(7);
  const digest = new Uint8Array(32).fill(9);
  signDigest(digest, key);
  assert.deepEqual(key, new Uint8Array(32).fill(7));
  assert.deepEqual(digest, new Uint8Array(32).fill(9));
});

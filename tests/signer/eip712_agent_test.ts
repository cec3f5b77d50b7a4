import assert from "node:assert/strict";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { agentSigningDigest } from "../../src/signer/eip712_agent.ts";
import vectors from "./fixtures/signing_vectors.json" with { type: "json" };

function signerOf(r: string, s: string, v: number, digest: Uint8Array): string {
  const sig = new Uint8Array(65);
  sig[0] = v - 27;
  sig.set(hexToBytes(BigInt(r).toString(16).padStart(64, "0")), 1);
  sig.set(hexToBytes(BigInt(s).toString(16).padStart(64, "0")), 33);
  const pub = secp256k1.recoverPublicKey(sig, digest, { prehash: false });
  const uncompressed = secp256k1.Point.fromBytes(pub).toBytes(false);
  return "0x" + bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12));
}

Deno.test("agentSigningDigest is the message the published signatures were made over", () => {
  // Recovering the signer from a published (r, s, v) over our digest gives the published wallet
  // only if the digest (domain, Agent type, source) is byte-for-byte the one that was signed.
  for (const vec of vectors.l1) {
    const digest = agentSigningDigest(
      hexToBytes(vec.expected.connectionId.slice(2)),
      vec.network === "mainnet",
    );
    const { r, s, v } = vec.expected;
    assert.equal(signerOf(r, s, v, digest), vectors.wallets.nktkas.address, vec.id);
  }
});

Deno.test("agentSigningDigest differs between mainnet and testnet and needs a 32-byte id", () => {
  const id = new Uint8Array(32).fill(0x11);
  assert.notEqual(
    bytesToHex(agentSigningDigest(id, true)),
    bytesToHex(agentSigningDigest(id, false)),
  );
  assert.equal(agentSigningDigest(id, true).length, 32);
  assert.throws(() => agentSigningDigest(new Uint8Array(31), true), TypeError);
});

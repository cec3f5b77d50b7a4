import assert from "node:assert/strict";
import fc from "fast-check";
import { signL1Action as sdkSignL1Action } from "@nktkas/hyperliquid/signing";
import { privateKeyToAccount } from "viem/accounts";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { signL1Action } from "../../src/signer/l1.ts";
import { l1ActionHash } from "../../src/signer/action_hash.ts";
import { agentSigningDigest } from "../../src/signer/eip712_agent.ts";
import type { L1Action } from "../../src/signer/msgpack_action.ts";
import { hexBytes, l1ActionArb } from "./_arbitraries.ts";
import vectors from "./fixtures/signing_vectors.json" with { type: "json" };
import { PY_PRIVATE_KEY, PY_SIG_VECTORS } from "./fixtures/python_sdk_vectors.ts";

const asInt = (hex: string): bigint => BigInt(hex);
const SIG_HEX = /^0x[0-9a-f]{64}$/;

function recoverAddress(
  sig: { r: string; s: string; v: number },
  digest: Uint8Array,
): string {
  const bytes = new Uint8Array(65);
  bytes[0] = sig.v - 27;
  bytes.set(hexToBytes(sig.r.slice(2)), 1);
  bytes.set(hexToBytes(sig.s.slice(2)), 33);
  const pub = secp256k1.recoverPublicKey(bytes, digest, { prehash: false });
  const point = secp256k1.Point.fromBytes(pub).toBytes(false);
  return "0x" + bytesToHex(keccak_256(point.subarray(1)).subarray(12));
}

Deno.test("signL1Action matches every published nktkas L1 vector", () => {
  assert.ok(vectors.l1.length >= 2);
  for (const vec of vectors.l1) {
    const sig = signL1Action({
      privateKey: vec.privateKey,
      action: vec.action as L1Action,
      nonce: vec.nonce,
      isMainnet: vec.network === "mainnet",
      vaultAddress: vec.vaultAddress,
      expiresAfter: vec.expiresAfter,
    });
    const connectionId = l1ActionHash(
      vec.action as L1Action,
      vec.nonce,
      vec.vaultAddress,
      vec.expiresAfter,
    );
    assert.equal("0x" + bytesToHex(connectionId), vec.expected.connectionId, vec.id);
    assert.equal(asInt(sig.r), asInt(vec.expected.r), `${vec.id} r`);
    assert.equal(asInt(sig.s), asInt(vec.expected.s), `${vec.id} s`);
    assert.equal(sig.v, vec.expected.v, `${vec.id} v`);
  }
});

Deno.test("signL1Action matches the python SDK's published L1 vectors (order, cloid, tpsl, vault, uint64, scheduleCancel)", () => {
  for (const vec of PY_SIG_VECTORS) {
    for (const net of ["mainnet", "testnet"] as const) {
      const sig = signL1Action({
        privateKey: PY_PRIVATE_KEY,
        action: vec.action,
        nonce: vec.nonce,
        isMainnet: net === "mainnet",
        vaultAddress: vec.vaultAddress,
      });
      const want = vec[net];
      assert.equal(asInt(sig.r), asInt(want.r), `${vec.id} ${net} r`);
      assert.equal(asInt(sig.s), asInt(want.s), `${vec.id} ${net} s`);
      assert.equal(sig.v, want.v, `${vec.id} ${net} v`);
    }
  }
});

Deno.test("signL1Action returns r and s zero-padded to 64 lowercase hex digits", () => {
  // The python vector "dummy" mainnet has an r with a leading zero nibble (63 digits published).
  for (const vec of PY_SIG_VECTORS) {
    const sig = signL1Action({
      privateKey: PY_PRIVATE_KEY,
      action: vec.action,
      nonce: vec.nonce,
      isMainnet: true,
      vaultAddress: vec.vaultAddress,
    });
    assert.match(sig.r, SIG_HEX);
    assert.match(sig.s, SIG_HEX);
  }
  const dummy = signL1Action({
    privateKey: PY_PRIVATE_KEY,
    action: { type: "dummy", num: 100000000000 },
    nonce: 0,
    isMainnet: true,
  });
  assert.equal(dummy.r, "0x053749d5b30552aeb2fca34b530185976545bb22d0b3ce6f62e31be961a59298");
});

Deno.test("signL1Action signatures recover to the signer's address and are low-s", () => {
  const wallet = vectors.wallets.nktkas;
  const half = secp256k1.Point.CURVE().n >> 1n;
  const action: L1Action = {
    type: "cancelByCloid",
    cancels: [{ asset: 3, cloid: "0x0000000000000000000000000000abcd" }],
  };
  const cases = [
    { vaultAddress: null, expiresAfter: null },
    { vaultAddress: "0x1234567890123456789012345678901234567890", expiresAfter: null },
    { vaultAddress: null, expiresAfter: 1_700_000_060_000 },
    { vaultAddress: "0x1234567890123456789012345678901234567890", expiresAfter: 1_700_000_060_000 },
  ];
  for (const c of cases) {
    for (const isMainnet of [true, false]) {
      const nonce = 1_700_000_000_000;
      const sig = signL1Action({ privateKey: wallet.privateKey, action, nonce, isMainnet, ...c });
      const digest = agentSigningDigest(
        l1ActionHash(action, nonce, c.vaultAddress, c.expiresAfter),
        isMainnet,
      );
      assert.equal(recoverAddress(sig, digest), wallet.address);
      assert.ok(BigInt(sig.s) <= half);
    }
  }
});

Deno.test("signL1Action is deterministic and depends on network, nonce, vault and expiry", () => {
  const base = {
    privateKey: vectors.wallets.nktkas.privateKey,
    action: { type: "cancel", cancels: [{ a: 0, o: 12345 }] } as L1Action,
    nonce: 1_700_000_000_000,
    isMainnet: true,
  };
  const key = (s: { r: string; s: string; v: number }) => `${s.r}${s.s}${s.v}`;
  const sigs = [
    signL1Action(base),
    signL1Action({ ...base, isMainnet: false }),
    signL1Action({ ...base, nonce: base.nonce + 1 }),
    signL1Action({ ...base, vaultAddress: "0x1234567890123456789012345678901234567890" }),
    signL1Action({ ...base, expiresAfter: base.nonce + 5000 }),
  ].map(key);
  assert.equal(new Set(sigs).size, sigs.length);
  assert.equal(key(signL1Action(base)), sigs[0]);
  // null and undefined both mean "absent"
  assert.equal(key(signL1Action({ ...base, vaultAddress: null, expiresAfter: null })), sigs[0]);
});

Deno.test("signL1Action rejects a bad key without echoing it", () => {
  const secretish = "0x" + "ab".repeat(31) + "zz";
  assert.throws(
    () =>
      signL1Action({ privateKey: secretish, action: { type: "noop" }, nonce: 1, isMainnet: true }),
    (err: unknown) => err instanceof Error && !err.message.includes("abab"),
  );
});

Deno.test("signL1Action accepts actions typed by interfaces and checks isMainnet at run time", () => {
  interface CancelWire {
    a: number;
    o: number;
  }
  interface CancelAction {
    type: "cancel";
    cancels: CancelWire[];
  }
  const action: CancelAction = { type: "cancel", cancels: [{ a: 0, o: 2 ** 33 }] };
  const privateKey = vectors.wallets.nktkas.privateKey;
  const sig = signL1Action({ privateKey, action, nonce: 1, isMainnet: false });
  assert.match(sig.r, SIG_HEX);
  assert.throws(
    () => signL1Action({ privateKey, action, nonce: 1, isMainnet: "false" as unknown as boolean }),
    TypeError,
  );
});

Deno.test("signL1Action gives the nktkas SDK's signature (viem account) on random batches, vaults and expiries", async () => {
  const privateKey = vectors.wallets.nktkas.privateKey as `0x${string}`;
  const wallet = privateKeyToAccount(privateKey);
  const action = l1ActionArb(12);
  await fc.assert(
    fc.asyncProperty(
      action,
      fc.integer({ min: 1, max: 2 ** 50 }),
      fc.boolean(),
      fc.option(hexBytes(20), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 2 ** 50 }), { nil: undefined }),
      async (a, nonce, isMainnet, vaultAddress, expiresAfter) => {
        const ours = signL1Action({
          privateKey,
          action: a,
          nonce,
          isMainnet,
          vaultAddress,
          expiresAfter,
        });
        const theirs = await sdkSignL1Action({
          wallet,
          action: structuredClone(a) as Record<string, unknown>,
          nonce,
          isTestnet: !isMainnet,
          ...(vaultAddress === undefined ? {} : { vaultAddress: vaultAddress as `0x${string}` }),
          ...(expiresAfter === undefined ? {} : { expiresAfter }),
        });
        assert.equal(asInt(ours.r), asInt(theirs.r));
        assert.equal(asInt(ours.s), asInt(theirs.s));
        assert.equal(ours.v, theirs.v);
      },
    ),
    { numRuns: 60 },
  );
});

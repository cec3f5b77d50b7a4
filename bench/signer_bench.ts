/**
 * Signing throughput for a realistic quote refresh: one `order` action with 10 ALO orders
 * (5 bids, 5 asks) carrying cloids. Run: deno bench -A bench/signer_bench.ts
 * iter/s of "signL1Action" = signatures per second. The other groups compare each step of the
 * signer with the pure-JS implementation it replaced (the evidence for src/signer's choices);
 * bench/signer_vs_sdk.ts compares the whole signer with the nktkas SDK.
 */
import { Encoder } from "@msgpack/msgpack";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signRecoverable as tinySignRecoverable } from "tiny-secp256k1";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { l1ActionHash } from "../src/signer/action_hash.ts";
import { signDigest } from "../src/signer/ecdsa.ts";
import { keccak256 } from "../src/signer/keccak.ts";
import { signL1Action } from "../src/signer/l1.ts";
import { encodeAction, type L1Action } from "../src/signer/msgpack_action.ts";
import { parsePrivateKey } from "../src/signer/private_key.ts";

const PRIVATE_KEY = "0x822e9959e022b78423eb653a62ea0020cd283e71a2a8133a6ff2aeffaf373cff";

function batchAction(seq: number): L1Action {
  const orders = [];
  for (let i = 0; i < 10; i++) {
    const isBuy = i < 5;
    const level = i % 5;
    orders.push({
      a: 4,
      b: isBuy,
      p: isBuy ? (3012.3 - level * 0.4).toFixed(1) : (3012.9 + level * 0.4).toFixed(1),
      s: "0.0347",
      r: false,
      t: { limit: { tif: "Alo" } },
      c: "0x" + (seq * 16 + i).toString(16).padStart(32, "0"),
    });
  }
  return { type: "order", orders, grouping: "na" };
}

const actions = Array.from({ length: 64 }, (_, i) => batchAction(i));
let n = 0;
const nonce0 = 1_764_000_000_000;

Deno.bench(
  "signL1Action (10-order ALO batch with cloids)",
  { group: "sign", baseline: true },
  () => {
    n++;
    signL1Action({
      privateKey: PRIVATE_KEY,
      action: actions[n & 63]!,
      nonce: nonce0 + n,
      isMainnet: true,
    });
  },
);

Deno.bench("l1ActionHash only (msgpack + keccak, same batch)", { group: "sign" }, () => {
  n++;
  l1ActionHash(actions[n & 63]!, nonce0 + n);
});

Deno.bench("signL1Action (single cancelByCloid)", { group: "sign" }, () => {
  n++;
  signL1Action({
    privateKey: PRIVATE_KEY,
    action: { type: "cancelByCloid", cancels: [{ asset: 4, cloid: "0x" + "ab".repeat(16) }] },
    nonce: nonce0 + n,
    isMainnet: true,
  });
});

const packed = encodeAction(actions[0]!);
const msgpackLib = new Encoder({ ignoreUndefined: true, useBigInt64: false });

Deno.bench(`keccak256 WASM (hash-wasm), ${packed.length} B batch`, { group: "keccak" }, () => {
  keccak256(packed);
});

Deno.bench("keccak_256 pure JS (@noble/hashes), same bytes", { group: "keccak" }, () => {
  keccak_256(packed);
});

Deno.bench("encodeAction (single pass, checks included)", { group: "msgpack" }, () => {
  n++;
  encodeAction(actions[n & 63]!);
});

Deno.bench("@msgpack/msgpack encode (no checks)", { group: "msgpack" }, () => {
  n++;
  msgpackLib.encode(actions[n & 63]!);
});

// ECDSA last: the precompute-window bench changes @noble/curves' global base-point table.
const secretKey = parsePrivateKey(PRIVATE_KEY);
const digest = new Uint8Array(32);
const nobleSign = () =>
  secp256k1.sign(digest, secretKey, { prehash: false, lowS: true, format: "recovered" });

Deno.bench("signDigest: libsecp256k1 WASM (@bitauth/libauth)", { group: "ecdsa" }, () => {
  digest[0] = ++n & 0xff;
  signDigest(digest, secretKey);
});

Deno.bench("libsecp256k1 WASM (tiny-secp256k1)", { group: "ecdsa" }, () => {
  digest[0] = ++n & 0xff;
  tinySignRecoverable(digest, secretKey);
});

Deno.bench("@noble/curves sign, default base-point table", { group: "ecdsa" }, () => {
  digest[0] = ++n & 0xff;
  nobleSign();
});

let windowSet = false;
Deno.bench("@noble/curves sign, base-point window 10", { group: "ecdsa" }, () => {
  if (!windowSet) {
    secp256k1.Point.BASE.precompute(10, false);
    windowSet = true;
  }
  digest[0] = ++n & 0xff;
  nobleSign();
});

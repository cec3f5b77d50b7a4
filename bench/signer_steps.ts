/**
 * The evidence for src/signer's choices: each step of signing next to the alternatives it was
 * chosen over, on the bench batch (10 ALO orders with cloids). Alternatives run interleaved in
 * short slices within each round (the starting one rotating), so load from other processes falls
 * on all of them; each line gives the median time per call and the median per-round speed-up of
 * the signer's choice (the first line of each group) over that alternative.
 *
 * Run: deno task bench:steps, or deno run --allow-read bench/signer_steps.ts [--rounds 15]
 * (--allow-read: tiny-secp256k1 reads its WASM file from the npm cache.)
 */
import { batchAction, BENCH_PRIVATE_KEY as PRIVATE_KEY } from "./_batch.ts";
import { Encoder } from "@msgpack/msgpack";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { signRecoverable as tinySignRecoverable } from "tiny-secp256k1";
import { signDigest } from "../src/signer/ecdsa.ts";
import { keccak256 } from "../src/signer/keccak.ts";
import { encodeAction } from "../src/signer/msgpack_action.ts";
import { parsePrivateKey } from "../src/signer/private_key.ts";

const SLICE_MS = 5;

const atArg = Deno.args.indexOf("--rounds");
const rounds = atArg < 0 ? 15 : Number(Deno.args[atArg + 1]);
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  throw new Error("--rounds needs a positive integer");
}

type Step = readonly [name: string, run: (i: number) => unknown];

/** Calls of `run` that take about SLICE_MS (measured once, after a warm-up). */
function sliceCalls(run: Step[1]): number {
  for (let i = 0; i < 50; i++) run(i);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < SLICE_MS) run(n++);
  return Math.max(1, n);
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function compare(title: string, steps: Step[]): void {
  const calls = steps.map(([, run]) => sliceCalls(run));
  const perCall: number[][] = steps.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const spent = steps.map(() => 0);
    const done = steps.map(() => 0);
    for (let slice = 0; slice < 8; slice++) {
      for (let k = 0; k < steps.length; k++) {
        const j = (k + r + slice) % steps.length;
        const run = steps[j]![1];
        const t0 = performance.now();
        for (let i = 0; i < calls[j]!; i++) run(done[j]! + i);
        spent[j]! += performance.now() - t0;
        done[j]! += calls[j]!;
      }
    }
    steps.forEach((_, j) => perCall[j]!.push((spent[j]! * 1000) / done[j]!));
  }
  console.log(`\n${title} (${rounds} rounds)`);
  steps.forEach(([name], j) => {
    const speedUps = perCall[j]!.map((us, r) => us / perCall[0]![r]!);
    const note = j === 0 ? "(chosen)" : `chosen is ${median(speedUps).toFixed(2)}x faster`;
    console.log(`  ${name.padEnd(50)} ${median(perCall[j]!).toFixed(1).padStart(8)} µs   ${note}`);
  });
}

const actions = Array.from({ length: 64 }, (_, i) => batchAction(i));
const packed = encodeAction(actions[0]!);
const msgpackLib = new Encoder({ ignoreUndefined: true, useBigInt64: false });
const secretKey = parsePrivateKey(PRIVATE_KEY);
const digest = new Uint8Array(32);
const nobleSign = (i: number) => {
  digest[0] = i & 0xff;
  digest[1] = (i >> 8) & 0xff;
  return secp256k1.sign(digest, secretKey, { prehash: false, lowS: true, format: "recovered" });
};

console.log(`signer steps on a 10-order ALO batch with cloids (${packed.length} B msgpack)`);
compare("msgpack of the batch", [
  ["encodeAction (single pass, checks included)", (i) => encodeAction(actions[i & 63]!)],
  ["@msgpack/msgpack encode (no checks)", (i) => msgpackLib.encode(actions[i & 63]!)],
]);
compare(`keccak-256 of ${packed.length} B`, [
  ["keccak256, WASM (hash-wasm)", () => keccak256(packed)],
  ["keccak_256, JS (@noble/hashes)", () => keccak_256(packed)],
]);
compare("secp256k1 ECDSA of a 32-byte digest (RFC 6979, low-s, recovery id)", [
  ["signDigest: libsecp256k1 WASM (@bitauth/libauth)", (i) => {
    digest[0] = i & 0xff;
    digest[1] = (i >> 8) & 0xff;
    return signDigest(digest, secretKey);
  }],
  ["libsecp256k1 WASM (tiny-secp256k1)", (i) => {
    digest[0] = i & 0xff;
    digest[1] = (i >> 8) & 0xff;
    return tinySignRecoverable(digest, secretKey);
  }],
  ["@noble/curves, default base-point table", nobleSign],
]);
// Last: the larger precompute window changes @noble/curves' base point for the whole process.
secp256k1.Point.BASE.precompute(10, false);
compare("secp256k1 ECDSA against @noble/curves with a larger table", [
  ["signDigest: libsecp256k1 WASM (@bitauth/libauth)", (i) => {
    digest[0] = i & 0xff;
    digest[1] = (i >> 8) & 0xff;
    return signDigest(digest, secretKey);
  }],
  ["@noble/curves, base-point window 10", nobleSign],
]);

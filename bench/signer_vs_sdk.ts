/**
 * Signing throughput of the bot's signer against the @nktkas/hyperliquid SDK's `signL1Action`
 * (with a viem local account, the wallet the SDK documents) on the same batch: one `order` action
 * with 10 ALO orders carrying cloids, the bot's usual quote refresh. Each round alternates between
 * the two every few signatures (and which goes first), so machine load falls on both alike; the
 * ratio is taken per round. Both must produce the same signatures, or the script fails before
 * timing.
 *
 * Run: deno task bench:sign, or deno run bench/signer_vs_sdk.ts [--rounds 20] [--per-round 200]
 */
import { batchAction, BENCH_PRIVATE_KEY as PRIVATE_KEY } from "./_batch.ts";
import { signL1Action as sdkSignL1Action } from "@nktkas/hyperliquid/signing";
import { privateKeyToAccount } from "viem/accounts";
import { signL1Action } from "../src/signer/l1.ts";
import { encodeAction } from "../src/signer/msgpack_action.ts";

const NONCE0 = 1_764_000_000_000;
const POOL = 64;
/** Signatures per signer before switching to the other one. */
const SLICE = 10;

function intArg(name: string, fallback: number): number {
  const at = Deno.args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(Deno.args[at + 1]);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`--${name} needs a positive integer`);
  }
  return value;
}

const rounds = intArg("rounds", 20);
const perRound = intArg("per-round", 200);
const actions = Array.from({ length: POOL }, (_, i) => batchAction(i));
const wallet = privateKeyToAccount(PRIVATE_KEY);

function botSign(i: number) {
  return signL1Action({
    privateKey: PRIVATE_KEY,
    action: actions[i % POOL]!,
    nonce: NONCE0 + i,
    isMainnet: true,
  });
}

function sdkSign(i: number) {
  // The SDK's own msgpack path; isTestnet defaults to false (mainnet, source "a").
  return sdkSignL1Action({ wallet, action: actions[i % POOL]!, nonce: NONCE0 + i });
}

/** Milliseconds to sign `count` batches starting at sequence number `seq`. */
function botMs(seq: number, count: number): number {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) botSign(seq + i);
  return performance.now() - t0;
}

async function sdkMs(seq: number, count: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await sdkSign(seq + i);
  return performance.now() - t0;
}

/**
 * One round: `perRound` signatures by each signer, in slices of SLICE alternating between them
 * (and which goes first), so a burst of load from elsewhere hits both. Returns signatures/s.
 */
async function round(seq: number): Promise<{ bot: number; sdk: number }> {
  let bot = 0;
  let sdk = 0;
  for (let done = 0; done < perRound; done += SLICE) {
    const count = Math.min(SLICE, perRound - done);
    if ((done / SLICE) % 2 === 0) {
      bot += botMs(seq + done, count);
      sdk += await sdkMs(seq + done, count);
    } else {
      sdk += await sdkMs(seq + done, count);
      bot += botMs(seq + done, count);
    }
  }
  return { bot: perRound / (bot / 1000), sdk: perRound / (sdk / 1000) };
}

// Same work: both sign the same actions and nonces to the same signature.
for (let i = 0; i < POOL; i++) {
  const ours = botSign(i);
  const theirs = await sdkSign(i);
  if (
    BigInt(ours.r) !== BigInt(theirs.r) || BigInt(ours.s) !== BigInt(theirs.s) ||
    ours.v !== theirs.v
  ) {
    throw new Error(`signatures differ for action ${i}: the comparison would be meaningless`);
  }
}

// Warm-up (JIT, WASM tiers, noble's lazy precomputation inside viem), untimed.
await round(0);
await round(0);

const bot: number[] = [];
const sdk: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const { bot: b, sdk: s } = await round((r + 1) * perRound);
  bot.push(b);
  sdk.push(s);
  ratios.push(b / s);
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (x: number): string => Math.round(x).toLocaleString("en-US").padStart(7);
const line = (name: string, xs: number[]): string =>
  `${name.padEnd(40)} median ${fmt(median(xs))} signs/s   (rounds: min ${
    fmt(Math.min(...xs))
  }, max ${fmt(Math.max(...xs))})`;

console.log(
  `signL1Action on a 10-order ALO batch with cloids (${encodeAction(actions[0]!).length} B ` +
    `msgpack): ${rounds} rounds of ${perRound} signatures each, alternating every ${SLICE}`,
);
console.log(line("bot (src/signer/l1.ts)", bot));
console.log(line("@nktkas/hyperliquid + viem account", sdk));
console.log(
  `ratio bot/SDK                            median ${median(ratios).toFixed(2)}x` +
    `   (per round: min ${Math.min(...ratios).toFixed(2)}x, max ${
      Math.max(...ratios).toFixed(2)
    }x)`,
);

/**
 * Signing throughput for a realistic quote refresh: one `order` action with 10 ALO orders
 * (5 bids, 5 asks) carrying cloids. Run: deno bench -A bench/signer_bench.ts
 * iter/s of "signL1Action" = signatures per second. bench/signer_vs_sdk.ts compares the signer with
 * the nktkas SDK, bench/signer_steps.ts each of its steps with the alternatives.
 */
import { l1ActionHash } from "../src/signer/action_hash.ts";
import { signL1Action } from "../src/signer/l1.ts";
import type { L1Action } from "../src/signer/msgpack_action.ts";

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

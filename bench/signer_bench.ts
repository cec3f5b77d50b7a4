/**
 * Signing throughput for a realistic quote refresh: one `order` action with 10 ALO orders
 * (5 bids, 5 asks) carrying cloids. Run: deno bench -A bench/signer_bench.ts
 * iter/s of "signL1Action" = signatures per second. bench/signer_vs_sdk.ts compares the signer with
 * the nktkas SDK, bench/signer_steps.ts each of its steps with the alternatives.
 */
import { batchAction, BENCH_PRIVATE_KEY as PRIVATE_KEY } from "./_batch.ts";
import { l1ActionHash } from "../src/signer/action_hash.ts";
import { signL1Action } from "../src/signer/l1.ts";

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

/** fast-check generators of L1 actions (order and cancel batches) shared by the signer tests. */
import fc from "fast-check";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { L1Action } from "../../src/signer/msgpack_action.ts";

/** `n` random bytes as 0x-prefixed lowercase hex. */
export const hexBytes = (n: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((b) => "0x" + bytesToHex(b));

/** A random `order` or `cancel` action of 1 to `maxItems` items. */
export function l1ActionArb(maxItems: number): fc.Arbitrary<L1Action> {
  const order = fc.record({
    a: fc.nat({ max: 200_000 }),
    b: fc.boolean(),
    p: fc.constantFrom("0.001234", "1234.5", "113377", "30000", "0.3"),
    s: fc.constantFrom("0.1", "12", "0.00001"),
    r: fc.boolean(),
    t: fc.constantFrom(
      { limit: { tif: "Alo" as const } },
      { limit: { tif: "Gtc" as const } },
    ),
    c: hexBytes(16),
  });
  const cancel = fc.record({ a: fc.nat({ max: 200_000 }), o: fc.maxSafeNat() });
  return fc.oneof(
    fc.array(order, { minLength: 1, maxLength: maxItems }).map((orders): L1Action => ({
      type: "order",
      orders,
      grouping: "na",
    })),
    fc.array(cancel, { minLength: 1, maxLength: maxItems }).map((cancels): L1Action => ({
      type: "cancel",
      cancels,
    })),
  );
}

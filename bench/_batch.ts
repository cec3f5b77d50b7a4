/**
 * The signing benches' shared workload: a realistic quote refresh, one `order` action with 10 ALO
 * orders (5 bids, 5 asks) carrying cloids distinct per `seq`, and the throwaway key they sign with.
 */

/** A throwaway test key (never a user's). */
export const BENCH_PRIVATE_KEY =
  "0x822e9959e022b78423eb653a62ea0020cd283e71a2a8133a6ff2aeffaf373cff";

/** The bench's batch: 5 bids and 5 asks, ALO, with distinct cloids per `seq`. */
export function batchAction(seq: number): Record<string, unknown> {
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

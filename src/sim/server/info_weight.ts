/** REST weight of `/info` requests (reference §2.1) and of `/exchange` actions. */
const LIGHT = new Set([
  "l2Book",
  "allMids",
  "clearinghouseState",
  "orderStatus",
  "spotClearinghouseState",
  "exchangeStatus",
]);

const PER_20_ITEMS = new Set([
  "recentTrades",
  "historicalOrders",
  "userFills",
  "userFillsByTime",
  "fundingHistory",
  "userFunding",
  "nonUserFundingUpdates",
  "twapHistory",
  "userTwapSliceFills",
  "userTwapSliceFillsByTime",
  "delegatorHistory",
  "delegatorRewards",
  "validatorStats",
]);

/** Weight charged before answering an info request of `type`. */
export function infoWeight(type: string): number {
  if (LIGHT.has(type)) return 2;
  if (type === "userRole") return 60;
  return 20;
}

/** Extra weight after answering: +1 per 20 items (60 for candleSnapshot), rounded down. */
export function infoSurcharge(type: string, answer: unknown): number {
  if (!Array.isArray(answer)) return 0;
  if (type === "candleSnapshot") return Math.floor(answer.length / 60);
  if (PER_20_ITEMS.has(type)) return Math.floor(answer.length / 20);
  return 0;
}

/** IP weight of an exchange action with `batchLength` items: 1 + floor(n / 40). */
export function exchangeWeight(batchLength: number): number {
  return 1 + Math.floor(batchLength / 40);
}

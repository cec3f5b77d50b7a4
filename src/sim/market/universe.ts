import type { SimCoinSpec } from "./api.ts";

/** Default listed perps; the asset id is the index. Prices and szDecimals are realistic. */
export const DEFAULT_UNIVERSE: readonly SimCoinSpec[] = [
  { name: "BTC", szDecimals: 5, maxLeverage: 40, startPx: 100000, volPerSqrtSec: 0.0001 },
  { name: "ETH", szDecimals: 4, maxLeverage: 25, startPx: 3500, volPerSqrtSec: 0.00015 },
  { name: "SOL", szDecimals: 2, maxLeverage: 20, startPx: 180, volPerSqrtSec: 0.0002 },
  { name: "HYPE", szDecimals: 2, maxLeverage: 10, startPx: 40, volPerSqrtSec: 0.00025 },
  { name: "DOGE", szDecimals: 0, maxLeverage: 10, startPx: 0.2, volPerSqrtSec: 0.0002 },
  { name: "kPEPE", szDecimals: 0, maxLeverage: 10, startPx: 0.01, volPerSqrtSec: 0.00025 },
  { name: "AVAX", szDecimals: 2, maxLeverage: 10, startPx: 30, volPerSqrtSec: 0.0002 },
  { name: "ARB", szDecimals: 1, maxLeverage: 10, startPx: 0.6, volPerSqrtSec: 0.0002 },
  { name: "LINK", szDecimals: 1, maxLeverage: 10, startPx: 18, volPerSqrtSec: 0.0002 },
  { name: "SUI", szDecimals: 1, maxLeverage: 10, startPx: 3.5, volPerSqrtSec: 0.0002 },
  { name: "XRP", szDecimals: 0, maxLeverage: 20, startPx: 2.3, volPerSqrtSec: 0.0002 },
];

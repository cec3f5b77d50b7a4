/** Internal state types of the simulator core. Prices in units, sizes in lots (see decimal.ts). */

/** Time in force as the simulator stores it (a FrontendMarket order is kept as Ioc). */
export type Tif = "Gtc" | "Ioc" | "Alo";

/**
 * One order inside the simulator, resting or finished (kept for orderStatus); px in units, sizes in
 * lots.
 */
export interface SimOrder {
  readonly oid: number;
  readonly user: string;
  readonly asset: number;
  readonly isBuy: boolean;
  readonly px: number;
  /** Remaining size in lots. */
  sz: number;
  /** Size as requested, in lots. */
  readonly origSz: number;
  readonly timestamp: number;
  readonly cloid: string | null;
  readonly reduceOnly: boolean;
  readonly tif: Tif;
  status: string;
  statusTimestamp: number;
}

/** A simulated position in one asset, kept exactly in lots and micro-USD. */
export interface Position {
  /** Signed size in lots (+ long). */
  szi: number;
  /** Entry notional of the open size, micro-USD, always >= 0. */
  cost: number;
}

/**
 * One UTC day's traded notional of an account, micro-USD: taker (`cross`) and maker (`add`), as
 * userFees reports it.
 */
export interface DayVolume {
  cross: number;
  add: number;
}

/**
 * Everything the simulator knows about one address: balance, positions, orders, fills, volume and
 * request budget.
 */
export interface Account {
  readonly address: string;
  readonly synthetic: boolean;
  /** USDC balance including realized PnL and fees, micro-USD. */
  balance: number;
  readonly positions: Map<number, Position>;
  readonly leverage: Map<number, { value: number; isCross: boolean }>;
  readonly open: Map<number, SimOrder>;
  /** Order records for orderStatus (last ~2000 by count), by oid. */
  readonly records: Map<number, SimOrder>;
  readonly cloids: Map<string, number>;
  /** Fills, oldest first (trimmed). */
  readonly fills: WireFill[];
  /** Cumulative traded notional, micro-USD. */
  cumVlm: number;
  readonly daily: Map<string, DayVolume>;
  requestsUsed: number;
  /** Address-budget requests bought with `reserveRequestWeight` (cumulative). */
  requestsReserved: number;
  scheduledCancel: number | null;
  triggerDay: number;
  triggersToday: number;
}

/**
 * A fill as the exchange serializes it (decimal strings), stored ready for userFills and the fills
 * stream.
 */
export interface WireFill {
  coin: string;
  px: string;
  sz: string;
  side: "B" | "A";
  time: number;
  startPosition: string;
  dir: string;
  closedPnl: string;
  hash: string;
  oid: number;
  crossed: boolean;
  fee: string;
  tid: number;
  feeToken: "USDC";
  /** Required by the SDK's type, null for a fill that is not part of a TWAP. */
  twapId: number | null;
  cloid?: string;
  liquidation?: { liquidatedUser: string; markPx: string; method: "market" };
}

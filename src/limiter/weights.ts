/**
 * Request weights for the per-IP REST limit (reference §2.1), overridable from the environment
 * (HL_RL_WEIGHT_*; the config module reads the variables and passes a `WeightSettings`).
 *
 * Info requests: `l2Book` = weightL2Book (2); `meta` and `metaAndAssetCtxs` = weightMeta (20);
 * `userFees` = weightUserFees (20); `allMids`, `clearinghouseState`, `orderStatus`,
 * `spotClearinghouseState`, `exchangeStatus` = 2; `userRole` = 60; every other type = 20.
 * Exchange actions of n items: W * (1 + floor(n / 40)), W = weightCancel for cancels, else
 * weightOrder (1 for 1-39 items, 2 for 40-79, 3 for 80-119, 6 for 200).
 */
import type { WeightTable } from "../core/ports.ts";

/** The overridable weights (HL_RL_WEIGHT_*) the weight table is built from. */
export interface WeightSettings {
  /** HL_RL_WEIGHT_ORDER: base weight of an order (and modify, schedule-cancel...) action. */
  weightOrder: number;
  /** HL_RL_WEIGHT_CANCEL: base weight of a cancel action. */
  weightCancel: number;
  /** HL_RL_WEIGHT_L2BOOK: info `l2Book`. */
  weightL2Book: number;
  /** HL_RL_WEIGHT_META: info `meta` and `metaAndAssetCtxs`. */
  weightMeta: number;
  /** HL_RL_WEIGHT_USERFEES: info `userFees`. */
  weightUserFees: number;
}

/** The documented weights (reference §2.1). */
export const DEFAULT_WEIGHT_SETTINGS: Readonly<WeightSettings> = {
  weightOrder: 1,
  weightCancel: 1,
  weightL2Book: 2,
  weightMeta: 20,
  weightUserFees: 20,
};

/** Items per extra unit of exchange-action weight. */
export const EXCHANGE_BATCH_STEP = 40;

/** Info types with a fixed documented weight (those not covered by the settings). */
const FIXED_INFO_WEIGHTS: Readonly<Record<string, number>> = {
  allMids: 2,
  clearinghouseState: 2,
  orderStatus: 2,
  spotClearinghouseState: 2,
  exchangeStatus: 2,
  userRole: 60,
};

/** Weight of every info type not listed. */
export const DEFAULT_INFO_WEIGHT = 20;

/**
 * Info types that cost extra per items returned (reference §2.1): +1 per 20 items, or per 60 for
 * `candleSnapshot`. The exact amount and rounding are UNCONFIRMED; this rounds up (conservative).
 */
const SURCHARGE_PER_ITEMS: Readonly<Record<string, number>> = {
  recentTrades: 20,
  historicalOrders: 20,
  userFills: 20,
  userFillsByTime: 20,
  fundingHistory: 20,
  userFunding: 20,
  nonUserFundingUpdates: 20,
  twapHistory: 20,
  userTwapSliceFills: 20,
  userTwapSliceFillsByTime: 20,
  delegatorHistory: 20,
  delegatorRewards: 20,
  validatorStats: 20,
  candleSnapshot: 60,
};

/**
 * Extra weight of an info answer of `type` that returned `items` items (0 for types without a
 * surcharge). Charge it after the answer with `TokenBucket.charge`.
 */
export function infoSurchargeWeight(type: string, items: number): number {
  const per = SURCHARGE_PER_ITEMS[type];
  if (per === undefined || !Number.isFinite(items) || items <= 0) return 0;
  return Math.ceil(items / per);
}

function checkSettings(settings: WeightSettings): void {
  for (const [key, value] of Object.entries(settings)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`weight setting ${key} must be a finite number >= 0, got ${value}`);
    }
  }
}

/** A `WeightTable` from the settings (defaults: the documented weights). */
export function createWeightTable(
  settings: WeightSettings = DEFAULT_WEIGHT_SETTINGS,
): WeightTable {
  const s: WeightSettings = { ...settings };
  checkSettings(s);
  const byType: Readonly<Record<string, number>> = {
    ...FIXED_INFO_WEIGHTS,
    l2Book: s.weightL2Book,
    meta: s.weightMeta,
    metaAndAssetCtxs: s.weightMeta,
    userFees: s.weightUserFees,
  };
  return {
    info(type: string): number {
      return Object.hasOwn(byType, type) ? byType[type]! : DEFAULT_INFO_WEIGHT;
    },
    exchange(n: number, kind: "order" | "cancel" = "order"): number {
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`item count must be a whole number >= 0, got ${n}`);
      }
      const base = kind === "cancel" ? s.weightCancel : s.weightOrder;
      return base * (1 + Math.floor(n / EXCHANGE_BATCH_STEP));
    },
  };
}

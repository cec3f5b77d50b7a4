/**
 * Named shapes of the simulator's synthetic market (`--market calm|busy|thin`):
 * - `busy` (default): today's market, 2 taker orders/s per coin against a $5000-per-level ladder.
 * - `calm`: a third of the volatility, 1 taker order/s per coin, same ladder.
 * - `thin`: few takers (0.25/s per coin) and deep competing queues (10x the background size per
 *   level), so a maker waits behind a lot of other liquidity and gets far fewer fills.
 */
import type { SimMarketOptions } from "./api.ts";

/** The profile names the CLIs accept. */
export const MARKET_PROFILE_NAMES = ["calm", "busy", "thin"] as const;
/** One of `calm`, `busy`, `thin`. */
export type MarketProfileName = typeof MARKET_PROFILE_NAMES[number];
/** The profile of today's synthetic market, used when none is given. */
export const DEFAULT_MARKET_PROFILE: MarketProfileName = "busy";

/** The core options a profile sets (callers' explicit options win over them). */
export type MarketProfile = Pick<
  SimMarketOptions,
  "takerRatePerSec" | "volatilityScale" | "market"
>;

const PROFILES: Readonly<Record<MarketProfileName, MarketProfile>> = {
  busy: { takerRatePerSec: 2, volatilityScale: 1, market: {} },
  calm: { takerRatePerSec: 1, volatilityScale: 1 / 3, market: {} },
  thin: {
    takerRatePerSec: 0.25,
    volatilityScale: 1,
    market: { levelNotionalUsd: 50_000, ladderLevels: 10 },
  },
};

/** True when `name` is a known profile name. */
export function isMarketProfileName(name: string): name is MarketProfileName {
  return (MARKET_PROFILE_NAMES as readonly string[]).includes(name);
}

/** The core options of profile `name`. */
export function marketProfile(name: MarketProfileName): MarketProfile {
  return PROFILES[name];
}

/**
 * Core options for `name` with `overrides` on top (the synthetic `market` tuning is merged field
 * by field).
 */
export function profileMarketOptions(
  name: MarketProfileName,
  overrides: Partial<Omit<SimMarketOptions, "seed" | "startMs" | "coins">> = {},
): Partial<Omit<SimMarketOptions, "seed" | "startMs" | "coins">> {
  const profile = PROFILES[name];
  return {
    ...profile,
    ...overrides,
    market: { ...profile.market, ...overrides.market },
  };
}

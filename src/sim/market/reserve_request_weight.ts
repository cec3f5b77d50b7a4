/**
 * The `reserveRequestWeight` action (reference §2.3, "Reserve Additional Actions" of the exchange
 * endpoint doc): buys address-budget requests at 0.0005 USDC each, paid from the payer's perps
 * balance, for the payer or an existing `destination`. The bought requests are a surplus that
 * `userRateLimit` reports as `nRequestsSurplus` and that raises the address gate's cap.
 */
import type { SimAnswer } from "./api.ts";
import { formatUsd } from "./decimal.ts";
import type { MarketState } from "./market_state.ts";
import type { Account } from "./types.ts";

/** Price of one reserved request in micro-USD (0.0005 USDC, reference §2.3). */
export const RESERVE_PRICE_MICRO_USD_PER_REQUEST = 500;

/** Simulator's own refusal texts (the reference gives none; listed in src/sim/server/README.md). */
export const RESERVE_ERRORS = {
  zeroWeight: "Invalid request weight: must be at least 1.",
  insufficient: (costMicroUsd: number, withdrawableMicroUsd: number) =>
    `Insufficient balance to reserve request weight: cost $${formatUsd(costMicroUsd)}, ` +
    `withdrawable $${formatUsd(withdrawableMicroUsd)}.`,
  unknownDestination: (destination: string) => `User or API Wallet ${destination} does not exist.`,
} as const;

const ok = (): SimAnswer => ({
  httpStatus: 200,
  body: { status: "ok", response: { type: "default" } },
});
const err = (response: string): SimAnswer => ({
  httpStatus: 200,
  body: { status: "err", response },
});

/**
 * Run a parsed `reserveRequestWeight` for `payer`: refuse a zero weight, an unknown destination or
 * a cost above the withdrawable balance (account value minus position margin, as
 * `clearinghouseState.withdrawable` reports it); otherwise charge the USDC and add the weight to
 * the target's reserve. Answers `{"status":"ok","response":{"type":"default"}}`.
 */
export function reserveRequestWeight(
  state: MarketState,
  payer: Account,
  weight: number,
  destination: string | undefined,
): SimAnswer {
  if (weight < 1) return err(RESERVE_ERRORS.zeroWeight);
  let target = payer;
  if (destination !== undefined) {
    const found = state.accounts.get(destination.toLowerCase());
    if (found === undefined || found.synthetic) {
      return err(RESERVE_ERRORS.unknownDestination(destination.toLowerCase()));
    }
    target = found;
  }
  const cost = weight * RESERVE_PRICE_MICRO_USD_PER_REQUEST;
  const withdrawable = Math.max(0, state.accountValue(payer) - state.positionMargin(payer));
  if (!Number.isSafeInteger(cost) || cost > withdrawable) {
    return err(RESERVE_ERRORS.insufficient(cost, withdrawable));
  }
  payer.balance -= cost;
  target.requestsReserved += weight;
  state.count("reserveRequestWeight.requests", weight);
  return ok();
}

/** Whole-bot setup of the address-budget fault tests: an account that starts with 12 requests. */
import { botConfig, type Setup, setup, type SetupOptions } from "../app/_harness.ts";

/** The config fields the address-budget tests choose. */
export interface LowBudgetLimits {
  readonly housekeep_every_n: number;
  readonly max_rate_limit_errors: number;
  readonly resume_address_budget: number;
}

/**
 * `setup` on a simulator account with a 12-request address budget, the bot slowed down below 8
 * requests left. The pacer's path (what happens once the budget is out): the governor, which
 * would stop at its reserve before that, is switched off by name.
 */
export function setupLowBudget(
  market: Pick<SetupOptions, "seed" | "vol" | "takerRatePerSec">,
  limits: LowBudgetLimits,
): Promise<Setup> {
  return setup({
    ...market,
    simOptions: { addressBudget: { initialRequests: 12 } },
    config: botConfig({
      housekeep_every_n: limits.housekeep_every_n,
      budget: { governor: false },
      risk: {
        max_loss_usd: 1000,
        max_rate_limit_errors: limits.max_rate_limit_errors,
        max_consecutive_rejects: 1000,
        min_address_budget: 8,
        resume_address_budget: limits.resume_address_budget,
      },
    }),
  });
}

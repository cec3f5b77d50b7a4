/**
 * The loss limit counts per account, not per process: from a baseline account value kept across
 * restarts (src/app/loss_baseline_store.ts). The loop's live PnL (realized + unrealized - fees of
 * this run, from its fills and marks) is shifted by an offset re-anchored at every
 * clearinghouseState (start and each reconcile), so that at that moment the total equals the
 * account's value minus the baseline. Between two reconciles the total moves with the live PnL;
 * each reconcile corrects it (funding, transfers, trades the bot did not see).
 */
import type { AccountState } from "../../core/types.ts";

/** What the offset is computed from, all in USD. */
export interface AccountLossInput {
  readonly baselineUsd: number;
  readonly account: AccountState;
  /** Coins the loop marks (their unrealized PnL is in its live PnL). */
  readonly markedCoins: ReadonlySet<string>;
  /** The loop's realized PnL minus fees so far (its live PnL without unrealized). */
  readonly runRealizedMinusFeesUsd: number;
}

/**
 * Offset to add to the loop's live PnL: accountValue - baseline - (what the live PnL holds at
 * this moment: realized - fees, plus the exchange's unrealized PnL of the marked coins).
 */
export function accountPnlOffsetUsd(i: AccountLossInput): number {
  let unrealized = 0;
  for (const p of i.account.positions) {
    if (i.markedCoins.has(p.coin)) unrealized += p.unrealizedPnl;
  }
  return i.account.accountValue - i.baselineUsd - i.runRealizedMinusFeesUsd - unrealized;
}

/**
 * Paces the loop's exchange actions by the address budget (issue 9, finding 5): running out is a
 * reason to slow down, not to stop.
 * - Budget fine: everything goes.
 * - Budget low (risk's hysteresis flag), or refused by the exchange in the last interval, or not
 *   enough left for the action: cancels still go while the larger cancel allowance lasts; other
 *   actions (place, modify, the dead-man's switch) at most one per `intervalMs` (the exchange
 *   lets one request through every 10 s once the budget is used up), so the bot waits instead of
 *   hammering, and what it sends is what matters: cancels first (the loop plans them first).
 * - Over even the cancel allowance: cancels too, one per interval.
 * Reads the budget (its one owner, src/limiter/address_budget.ts); keeps only its own timing.
 */
import type { AddressBudget } from "../../core/ports.ts";
import { THROTTLED_INTERVAL_MS } from "../../limiter/address_budget.ts";

/** What an action is, for pacing: cancels have their own, larger allowance. */
export type PacedKind = "cancel" | "place" | "modify" | "schedule";

/** Decides, action by action, whether the loop may send now (see the module comment). */
export class BudgetPacer {
  readonly #budget: AddressBudget;
  readonly #intervalMs: number;
  #lastPacedMs = -Infinity;
  #refusedAtMs = -Infinity;
  #held = 0;

  constructor(budget: AddressBudget, intervalMs = THROTTLED_INTERVAL_MS) {
    this.#budget = budget;
    this.#intervalMs = intervalMs;
  }

  /** Actions held back so far (not sent; the next loops plan again). */
  get held(): number {
    return this.#held;
  }

  /** True while actions other than cancels are paced. */
  pacing(low: boolean, nowMs: number): boolean {
    return low || nowMs - this.#refusedAtMs < this.#intervalMs || this.#budget.remaining() <= 0;
  }

  /** May an action of `kind` with `items` items go now? (`low`: the risk state's flag.) */
  admit(kind: PacedKind, items: number, low: boolean, nowMs: number): boolean {
    if (kind === "cancel" && this.#budget.remainingForCancels() >= items) return true;
    const paced = kind === "cancel" || this.pacing(low, nowMs) ||
      this.#budget.remaining() < items;
    if (!paced) return true;
    if (nowMs - this.#lastPacedMs < this.#intervalMs) {
      this.#held++;
      return false;
    }
    this.#lastPacedMs = nowMs;
    return true;
  }

  /** The exchange refused an action for the address budget. */
  refused(nowMs: number): void {
    this.#refusedAtMs = nowMs;
    this.#lastPacedMs = nowMs;
  }
}

/**
 * The one rule for which open orders of the account the bot takes down, used everywhere it
 * cancels what it finds on the exchange (stale orders at start, orphans found by a reconcile,
 * after a halt, the final cancel at shutdown):
 * - an order with this bot's cloid tag (this run or an earlier one), on any coin: taken down;
 * - any other order on a quoted coin (the operator's own): left alone and logged, unless
 *   `cancel_foreign_orders` is true;
 * - any other order on another coin: none of the bot's business.
 */
import type { ExchangeOrder } from "../../core/types.ts";

/** What the ownership rule needs to know. */
export interface OwnershipRule {
  /** True for this bot's cloid tag (CloidSource.isOurs). */
  readonly isOurCloid: (cloid: string | undefined) => boolean;
  readonly quotedCoins: ReadonlySet<string>;
  /** `cancel_foreign_orders`: also take down other orders on the quoted coins. */
  readonly cancelForeign: boolean;
}

/** What the bot does with an open order it did not expect. */
export type OrderFate = "cancel" | "leaveAlone" | "ignore";

/** The rule itself: the fate of one open order. */
export function orderFate(order: ExchangeOrder, rule: OwnershipRule): OrderFate {
  if (rule.isOurCloid(order.cloid)) return "cancel";
  if (!rule.quotedCoins.has(order.coin)) return "ignore";
  return rule.cancelForeign ? "cancel" : "leaveAlone";
}

/** Open orders split by `orderFate` (those to ignore are dropped). */
export function sortOpenOrders(
  open: readonly ExchangeOrder[],
  rule: OwnershipRule,
): { readonly cancel: ExchangeOrder[]; readonly leaveAlone: ExchangeOrder[] } {
  const cancel: ExchangeOrder[] = [];
  const leaveAlone: ExchangeOrder[] = [];
  for (const o of open) {
    const fate = orderFate(o, rule);
    if (fate === "cancel") cancel.push(o);
    else if (fate === "leaveAlone") leaveAlone.push(o);
  }
  return { cancel, leaveAlone };
}

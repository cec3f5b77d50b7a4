/**
 * The account side of `applyEvent`: a reconcile (positions, the loss anchor, our orders against
 * the exchange's list, orphans to cancel) and the loss limit's anchor. Pure like apply_event.ts.
 */
import type { AccountState, ExchangeOrder } from "../../core/types.ts";
import { sortOpenOrders } from "../orders/order_ownership.ts";
import { accountPnlOffsetUsd } from "../risk/account_loss.ts";
import { type EngineCommand, log } from "./engine_commands.ts";
import {
  assetIdOf,
  chargeSent,
  configuredCoins,
  type EngineState,
  orderVia,
  ownership,
} from "./engine_state.ts";

/** Apply a reconcile's answer; orphans of ours are cancelled by oid (paced, charged). */
export function applyReconcile(
  state: EngineState,
  open: readonly ExchangeOrder[],
  account: AccountState,
  asOfMs: number,
  reason: string,
  now: number,
  out: EngineCommand[],
): void {
  const coins = configuredCoins(state);
  state.positions.setFromExchange(account.positions, coins, account.timeMs);
  anchorLoss(state, account, false, out);
  // A dry run's orders are on paper only: the exchange's list says nothing about them.
  const via = orderVia(state);
  if (via === null) return;
  const report = state.orders.reconcile(open, { asOfMs, coins, nowMs: now });
  const fields = {
    reason,
    open: open.length,
    missing: report.missing.length,
    orphans: report.orphans.length,
  };
  const quiet = reason === "housekeeping" && report.missing.length === 0;
  out.push(log(quiet ? "debug" : "info", "reconciled", fields));
  const { cancel: ours, leaveAlone } = sortOpenOrders(report.orphans, ownership(state));
  out.push(...foreignWarnings(leaveAlone));
  if (ours.length === 0) return;
  out.push(log("info", "reconcile: canceling orphans", { reason, oids: ours.map((o) => o.oid) }));
  const cancels = ours.map((o) => ({ assetId: assetIdOf(state, o.coin), oid: o.oid }));
  if (!state.pacer.admit("cancel", cancels.length, state.risk.budgetPaused, now)) return;
  chargeSent(state, "cancel", cancels.length, now);
  out.push({ type: "cancelOrphans", orders: ours, cancels, via });
}

/** One warning per foreign order left alone (once per order per run). */
export function foreignWarnings(orders: readonly ExchangeOrder[]): EngineCommand[] {
  return orders.map((o) =>
    log(
      "warn",
      "order not placed by this bot on a quoted coin; left alone",
      { coin: o.coin, oid: o.oid, side: o.side, px: o.limitPx },
      { onceKey: `foreign:${o.oid}` },
    )
  );
}

/** Re-anchor the loss limit on the account's value (../risk/account_loss.ts). */
export function anchorLoss(
  state: EngineState,
  account: AccountState,
  atStart: boolean,
  out: EngineCommand[],
): void {
  const baselineUsd = state.settings.lossBaselineUsd;
  if (baselineUsd === null) return;
  state.pnlOffsetUsd = accountPnlOffsetUsd({
    baselineUsd,
    account,
    markedCoins: new Set(configuredCoins(state)),
    runRealizedMinusFeesUsd: state.positions.totalPnlUsd(new Map()),
  });
  if (atStart) {
    out.push(log("info", "loss limit counts from the account's baseline", {
      baselineUsd,
      accountValueUsd: account.accountValue,
      pnlSinceBaselineUsd: account.accountValue - baselineUsd,
      maxLossUsd: state.config.risk.maxLossUsd,
    }));
  }
}

/** Runs exchange actions against the market state and answers them in the exchange's shapes. */
import type { SimAnswer } from "./api.ts";
import { parsePrice, parseSize } from "./decimal.ts";
import type { MarketState } from "./market_state.ts";
import { type OrderStatusWire, placeOrder } from "./order_placement.ts";
import { reserveRequestWeight } from "./reserve_request_weight.ts";
import type { Account, SimOrder } from "./types.ts";
import { actionSchema, DESERIALIZE_ERROR, type OrderWire } from "./wire.ts";

/**
 * Most items one action may carry; the exchange refuses bigger batches as over its weight limit.
 */
export const MAX_BATCH = 200;
const DAY_MS = 86_400_000;
const MAX_TRIGGERS_PER_DAY = 10;
const NOT_FOUND = "Order was never placed, already canceled, or filled.";

/**
 * Traded volume (USD) below which the live exchange refuses scheduleCancel, set and unset
 * (reference §4.6, observed, not documented). The simulator's default.
 */
export const SCHEDULE_CANCEL_MIN_VOLUME_USD = 1_000_000;

/** Exchange rules the server can tune per run. */
export interface ActionOptions {
  /** Volume gate for scheduleCancel in USD (0 = off; the live exchange uses 1,000,000). */
  scheduleCancelMinVolumeUsd: number;
}

const ok = (response: unknown): SimAnswer => ({
  httpStatus: 200,
  body: { status: "ok", response },
});
const err = (response: string): SimAnswer => ({
  httpStatus: 200,
  body: { status: "err", response },
});
const DEFAULT_OK = ok({ type: "default" });

/** Length of the batch array of an action (orders, cancels, modifies), 1 for others. */
export function batchLength(action: unknown): number {
  if (typeof action !== "object" || action === null) return 1;
  const record = action as Record<string, unknown>;
  for (const key of ["orders", "cancels", "modifies"]) {
    const value = record[key];
    if (Array.isArray(value)) return value.length;
  }
  return 1;
}

/** Execution group of an action in a block: 0 no GTC/IOC order, 1 cancels, 2 GTC/IOC. */
export function blockPriority(action: unknown): number {
  if (typeof action !== "object" || action === null) return 0;
  const record = action as Record<string, unknown>;
  if (record.type === "cancel" || record.type === "cancelByCloid") return 1;
  const orders: unknown[] = [];
  if (record.type === "order" && Array.isArray(record.orders)) orders.push(...record.orders);
  if (record.type === "modify") orders.push(record.order);
  if (record.type === "batchModify" && Array.isArray(record.modifies)) {
    for (const m of record.modifies) {
      if (typeof m === "object" && m !== null) orders.push((m as Record<string, unknown>).order);
    }
  }
  const takesLiquidity = orders.some((o) => {
    if (typeof o !== "object" || o === null) return false;
    const t = (o as { t?: { limit?: { tif?: unknown } } }).t;
    return t?.limit?.tif !== "Alo";
  });
  return takesLiquidity ? 2 : 0;
}

function findOpen(account: Account, oid: number | string): SimOrder | undefined {
  if (typeof oid === "number") return account.open.get(oid);
  const byCloid = account.cloids.get(oid.toLowerCase());
  return byCloid === undefined ? undefined : account.open.get(byCloid);
}

function cancelStatus(state: MarketState, order: SimOrder | undefined, asset: number) {
  if (!order || order.asset !== asset) {
    state.count("cancels.error");
    return { error: `${NOT_FOUND} asset=${asset}` };
  }
  state.removeResting(order, "canceled");
  state.count("cancels.success");
  return "success" as const;
}

/** Pre-validation of a modify's new order (price and size): failures leave the old order. */
function precheck(state: MarketState, order: OrderWire): string | null {
  const coin = state.coins[order.a];
  if (!coin) return `Invalid asset. asset=${order.a}`;
  const price = parsePrice(order.p, coin.spec.szDecimals);
  if (!price.ok) {
    return `${
      price.reason === "tick" ? "Price must be divisible by tick size." : "Order has invalid price."
    } asset=${order.a}`;
  }
  const size = parseSize(order.s, coin.spec.szDecimals);
  if (!size.ok) {
    return `${
      size.reason === "zero" ? "Order has zero size." : "Order has invalid size."
    } asset=${order.a}`;
  }
  return null;
}

interface ModifyOutcome {
  status: OrderStatusWire;
  /** True when the old order was cancelled but the new one failed. */
  placeFailed: boolean;
}

function modifyOne(
  state: MarketState,
  account: Account,
  oid: number | string,
  order: OrderWire,
): ModifyOutcome {
  const old = findOpen(account, oid);
  if (!old) {
    state.count("modifies.error");
    return { status: { error: "Cannot modify canceled or filled order" }, placeFailed: false };
  }
  const invalid = precheck(state, order);
  if (invalid !== null) {
    state.count("modifies.error");
    return { status: { error: invalid }, placeFailed: false };
  }
  state.removeResting(old, "canceled");
  const status = placeOrder(state, account.address, order, old.cloid);
  const placeFailed = "error" in status;
  state.count(placeFailed ? "modifies.placeFailed" : "modifies.success");
  return { status, placeFailed };
}

/**
 * Execute one authenticated action for `user` and answer it as `/exchange` would (status and body).
 */
export function executeAction(
  state: MarketState,
  user: string,
  raw: unknown,
  options: ActionOptions,
): SimAnswer {
  if (batchLength(raw) > MAX_BATCH) return err("Signed action over weight limit of 200.");
  const parsed = actionSchema.safeParse(raw);
  if (!parsed.success) return { httpStatus: 422, body: DESERIALIZE_ERROR };
  const action = parsed.data;
  const account = state.account(user);
  switch (action.type) {
    case "order": {
      const statuses = action.orders.map((order) => placeOrder(state, account.address, order));
      return ok({ type: "order", data: { statuses } });
    }
    case "cancel": {
      const statuses = action.cancels.map((c) => cancelStatus(state, account.open.get(c.o), c.a));
      return ok({ type: "cancel", data: { statuses } });
    }
    case "cancelByCloid": {
      const statuses = action.cancels.map((c) =>
        cancelStatus(state, findOpen(account, c.cloid), c.asset)
      );
      return ok({ type: "cancel", data: { statuses } });
    }
    case "modify": {
      const { status, placeFailed } = modifyOne(state, account, action.oid, action.order);
      if (!("error" in status)) return DEFAULT_OK;
      if (!placeFailed) return err(status.error);
      const text = status.error.replace(/ asset=\d+$/, "");
      return err(`Error placing new order during modify: ${text}`);
    }
    case "batchModify": {
      const statuses = action.modifies.map((m) => modifyOne(state, account, m.oid, m.order).status);
      return ok({ type: "order", data: { statuses } });
    }
    case "scheduleCancel":
      return scheduleCancel(state, account, action.time, options);
    case "updateLeverage": {
      const coin = state.coins[action.asset];
      if (!coin) return err("Invalid asset.");
      if (action.leverage < 1 || action.leverage > coin.spec.maxLeverage) {
        return err("Invalid leverage value");
      }
      account.leverage.set(coin.index, { value: action.leverage, isCross: action.isCross });
      return DEFAULT_OK;
    }
    case "noop":
      return DEFAULT_OK;
    case "reserveRequestWeight":
      return reserveRequestWeight(state, account, action.weight, action.destination);
  }
}

function scheduleCancel(
  state: MarketState,
  account: Account,
  time: number | undefined,
  options: ActionOptions,
): SimAnswer {
  const tradedUsd = account.cumVlm / 1e6;
  if (tradedUsd < options.scheduleCancelMinVolumeUsd) {
    return err(
      `Cannot set scheduled cancel time until enough volume traded. Required: $${options.scheduleCancelMinVolumeUsd}. Traded: $${
        Math.floor(tradedUsd)
      }.`,
    );
  }
  if (time === undefined) {
    account.scheduledCancel = null;
    return DEFAULT_OK;
  }
  if (time < state.now + 5000) {
    return err("Scheduled cancel time too early, must be at least 5 seconds from now.");
  }
  const day = Math.floor(state.now / DAY_MS);
  if (account.triggerDay === day && account.triggersToday >= MAX_TRIGGERS_PER_DAY) {
    return err("Too many scheduled cancel triggers today.");
  }
  account.scheduledCancel = time;
  return DEFAULT_OK;
}

/** Fires due scheduled cancels (called as time advances). */
export function fireScheduledCancels(state: MarketState): void {
  for (const account of state.accounts.values()) {
    if (account.scheduledCancel === null || account.scheduledCancel > state.now) continue;
    account.scheduledCancel = null;
    const day = Math.floor(state.now / DAY_MS);
    if (account.triggerDay !== day) {
      account.triggerDay = day;
      account.triggersToday = 0;
    }
    account.triggersToday++;
    state.count("scheduledCancel.triggers");
    state.cancelAll(account, "scheduledCancel");
  }
}

/**
 * What to send to turn the live orders into the desired quotes, for all coins in one loop.
 *
 * Live orders and desired quotes are matched by (coin, side, level):
 * - a level with an order in flight (pending, pendingModify, unknown) is left alone entirely
 *   until that order is settled: nothing is placed, modified or cancelled there;
 * - orders in pendingCancel are on their way out and ignored (a desired quote at their level is
 *   placed anew);
 * - a resting/partiallyFilled order matching a desired quote is kept when its price is within
 *   requoteThresholdBps of the desired price (relative to the desired price; when the order is
 *   more passive than desired, a bid below or an ask above it, within passiveThresholdBps if that
 *   is wider: a passive order keeps its queue place and is not picked off), its sent size
 *   equals the desired size (within sizeToleranceBps, default exact) and its reduceOnly flag is
 *   the same; it is also kept, changed or not, while younger than minReplaceMs (since it was
 *   last sent); otherwise it is replaced: a modify (useModify) or a cancel plus a place, always
 *   with a new cloid;
 * - resting orders with no desired quote at their level (and extra orders at a level) are
 *   cancelled at once, whatever their age;
 * - desired quotes with no order at their level are placed.
 */
import type { Cloid, OrderIntent, Tif } from "../../core/types.ts";
import type { DesiredQuote } from "../strategy/compute_quotes.ts";
import {
  IN_FLIGHT_STATES,
  type LiveOrder,
  type PlannedCancel,
  type PlannedModify,
  type PlannedPlace,
} from "./order_types.ts";

/**
 * The knobs of one diff: time, the replace throttle, the per-coin dead zone, and how new orders are
 * made.
 */
export interface DiffOptions {
  readonly nowMs: number;
  readonly minReplaceMs: number;
  /** Dead zone per coin, bps; coins not listed use 0 (any price change replaces). */
  readonly requoteThresholdBps: Readonly<Record<string, number>>;
  /** Wider dead zone per coin for orders more passive than desired (default: the same). */
  readonly passiveThresholdBps?: Readonly<Record<string, number>>;
  /** Replace changed orders with batchModify (true) or cancel + place (false). */
  readonly useModify: boolean;
  /** Source of new cloids (a CloidSource). */
  readonly cloids: { next(): Cloid };
  /** Time in force of new orders; default "Alo" (post-only). */
  readonly tif?: Tif;
  /**
   * Size difference still counted as "same size", bps of the desired size: one figure, or one per
   * coin (coins not listed: 0); default 0.
   */
  readonly sizeToleranceBps?: number | Readonly<Record<string, number>>;
}

/** What to change so our live orders match the desired quotes, and which live orders stay. */
export interface OrderDiff {
  readonly places: PlannedPlace[];
  readonly modifies: PlannedModify[];
  readonly cancels: PlannedCancel[];
  /** Live orders left as they are (in the dead zone, too young, or in flight). */
  readonly keeps: LiveOrder[];
}

const keyOf = (x: { coin: string; side: string; level: number }) =>
  `${x.coin}\u0000${x.side}\u0000${x.level}`;

function intentFor(q: DesiredQuote, cloid: Cloid, tif: Tif): OrderIntent {
  return {
    coin: q.coin,
    assetId: q.assetId,
    side: q.side,
    px: q.px,
    sz: q.sz,
    tif,
    reduceOnly: q.reduceOnly,
    cloid,
  };
}

function cancelOf(o: LiveOrder): PlannedCancel {
  return { cloid: o.cloid, cancel: { assetId: o.assetId, cloid: o.cloid } };
}

/**
 * Match desired quotes to live orders level by level and plan the fewest places, modifies and
 * cancels; orders in flight are never duplicated.
 */
export function diffOrders(
  desired: readonly DesiredQuote[],
  live: readonly LiveOrder[],
  opts: DiffOptions,
): OrderDiff {
  const tif = opts.tif ?? "Alo";
  const tol = opts.sizeToleranceBps ?? 0;
  const sizeTolFrac = (coin: string) => (typeof tol === "number" ? tol : tol[coin] ?? 0) / 1e4;
  const places: PlannedPlace[] = [];
  const modifies: PlannedModify[] = [];
  const cancels: PlannedCancel[] = [];
  const keeps: LiveOrder[] = [];

  const byLevel = new Map<string, LiveOrder[]>();
  const blocked = new Set<string>();
  for (const o of live) {
    if (o.state === "pendingCancel") continue;
    if (o.state !== "resting" && o.state !== "partiallyFilled" && !IN_FLIGHT_STATES.has(o.state)) {
      continue; // final states
    }
    const key = keyOf(o);
    if (IN_FLIGHT_STATES.has(o.state)) blocked.add(key);
    const list = byLevel.get(key);
    if (list === undefined) byLevel.set(key, [o]);
    else list.push(o);
  }

  const wanted = new Map<string, DesiredQuote>();
  for (const q of desired) if (!wanted.has(keyOf(q))) wanted.set(keyOf(q), q);

  for (const [key, orders] of byLevel) {
    if (blocked.has(key)) {
      keeps.push(...orders);
      continue;
    }
    const q = wanted.get(key);
    const [first, ...extra] = orders;
    for (const o of extra) cancels.push(cancelOf(o));
    if (first === undefined) continue;
    if (q === undefined) {
      cancels.push(cancelOf(first));
      continue;
    }
    const thresholdBps = opts.requoteThresholdBps[q.coin] ?? 0;
    const passive = q.side === "bid" ? first.pxNum < q.pxNum : first.pxNum > q.pxNum;
    const zoneBps = passive
      ? Math.max(thresholdBps, opts.passiveThresholdBps?.[q.coin] ?? 0)
      : thresholdBps;
    const pxOffBps = Math.abs(first.pxNum - q.pxNum) / q.pxNum * 1e4;
    const sameSize = Math.abs(first.szNum - q.szNum) <= q.szNum * sizeTolFrac(q.coin) + 1e-12;
    const same = pxOffBps <= zoneBps + 1e-9 && sameSize &&
      first.reduceOnly === q.reduceOnly;
    if (same || opts.nowMs - first.lastSentMs < opts.minReplaceMs) {
      keeps.push(first);
      continue;
    }
    const order = intentFor(q, opts.cloids.next(), tif);
    if (opts.useModify) {
      modifies.push({
        level: q.level,
        fromCloid: first.cloid,
        modify: { target: first.oid ?? first.cloid, order },
      });
    } else {
      cancels.push(cancelOf(first));
      places.push({ level: q.level, intent: order });
    }
  }

  for (const [key, q] of wanted) {
    if (byLevel.has(key)) continue;
    places.push({ level: q.level, intent: intentFor(q, opts.cloids.next(), tif) });
  }

  return { places, modifies, cancels, keeps };
}

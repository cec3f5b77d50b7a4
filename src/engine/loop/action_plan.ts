/**
 * Turns one loop's order diff into exchange requests.
 *
 * batchOrders = true: at most one action per kind, sent in this order:
 *   1. cancelByCloid with every cancel,
 *   2. batchModify with every replacement (one action instead of cancel + place),
 *   3. order with every new order.
 * The exchange has no action mixing cancels, modifies and new orders, so a loop that needs
 * several kinds necessarily sends several actions. To keep that to the minimum, a cancel and a
 * place on the same coin and side are first paired into a modify (the cancelled order becomes
 * the new one), so "cancel one level, place another" costs one batchModify, not two actions.
 * Batches above `maxBatchItems` (exchange cap 200) are split.
 *
 * batchOrders = false: one request per order (naive baseline): each cancel, modify and place
 * is its own action.
 */
import type { Cloid, Side } from "../../core/types.ts";
import type { OrderDiff } from "../orders/diff_orders.ts";
import type { PlannedCancel, PlannedModify, PlannedPlace } from "../orders/order_types.ts";

/**
 * One exchange action to send: a batch of cancels, modifies or new orders (the exchange takes one
 * kind per action).
 */
export type PlannedAction =
  | { readonly kind: "cancel"; readonly cancels: readonly PlannedCancel[] }
  | { readonly kind: "modify"; readonly modifies: readonly PlannedModify[] }
  | { readonly kind: "place"; readonly places: readonly PlannedPlace[] };

/** How to group a loop's changes into actions: batched per kind, or one action per order. */
export interface ActionPlanOptions {
  readonly batchOrders: boolean;
  /** Largest batch (default 200). */
  readonly maxBatchItems?: number;
}

type DiffParts = Pick<OrderDiff, "places" | "modifies" | "cancels">;

/**
 * Pair cancels and places of the same coin and side into modifies. `sideOf` gives the side of a
 * live order (cancels carry only the cloid); cancels of unknown side are left alone.
 */
export function pairIntoModifies(
  diff: DiffParts,
  sideOf: (cloid: Cloid) => Side | undefined,
): DiffParts {
  const places = [...diff.places];
  const modifies = [...diff.modifies];
  const cancels: PlannedCancel[] = [];
  for (const c of diff.cancels) {
    const i = places.findIndex((p) =>
      p.intent.assetId === c.cancel.assetId && p.intent.side === sideOf(c.cloid)
    );
    const place = i >= 0 ? places[i] : undefined;
    if (place === undefined) {
      cancels.push(c);
      continue;
    }
    places.splice(i, 1);
    modifies.push({
      level: place.level,
      fromCloid: c.cloid,
      modify: { target: c.cloid, order: place.intent },
    });
  }
  return { places, modifies, cancels };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Split a loop's cancels, modifies and places into actions, in that order: batches capped at
 * `maxBatchItems`, or one per order when batching is off.
 */
export function planActions(diff: DiffParts, opts: ActionPlanOptions): PlannedAction[] {
  if (!opts.batchOrders) {
    return [
      ...diff.cancels.map((c): PlannedAction => ({ kind: "cancel", cancels: [c] })),
      ...diff.modifies.map((m): PlannedAction => ({ kind: "modify", modifies: [m] })),
      ...diff.places.map((p): PlannedAction => ({ kind: "place", places: [p] })),
    ];
  }
  const size = Math.max(1, opts.maxBatchItems ?? 200);
  return [
    ...chunks(diff.cancels, size).map((cancels): PlannedAction => ({ kind: "cancel", cancels })),
    ...chunks(diff.modifies, size).map((modifies): PlannedAction => ({
      kind: "modify",
      modifies,
    })),
    ...chunks(diff.places, size).map((places): PlannedAction => ({ kind: "place", places })),
  ];
}

/** Number of items an action carries (its address-budget cost). */
export function actionItems(a: PlannedAction): number {
  switch (a.kind) {
    case "cancel":
      return a.cancels.length;
    case "modify":
      return a.modifies.length;
    case "place":
      return a.places.length;
  }
}

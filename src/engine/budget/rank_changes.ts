/**
 * The value order in which the governor admits a decision's changes (issue 12): cancels are not
 * ranked (they always go); then quotes that are missing (a place) or at risk of being picked off
 * (a modify whose resting price is more aggressive than the new one: a bid above, an ask below),
 * then the other changes by level, nearest the touch first.
 */
import type { LiveOrder } from "../orders/order_types.ts";
import type { OrderDiff } from "../orders/diff_orders.ts";

/** One place or modify of a diff, with its rank (lower goes first). */
export interface RankedChange {
  readonly kind: "place" | "modify";
  /** Index in the diff's `places` or `modifies`. */
  readonly index: number;
  readonly rank: number;
  readonly level: number;
}

/** Rank of a missing or at-risk quote; other changes rank `NEAREST_RANK + level`. */
export const URGENT_RANK = 1;
const NEAREST_RANK = 2;

/** The diff's places and modifies in the order the governor admits them. */
export function rankChanges(
  diff: OrderDiff,
  live: (cloid: LiveOrder["cloid"]) => LiveOrder | undefined,
): RankedChange[] {
  const out: RankedChange[] = [];
  diff.places.forEach((p, index) => {
    out.push({ kind: "place", index, rank: URGENT_RANK, level: p.level });
  });
  diff.modifies.forEach((m, index) => {
    const from = live(m.fromCloid);
    const px = Number(m.modify.order.px);
    const atRisk = from !== undefined &&
      (m.modify.order.side === "bid" ? from.pxNum > px : from.pxNum < px);
    out.push({
      kind: "modify",
      index,
      rank: atRisk ? URGENT_RANK : NEAREST_RANK + m.level,
      level: m.level,
    });
  });
  return out.sort((a, b) => a.rank - b.rank || a.level - b.level);
}

/** The diff with only the admitted places and modifies (all cancels kept). */
export function admittedDiff(diff: OrderDiff, admitted: readonly RankedChange[]): OrderDiff {
  const places = new Set(admitted.filter((c) => c.kind === "place").map((c) => c.index));
  const modifies = new Set(admitted.filter((c) => c.kind === "modify").map((c) => c.index));
  return {
    places: diff.places.filter((_, i) => places.has(i)),
    modifies: diff.modifies.filter((_, i) => modifies.has(i)),
    cancels: diff.cancels,
    keeps: diff.keeps,
  };
}

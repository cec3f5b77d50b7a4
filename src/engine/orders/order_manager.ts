/**
 * Owns the state of our orders by cloid. Pure bookkeeping: events in (what was sent, what the
 * exchange answered, WS updates, fills, openOrders, orderStatus), state out (live orders for the
 * diff, ladders for the view, unknown orders to look up, orphans to cancel). It never decides to
 * send anything by itself and never resends: an order whose fate is unclear becomes `unknown`
 * until orderStatus or openOrders settles it.
 *
 * Time is passed in (`nowMs`); see `OrderState` for the lifecycle.
 */
import type {
  CancelOutcome,
  Cloid,
  ExchangeOrder,
  ExchangeOrderStatus,
  Fill,
  OrderIntent,
  OrderOutcome,
  OrderStatusResult,
  OrderUpdate,
} from "../../core/types.ts";
import type { LadderLevel } from "../../core/engine_view.ts";
import { FillDeduper } from "./fill_dedup.ts";
import {
  FINAL_STATES,
  type LiveOrder,
  type OrderState,
  type PlannedCancel,
  type PlannedModify,
  type PlannedPlace,
} from "./order_types.ts";

/** How long an unknown outcome may still land, and how to recognise this bot's cloids. */
export interface OrderManagerOptions {
  /**
   * How long after sending an order whose outcome is unknown we still expect it may reach the
   * exchange; only after this does "not in openOrders" / "unknownOid" mean it is not there.
   * Default 10 000 ms.
   */
  readonly unknownGraceMs?: number;
  /** True for cloids made by this bot (any run); default: none. Used to spot orphans. */
  readonly isOurCloid?: (cloid: Cloid) => boolean;
  /** Process start, for the fill snapshot rule (see FillDeduper). Default 0. */
  readonly startedAtMs?: number;
}

/** What an openOrders reconcile found: open orders with no live record of ours, and ours gone. */
export interface ReconcileReport {
  /** Open on the exchange but not a live order of ours: cancel them (by oid). */
  readonly orphans: readonly ExchangeOrder[];
  /** Our orders that were not in openOrders and are now marked canceled. */
  readonly missing: readonly Cloid[];
}

type Rec = { -readonly [K in keyof LiveOrder]: LiveOrder[K] } & {
  /** State to return to when a cancel or modify turns out not to have happened. */
  prevState: OrderState | null;
};

const EPS = 1e-12;

function statusKind(
  status: ExchangeOrderStatus,
): "open" | "filled" | "canceled" | "rejected" | null {
  if (status === "open") return "open";
  if (status === "filled") return "filled";
  if (/rejected/i.test(status)) return "rejected";
  if (/cancel/i.test(status)) return "canceled";
  return null;
}

/**
 * The one owner of our orders' state by cloid: records what was sent, applies outcomes, updates,
 * fills and reconciles.
 */
export class OrderManager {
  readonly #byCloid = new Map<Cloid, Rec>();
  /** The records not in a final state (an index of `#byCloid`, kept by `#create`/`#set`). */
  readonly #live = new Map<Cloid, Rec>();
  readonly #byOid = new Map<number, Cloid>();
  readonly #fills: FillDeduper;
  readonly #graceMs: number;
  readonly #isOurs: (cloid: Cloid) => boolean;

  constructor(opts: OrderManagerOptions = {}) {
    this.#graceMs = opts.unknownGraceMs ?? 10_000;
    this.#isOurs = opts.isOurCloid ?? (() => false);
    this.#fills = new FillDeduper({ startedAtMs: opts.startedAtMs ?? 0 });
  }

  // ---------------------------------------------------------------- sent / outcomes

  /** Places were handed to the exchange port (before awaiting the answer). */
  placeSent(places: readonly PlannedPlace[], nowMs: number): void {
    for (const p of places) this.#create(p.intent, p.level, nowMs);
  }

  /** Answers to `placeSent(places)`, aligned with `places`. */
  placeOutcomes(
    places: readonly PlannedPlace[],
    outcomes: readonly OrderOutcome[],
    nowMs: number,
  ): void {
    places.forEach((p, i) => {
      const o = outcomes[i] ?? { kind: "unknown", reason: "no outcome" };
      this.#applyNewOrderOutcome(p.intent.cloid, o, nowMs);
    });
  }

  /** Modifies were handed to the exchange port. */
  modifySent(modifies: readonly PlannedModify[], nowMs: number): void {
    for (const m of modifies) {
      const old = this.#byCloid.get(m.fromCloid);
      if (old !== undefined && !FINAL_STATES.has(old.state)) {
        this.#setPending(old, "pendingModify", nowMs);
      }
      this.#create(m.modify.order, m.level, nowMs);
    }
  }

  /**
   * Answers to `modifySent(modifies)`, aligned. Accepted: the old order is canceled ("modified")
   * and the new one rests or filled. Rejected: the new order is rejected; the old one goes back
   * to its state when the whole action was refused (rate limit, nonce, ...), else becomes
   * `unknown` (it may have been canceled). Unknown: both unknown. Not sent: nothing happened.
   */
  modifyOutcomes(
    modifies: readonly PlannedModify[],
    outcomes: readonly OrderOutcome[],
    nowMs: number,
  ): void {
    modifies.forEach((m, i) => {
      const o = outcomes[i] ?? { kind: "unknown", reason: "no outcome" };
      this.#applyNewOrderOutcome(m.modify.order.cloid, o, nowMs);
      const old = this.#byCloid.get(m.fromCloid);
      if (old === undefined || FINAL_STATES.has(old.state)) return;
      switch (o.kind) {
        case "resting":
        case "filled":
          this.#finish(old, "canceled", "modified", nowMs);
          break;
        case "rejected":
          if (o.wholeAction) this.#revert(old, nowMs);
          else this.#set(old, "unknown", `modify rejected: ${o.text}`, nowMs);
          break;
        case "unknown":
          this.#set(old, "unknown", `modify unknown: ${o.reason}`, nowMs);
          break;
        case "notSent":
          this.#revert(old, nowMs);
          break;
      }
    });
  }

  /** Cancels were handed to the exchange port. */
  cancelSent(cancels: readonly PlannedCancel[], nowMs: number): void {
    for (const c of cancels) {
      const r = this.#byCloid.get(c.cloid);
      if (r !== undefined && !FINAL_STATES.has(r.state)) {
        this.#setPending(r, "pendingCancel", nowMs);
      }
    }
  }

  /**
   * Answers to `cancelSent(cancels)`, aligned. Success, or the order already gone (reason
   * `alreadyGone`): canceled (fills arrive on their own). Other rejections and notSent: back to
   * the previous state. Unknown: unknown.
   */
  cancelOutcomes(
    cancels: readonly PlannedCancel[],
    outcomes: readonly CancelOutcome[],
    nowMs: number,
  ): void {
    cancels.forEach((c, i) => {
      const r = this.#byCloid.get(c.cloid);
      if (r === undefined || FINAL_STATES.has(r.state)) return;
      const o = outcomes[i] ?? { kind: "unknown", reason: "no outcome" };
      switch (o.kind) {
        case "success":
          this.#finish(r, "canceled", "canceled", nowMs);
          break;
        case "rejected":
          if (o.reason === "alreadyGone") this.#finish(r, "canceled", o.text, nowMs);
          else this.#revert(r, nowMs);
          break;
        case "unknown":
          this.#set(r, "unknown", `cancel unknown: ${o.reason}`, nowMs);
          break;
        case "notSent":
          this.#revert(r, nowMs);
          break;
      }
    });
  }

  // ---------------------------------------------------------------- exchange events

  /** WS orderUpdates. Updates of orders we do not know are ignored (reconcile finds them). */
  applyOrderUpdates(updates: readonly OrderUpdate[], nowMs: number): void {
    for (const u of updates) {
      const r = this.#find(u.order.cloid, u.order.oid);
      if (r !== undefined) this.#applyExchangeStatus(r, u.order, u.status, nowMs);
    }
  }

  /**
   * Fills (WS userFills or REST). Returns the fills not seen before (see FillDeduper for the
   * snapshot rule), which the caller feeds to the position tracker; updates filled/remaining
   * sizes of the matching orders.
   */
  applyFills(fills: readonly Fill[], isSnapshot: boolean, nowMs: number): Fill[] {
    const fresh = this.#fills.accept(fills, isSnapshot);
    for (const f of fresh) {
      const r = this.#find(f.cloid, f.oid);
      if (r === undefined) continue;
      r.filledSz += f.sz;
      r.remainingSz = Math.max(0, r.szNum - r.filledSz);
      if (r.oid === null) this.#setOid(r, f.oid);
      if (FINAL_STATES.has(r.state)) continue;
      if (r.remainingSz <= EPS * Math.max(1, r.szNum)) {
        this.#finish(r, "filled", "filled", nowMs);
      } else if (r.state === "pendingCancel" || r.state === "pendingModify") {
        r.prevState = "partiallyFilled";
      } else {
        this.#set(r, "partiallyFilled", null, nowMs);
        r.confirmedMs ??= nowMs;
      }
    }
    return fresh;
  }

  /** Answer of orderStatus for one of our cloids (used to settle `unknown` orders). */
  applyOrderStatus(cloid: Cloid, result: OrderStatusResult, nowMs: number): void {
    const r = this.#byCloid.get(cloid);
    if (r === undefined || FINAL_STATES.has(r.state)) return;
    if (result.kind === "order") {
      this.#applyExchangeStatus(r, result.order, result.status, nowMs);
    } else if (r.state === "unknown" && nowMs - r.lastSentMs >= this.#graceMs) {
      this.#finish(r, "canceled", "unknownOid", nowMs);
    }
  }

  /**
   * Compare with the exchange's openOrders, fetched by a request sent at `asOfMs`.
   * - open orders we know (by cloid, else oid) and consider live: state/oid/remaining updated;
   * - open orders we consider final (since before `asOfMs`), carry our cloid tag, or are on
   *   `coins` and unknown to us: orphans, to cancel; an order that became final after `asOfMs`
   *   (a modify replaced it, a cancel was answered, while the list was in flight) is not one;
   * - our live orders missing from the list become canceled (reason "missing from openOrders")
   *   when they were confirmed on the book before `asOfMs` (resting, partiallyFilled,
   *   pendingCancel), or when their outcome is unknown and they were sent at least
   *   `unknownGraceMs` before `asOfMs`. Pending places and pending modifies are left alone.
   */
  reconcile(
    open: readonly ExchangeOrder[],
    opts: { readonly asOfMs: number; readonly coins: readonly string[]; readonly nowMs: number },
  ): ReconcileReport {
    const orphans: ExchangeOrder[] = [];
    const seen = new Set<Cloid>();
    const coins = new Set(opts.coins);
    for (const o of open) {
      const r = this.#find(o.cloid, o.oid);
      if (r !== undefined && !FINAL_STATES.has(r.state)) {
        seen.add(r.cloid);
        this.#applyExchangeStatus(r, o, "open", opts.nowMs);
      } else if (r !== undefined && r.updatedMs >= opts.asOfMs) {
        // Finished since the list was taken (e.g. replaced by a batchModify answered in the
        // meantime): the list is older than what we know; not an orphan. Should it still rest,
        // the next reconcile (taken after this) sees it.
        continue;
      } else if (
        r !== undefined || coins.has(o.coin) || (o.cloid !== undefined && this.#isOurs(o.cloid))
      ) {
        orphans.push(o);
      }
    }
    const missing: Cloid[] = [];
    for (const r of this.#byCloid.values()) {
      if (FINAL_STATES.has(r.state) || seen.has(r.cloid)) continue;
      const onBook = (r.state === "resting" || r.state === "partiallyFilled" ||
        r.state === "pendingCancel") && r.confirmedMs !== null && r.confirmedMs <= opts.asOfMs;
      const lostUnknown = r.state === "unknown" && r.lastSentMs <= opts.asOfMs - this.#graceMs;
      if (onBook || lostUnknown) {
        this.#finish(r, "canceled", "missing from openOrders", opts.nowMs);
        missing.push(r.cloid);
      }
    }
    return { orphans, missing };
  }

  // ---------------------------------------------------------------- queries

  /** Orders not in a final state (including pending, unknown, pendingCancel, pendingModify). */
  liveOrders(): LiveOrder[] {
    const out: LiveOrder[] = [];
    for (const r of this.#live.values()) out.push(this.#view(r));
    return out;
  }

  /** Any order we know (until pruned), final ones included. */
  get(cloid: Cloid): LiveOrder | undefined {
    const r = this.#byCloid.get(cloid);
    return r === undefined ? undefined : this.#view(r);
  }

  /** How many orders (known, not pruned) are in each state; for metrics. */
  countsByState(): Record<OrderState, number> {
    const counts: Record<OrderState, number> = {
      pending: 0,
      resting: 0,
      partiallyFilled: 0,
      pendingCancel: 0,
      pendingModify: 0,
      unknown: 0,
      filled: 0,
      canceled: 0,
      rejected: 0,
    };
    for (const r of this.#byCloid.values()) counts[r.state]++;
    return counts;
  }

  /** Cloids in state `unknown`: look them up with orderStatus. */
  unknownCloids(): Cloid[] {
    const out: Cloid[] = [];
    for (const r of this.#byCloid.values()) if (r.state === "unknown") out.push(r.cloid);
    return out;
  }

  /**
   * Our orders on the book for one coin, best first (bids high to low, asks low to high), one
   * entry per order with its remaining size: resting, partiallyFilled, pendingCancel and
   * pendingModify orders.
   */
  ladder(coin: string): { bids: LadderLevel[]; asks: LadderLevel[] } {
    const bids: LadderLevel[] = [];
    const asks: LadderLevel[] = [];
    for (const r of this.#byCloid.values()) {
      if (r.coin !== coin || r.confirmedMs === null) continue;
      if (FINAL_STATES.has(r.state) || r.state === "pending" || r.state === "unknown") continue;
      (r.side === "bid" ? bids : asks).push({ px: r.pxNum, sz: r.remainingSz });
    }
    bids.sort((a, b) => b.px - a.px);
    asks.sort((a, b) => a.px - b.px);
    return { bids, asks };
  }

  /** Forget final orders last changed more than `keepMs` before `nowMs`. Returns how many. */
  prune(nowMs: number, keepMs = 60_000): number {
    let n = 0;
    for (const [cloid, r] of this.#byCloid) {
      if (FINAL_STATES.has(r.state) && r.updatedMs < nowMs - keepMs) {
        this.#byCloid.delete(cloid);
        if (r.oid !== null && this.#byOid.get(r.oid) === cloid) this.#byOid.delete(r.oid);
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- internals

  #create(intent: OrderIntent, level: number, nowMs: number): void {
    const szNum = Number(intent.sz);
    const rec: Rec = {
      cloid: intent.cloid,
      oid: null,
      coin: intent.coin,
      assetId: intent.assetId,
      side: intent.side,
      level,
      px: intent.px,
      sz: intent.sz,
      pxNum: Number(intent.px),
      szNum,
      remainingSz: szNum,
      filledSz: 0,
      reduceOnly: intent.reduceOnly,
      state: "pending",
      lastSentMs: nowMs,
      confirmedMs: null,
      updatedMs: nowMs,
      reason: null,
      prevState: null,
    };
    this.#byCloid.set(intent.cloid, rec);
    this.#live.set(intent.cloid, rec);
  }

  #applyNewOrderOutcome(cloid: Cloid, o: OrderOutcome, nowMs: number): void {
    const r = this.#byCloid.get(cloid);
    if (r === undefined) return;
    if (o.kind === "resting" || o.kind === "filled") this.#setOid(r, o.oid);
    if (FINAL_STATES.has(r.state)) return;
    switch (o.kind) {
      case "resting":
        r.confirmedMs ??= nowMs;
        if (r.state === "pending" || r.state === "unknown") this.#set(r, "resting", null, nowMs);
        break;
      case "filled":
        this.#finish(r, "filled", "filled", nowMs);
        break;
      case "rejected":
        if (r.state === "pending" || r.state === "unknown") {
          this.#finish(r, "rejected", o.text, nowMs);
        }
        break;
      case "unknown":
        if (r.state === "pending") this.#set(r, "unknown", o.reason, nowMs);
        break;
      case "notSent":
        if (r.state === "pending") {
          this.#byCloid.delete(cloid);
          this.#live.delete(cloid);
        }
        break;
    }
  }

  #applyExchangeStatus(
    r: Rec,
    o: ExchangeOrder,
    status: ExchangeOrderStatus,
    nowMs: number,
  ): void {
    this.#setOid(r, o.oid);
    if (FINAL_STATES.has(r.state)) return;
    switch (statusKind(status)) {
      case "open": {
        r.remainingSz = o.sz;
        r.confirmedMs ??= nowMs;
        const onBook: OrderState = o.sz < o.origSz ? "partiallyFilled" : "resting";
        if (r.state === "pendingCancel" || r.state === "pendingModify") r.prevState = onBook;
        else this.#set(r, onBook, null, nowMs);
        break;
      }
      case "filled":
        r.remainingSz = 0;
        this.#finish(r, "filled", status, nowMs);
        break;
      case "canceled":
        this.#finish(r, "canceled", status, nowMs);
        break;
      case "rejected":
        this.#finish(r, "rejected", status, nowMs);
        break;
      case null:
        break;
    }
  }

  #find(cloid: Cloid | undefined, oid: number): Rec | undefined {
    if (cloid !== undefined) {
      const r = this.#byCloid.get(cloid);
      if (r !== undefined) return r;
    }
    const c = this.#byOid.get(oid);
    return c === undefined ? undefined : this.#byCloid.get(c);
  }

  #setOid(r: Rec, oid: number): void {
    if (r.oid !== null && r.oid !== oid && this.#byOid.get(r.oid) === r.cloid) {
      this.#byOid.delete(r.oid);
    }
    r.oid = oid;
    this.#byOid.set(oid, r.cloid);
  }

  #set(r: Rec, state: OrderState, reason: string | null, nowMs: number): void {
    r.state = state;
    if (FINAL_STATES.has(state)) this.#live.delete(r.cloid);
    else this.#live.set(r.cloid, r);
    r.reason = reason;
    r.updatedMs = nowMs;
  }

  #setPending(r: Rec, state: "pendingCancel" | "pendingModify", nowMs: number): void {
    if (r.state !== "pendingCancel" && r.state !== "pendingModify") r.prevState = r.state;
    this.#set(r, state, null, nowMs);
  }

  #revert(r: Rec, nowMs: number): void {
    if (r.state !== "pendingCancel" && r.state !== "pendingModify") return;
    this.#set(r, r.prevState ?? "unknown", null, nowMs);
    r.prevState = null;
  }

  #finish(r: Rec, state: "filled" | "canceled" | "rejected", reason: string, nowMs: number) {
    if (state === "filled") r.remainingSz = 0;
    if (state === "canceled") r.remainingSz = 0;
    r.prevState = null;
    this.#set(r, state, reason, nowMs);
  }

  #view(r: Rec): LiveOrder {
    const { prevState: _prev, ...view } = r;
    return view;
  }
}

/**
 * The info requests the loop starts besides market data: reconcile (openOrders +
 * clearinghouseState) on demand (WS reconnect, halt) and routinely, userRateLimit (the address
 * budget), meta rarely (to notice changed trading rules), REST userFills when there is no WS
 * fills stream, and orderStatus lookups of orders whose outcome is unknown. At most one of each
 * kind in flight; answers come back as engine events, which `settled` is told about.
 *
 * REST weight: openOrders and userRateLimit weigh 20 each. While the WS user streams are live,
 * `orderUpdates` keeps the order state and the address budget is charged locally, so the routine
 * reconcile and the budget sync run every `STREAMED_EVERY_N_HOUSEKEEPINGS`-th housekeeping only
 * (every minute with the defaults); without live streams, every housekeeping.
 */
import type { InfoApi } from "../../core/ports.ts";
import type { Cloid } from "../../core/types.ts";
import type { OrderManager } from "../orders/order_manager.ts";
import { errorText } from "./action_sender.ts";
import type { EngineEvent } from "./engine_events.ts";

/** orderStatus lookups of unknown orders: per loop, and per cloid spacing. */
const STATUS_LOOKUPS_PER_LOOP = 4;
const STATUS_LOOKUP_SPACING_MS = 1_000;
/** meta: every this many housekeepings. */
const RARE_EVERY_N_HOUSEKEEPINGS = 30;
/** Routine reconcile and userRateLimit while the WS user streams are live: every this many. */
export const STREAMED_EVERY_N_HOUSEKEEPINGS = 3;
/** Without the WS fills stream, REST userFills this often. */
const REST_FILLS_EVERY_MS = 5_000;

/**
 * What the housekeeper needs to start info requests and hand their answers to the loop as events.
 */
export interface HousekeeperDeps {
  readonly info: InfoApi;
  /** No account (dry run without a key): nothing to do. */
  readonly user: string | null;
  readonly orders: OrderManager;
  /** True when fills arrive on the WS (no REST userFills polling). */
  readonly wsFills: boolean;
  readonly track: (event: Promise<EngineEvent>) => void;
  readonly signal: AbortSignal;
}

/**
 * Schedules the loop's non-market-data info requests (reconcile, rate limit, fills, order status),
 * one of each kind in flight.
 */
export class Housekeeper {
  readonly #d: HousekeeperDeps;
  #reconcileWanted: string | null = null;
  #reconcileInFlight = false;
  #rateLimitInFlight = false;
  #restFillsInFlight = false;
  #lastRestFillsMs = Number.NEGATIVE_INFINITY;
  #housekeepings = 0;
  readonly #statusInFlight = new Set<Cloid>();
  readonly #statusQueriedMs = new Map<Cloid, number>();

  constructor(deps: HousekeeperDeps) {
    this.#d = deps;
  }

  /** Reconcile as soon as possible; a pending routine reconcile takes the new reason. */
  requestReconcile(reason: string): void {
    if (this.#reconcileWanted === null || this.#reconcileWanted === "housekeeping") {
      this.#reconcileWanted = reason;
    }
  }

  /** An answer (or failure) of a request started here has been applied. */
  settled(e: EngineEvent): void {
    switch (e.type) {
      case "reconciled":
      case "reconcileFailed":
        this.#reconcileInFlight = false;
        return;
      case "rateLimit":
        this.#rateLimitInFlight = false;
        return;
      case "restFills":
        this.#restFillsInFlight = false;
        return;
      case "infoFailed":
        if (e.what === "userRateLimit") this.#rateLimitInFlight = false;
        if (e.what === "userFills") this.#restFillsInFlight = false;
        return;
      case "orderStatus":
        this.#statusInFlight.delete(e.cloid);
        return;
      default:
        return;
    }
  }

  /**
   * Start what is due in loop number `loop`. `streamsLive`: the WS order and fill streams are
   * connected (the routine reconcile and budget sync can be rarer).
   */
  run(now: number, loop: number, housekeepEveryN: number, streamsLive = false): void {
    const { user, info, signal, orders } = this.#d;
    if (loop % housekeepEveryN === 0) {
      const n = this.#housekeepings++;
      const routine = !streamsLive || n % STREAMED_EVERY_N_HOUSEKEEPINGS === 0;
      if (routine) this.requestReconcile("housekeeping");
      orders.prune(now);
      for (const cloid of this.#statusQueriedMs.keys()) {
        if (orders.get(cloid)?.state !== "unknown") this.#statusQueriedMs.delete(cloid);
      }
      if (user && routine && !this.#rateLimitInFlight) {
        this.#rateLimitInFlight = true;
        this.#info("userRateLimit", info.userRateLimit(user, signal), (limit) => ({
          type: "rateLimit",
          limit,
        }));
      }
      if (user && this.#housekeepings % RARE_EVERY_N_HOUSEKEEPINGS === 0) {
        this.#info("meta", info.meta(signal), (assets) => ({ type: "meta", assets }));
      }
    }
    if (!user) return;
    if (
      !this.#d.wsFills && !this.#restFillsInFlight &&
      now - this.#lastRestFillsMs >= REST_FILLS_EVERY_MS
    ) {
      this.#restFillsInFlight = true;
      this.#lastRestFillsMs = now;
      this.#info("userFills", info.userFills(user, signal), (fills) => ({
        type: "restFills",
        fills,
      }));
    }
    if (this.#reconcileWanted !== null && !this.#reconcileInFlight) {
      const reason = this.#reconcileWanted;
      this.#reconcileWanted = null;
      this.#reconcileInFlight = true;
      this.#d.track(
        Promise.all([info.openOrders(user, signal), info.clearinghouseState(user, signal)]).then(
          ([open, account]): EngineEvent => ({
            type: "reconciled",
            reason,
            asOfMs: now,
            open,
            account,
          }),
          (error): EngineEvent => ({ type: "reconcileFailed", reason, error: errorText(error) }),
        ),
      );
    }
    this.#lookUpUnknowns(user, now);
  }

  /** orderStatus by cloid for orders whose outcome is unknown (never a resend). */
  #lookUpUnknowns(user: string, now: number): void {
    let started = 0;
    for (const cloid of this.#d.orders.unknownCloids()) {
      if (started >= STATUS_LOOKUPS_PER_LOOP) break;
      if (this.#statusInFlight.has(cloid)) continue;
      const last = this.#statusQueriedMs.get(cloid);
      if (last !== undefined && now - last < STATUS_LOOKUP_SPACING_MS) continue;
      started++;
      this.#statusInFlight.add(cloid);
      this.#statusQueriedMs.set(cloid, now);
      this.#d.track(
        this.#d.info.orderStatus(user, cloid, this.#d.signal).then(
          (result): EngineEvent => ({ type: "orderStatus", cloid, result }),
          (error): EngineEvent => ({
            type: "orderStatus",
            cloid,
            result: null,
            error: errorText(error),
          }),
        ),
      );
    }
  }

  #info<T>(what: string, p: Promise<T>, toEvent: (value: T) => EngineEvent): void {
    this.#d.track(p.then(toEvent, (error): EngineEvent => ({
      type: "infoFailed",
      what,
      error: errorText(error),
    })));
  }
}

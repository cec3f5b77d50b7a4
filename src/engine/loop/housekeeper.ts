/**
 * The info requests the loop starts besides market data: reconcile (openOrders +
 * clearinghouseState) on demand (WS reconnect, halt) and routinely, userRateLimit (the address
 * budget), meta rarely (to notice changed trading rules), REST userFills when there is no WS
 * fills stream, and orderStatus lookups of orders whose outcome is unknown. At most one of each
 * kind in flight. It only decides: the shell starts the requests it returns, and their answers come
 * back as engine events, which `settled` is told about.
 *
 * REST weight: openOrders and userRateLimit weigh 20 each. While the WS user streams are live,
 * `orderUpdates` keeps the order state and the address budget is charged locally, so the routine
 * reconcile and the budget sync run every `STREAMED_EVERY_N_HOUSEKEEPINGS`-th housekeeping only
 * (every minute with the defaults); without live streams, every housekeeping.
 */
import type { Cloid } from "../../core/types.ts";
import type { OrderManager } from "../orders/order_manager.ts";
import type { InfoRequest } from "./engine_commands.ts";
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

/** Whose account to look after, and whether fills arrive on the WS. */
export interface HousekeeperOptions {
  /** No account (dry run without a key): nothing to do. */
  readonly user: string | null;
  /** True when fills arrive on the WS (no REST userFills polling). */
  readonly wsFills: boolean;
}

/**
 * Decides the loop's non-market-data info requests (reconcile, rate limit, fills, order status),
 * one of each kind in flight. Pure scheduling: it returns the requests; the shell starts them.
 */
export class Housekeeper {
  readonly #o: HousekeeperOptions;
  #reconcileWanted: string | null = null;
  #reconcileInFlight = false;
  #rateLimitInFlight = false;
  #restFillsInFlight = false;
  #lastRestFillsMs = Number.NEGATIVE_INFINITY;
  #housekeepings = 0;
  readonly #statusInFlight = new Set<Cloid>();
  readonly #statusQueriedMs = new Map<Cloid, number>();

  constructor(options: HousekeeperOptions) {
    this.#o = options;
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
   * The requests due in loop number `loop` (`orders`: read for unknown outcomes). `streamsLive`:
   * the WS order and fill streams are connected (the routine reconcile and budget sync can be
   * rarer).
   */
  run(
    now: number,
    loop: number,
    housekeepEveryN: number,
    orders: OrderManager,
    streamsLive = false,
  ): InfoRequest[] {
    const { user } = this.#o;
    const out: InfoRequest[] = [];
    if (loop % housekeepEveryN === 0) {
      const n = this.#housekeepings++;
      const routine = !streamsLive || n % STREAMED_EVERY_N_HOUSEKEEPINGS === 0;
      if (routine) this.requestReconcile("housekeeping");
      for (const cloid of this.#statusQueriedMs.keys()) {
        if (orders.get(cloid)?.state !== "unknown") this.#statusQueriedMs.delete(cloid);
      }
      if (user && routine && !this.#rateLimitInFlight) {
        this.#rateLimitInFlight = true;
        out.push({ what: "userRateLimit" });
      }
      if (user && this.#housekeepings % RARE_EVERY_N_HOUSEKEEPINGS === 0) {
        out.push({ what: "meta" });
      }
    }
    if (!user) return out;
    if (
      !this.#o.wsFills && !this.#restFillsInFlight &&
      now - this.#lastRestFillsMs >= REST_FILLS_EVERY_MS
    ) {
      this.#restFillsInFlight = true;
      this.#lastRestFillsMs = now;
      out.push({ what: "userFills" });
    }
    if (this.#reconcileWanted !== null && !this.#reconcileInFlight) {
      const reason = this.#reconcileWanted;
      this.#reconcileWanted = null;
      this.#reconcileInFlight = true;
      out.push({ what: "reconcile", reason, asOfMs: now });
    }
    this.#lookUpUnknowns(orders, now, out);
    return out;
  }

  /** orderStatus by cloid for orders whose outcome is unknown (never a resend). */
  #lookUpUnknowns(orders: OrderManager, now: number, out: InfoRequest[]): void {
    let started = 0;
    for (const cloid of orders.unknownCloids()) {
      if (started >= STATUS_LOOKUPS_PER_LOOP) break;
      if (this.#statusInFlight.has(cloid)) continue;
      const last = this.#statusQueriedMs.get(cloid);
      if (last !== undefined && now - last < STATUS_LOOKUP_SPACING_MS) continue;
      started++;
      this.#statusInFlight.add(cloid);
      this.#statusQueriedMs.set(cloid, now);
      out.push({ what: "orderStatus", cloid });
    }
  }
}

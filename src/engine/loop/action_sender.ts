/**
 * Sends the loop's planned actions: records them in the order manager as sent, charges the
 * address budget and the counters, hands them to the exchange port and returns at once; the
 * answer comes back later as an event. In a dry run it logs the action instead and answers it
 * at once as accepted (a paper book without fills).
 */
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/log.ts";
import type { AddressBudget, ExchangeApi } from "../../core/ports.ts";
import type { OrderManager } from "../orders/order_manager.ts";
import { actionItems, type PlannedAction } from "./action_plan.ts";
import type { OrderTrace } from "./engine_deps.ts";
import type { EngineEvent } from "./engine_events.ts";
import type { EngineStats, OrderKind } from "./engine_stats.ts";

/**
 * What the sender needs: where to record sent orders, the counters and budget to charge, and
 * `track` to queue answers as events.
 */
export interface ActionSenderDeps {
  readonly orders: OrderManager;
  readonly stats: EngineStats;
  readonly addressBudget: AddressBudget;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onOrderTrace?: (trace: OrderTrace) => void;
  /** The write time of the action just handed over (see EngineDeps.actionWritten). */
  readonly actionWritten?: () => Promise<number> | null;
  /** Keep the answer's promise and queue its event when it settles. */
  readonly track: (event: Promise<EngineEvent>) => void;
  readonly signal: AbortSignal;
}

/** The message of a thrown value, for logs and outcome reasons. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const unknown = (error: unknown) => ({ kind: "unknown" as const, reason: errorText(error) });

/** Sends planned actions without awaiting them; their answers come back as engine events. */
export class ActionSender {
  readonly #d: ActionSenderDeps;
  #dryOid = 1;

  constructor(deps: ActionSenderDeps) {
    this.#d = deps;
  }

  /** Count an action of `items` items (also for actions sent outside `send`). */
  charge(kind: OrderKind | "schedule", items: number): void {
    const s = this.#d.stats;
    if (kind !== "schedule") {
      s.actions++;
      s.batchSize.observe(items);
      s.sent[kind] += items;
    }
    this.#d.addressBudget.charge(items);
  }

  /**
   * Send `a` through `exchange` (null: dry run). `ticked` maps the coins that got new market
   * data since the previous loop to the monotonic time it arrived (tick-to-order latency).
   */
  send(
    a: PlannedAction,
    exchange: ExchangeApi | null,
    now: number,
    ticked: ReadonlyMap<string, number>,
  ): void {
    if (!exchange) return this.#dryRun(a, now);
    const { orders, signal } = this.#d;
    this.charge(a.kind, actionItems(a));
    let event: Promise<EngineEvent>;
    let coins: string[];
    switch (a.kind) {
      case "place":
        orders.placeSent(a.places, now);
        coins = a.places.map((p) => p.intent.coin);
        event = exchange.placeOrders(a.places.map((p) => p.intent), signal).then(
          (outcomes): EngineEvent => ({ type: "placed", places: a.places, outcomes }),
          (error): EngineEvent => ({
            type: "placed",
            places: a.places,
            outcomes: a.places.map(() => unknown(error)),
          }),
        );
        break;
      case "modify":
        orders.modifySent(a.modifies, now);
        coins = a.modifies.map((m) => m.modify.order.coin);
        event = exchange.modifyOrders(a.modifies.map((m) => m.modify), signal).then(
          (outcomes): EngineEvent => ({ type: "modified", modifies: a.modifies, outcomes }),
          (error): EngineEvent => ({
            type: "modified",
            modifies: a.modifies,
            outcomes: a.modifies.map(() => unknown(error)),
          }),
        );
        break;
      case "cancel":
        coins = a.cancels.map((c) => orders.get(c.cloid)?.coin ?? "");
        orders.cancelSent(a.cancels, now);
        event = exchange.cancelByCloid(a.cancels.map((c) => c.cancel), signal).then(
          (outcomes): EngineEvent => ({ type: "canceled", cancels: a.cancels, outcomes }),
          (error): EngineEvent => ({
            type: "canceled",
            cancels: a.cancels,
            outcomes: a.cancels.map(() => unknown(error)),
          }),
        );
        break;
    }
    const tickCoins = [...new Set(coins)].filter((c) => ticked.has(c));
    const written = this.#d.actionWritten?.() ?? null;
    if (tickCoins.length > 0) {
      // Metrics only (no trading state): recorded when the request is written.
      const record = (writtenMonoMs: number) => {
        for (const coin of tickCoins) {
          const tick = ticked.get(coin) ?? writtenMonoMs;
          this.#d.stats.tickToOrder.observe(writtenMonoMs - tick);
          this.#d.onOrderTrace?.({
            tickReceivedMonoMs: tick,
            writtenMonoMs,
            coin,
            kind: a.kind,
          });
        }
      };
      if (written) void written.then(record);
      else record(this.#d.clock.monoMs());
    }
    this.#d.track(event);
  }

  #dryRun(a: PlannedAction, now: number): void {
    const { orders, logger } = this.#d;
    switch (a.kind) {
      case "place":
        logger.info("dry run: would place", {
          orders: a.places.map((p) => ({
            coin: p.intent.coin,
            side: p.intent.side,
            px: p.intent.px,
            sz: p.intent.sz,
          })),
        });
        orders.placeSent(a.places, now);
        orders.placeOutcomes(
          a.places,
          a.places.map((p) => ({ kind: "resting", oid: this.#dryOid++, cloid: p.intent.cloid })),
          now,
        );
        return;
      case "modify":
        logger.info("dry run: would modify", {
          orders: a.modifies.map((m) => ({
            coin: m.modify.order.coin,
            side: m.modify.order.side,
            px: m.modify.order.px,
            sz: m.modify.order.sz,
          })),
        });
        orders.modifySent(a.modifies, now);
        orders.modifyOutcomes(
          a.modifies,
          a.modifies.map((m) => ({
            kind: "resting",
            oid: this.#dryOid++,
            cloid: m.modify.order.cloid,
          })),
          now,
        );
        return;
      case "cancel":
        logger.info("dry run: would cancel", { cloids: a.cancels.map((c) => c.cloid) });
        orders.cancelSent(a.cancels, now);
        orders.cancelOutcomes(a.cancels, a.cancels.map(() => ({ kind: "success" })), now);
        return;
    }
  }
}

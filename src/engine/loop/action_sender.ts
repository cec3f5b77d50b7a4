/**
 * Hands the decided actions to the exchange port and returns at once; the answer comes back later
 * as an event. The decision has already recorded them as sent (orders, counters, budget). It also
 * records tick-to-order latency when the request is written. In a dry run it logs the action
 * instead and answers it at once as accepted (a paper book without fills).
 */
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/log.ts";
import type { ExchangeApi } from "../../core/ports.ts";
import type { OrderIntent, OrderOutcome } from "../../core/types.ts";
import type { PlannedAction } from "./action_plan.ts";
import type { OrderTrace } from "./engine_deps.ts";
import type { EngineEvent } from "./engine_events.ts";
import type { EngineStats } from "./engine_stats.ts";

/** What the sender needs: the counters, `track` to queue answers, `answerNow` for a dry run. */
export interface ActionSenderDeps {
  readonly stats: EngineStats;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onOrderTrace?: (trace: OrderTrace) => void;
  /** The write time of the action just handed over (see EngineDeps.actionWritten). */
  readonly actionWritten?: () => Promise<number> | null;
  /** Keep the answer's promise and queue its event when it settles. */
  readonly track: (event: Promise<EngineEvent>) => void;
  /** Apply an answer at once (a dry run's paper answer). */
  readonly answerNow: (event: EngineEvent) => void;
  readonly signal: AbortSignal;
}

/** The message of a thrown value, for logs and outcome reasons. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The outcome of a request that failed without an answer: it may or may not have landed. */
export const unknownOutcome = (error: unknown) => ({
  kind: "unknown" as const,
  reason: errorText(error),
});

/** Sends decided actions without awaiting them; their answers come back as engine events. */
export class ActionSender {
  readonly #d: ActionSenderDeps;
  #dryOid = 1;

  constructor(deps: ActionSenderDeps) {
    this.#d = deps;
  }

  /**
   * Send `a` through `exchange` (null: dry run). `tickCoins` maps the coins whose new market data
   * caused it to the monotonic time that data arrived (tick-to-order latency).
   */
  send(a: PlannedAction, exchange: ExchangeApi | null, tickCoins: ReadonlyMap<string, number>) {
    if (!exchange) return this.#dryRun(a);
    const { signal } = this.#d;
    let event: Promise<EngineEvent>;
    switch (a.kind) {
      case "place":
        event = exchange.placeOrders(a.places.map((p) => p.intent), signal).then(
          (outcomes): EngineEvent => ({ type: "placed", places: a.places, outcomes }),
          (error): EngineEvent => ({
            type: "placed",
            places: a.places,
            outcomes: a.places.map(() => unknownOutcome(error)),
          }),
        );
        break;
      case "modify":
        event = exchange.modifyOrders(a.modifies.map((m) => m.modify), signal).then(
          (outcomes): EngineEvent => ({ type: "modified", modifies: a.modifies, outcomes }),
          (error): EngineEvent => ({
            type: "modified",
            modifies: a.modifies,
            outcomes: a.modifies.map(() => unknownOutcome(error)),
          }),
        );
        break;
      case "cancel":
        event = exchange.cancelByCloid(a.cancels.map((c) => c.cancel), signal).then(
          (outcomes): EngineEvent => ({ type: "canceled", cancels: a.cancels, outcomes }),
          (error): EngineEvent => ({
            type: "canceled",
            cancels: a.cancels,
            outcomes: a.cancels.map(() => unknownOutcome(error)),
          }),
        );
        break;
    }
    const written = this.#d.actionWritten?.() ?? null;
    if (tickCoins.size > 0) {
      // Metrics only (no trading state): recorded when the request is written.
      const record = (writtenMonoMs: number) => {
        for (const [coin, tick] of tickCoins) {
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

  #dryRun(a: PlannedAction): void {
    const { logger, answerNow } = this.#d;
    switch (a.kind) {
      case "place":
        return answerNow({
          type: "placed",
          places: a.places,
          outcomes: this.#dryRest("place", a.places.map((p) => p.intent)),
        });
      case "modify":
        return answerNow({
          type: "modified",
          modifies: a.modifies,
          outcomes: this.#dryRest("modify", a.modifies.map((m) => m.modify.order)),
        });
      case "cancel":
        logger.info("dry run: would cancel", { cloids: a.cancels.map((c) => c.cloid) });
        return answerNow({
          type: "canceled",
          cancels: a.cancels,
          outcomes: a.cancels.map(() => ({ kind: "success" })),
        });
    }
  }

  /** Log the orders a dry run would `verb` and answer each as resting under a paper oid. */
  #dryRest(verb: "place" | "modify", orders: readonly OrderIntent[]): OrderOutcome[] {
    this.#d.logger.info(`dry run: would ${verb}`, {
      orders: orders.map((o) => ({ coin: o.coin, side: o.side, px: o.px, sz: o.sz })),
    });
    return orders.map((o) => ({ kind: "resting", oid: this.#dryOid++, cloid: o.cloid }));
  }
}

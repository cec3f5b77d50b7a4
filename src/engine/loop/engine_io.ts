/**
 * The engine's I/O: runs the commands of the pure steps (logs, info requests, order actions,
 * orphan cancels, the dead-man's switch), keeps every request's promise until it settles and
 * queues its answer as an event. It never changes the engine's state itself.
 */
import type { LogFields } from "../../core/log.ts";
import type { ExchangeApi } from "../../core/ports.ts";
import type { ActionOutcome } from "../../core/types.ts";
import { delay } from "../../util/async.ts";
import { ActionSender, errorText, unknownOutcome } from "./action_sender.ts";
import type { EngineCommand, InfoRequest, OrderVia } from "./engine_commands.ts";
import type { EngineDeps } from "./engine_deps.ts";
import type { EngineEvent } from "./engine_events.ts";
import type { EngineStats } from "./engine_stats.ts";
import { EventLog } from "./event_log.ts";
import type { OrderRoute } from "./order_route.ts";

/** Recent warnings and errors kept for the view. */
const RECENT_EVENTS = 50;

/** The runner's ways back into the engine. */
export interface EngineCallbacks {
  /** Queue an answer (the only way back into the engine). */
  readonly enqueue: (event: EngineEvent) => void;
  /** Apply an answer at once (dry run); runs the commands it returns. */
  readonly answerNow: (event: EngineEvent) => void;
  /** The status line's fields. */
  readonly status: () => LogFields;
  /** Decide again in `waitMs` (a held decision). */
  readonly hold: (waitMs: number) => void;
}

/** What the runner is wired to, and its callbacks into the engine. */
export interface EngineIoOptions extends EngineCallbacks {
  readonly deps: EngineDeps;
  readonly stats: EngineStats;
  /** Times the WS order path's posts (the route's health). */
  readonly route: OrderRoute;
  /** True when orders use the WS post path while healthy (see EngineSettings.wsOrders). */
  readonly wsOrders: boolean;
}

/** Runs commands; see the module comment. */
export class EngineIo {
  readonly #o: EngineIoOptions;
  readonly events: EventLog;
  /** Order actions and everything else: aborted last at shutdown. */
  readonly abort = new AbortController();
  /** Reads (books, housekeeping): aborted first at shutdown, nothing waits on them. */
  readonly readsAbort = new AbortController();
  readonly #inflight = new Set<Promise<void>>();
  readonly #sender: ActionSender;
  /** The WS exchange, timed by the route (null: orders are not on the WS). */
  readonly #wsExchange: ExchangeApi | null;

  constructor(o: EngineIoOptions) {
    this.#o = o;
    const d = o.deps;
    this.events = new EventLog(d.logger, d.clock, RECENT_EVENTS);
    this.#wsExchange = o.wsOrders && d.exchange ? o.route.track(d.exchange) : null;
    this.#sender = new ActionSender({
      stats: o.stats,
      clock: d.clock,
      logger: d.logger,
      ...(d.onOrderTrace ? { onOrderTrace: d.onOrderTrace } : {}),
      ...(d.actionWritten ? { actionWritten: d.actionWritten } : {}),
      track: (event) => this.track(event),
      answerNow: o.answerNow,
      signal: this.abort.signal,
    });
  }

  /** The exchange of order path `via`. */
  exchange(via: OrderVia): ExchangeApi {
    const d = this.#o.deps;
    if (via === "ws" && this.#wsExchange) return this.#wsExchange;
    if (via === "primary" && d.exchange) return d.exchange;
    return this.restExchange();
  }

  /** REST orders (the final cancels; the WS path's fallback). */
  restExchange(): ExchangeApi {
    const d = this.#o.deps;
    const ex = d.exchangeRest ?? d.exchange;
    if (!ex) throw new Error("no exchange in a dry run");
    return ex;
  }

  /** Run `commands` in order; halt acks are collected into `acks` (answered after the turn). */
  run(commands: readonly EngineCommand[], acks: (() => void)[]): void {
    for (const c of commands) this.#run(c, acks);
  }

  #run(c: EngineCommand, acks: (() => void)[]): void {
    const d = this.#o.deps;
    switch (c.type) {
      case "log": {
        const fields = c.fields ?? {};
        if (c.onceKey !== undefined) return this.events.warnOnce(c.onceKey, c.msg, fields);
        if (c.throttleKey !== undefined) {
          return this.events.warnThrottled(c.throttleKey, c.msg, fields);
        }
        if (c.level === "warn") return this.events.warn(c.msg, fields);
        if (c.level === "error") return this.events.error(c.msg, fields);
        return d.logger[c.level](c.msg, fields);
      }
      case "info":
        return this.#info(c.request);
      case "send":
        return this.#sender.send(
          c.action,
          c.via === null ? null : this.exchange(c.via),
          c.tickCoins,
        );
      case "cancelOrphans": {
        const { orders } = c;
        return this.track(
          this.exchange(c.via).cancelByOid(c.cancels, this.abort.signal).then(
            (outcomes): EngineEvent => ({ type: "orphansCanceled", orders, outcomes }),
            (error): EngineEvent => ({
              type: "orphansCanceled",
              orders,
              outcomes: orders.map(() => unknownOutcome(error)),
            }),
          ),
        );
      }
      case "scheduleCancel": {
        const { timeMs } = c;
        return this.#answer(
          this.exchange(c.via).scheduleCancel(timeMs, this.abort.signal),
          (outcome) => ({ type: "scheduleCancel", timeMs, outcome }),
        );
      }
      case "reserveWeight": {
        const { requests } = c;
        return this.#answer(
          this.exchange(c.via).reserveRequestWeight(requests, this.abort.signal),
          (outcome) => ({ type: "reserved", requests, outcome }),
        );
      }
      case "ack":
        acks.push(c.ack);
        return;
      case "status":
        return d.logger.info("status", this.#o.status());
      case "hold":
        return this.#o.hold(c.waitMs);
    }
  }

  /** Keep an action's request until it settles; a failed one is answered as an unknown outcome. */
  #answer(request: Promise<ActionOutcome>, event: (outcome: ActionOutcome) => EngineEvent): void {
    this.track(request.then(event, (error) => event(unknownOutcome(error))));
  }

  #info(r: InfoRequest): void {
    const d = this.#o.deps;
    const { info, clock } = d;
    const signal = this.readsAbort.signal;
    const failed = (what: string) => (error: unknown): EngineEvent => ({
      type: "infoFailed",
      what,
      error: errorText(error),
    });
    if (r.what === "l2Book") {
      const { coin } = r;
      const sentMonoMs = clock.monoMs();
      return this.track(
        info.l2Book(coin, signal).then(
          (book): EngineEvent => ({
            type: "restBook",
            coin,
            book,
            monoMs: clock.monoMs(),
            sentMonoMs,
          }),
          (error): EngineEvent => ({
            type: "restBook",
            coin,
            book: null,
            error: errorText(error),
            monoMs: clock.monoMs(),
            sentMonoMs,
          }),
        ),
      );
    }
    const user = d.user;
    if (user === null) return;
    switch (r.what) {
      case "userRateLimit":
        return this.track(
          info.userRateLimit(user, signal).then(
            (limit): EngineEvent => ({ type: "rateLimit", limit }),
            failed(r.what),
          ),
        );
      case "meta":
        return this.track(
          info.meta(signal).then(
            (assets): EngineEvent => ({ type: "meta", assets }),
            failed(r.what),
          ),
        );
      case "userFills":
        return this.track(
          info.userFills(user, signal).then(
            (fills): EngineEvent => ({ type: "restFills", fills }),
            failed(r.what),
          ),
        );
      case "reconcile": {
        const { reason, asOfMs } = r;
        return this.track(
          Promise.all([info.openOrders(user, signal), info.clearinghouseState(user, signal)]).then(
            ([open, account]): EngineEvent => ({
              type: "reconciled",
              reason,
              asOfMs,
              open,
              account,
            }),
            (error): EngineEvent => ({ type: "reconcileFailed", reason, error: errorText(error) }),
          ),
        );
      }
      case "orderStatus": {
        const { cloid } = r;
        return this.track(
          info.orderStatus(user, cloid, signal).then(
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
  }

  /** Keep a request's promise until it settles, then queue its event. */
  track(p: Promise<EngineEvent | null>): void {
    const tracked: Promise<void> = p.then((event) => {
      if (event) this.#o.enqueue(event);
    }).catch((error) => {
      this.#o.deps.logger.error("internal: request handler failed", { error: errorText(error) });
    }).finally(() => {
      this.#inflight.delete(tracked);
    });
    this.#inflight.add(tracked);
  }

  /** Wait until the requests in flight settled, at most `ms`. */
  async settle(ms: number): Promise<void> {
    const timer = new AbortController();
    await Promise.race([
      Promise.allSettled([...this.#inflight]),
      delay(ms, { signal: timer.signal }).catch(() => {}),
    ]);
    timer.abort();
  }
}

/**
 * The engine's shell: one owner of all trading state (`EngineState`), deciding on information, not
 * on a timer. Every event (a market-data frame, a fill, an order update, an answer, an operator
 * command) is queued and schedules a decision for right after the current burst of I/O (a
 * `setImmediate` macrotask: frames that arrived together are decided once, latest data wins).
 *
 * A turn applies the queued events (`applyEvent`, apply_event.ts), decides (`decide`, decide.ts:
 * risk, quotes, diff, plan) and runs the commands they return (engine_io.ts: logs, requests,
 * actions, batched one per kind). Those steps are pure: only this shell calls them, and only they
 * change the state. When the WS message budget or the in-flight gate would make an order post
 * wait, the decision sends nothing and the shell decides again when the posts would go out:
 * changes coalesce, nothing queues behind stale prices.
 *
 * `loopMs` is the heartbeat (`step()`): a decision plus the timed chores (heartbeat.ts): market
 * data planning and REST books before it; housekeeping, unknown-outcome lookups, the dead-man's
 * switch and status lines after it. Start and shutdown are in engine_lifecycle.ts. Callbacks never
 * touch state: they push events into the queue.
 */
import type { BotConfig } from "../../core/config.ts";
import type {
  EngineControl,
  EngineSnapshot,
  EngineView,
  PatchResult,
} from "../../core/engine_view.ts";
import type { LogFields } from "../../core/log.ts";
import { setImmediate } from "node:timers";
import { delay } from "../../util/async.ts";
import type { OrderManager } from "../orders/order_manager.ts";
import type { PositionTracker } from "../orders/position_tracker.ts";
import type { RiskState } from "../risk/risk_state.ts";
import { applyEvent } from "./apply_event.ts";
import { decide, type DecisionInputs } from "./decide.ts";
import type { EngineCommand } from "./engine_commands.ts";
import type { EngineDeps } from "./engine_deps.ts";
import type { EngineEvent } from "./engine_events.ts";
import { EngineIo } from "./engine_io.ts";
import {
  type LifecycleContext,
  shutdownEngine,
  type ShutdownResult,
  startEngine,
} from "./engine_lifecycle.ts";
import { engineSnapshot } from "./engine_snapshot.ts";
import { createEngineState, type EngineState } from "./engine_state.ts";
import type { EngineStats } from "./engine_stats.ts";
import { chores, planMarketData } from "./heartbeat.ts";
import { statusFields } from "./status_fields.ts";

export type { ShutdownResult } from "./engine_lifecycle.ts";

/** The trading engine: queues events, decides on them, and runs the heartbeat every `loopMs`. */
export class Engine {
  readonly #d: EngineDeps;
  readonly #state: EngineState;
  readonly #io: EngineIo;
  readonly #life: LifecycleContext;
  /** The newest accepted config (patches land here first, then in the state via the queue). */
  #latestConfig: BotConfig;
  #queue: EngineEvent[] = [];
  #acks: (() => void)[] = [];
  #lastLoopEndMs: number | null = null;
  #stopping = false;
  #feedRun: Promise<void> = Promise.resolve();
  /** Runs a decision after the current burst of I/O (replaceable for a virtual clock). */
  readonly #scheduleDecision: (run: () => void) => void;
  #decisionPending = false;
  /** Decisions start with the first heartbeat (after `start()`: positions and books synced). */
  #live = false;
  /** Wakes a decision held back by the WS message budget or in-flight gate. */
  #holdTimer: ReturnType<typeof setTimeout> | undefined;

  readonly view: EngineView;
  readonly control: EngineControl;

  constructor(deps: EngineDeps) {
    this.#d = deps;
    this.#latestConfig = deps.config;
    const wsOrders = deps.config.orderTransport === "ws" && deps.feed !== null &&
      deps.exchange !== null && (deps.exchangeRest ?? null) !== null &&
      deps.exchangeRest !== deps.exchange;
    this.#state = createEngineState({
      assets: deps.assets,
      cloids: deps.cloids,
      budget: deps.addressBudget,
      hasExchange: deps.exchange !== null,
      wsOrders,
      primaryIsRest: (deps.exchangeRest ?? deps.exchange) === deps.exchange,
      lossBaselineUsd: deps.lossBaselineUsd ?? null,
    }, {
      config: deps.config,
      nowMs: deps.clock.nowMs(),
      monoMs: () => deps.clock.monoMs(),
      feedUsed: deps.feed !== null,
      user: deps.user,
      restCapacityPerMin: deps.limiter.capacityPerMin,
      l2BookWeight: deps.weights.info("l2Book"),
    });
    this.#state.last429 = deps.meters.http429();
    this.#io = new EngineIo({
      deps,
      stats: this.#state.stats,
      route: this.#state.route,
      wsOrders,
      enqueue: (e) => this.enqueue(e),
      answerNow: (e) => this.#apply(e),
      status: () => this.statusFields(),
      hold: (waitMs) => this.#hold(waitMs),
    });
    this.#scheduleDecision = deps.scheduleDecision ?? ((run) => void setImmediate(run));
    this.#life = {
      deps,
      state: this.#state,
      io: this.#io,
      apply: (e) => this.#apply(e),
      run: (commands) => this.#run(commands),
      enqueue: (e) => this.enqueue(e),
      drain: () => this.#drain(),
      decisionInputs: () => this.#decisionInputs(),
    };
    this.view = { snapshot: () => this.snapshot() };
    this.control = {
      halt: (reason, signal) => this.#halt(reason, signal),
      resume: () => this.enqueue({ type: "resume" }),
      patchQuoting: (patch) => this.#patch(patch),
      effectiveConfig: () => deps.configCodec.toFile(this.#latestConfig),
    };
  }

  get orders(): OrderManager {
    return this.#state.orders;
  }

  get positions(): PositionTracker {
    return this.#state.positions;
  }

  get risk(): RiskState {
    return this.#state.risk;
  }

  get stats(): EngineStats {
    return this.#state.stats;
  }

  /** Address-budget requests charged so far (read from the budget, its one owner). */
  get addressCharged(): number {
    return this.#d.addressBudget.charged;
  }

  /**
   * Push an event (the only way in from callbacks) and schedule a decision for right after the
   * current burst of I/O: events arriving together are decided once.
   */
  enqueue(event: EngineEvent): void {
    this.#queue.push(event);
    this.#requestDecision();
  }

  #requestDecision(): void {
    if (this.#decisionPending || this.#stopping) return;
    this.#decisionPending = true;
    this.#scheduleDecision(() => {
      this.#decisionPending = false;
      this.decide();
    });
  }

  /** See engine_lifecycle.ts. */
  async start(): Promise<void> {
    this.#feedRun = (await startEngine(this.#life)).feedRun;
  }

  /** Run `step()` every loopMs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const clock = this.#d.clock;
    let next = clock.monoMs();
    while (!signal.aborted && !this.#stopping) {
      this.step();
      next += this.#state.config.loopMs;
      const now = clock.monoMs();
      if (next < now) next = now; // overran: do not try to catch up
      try {
        await delay(next - now, { signal });
      } catch {
        break;
      }
    }
  }

  /**
   * Decide now on what the queued events changed (synchronous: answers come back through the
   * queue). No-op before the first heartbeat and once stopping.
   */
  decide(): void {
    if (!this.#live || this.#stopping) return;
    this.#state.stats.decisions++;
    this.#turn(false);
  }

  /** One heartbeat (synchronous): a decision plus the timed chores. */
  step(): void {
    this.#live = true;
    this.#state.stats.loops++;
    this.#turn(true);
    this.#lastLoopEndMs = this.#d.clock.nowMs();
  }

  #turn(heartbeat: boolean): void {
    const { clock, limiter } = this.#d;
    const state = this.#state;
    const t0 = clock.monoMs();
    const now = clock.nowMs();
    state.own = null;
    if (heartbeat) state.dirty = null;
    this.#drain(now);
    if (!this.#stopping) {
      if (heartbeat) {
        this.#run(planMarketData(state, { restUsedLastMinute: limiter.usedLastMinute() }, now));
      }
      this.#run(decide(state, this.#decisionInputs(), now));
      if (heartbeat) this.#run(chores(state, now));
    }
    state.dirty = new Set();
    for (const ack of this.#acks.splice(0)) ack();
    const duration = heartbeat ? state.stats.loopDuration : state.stats.decisionDuration;
    duration.observe(clock.monoMs() - t0);
  }

  #decisionInputs(): DecisionInputs {
    const d = this.#d;
    const feed = d.feed;
    const status = feed?.status();
    return {
      http429: d.meters.http429(),
      restBlockedForMs: d.limiter.blockedForMs?.() ?? 0,
      feed: status
        ? { connected: status.connected, lastFrameAgeMs: status.lastFrameAgeMs ?? null }
        : null,
      postReadyInMs: (n) => feed?.postReadyInMs?.(n) ?? 0,
    };
  }

  #drain(now = this.#d.clock.nowMs()): void {
    const events = this.#queue;
    this.#queue = [];
    for (const e of events) this.#run(applyEvent(this.#state, e, now));
  }

  #apply(e: EngineEvent): void {
    this.#run(applyEvent(this.#state, e, this.#d.clock.nowMs()));
  }

  #run(commands: readonly EngineCommand[]): void {
    this.#io.run(commands, this.#acks);
  }

  /** Decide again in `waitMs` (one timer at a time). */
  #hold(waitMs: number): void {
    if (this.#holdTimer !== undefined) return;
    this.#holdTimer = setTimeout(() => {
      this.#holdTimer = undefined;
      this.#requestDecision();
    }, Math.max(1, Math.ceil(waitMs)));
  }

  /** The fields of a status line (also the final summary). */
  statusFields(): LogFields {
    return statusFields(this.snapshot());
  }

  snapshot(): EngineSnapshot {
    const d = this.#d;
    return engineSnapshot(this.#state, {
      nowMs: d.clock.nowMs(),
      lastLoopEndMs: this.#lastLoopEndMs,
      feed: d.feed?.status() ?? null,
      meters: d.meters,
      limiter: d.limiter,
      wsCapacityPerMin: d.wsCapacityPerMin,
      recentEvents: this.#io.events.recent(),
    });
  }

  async #halt(reason: string, signal: AbortSignal): Promise<void> {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return Promise.reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    this.enqueue({ type: "halt", reason, ack: resolve });
    try {
      await promise;
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  #patch(patch: unknown): PatchResult {
    const codec = this.#d.configCodec;
    const result = codec.applyQuotingPatch(this.#latestConfig, patch);
    if (!result.ok) return { ok: false, issues: result.issues };
    this.#latestConfig = result.config;
    this.#d.logger.info("quoting patch accepted", { changes: result.changes });
    const coinsForLog = (codec.toFile(result.config) as { coins: unknown }).coins;
    this.enqueue({ type: "config", config: result.config, coinsForLog });
    return { ok: true, effective: codec.toFile(result.config) };
  }

  /** Stop and cancel everything (see engine_lifecycle.ts); the loop must have stopped. */
  shutdown(): Promise<ShutdownResult> {
    this.#stopping = true;
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    return shutdownEngine(this.#life, this.#feedRun);
  }
}

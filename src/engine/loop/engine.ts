/**
 * The engine: one owner of all trading state. It decides on information, not on a timer: every
 * event (a market-data frame, a fill, an order update, an answer, an operator command) is queued
 * and schedules a decision (`decide()`) for right after the current burst of I/O (a `setImmediate`
 * macrotask: frames that arrived together are decided once, latest data wins). A decision applies
 * the queued events, feeds the risk state machine, computes the quotes, diffs them against our
 * live orders and sends the actions (one per kind, batched). When the WS message budget or the
 * in-flight gate would make an order post wait, the decision sends nothing and retries when the
 * post would go out: changes coalesce, nothing queues behind stale prices.
 *
 * `loopMs` is the heartbeat (`step()`): it does what a decision does (so stale data still pulls
 * quotes with no frame) and the timed chores:
 *   1. applies the queued events (feed frames, answers of earlier requests, operator commands),
 *   2. plans market data (WS vs REST fallback/polling) and starts REST book requests,
 *   3. feeds the risk state machine (PnL, positions, rate limits, address budget),
 *   4. computes the desired quotes, diffs them against our live orders and sends the actions
 *      (batched or one per order) without awaiting them: answers come back as events,
 *   5. looks up orders whose outcome is unknown (orderStatus by cloid, never a resend),
 *   6. housekeeping every housekeepEveryN loops (openOrders + clearinghouseState reconcile,
 *      orphan cancels, userRateLimit: rarer while the WS user streams are live; rarely meta, to
 *      notice changed trading rules), the dead-man's switch, status lines.
 * Callbacks never touch state: they push events into the queue.
 */
import type { BotConfig } from "../../core/config.ts";
import type {
  CoinView,
  EngineControl,
  EngineSnapshot,
  EngineView,
  FillView,
  PatchResult,
} from "../../core/engine_view.ts";
import type { LogFields } from "../../core/log.ts";
import type { ExchangeApi, FeedEvent } from "../../core/ports.ts";
import type {
  AccountState,
  AddressRateLimit,
  CancelOutcome,
  ExchangeOrder,
  Fill,
  OrderOutcome,
} from "../../core/types.ts";
import { setImmediate } from "node:timers";
import { delay } from "../../util/async.ts";
import { diffOrders } from "../orders/diff_orders.ts";
import { OrderManager } from "../orders/order_manager.ts";
import { orderFate, type OwnershipRule, sortOpenOrders } from "../orders/order_ownership.ts";
import { PositionTracker } from "../orders/position_tracker.ts";
import { accountPnlOffsetUsd } from "../risk/account_loss.ts";
import {
  type CoinMode,
  coinMode,
  initialRiskState,
  reduceRisk,
  type RiskEvent,
  type RiskState,
} from "../risk/risk_state.ts";
import { computeQuotes, type DesiredQuote } from "../strategy/compute_quotes.ts";
import { fairPrice, type TopOfBook } from "../strategy/fair_price.ts";
import type { LiveOrder } from "../orders/order_types.ts";
import { externalTop } from "./external_top.ts";
import { actionItems, pairIntoModifies, planActions } from "./action_plan.ts";
import { BudgetPacer } from "./budget_pacer.ts";
import { ActionSender, errorText } from "./action_sender.ts";
import { BookCache } from "./book_cache.ts";
import { DeadManSwitch } from "./dead_man_switch.ts";
import type { EngineDeps } from "./engine_deps.ts";
import type { EngineEvent } from "./engine_events.ts";
import { EngineStats, type OrderKind } from "./engine_stats.ts";
import { EventLog } from "./event_log.ts";
import { confirmNoOpenOrders } from "./final_cancel.ts";
import { assetChanges } from "./asset_changes.ts";
import { Housekeeper } from "./housekeeper.ts";
import { statusFields } from "./status_fields.ts";
import { MarketDataPlanner } from "./market_data_planner.ts";
import { actionExpiryMs, unknownWriteOffMs } from "../orders/action_expiry.ts";
import { OrderRoute } from "./order_route.ts";
import { sweepStaleOrders } from "./startup_sweep.ts";
import { withStartupRetry } from "./startup_retry.ts";

const RECENT_MAX = 50;

/** What `shutdown` could confirm about the orders left on the exchange. */
export interface ShutdownResult {
  /** Our open orders left after the final cancels (null: not checked). */
  readonly openOrdersLeft: number | null;
  /**
   * True only when the exchange answered that none of our orders is open (or there is nothing
   * to check: a dry run). "Never answered" is not confirmed.
   */
  readonly confirmed: boolean;
  /** What could not be confirmed, in words (empty when confirmed). */
  readonly unconfirmed: readonly string[];
}

/**
 * The trading loop: owns book, order, position and risk state, and turns queued events into quotes
 * and actions every `loopMs`.
 */
export class Engine {
  readonly #d: EngineDeps;
  #config: BotConfig;
  /** The newest accepted config (patches land here first, then in `#config` via the queue). */
  #latestConfig: BotConfig;
  #queue: EngineEvent[] = [];
  readonly #cache = new BookCache();
  readonly #planner: MarketDataPlanner;
  readonly #orders: OrderManager;
  readonly #positions = new PositionTracker();
  #risk: RiskState = initialRiskState;
  /** Added to the live PnL so the loss limit counts from the account's baseline. */
  #pnlOffsetUsd = 0;
  readonly #stats = new EngineStats();
  readonly #deadMan: DeadManSwitch;
  readonly #abort = new AbortController();
  /** Reads of the loop (books, housekeeping): aborted first at shutdown, nothing waits on them. */
  readonly #readsAbort = new AbortController();
  readonly #inflight = new Set<Promise<void>>();
  readonly #startedAtMs: number;
  #feedConnected = false;
  readonly #coinModes = new Map<string, CoinMode>();
  readonly #seenVersion = new Map<string, number>();
  readonly #housekeeper: Housekeeper;
  #lastStatusMs: number;
  #last429 = 0;
  #addressSynced = false;
  #haltAcks: (() => void)[] = [];
  #wasHalted = false;
  #wasBudgetPaused = false;
  readonly #recentFills: FillView[] = [];
  readonly #events: EventLog;
  readonly #sender: ActionSender;
  readonly #pacer: BudgetPacer;
  #lastLoopEndMs: number | null = null;
  #stopping = false;
  #feedRun: Promise<void> = Promise.resolve();
  /** Where order actions go (WS posts while that path is healthy, else REST). */
  readonly #route: OrderRoute;
  /** The WS exchange, timed by `#route` (null: orders are not on the WS). */
  readonly #wsExchange: ExchangeApi | null;
  #ordersOnWs = true;
  #restBackoffPulled = false;
  /** Our live orders, all and by coin, read once per decision (`#ownOrders`); null: read again. */
  #own: { all: LiveOrder[]; byCoin: Map<string, LiveOrder[]> } | null = null;
  /**
   * Coins whose inputs changed since the last decision (null: all). A frame marks its coin; any
   * other event, and every heartbeat, marks all. Other coins keep their last marks and quotes.
   */
  #dirty: Set<string> | null = null;
  /** Last mid per coin (for the PnL of all coins) and last desired quotes per coin. */
  readonly #marks = new Map<string, number>();
  readonly #desiredByCoin = new Map<string, DesiredQuote[]>();
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
    this.#config = deps.config;
    this.#latestConfig = deps.config;
    this.#startedAtMs = deps.clock.nowMs();
    this.#lastStatusMs = this.#startedAtMs;
    this.#last429 = deps.meters.http429();
    this.#planner = new MarketDataPlanner(
      {
        useWebsocket: deps.config.useWebsocket && deps.feed !== null,
        cacheTtlMs: deps.config.cacheTtlMs,
        loopMs: deps.config.loopMs,
        restCapacityPerMin: deps.limiter.capacityPerMin,
        l2BookWeight: deps.weights.info("l2Book"),
      },
      deps.config.coins.map((c) => c.coin),
    );
    this.#orders = new OrderManager({
      isOurCloid: (c) => deps.cloids.isOurs(c),
      startedAtMs: this.#startedAtMs,
      unknownGraceMs: unknownWriteOffMs(deps.config.requestTimeoutMs),
    });
    this.#route = new OrderRoute({ monoMs: () => deps.clock.monoMs() });
    const wsOrders = deps.config.orderTransport === "ws" && deps.feed !== null &&
      deps.exchange !== null && (deps.exchangeRest ?? null) !== null &&
      deps.exchangeRest !== deps.exchange;
    this.#wsExchange = wsOrders && deps.exchange ? this.#route.track(deps.exchange) : null;
    this.#deadMan = new DeadManSwitch(deps.exchange ? deps.config.deadManSwitchMs : 0);
    this.#scheduleDecision = deps.scheduleDecision ?? ((run) => void setImmediate(run));
    this.#events = new EventLog(deps.logger, deps.clock, RECENT_MAX);
    this.#housekeeper = new Housekeeper({
      info: deps.info,
      user: deps.user,
      orders: this.#orders,
      wsFills: deps.feed !== null,
      track: (event) => this.#track(event),
      signal: this.#readsAbort.signal,
    });
    this.#sender = new ActionSender({
      orders: this.#orders,
      stats: this.#stats,
      addressBudget: deps.addressBudget,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.onOrderTrace ? { onOrderTrace: deps.onOrderTrace } : {}),
      ...(deps.actionWritten ? { actionWritten: deps.actionWritten } : {}),
      track: (event) => this.#track(event),
      signal: this.#abort.signal,
    });
    this.#pacer = new BudgetPacer(deps.addressBudget);
    this.view = { snapshot: () => this.snapshot() };
    this.control = {
      halt: (reason, signal) => this.#halt(reason, signal),
      resume: () => this.enqueue({ type: "resume" }),
      patchQuoting: (patch) => this.#patch(patch),
      effectiveConfig: () => deps.configCodec.toFile(this.#latestConfig),
    };
  }

  get orders(): OrderManager {
    return this.#orders;
  }

  get positions(): PositionTracker {
    return this.#positions;
  }

  get risk(): RiskState {
    return this.#risk;
  }

  get stats(): EngineStats {
    return this.#stats;
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

  // ------------------------------------------------------------------------------------------
  // Startup

  /**
   * First cancel this bot's stale orders (by the ownership rule, `orderFate`) left by earlier runs, then
   * subscribe the feed, load a first REST book of every coin, sync positions and the address
   * budget. Startup requests are retried with backoff (429, 5xx, timeouts).
   */
  async start(): Promise<void> {
    const d = this.#d;
    const signal = this.#abort.signal;
    const coins = this.#config.coins.map((c) => c.coin);
    const retry = <T>(what: string, fn: (signal: AbortSignal) => Promise<T>) =>
      withStartupRetry(what, fn, { signal, logger: d.logger });
    const user = d.user;
    // First, before anything else can fail: take down our orders of an earlier run.
    if (user) {
      const sweep = await sweepStaleOrders({
        info: d.info,
        exchange: d.exchange ? this.#restExchange() : null,
        user,
        isStale: (o) => orderFate(o, this.#ownership()) === "cancel",
        assetId: (coin) => this.#assetId(coin),
        logger: d.logger,
        retry,
        signal,
        onCanceled: (outcomes) => {
          this.#sender.charge("cancel", outcomes.length);
          this.#countOutcomes("cancel", outcomes);
        },
      });
      this.#warnForeign(sortOpenOrders(sweep.open, this.#ownership()).leaveAlone);
    }
    if (d.feed) {
      const feed = d.feed;
      feed.onEvent((event) => this.enqueue({ type: "feed", event, monoMs: d.clock.monoMs() }));
      for (const coin of coins) {
        feed.subscribeBbo(coin);
        feed.subscribeL2Book(coin, { fast: true });
      }
      if (user) {
        feed.subscribeOrderUpdates(user);
        feed.subscribeUserFills(user);
      }
      this.#feedRun = feed.start(signal).catch((error) => {
        if (!signal.aborted) d.logger.error("feed stopped", { error: errorText(error) });
      });
    }
    const books = Promise.all(coins.map(async (coin) => {
      try {
        const sentMonoMs = d.clock.monoMs();
        const book = await d.info.l2Book(coin, signal);
        this.#cache.applyBook(book, d.clock.monoMs(), sentMonoMs);
      } catch (error) {
        d.logger.warn("initial l2Book failed", { coin, error: errorText(error) });
      }
    }));
    if (user) {
      const [account, limit] = await Promise.all([
        retry("clearinghouseState", (s) => d.info.clearinghouseState(user, s)),
        d.info.userRateLimit(user, signal).catch(() => null),
      ]);
      this.#positions.setFromExchange(account.positions, coins, account.timeMs);
      this.#anchorLoss(account, true);
      if (limit) this.#applyRateLimit(limit);
    }
    await books;
  }

  // ------------------------------------------------------------------------------------------
  // Loop

  /** Run `step()` every loopMs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    const clock = this.#d.clock;
    let next = clock.monoMs();
    while (!signal.aborted && !this.#stopping) {
      this.step();
      next += this.#config.loopMs;
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
   * Decide now on what the queued events changed: apply them, feed risk, quote, diff and send
   * (synchronous: answers come back through the queue). No-op before the first heartbeat and
   * once stopping.
   */
  decide(): void {
    if (!this.#live || this.#stopping) return;
    this.#stats.decisions++;
    this.#turn(false);
  }

  /**
   * One heartbeat (synchronous: every request it starts is answered through the queue): a
   * decision plus the timed chores (market-data planning and REST books, housekeeping, the
   * dead-man's switch, status lines).
   */
  step(): void {
    this.#live = true;
    this.#stats.loops++;
    this.#turn(true);
    this.#lastLoopEndMs = this.#d.clock.nowMs();
  }

  /** A decision; with `heartbeat`, the timed chores around it. */
  #turn(heartbeat: boolean): void {
    const clock = this.#d.clock;
    const t0 = clock.monoMs();
    const now = clock.nowMs();
    this.#own = null;
    if (heartbeat) this.#dirty = null;
    this.#drain(now);
    if (!this.#stopping) {
      if (heartbeat) this.#marketData(now);
      this.#feedRisk(now);
      this.#routeOrders(now);
      this.#quote(now);
      if (heartbeat) {
        this.#housekeeper.run(
          now,
          this.#stats.loops,
          this.#config.housekeepEveryN,
          this.#feedConnected,
        );
        this.#deadManSwitch(now);
        this.#statusLine(now);
      }
    }
    this.#dirty = new Set();
    for (const ack of this.#haltAcks.splice(0)) ack();
    const duration = heartbeat ? this.#stats.loopDuration : this.#stats.decisionDuration;
    duration.observe(clock.monoMs() - t0);
  }

  // ------------------------------------------------------------------------------------------
  // Events

  #drain(now: number): void {
    const events = this.#queue;
    this.#queue = [];
    for (const e of events) this.#apply(e, now);
  }

  #apply(e: EngineEvent, now: number): void {
    const d = this.#d;
    this.#housekeeper.settled(e);
    if (e.type === "feed" && (e.event.type === "bbo" || e.event.type === "l2Book")) {
      this.#dirty?.add(e.event.type === "bbo" ? e.event.coin : e.event.book.coin);
    } else if (e.type === "restBook") this.#dirty?.add(e.coin);
    else this.#dirty = null;
    switch (e.type) {
      case "feed":
        return this.#applyFeed(e.event, e.monoMs, now);
      case "restBook":
        this.#planner.finished(e.coin);
        if (e.book) this.#cache.applyBook(e.book, e.monoMs, e.sentMonoMs);
        else {this.#events.warnThrottled(`restBook:${e.coin}`, "REST l2Book failed", {
            coin: e.coin,
            error: e.error,
          });}
        return;
      case "placed":
        this.#orders.placeOutcomes(e.places, e.outcomes, now);
        this.#orderOutcomes("place", e.outcomes, now, e.places.map((p) => p.intent.coin));
        return;
      case "modified":
        this.#orders.modifyOutcomes(e.modifies, e.outcomes, now);
        this.#orderOutcomes("modify", e.outcomes, now, e.modifies.map((m) => m.modify.order.coin));
        return;
      case "canceled":
        this.#orders.cancelOutcomes(e.cancels, e.outcomes, now);
        this.#countOutcomes("cancel", e.outcomes);
        this.#riskEvent({ type: "cancelOutcomes", outcomes: e.outcomes, nowMs: now });
        for (const o of e.outcomes) {
          if (o.kind === "unknown") {
            this.#events.warn("cancel outcome unknown", { reason: o.reason });
          }
        }
        return;
      case "orphansCanceled":
        this.#countOutcomes("cancel", e.outcomes);
        d.logger.info("orphans canceled", {
          oids: e.orders.map((o) => o.oid),
          outcomes: e.outcomes.map((o) => o.kind),
        });
        return;
      case "reconciled":
        return this.#applyReconcile(e.open, e.account, e.asOfMs, e.reason, now);
      case "reconcileFailed":
        this.#events.warnThrottled("reconcile", "reconcile failed", {
          reason: e.reason,
          error: e.error,
        });
        return;
      case "restFills":
        return this.#applyFills(e.fills, true, now);
      case "rateLimit":
        return this.#applyRateLimit(e.limit);
      case "meta": {
        const coins = this.#config.coins.map((c) => c.coin);
        const changes = assetChanges(d.assets, e.assets, coins);
        if (changes.length > 0) {
          this.#events.error(`trading rules changed (${changes.join("; ")}): restart to use them`);
        }
        return;
      }
      case "infoFailed":
        this.#events.warnThrottled(`info:${e.what}`, "info request failed", {
          what: e.what,
          error: e.error,
        });
        return;
      case "orderStatus":
        if (e.result) this.#orders.applyOrderStatus(e.cloid, e.result, now);
        return;
      case "scheduleCancel": {
        const report = this.#deadMan.answered(e.timeMs, e.outcome, now);
        if (report?.level === "warn") this.#events.warn(report.msg, report.fields);
        else if (report) d.logger[report.level](report.msg, report.fields);
        return;
      }
      case "halt":
        this.#riskEvent({ type: "halt", reason: e.reason });
        this.#haltAcks.push(e.ack);
        this.#housekeeper.requestReconcile("halt");
        return;
      case "resume":
        this.#riskEvent({ type: "resume" });
        d.logger.info("resumed by the operator");
        return;
      case "config":
        this.#config = e.config;
        d.logger.info("quoting parameters changed", {
          coins: (d.configCodec.toFile(e.config) as { coins: unknown }).coins,
        });
        return;
    }
  }

  #applyFeed(e: FeedEvent, monoMs: number, now: number): void {
    switch (e.type) {
      case "l2Book":
        return this.#cache.applyBook(e.book, monoMs);
      case "bbo":
        return this.#cache.applyBbo(e, monoMs);
      case "orderUpdates":
        return this.#orders.applyOrderUpdates(e.updates, now);
      case "fills":
        return this.#applyFills(e.fills, e.isSnapshot, now);
      case "connected":
        this.#feedConnected = true;
        this.#d.logger.info("feed connected", { reconnect: e.reconnect });
        if (e.reconnect) this.#housekeeper.requestReconcile("ws reconnect");
        return;
      case "disconnected":
        this.#feedConnected = false;
        this.#events.warn("feed disconnected", { reason: e.reason });
        return;
    }
  }

  #applyFills(fills: readonly Fill[], isSnapshot: boolean, now: number): void {
    const fresh = this.#orders.applyFills(fills, isSnapshot, now);
    if (fresh.length === 0) return;
    this.#positions.applyFills(fresh);
    this.#stats.fills += fresh.length;
    for (const f of fresh) this.#d.addressBudget.addVolume(Math.abs(f.px * f.sz));
    for (const f of fresh) {
      this.#recentFills.unshift({
        timeMs: f.timeMs,
        coin: f.coin,
        side: f.side,
        px: f.px,
        sz: f.sz,
        feeUsd: f.fee,
        tid: f.tid,
      });
      this.#d.logger.info("fill", {
        coin: f.coin,
        side: f.side,
        px: f.px,
        sz: f.sz,
        fee: f.fee,
        position: this.#positions.position(f.coin),
      });
    }
    this.#recentFills.splice(RECENT_MAX);
  }

  #applyRateLimit(limit: AddressRateLimit): void {
    this.#d.addressBudget.sync(limit);
    this.#addressSynced = true;
    this.#riskEvent({ type: "addressBudget", remaining: this.#d.addressBudget.remaining() });
  }

  #applyReconcile(
    open: readonly ExchangeOrder[],
    account: AccountState,
    asOfMs: number,
    reason: string,
    now: number,
  ): void {
    const d = this.#d;
    const coins = this.#config.coins.map((c) => c.coin);
    this.#positions.setFromExchange(account.positions, coins, account.timeMs);
    this.#anchorLoss(account, false);
    // A dry run's orders are on paper only: the exchange's list says nothing about them.
    if (!d.exchange) return;
    const report = this.#orders.reconcile(open, { asOfMs, coins, nowMs: now });
    const fields = {
      reason,
      open: open.length,
      missing: report.missing.length,
      orphans: report.orphans.length,
    };
    if (reason === "housekeeping" && report.missing.length === 0) {
      d.logger.debug("reconciled", fields);
    } else d.logger.info("reconciled", fields);
    const { cancel: ours, leaveAlone } = sortOpenOrders(report.orphans, this.#ownership());
    this.#warnForeign(leaveAlone);
    if (ours.length === 0) return;
    d.logger.info("reconcile: canceling orphans", { reason, oids: ours.map((o) => o.oid) });
    const exchange = this.#exchange();
    if (!exchange) return;
    const cancels = ours.map((o) => ({ assetId: this.#assetId(o.coin), oid: o.oid }));
    if (!this.#pacer.admit("cancel", cancels.length, this.#risk.budgetPaused, now)) return;
    this.#sender.charge("cancel", cancels.length);
    this.#track(
      exchange.cancelByOid(cancels, this.#abort.signal).then(
        (outcomes): EngineEvent => ({ type: "orphansCanceled", orders: ours, outcomes }),
        (error): EngineEvent => ({
          type: "orphansCanceled",
          orders: ours,
          outcomes: ours.map(() => ({ kind: "unknown", reason: errorText(error) })),
        }),
      ),
    );
  }

  #warnForeign(orders: readonly ExchangeOrder[]): void {
    for (const o of orders) {
      this.#events.warnOnce(
        `foreign:${o.oid}`,
        "order not placed by this bot on a quoted coin; left alone",
        {
          coin: o.coin,
          oid: o.oid,
          side: o.side,
          px: o.limitPx,
        },
      );
    }
  }

  #orderOutcomes(
    kind: OrderKind,
    outcomes: readonly OrderOutcome[],
    now: number,
    coins: readonly string[],
  ): void {
    this.#countOutcomes(kind, outcomes);
    this.#riskEvent({ type: "orderOutcomes", outcomes, nowMs: now });
    outcomes.forEach((o, i) => {
      if (o.kind === "rejected") {
        this.#events.warnThrottled(`reject:${kind}:${o.reason}`, `${kind} rejected`, {
          coin: coins[i],
          reason: o.reason,
          text: o.text,
        });
      } else if (o.kind === "unknown") {
        this.#events.warn(`${kind} outcome unknown; will look it up`, {
          coin: coins[i],
          reason: o.reason,
        });
      }
    });
  }

  #countOutcomes(kind: OrderKind, outcomes: readonly (OrderOutcome | CancelOutcome)[]): void {
    for (const o of outcomes) this.#stats.countOutcome(kind, o.kind);
    if (budgetRefused(outcomes)) this.#pacer.refused(this.#d.clock.nowMs());
  }

  // ------------------------------------------------------------------------------------------
  // Market data

  #marketData(now: number): void {
    const d = this.#d;
    const plan = this.#planner.plan({
      nowMs: now,
      feedConnected: this.#feedConnected,
      restUsedLastMinute: d.limiter.usedLastMinute(),
      wsAgeMs: (coin) => this.#cache.wsAgeMs(coin, now),
    });
    for (const coin of plan.changed) {
      d.logger.info("market data source", { coin, source: plan.modes.get(coin) });
    }
    for (const coin of plan.fetch) {
      this.#planner.started(coin, now);
      const sentMonoMs = d.clock.monoMs();
      this.#track(
        d.info.l2Book(coin, this.#readsAbort.signal).then(
          (book): EngineEvent => ({
            type: "restBook",
            coin,
            book,
            monoMs: d.clock.monoMs(),
            sentMonoMs,
          }),
          (error): EngineEvent => ({
            type: "restBook",
            coin,
            book: null,
            error: errorText(error),
            monoMs: d.clock.monoMs(),
            sentMonoMs,
          }),
        ),
      );
    }
  }

  /** Top of `coin`'s book without our own orders (our orders read once per decision). */
  #top(coin: string): TopOfBook | null {
    const book = this.#cache.get(coin);
    if (!book) return null;
    return externalTop(book.bids, book.asks, this.#ownOrders().byCoin.get(coin) ?? []);
  }

  /** Our live orders, all and by coin, read once per decision (reset when orders are sent). */
  #ownOrders(): { all: LiveOrder[]; byCoin: Map<string, LiveOrder[]> } {
    if (this.#own === null) {
      const all = this.#orders.liveOrders();
      const byCoin = new Map<string, LiveOrder[]>();
      for (const o of all) {
        const list = byCoin.get(o.coin);
        if (list) list.push(o);
        else byCoin.set(o.coin, [o]);
      }
      this.#own = { all, byCoin };
    }
    return this.#own;
  }

  #mid(coin: string): number | null {
    const top = this.#top(coin);
    return top ? fairPrice(top, "mid") : null;
  }

  // ------------------------------------------------------------------------------------------
  // Risk

  #riskEvent(event: RiskEvent): void {
    this.#risk = reduceRisk(this.#risk, event, this.#config.risk);
  }

  #feedRisk(now: number): void {
    const d = this.#d;
    const n429 = d.meters.http429();
    for (; this.#last429 < n429; this.#last429++) {
      this.#riskEvent({ type: "rateLimitError", nowMs: now });
    }
    if (this.#addressSynced) {
      this.#riskEvent({ type: "addressBudget", remaining: d.addressBudget.remaining() });
    }
    const marks = this.#marks;
    for (const c of this.#config.coins) {
      if (this.#dirty !== null && !this.#dirty.has(c.coin)) continue;
      const mid = this.#mid(c.coin);
      if (mid === null) {
        marks.delete(c.coin);
        continue;
      }
      marks.set(c.coin, mid);
      this.#riskEvent({
        type: "position",
        coin: c.coin,
        positionUsd: this.#positions.position(c.coin) * mid,
        maxPositionUsd: c.maxPositionUsd,
      });
    }
    this.#riskEvent({
      type: "pnl",
      totalPnlUsd: this.#pnlOffsetUsd + this.#positions.totalPnlUsd(marks),
    });
    const r = this.#risk;
    if (r.halted && !this.#wasHalted) {
      this.#events.error("kill switch: halted, canceling all orders", { reason: r.haltReason });
      this.#housekeeper.requestReconcile("halt");
    } else if (!r.halted && this.#wasHalted) {
      d.logger.info("kill switch cleared: quoting again");
    }
    this.#wasHalted = r.halted;
    if (r.budgetPaused !== this.#wasBudgetPaused) {
      if (r.budgetPaused) {
        this.#events.warn(
          "address budget low: slowing down (cancels first, other actions one per 10 s)",
          { remaining: d.addressBudget.remaining(), min: this.#config.risk.minAddressBudget },
        );
      } else {
        d.logger.info("address budget recovered: full pace again", {
          remaining: d.addressBudget.remaining(),
          heldActions: this.#pacer.held,
        });
      }
      this.#wasBudgetPaused = r.budgetPaused;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Quoting

  #quote(now: number): void {
    const d = this.#d;
    const cfg = this.#config;
    const desired: DesiredQuote[] = [];
    const thresholds: Record<string, number> = {};
    // Orders over REST while a 429 backoff holds new orders: quotes are pulled (cancels take
    // the limiter's reserved share), never left at old prices until the backoff ends.
    const exchangeNow = this.#exchange();
    const restBackoffMs = exchangeNow !== null && exchangeNow === (d.exchangeRest ?? d.exchange)
      ? d.limiter.blockedForMs?.() ?? 0
      : 0;
    if ((restBackoffMs > 0) !== this.#restBackoffPulled) {
      this.#restBackoffPulled = restBackoffMs > 0;
      if (this.#restBackoffPulled) {
        this.#events.warn("REST rate limited (429): quotes pulled until the backoff ends", {
          backoffMs: Math.round(restBackoffMs),
        });
      } else d.logger.info("REST backoff over: quoting again");
    }
    for (const c of cfg.coins) {
      thresholds[c.coin] = c.requoteThresholdBps;
      const kept = this.#dirty !== null && !this.#dirty.has(c.coin)
        ? this.#desiredByCoin.get(c.coin)
        : undefined;
      if (kept !== undefined) {
        desired.push(...kept);
        continue;
      }
      this.#desiredByCoin.set(c.coin, []);
      const meta = d.assets.get(c.coin);
      const book = this.#cache.get(c.coin);
      const age = this.#cache.ageMs(c.coin, now);
      const stale = book === null || age === null || age > cfg.maxQuoteAgeMs;
      const mode = coinMode(this.#risk, c.coin, {
        dataStale: stale || this.#restBackoffPulled,
      });
      const before = this.#coinModes.get(c.coin);
      if (before !== mode) {
        this.#coinModes.set(c.coin, mode);
        if (mode === "pulled" && stale && !this.#risk.halted) {
          this.#events.warn("market data too old: quotes pulled", { coin: c.coin, ageMs: age });
        } else if (before !== undefined) {
          d.logger.info("coin mode", { coin: c.coin, mode });
        }
      }
      if (!book || !meta) continue;
      const top = this.#top(c.coin);
      if (!top) continue;
      const quotes = computeQuotes({
        config: c,
        meta,
        top,
        fairPriceMode: cfg.fairPrice,
        position: this.#positions.position(c.coin),
        markPx: fairPrice(top, "mid"),
        mode,
      });
      this.#desiredByCoin.set(c.coin, quotes);
      desired.push(...quotes);
    }
    const diff = diffOrders(desired, this.#ownOrders().all, {
      nowMs: now,
      minReplaceMs: cfg.minReplaceMs,
      requoteThresholdBps: thresholds,
      useModify: cfg.batchOrders,
      cloids: d.cloids,
      tif: "Alo",
    });
    const parts = cfg.batchOrders
      ? pairIntoModifies(diff, (cloid) => this.#orders.get(cloid)?.side)
      : diff;
    const actions = planActions(parts, { batchOrders: cfg.batchOrders });
    const exchange = this.#exchange();
    if (actions.length > 0 && exchange !== null && exchange === this.#wsExchange) {
      // Under pressure batch more, never send more: hold the changes (they stay in the diff of
      // the next decision, with the newest data) until the posts would go out at once. The
      // coins' new data stays unseen, so the orders sent then trace their tick-to-order.
      const waitMs = d.feed?.postReadyInMs?.(actions.length) ?? 0;
      if (waitMs > 0) return this.#hold(waitMs);
    }
    // Coins with new market data since the previous decision: their orders trace tick-to-order
    // (not a coin's first quotes: those answer the start, not a frame).
    const ticked = new Map<string, number>();
    for (const c of cfg.coins) {
      const v = this.#cache.version(c.coin);
      const seen = this.#seenVersion.get(c.coin);
      if (v !== seen) {
        this.#seenVersion.set(c.coin, v);
        const book = this.#cache.get(c.coin);
        if (book && seen !== undefined) ticked.set(c.coin, book.receivedMonoMs);
      }
    }
    const low = this.#risk.budgetPaused;
    for (const a of actions) {
      if (exchange && !this.#pacer.admit(a.kind, actionItems(a), low, now)) continue;
      this.#sender.send(a, exchange, now, ticked);
    }
  }

  /** Decide again in `waitMs` (one timer at a time); counts the held decision. */
  #hold(waitMs: number): void {
    this.#stats.heldDecisions++;
    if (this.#holdTimer !== undefined) return;
    this.#holdTimer = setTimeout(() => {
      this.#holdTimer = undefined;
      this.#requestDecision();
    }, Math.max(1, Math.ceil(waitMs)));
  }

  #exchange(): ExchangeApi | null {
    const d = this.#d;
    if (!d.exchange) return null;
    if (this.#wsExchange === null) return d.exchange;
    return this.#ordersOnWs ? this.#wsExchange : this.#restExchange();
  }

  /**
   * Choose the order path for this loop (see OrderRoute). When the WS path is given up, the
   * cancels that went into it, and the orders a modify in it was replacing, are canceled again
   * over REST before anything else is sent.
   */
  #routeOrders(now: number): void {
    if (this.#wsExchange === null) return;
    const status = this.#d.feed?.status();
    const decision = this.#route.decide({
      connected: this.#feedConnected && (status?.connected ?? false),
      lastFrameAgeMs: status?.lastFrameAgeMs ?? null,
    });
    this.#ordersOnWs = decision.useWs;
    if (decision.changed === "toWs") {
      this.#d.logger.info("orders over the WebSocket again");
      return;
    }
    if (decision.changed !== "toRest") return;
    const stuck = this.#orders.liveOrders().filter((o) =>
      o.state === "pendingCancel" || o.state === "pendingModify"
    );
    this.#events.warn("WebSocket order path unhealthy: orders over REST", {
      reason: decision.reason,
      resentCancels: stuck.length,
    });
    if (stuck.length === 0) return;
    this.#sender.send(
      {
        kind: "cancel",
        cancels: stuck.map((o) => ({
          cloid: o.cloid,
          cancel: { assetId: o.assetId, cloid: o.cloid },
        })),
      },
      this.#restExchange(),
      now,
      new Map(),
    );
    this.#own = null; // those orders changed state
  }

  #restExchange(): ExchangeApi {
    const d = this.#d;
    const ex = d.exchangeRest ?? d.exchange;
    if (!ex) throw new Error("no exchange in a dry run");
    return ex;
  }

  // ------------------------------------------------------------------------------------------
  // Unknown outcomes, housekeeping, dead-man's switch

  #deadManSwitch(now: number): void {
    // With the address budget low and nothing resting, a refresh would spend for nothing.
    const hold = this.#risk.budgetPaused && this.#orders.liveOrders().length === 0;
    const timeMs = this.#deadMan.due(now, hold);
    const exchange = this.#exchange();
    if (timeMs === null || !exchange) return;
    if (!this.#pacer.admit("schedule", 1, this.#risk.budgetPaused, now)) return;
    this.#deadMan.sent();
    this.#sender.charge("schedule", 1);
    this.#track(
      exchange.scheduleCancel(timeMs, this.#abort.signal).then(
        (outcome): EngineEvent => ({ type: "scheduleCancel", timeMs, outcome }),
        (error): EngineEvent => ({
          type: "scheduleCancel",
          timeMs,
          outcome: { kind: "unknown", reason: errorText(error) },
        }),
      ),
    );
  }

  // ------------------------------------------------------------------------------------------
  // Status, view, control

  #statusLine(now: number): void {
    if (now - this.#lastStatusMs < this.#config.statusEveryMs) return;
    this.#lastStatusMs = now;
    this.#d.logger.info("status", this.statusFields());
  }

  /** The fields of a status line (also the final summary). */
  statusFields(): LogFields {
    return statusFields(this.snapshot());
  }

  snapshot(): EngineSnapshot {
    const d = this.#d;
    this.#own = null;
    const now = d.clock.nowMs();
    const s = this.#stats;
    const feedStatus = d.feed?.status();
    const coins: CoinView[] = this.#config.coins.map((c) => {
      const book = this.#cache.get(c.coin);
      const mid = this.#mid(c.coin);
      const p = this.#positions.get(c.coin);
      const ladder = this.#orders.ladder(c.coin);
      return {
        coin: c.coin,
        source: this.#planner.source(c.coin),
        dataAgeMs: this.#cache.ageMs(c.coin, now),
        mid,
        bestBid: book?.bids[0]?.px ?? null,
        bestAsk: book?.asks[0]?.px ?? null,
        bids: ladder.bids,
        asks: ladder.asks,
        position: p.position,
        notionalUsd: mid === null ? 0 : p.position * mid,
        realizedPnlUsd: p.realizedPnlUsd,
        unrealizedPnlUsd: mid === null ? 0 : this.#positions.unrealizedPnlUsd(c.coin, mid),
        feesUsd: p.feesUsd,
        state: this.#coinModes.get(c.coin) ?? "pulled",
      };
    });
    return {
      timeMs: now,
      startedAtMs: this.#startedAtMs,
      halted: this.#risk.halted,
      haltReason: this.#risk.haltReason,
      loopMs: this.#config.loopMs,
      loops: s.loops,
      lastLoopEndMs: this.#lastLoopEndMs,
      loopDuration: s.loopDuration.view(),
      loopP50Ms: s.loopDuration.quantile(0.5),
      loopP99Ms: s.loopDuration.quantile(0.99),
      decisions: s.decisions,
      heldDecisions: s.heldDecisions,
      tickToOrder: s.tickToOrder.view(),
      tickToOrderP50Ms: s.tickToOrder.quantile(0.5),
      tickToOrderP99Ms: s.tickToOrder.quantile(0.99),
      feed: {
        used: d.feed !== null,
        connected: feedStatus?.connected ?? false,
        reconnects: feedStatus?.reconnects ?? 0,
        wsMessagesSent: d.meters.wsMessages(),
        wsMessagesLastMinute: d.meters.wsMessagesLastMinute(),
        wsCapacityPerMin: d.wsCapacityPerMin,
      },
      limiter: {
        restWeightUsedLastMinute: d.limiter.usedLastMinute(),
        restCapacityPerMin: d.limiter.capacityPerMin,
        http429: d.meters.http429(),
        addressBudgetRemaining: this.#addressSynced ? d.addressBudget.remaining() : null,
        addressBudgetLow: this.#risk.budgetPaused,
      },
      deadManSwitch: this.#deadMan.view(now),
      orders: s.ordersView(),
      batchSize: s.batchSize.view(),
      fills: s.fills,
      maxQuoteAgeMs: this.#config.maxQuoteAgeMs,
      coins,
      totalPnlUsd: this.#positions.totalPnlUsd(
        new Map(coins.flatMap((c) => c.mid === null ? [] : [[c.coin, c.mid] as const])),
      ),
      recentFills: [...this.#recentFills],
      recentEvents: this.#events.recent(),
    };
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
    const result = this.#d.configCodec.applyQuotingPatch(this.#latestConfig, patch);
    if (!result.ok) return { ok: false, issues: result.issues };
    this.#latestConfig = result.config;
    this.#d.logger.info("quoting patch accepted", { changes: result.changes });
    this.enqueue({ type: "config", config: result.config });
    return { ok: true, effective: this.#d.configCodec.toFile(result.config) };
  }

  // ------------------------------------------------------------------------------------------
  // Shutdown

  /**
   * Stop quoting and cancel everything: wait (bounded) for the actions in flight, cancel all our
   * live orders by cloid in one batch (a WS post when that path is healthy, else REST, where
   * cancels take the limiter's reserved share), then confirm with openOrders (reserved share)
   * and cancel leftovers by oid (a few attempts), and clear the dead-man's switch. The loop must
   * have stopped. Only an answered openOrders with none of ours counts as confirmed.
   */
  async shutdown(): Promise<ShutdownResult> {
    const d = this.#d;
    this.#stopping = true;
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    const timeoutMs = Math.max(1_000, d.config.requestTimeoutMs);
    // Reads still waiting (e.g. behind a 429 backoff) are dropped; order actions are awaited.
    this.#readsAbort.abort(new Error("engine stopping"));
    await this.#settleInflight(timeoutMs);
    this.#drain(d.clock.nowMs());
    const user = d.user;
    let left: number | null = null;
    let confirmed = true;
    const unconfirmed: string[] = [];
    if (user && d.exchange) {
      const rest = this.#restExchange();
      this.#routeOrders(d.clock.nowMs());
      const ex = this.#exchange() ?? rest;
      const rule = this.#ownership();
      const live = this.#orders.liveOrders();
      const mayLand = live.filter((o) =>
        o.state === "pending" || o.state === "unknown" || o.state === "pendingModify"
      );
      if (live.length > 0) {
        const cancels = live.map((o) => ({
          cloid: o.cloid,
          cancel: { assetId: o.assetId, cloid: o.cloid },
        }));
        this.#sender.charge("cancel", cancels.length);
        this.#orders.cancelSent(cancels, d.clock.nowMs());
        const outcomes = await ex.cancelByCloid(
          cancels.map((c) => c.cancel),
          AbortSignal.timeout(timeoutMs),
        );
        this.#orders.cancelOutcomes(cancels, outcomes, d.clock.nowMs());
        this.#countOutcomes("cancel", outcomes);
        d.logger.info("shutdown: canceled live orders", {
          count: cancels.length,
          via: ex === rest ? "rest" : "ws",
          outcomes: tally(outcomes.map((o) => o.kind)),
        });
      }
      // An order whose action got no answer may still land until its expiry: check after that.
      if (mayLand.length > 0) {
        const lastSent = Math.max(...mayLand.map((o) => o.lastSentMs));
        const waitMs = lastSent + actionExpiryMs(d.config.requestTimeoutMs) - d.clock.nowMs();
        if (waitMs > 0) {
          d.logger.info("shutdown: waiting for unanswered actions to expire", {
            orders: mayLand.length,
            waitMs,
          });
          await delay(waitMs);
        }
      }
      left = await confirmNoOpenOrders({
        exchange: rest,
        info: d.finalInfo ?? d.info,
        user,
        logger: d.logger,
        isMine: (o) => orderFate(o, rule) === "cancel",
        assetId: (coin) => this.#assetId(coin),
        timeoutMs,
        onCanceled: (outcomes) => {
          this.#sender.charge("cancel", outcomes.length);
          this.#countOutcomes("cancel", outcomes);
        },
      });
      if (left !== 0) {
        confirmed = false;
        const believed = this.#orders.liveOrders();
        unconfirmed.push(
          left === null
            ? "openOrders was never answered: zero open orders is not confirmed"
            : `${left} of our orders still open on the exchange after the final cancels`,
        );
        if (believed.length > 0) {
          unconfirmed.push(
            `${believed.length} orders not confirmed canceled: ` +
              believed.slice(0, 20).map((o) => `${o.coin} ${o.side} ${o.px} (${o.state})`).join(
                ", ",
              ),
          );
        }
        d.logger.error("shutdown: could not confirm that no order of ours is open", {
          openOrdersLeft: left,
          unconfirmed,
        });
      }
      if (this.#deadMan.armedUntilMs !== null) {
        const outcome = await rest.scheduleCancel(null, AbortSignal.timeout(timeoutMs));
        d.logger.info("shutdown: dead-man's switch cleared", { outcome: outcome.kind });
      }
    }
    this.#abort.abort(new Error("engine stopped"));
    await this.#settleInflight(2_000);
    await Promise.race([this.#feedRun, delay(2_000, { persistent: false })]);
    this.#drain(d.clock.nowMs());
    return { openOrdersLeft: left, confirmed, unconfirmed };
  }

  /** Wait until the requests in flight settled, at most `ms`. */
  async #settleInflight(ms: number): Promise<void> {
    const timer = new AbortController();
    await Promise.race([
      Promise.allSettled([...this.#inflight]),
      delay(ms, { signal: timer.signal }).catch(() => {}),
    ]);
    timer.abort();
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  /** Re-anchor the loss limit on the account's value (./../risk/account_loss.ts). */
  #anchorLoss(account: AccountState, atStart: boolean): void {
    const baselineUsd = this.#d.lossBaselineUsd;
    if (baselineUsd === undefined || baselineUsd === null) return;
    this.#pnlOffsetUsd = accountPnlOffsetUsd({
      baselineUsd,
      account,
      markedCoins: new Set(this.#config.coins.map((c) => c.coin)),
      runRealizedMinusFeesUsd: this.#positions.totalPnlUsd(new Map()),
    });
    if (atStart) {
      this.#d.logger.info("loss limit counts from the account's baseline", {
        baselineUsd,
        accountValueUsd: account.accountValue,
        pnlSinceBaselineUsd: account.accountValue - baselineUsd,
        maxLossUsd: this.#config.risk.maxLossUsd,
      });
    }
  }

  /** The one rule of which open orders the bot takes down (./../orders/order_ownership.ts). */
  #ownership(): OwnershipRule {
    return {
      isOurCloid: (c) => this.#d.cloids.isOurs(c),
      quotedCoins: new Set(this.#config.coins.map((c) => c.coin)),
      cancelForeign: this.#config.cancelForeignOrders,
    };
  }

  #assetId(coin: string): number {
    const meta = this.#d.assets.get(coin);
    if (meta) return meta.assetId;
    throw new Error(`no asset id for ${coin}`);
  }

  /** Keep a request's promise until it settles, then queue its event. */
  #track(p: Promise<EngineEvent | null>): void {
    const tracked: Promise<void> = p.then((event) => {
      if (event) this.enqueue(event);
    }).catch((error) => {
      this.#d.logger.error("internal: request handler failed", { error: errorText(error) });
    }).finally(() => {
      this.#inflight.delete(tracked);
    });
    this.#inflight.add(tracked);
  }
}

function budgetRefused(outcomes: readonly (OrderOutcome | CancelOutcome)[]): boolean {
  return outcomes.some((o) => o.kind === "rejected" && o.reason === "addressBudget");
}

function tally(kinds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
}

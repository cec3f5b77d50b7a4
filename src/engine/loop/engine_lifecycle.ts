/**
 * The engine's lifecycle around the event-driven decisions: `startEngine` (take down our stale
 * orders, subscribe the feed, first books, positions and address budget) and `shutdownEngine`
 * (stop, cancel everything, confirm, clear the dead-man's switch). State changes go through the
 * engine's own steps (`apply`, the state helpers); requests are awaited here, not queued.
 */
import type { CancelOutcome } from "../../core/types.ts";
import { delay } from "../../util/async.ts";
import { actionExpiryMs } from "../orders/action_expiry.ts";
import { orderFate, sortOpenOrders } from "../orders/order_ownership.ts";
import type { PlannedAction } from "./action_plan.ts";
import { errorText } from "./action_sender.ts";
import { foreignWarnings } from "./apply_account.ts";
import { countOutcomes } from "./apply_event.ts";
import { type DecisionInputs, routeOrders } from "./decide.ts";
import type { EngineCommand } from "./engine_commands.ts";
import type { EngineDeps } from "./engine_deps.ts";
import type { EngineEvent } from "./engine_events.ts";
import type { EngineIo } from "./engine_io.ts";
import {
  assetIdOf,
  chargeSent,
  configuredCoins,
  type EngineState,
  markSent,
  orderVia,
  ownership,
} from "./engine_state.ts";
import { confirmNoOpenOrders } from "./final_cancel.ts";
import { sweepStaleOrders } from "./startup_sweep.ts";
import { withStartupRetry } from "./startup_retry.ts";

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

/** The engine's parts the lifecycle works with. */
export interface LifecycleContext {
  readonly deps: EngineDeps;
  readonly state: EngineState;
  readonly io: EngineIo;
  /** Apply an event now (through `applyEvent`) and run its commands. */
  readonly apply: (event: EngineEvent) => void;
  /** Run commands of the pure steps. */
  readonly run: (commands: readonly EngineCommand[]) => void;
  /** Queue an event (feed frames). */
  readonly enqueue: (event: EngineEvent) => void;
  /** Apply the queued events. */
  readonly drain: () => void;
  readonly decisionInputs: () => DecisionInputs;
}

/**
 * First cancel this bot's stale orders (by the ownership rule) left by earlier runs, then subscribe
 * the feed, load a first REST book of every coin, sync positions and the address budget. Startup
 * requests are retried with backoff (429, 5xx, timeouts). Returns the feed's run (to await at
 * shutdown).
 */
export async function startEngine(ctx: LifecycleContext): Promise<{ feedRun: Promise<void> }> {
  const { deps: d, state, io } = ctx;
  const signal = io.abort.signal;
  const coins = configuredCoins(state);
  const retry = <T>(what: string, fn: (signal: AbortSignal) => Promise<T>) =>
    withStartupRetry(what, fn, { signal, logger: d.logger });
  const user = d.user;
  // First, before anything else can fail: take down our orders of an earlier run.
  if (user) {
    const sweep = await sweepStaleOrders({
      info: d.info,
      exchange: d.exchange ? io.restExchange() : null,
      user,
      isStale: (o) => orderFate(o, ownership(state)) === "cancel",
      assetId: (coin) => assetIdOf(state, coin),
      logger: d.logger,
      retry,
      signal,
      onCanceled: (outcomes) => countCancelsByOid(ctx, outcomes),
    });
    ctx.run(foreignWarnings(sortOpenOrders(sweep.open, ownership(state)).leaveAlone));
  }
  let feedRun: Promise<void> = Promise.resolve();
  if (d.feed) {
    const feed = d.feed;
    feed.onEvent((event) => ctx.enqueue({ type: "feed", event, monoMs: d.clock.monoMs() }));
    for (const coin of coins) {
      feed.subscribeBbo(coin);
      feed.subscribeL2Book(coin, { fast: true });
    }
    if (user) {
      feed.subscribeOrderUpdates(user);
      feed.subscribeUserFills(user);
    }
    feedRun = feed.start(signal).catch((error) => {
      if (!signal.aborted) d.logger.error("feed stopped", { error: errorText(error) });
    });
  }
  const books = Promise.all(coins.map(async (coin) => {
    try {
      const sentMonoMs = d.clock.monoMs();
      const book = await d.info.l2Book(coin, signal);
      ctx.apply({ type: "restBook", coin, book, monoMs: d.clock.monoMs(), sentMonoMs });
    } catch (error) {
      d.logger.warn("initial l2Book failed", { coin, error: errorText(error) });
    }
  }));
  if (user) {
    const [account, limit] = await Promise.all([
      retry("clearinghouseState", (s) => d.info.clearinghouseState(user, s)),
      d.info.userRateLimit(user, signal).catch(() => null),
    ]);
    ctx.apply({ type: "startupAccount", account, limit });
  }
  await books;
  return { feedRun };
}

/**
 * Stop quoting and cancel everything: wait (bounded) for the actions in flight, cancel all our
 * live orders by cloid in one batch (a WS post when that path is healthy, else REST, where
 * cancels take the limiter's reserved share), then confirm with openOrders (reserved share)
 * and cancel leftovers by oid (a few attempts), and clear the dead-man's switch. The loop must
 * have stopped. Only an answered openOrders with none of ours counts as confirmed.
 */
export async function shutdownEngine(
  ctx: LifecycleContext,
  feedRun: Promise<void>,
): Promise<ShutdownResult> {
  const { deps: d, state, io } = ctx;
  const timeoutMs = Math.max(1_000, d.config.requestTimeoutMs);
  // Reads still waiting (e.g. behind a 429 backoff) are dropped; order actions are awaited.
  io.readsAbort.abort(new Error("engine stopping"));
  await io.settle(timeoutMs);
  ctx.drain();
  const user = d.user;
  let left: number | null = null;
  let confirmed = true;
  const unconfirmed: string[] = [];
  if (user && d.exchange) {
    const rest = io.restExchange();
    const routed: EngineCommand[] = [];
    routeOrders(state, ctx.decisionInputs(), d.clock.nowMs(), routed);
    ctx.run(routed);
    const via = orderVia(state);
    const ex = via === null ? rest : io.exchange(via);
    const rule = ownership(state);
    const live = state.orders.liveOrders();
    const mayLand = live.filter((o) =>
      o.state === "pending" || o.state === "unknown" || o.state === "pendingModify"
    );
    if (live.length > 0) {
      const action: PlannedAction & { kind: "cancel" } = {
        kind: "cancel",
        cancels: live.map((o) => ({
          cloid: o.cloid,
          cancel: { assetId: o.assetId, cloid: o.cloid },
        })),
      };
      markSent(state, action, d.clock.nowMs());
      const outcomes = await ex.cancelByCloid(
        action.cancels.map((c) => c.cancel),
        AbortSignal.timeout(timeoutMs),
      );
      ctx.apply({ type: "canceled", cancels: action.cancels, outcomes });
      d.logger.info("shutdown: canceled live orders", {
        count: action.cancels.length,
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
      assetId: (coin) => assetIdOf(state, coin),
      timeoutMs,
      onCanceled: (outcomes) => countCancelsByOid(ctx, outcomes),
    });
    if (left !== 0) {
      confirmed = false;
      const believed = state.orders.liveOrders();
      unconfirmed.push(
        left === null
          ? "openOrders was never answered: zero open orders is not confirmed"
          : `${left} of our orders still open on the exchange after the final cancels`,
      );
      if (believed.length > 0) {
        unconfirmed.push(
          `${believed.length} orders not confirmed canceled: ` +
            believed.slice(0, 20).map((o) => `${o.coin} ${o.side} ${o.px} (${o.state})`)
              .join(", "),
        );
      }
      d.logger.error("shutdown: could not confirm that no order of ours is open", {
        openOrdersLeft: left,
        unconfirmed,
      });
    }
    if (state.deadMan.armedUntilMs !== null) {
      const outcome = await rest.scheduleCancel(null, AbortSignal.timeout(timeoutMs));
      d.logger.info("shutdown: dead-man's switch cleared", { outcome: outcome.kind });
    }
  }
  io.abort.abort(new Error("engine stopped"));
  await io.settle(2_000);
  await Promise.race([feedRun, delay(2_000, { persistent: false })]);
  ctx.drain();
  return { openOrdersLeft: left, confirmed, unconfirmed };
}

/** A cancel by oid sent outside the decisions (startup sweep, final check): charge and count it. */
function countCancelsByOid(ctx: LifecycleContext, outcomes: readonly CancelOutcome[]): void {
  const now = ctx.deps.clock.nowMs();
  chargeSent(ctx.state, "cancel", outcomes.length, now);
  countOutcomes(ctx.state, "cancel", outcomes, now);
}

function tally(kinds: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of kinds) out[k] = (out[k] ?? 0) + 1;
  return out;
}

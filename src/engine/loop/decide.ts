/**
 * `decide(state, inputs, now)`: one decision on what the applied events changed. Pure: no I/O, no
 * clock, no logging; it reads the given inputs, changes only `state` (risk, modes, caches, the
 * orders it records as sent) and returns the commands for the shell:
 *   1. feeds the risk state machine (429s, address budget, positions, PnL),
 *   2. chooses the order path (WS post or REST; when the WS path is given up, the cancels stuck
 *      in it are sent again over REST),
 *   3. computes the desired quotes of the coins whose data changed, diffs them against our live
 *      orders, lets the budget governor rank and admit the changes (cancels always go; the rest
 *      while its allowance lasts) and plans the actions (one per kind, batched), paced by the
 *      address budget.
 * When the WS message budget or in-flight gate would make the posts wait, it sends nothing and
 * returns a `hold`: the changes stay in the next decision's diff, with the newest data.
 */
import { admittedDiff, rankChanges } from "../budget/rank_changes.ts";
import { diffOrders, type OrderDiff } from "../orders/diff_orders.ts";
import { coinMode } from "../risk/risk_state.ts";
import { computeQuotes, type DesiredQuote } from "../strategy/compute_quotes.ts";
import { fairPrice } from "../strategy/fair_price.ts";
import { actionItems, pairIntoModifies, planActions, type PlannedAction } from "./action_plan.ts";
import { type EngineCommand, log, type OrderVia } from "./engine_commands.ts";
import {
  type EngineState,
  markSent,
  midOf,
  orderVia,
  ownOrders,
  riskEvent,
  topOf,
} from "./engine_state.ts";

/** What a decision reads from outside the engine (the shell reads it from the ports). */
export interface DecisionInputs {
  /** HTTP 429 answers so far. */
  readonly http429: number;
  /** How long the REST limiter holds new orders after a 429 (0: not). */
  readonly restBlockedForMs: number;
  /** The WS connection's health (null: no feed). */
  readonly feed: { readonly connected: boolean; readonly lastFrameAgeMs: number | null } | null;
  /** Ms until `messages` WS posts would all go out at once (0: now). */
  readonly postReadyInMs: (messages: number) => number;
}

/** Decide on the state as it is now; returns what to send and log. */
export function decide(state: EngineState, inputs: DecisionInputs, now: number): EngineCommand[] {
  const out: EngineCommand[] = [];
  feedRisk(state, inputs, now, out);
  routeOrders(state, inputs, now, out);
  quote(state, inputs, now, out);
  return out;
}

function feedRisk(
  state: EngineState,
  inputs: DecisionInputs,
  now: number,
  out: EngineCommand[],
): void {
  const budget = state.settings.budget;
  for (; state.last429 < inputs.http429; state.last429++) {
    riskEvent(state, { type: "rateLimitError", nowMs: now });
  }
  if (state.addressSynced) {
    riskEvent(state, { type: "addressBudget", remaining: budget.remaining() });
  }
  const marks = state.marks;
  for (const c of state.config.coins) {
    if (state.dirty !== null && !state.dirty.has(c.coin)) continue;
    const mid = midOf(state, c.coin);
    if (mid === null) {
      marks.delete(c.coin);
      continue;
    }
    marks.set(c.coin, mid);
    riskEvent(state, {
      type: "position",
      coin: c.coin,
      positionUsd: state.positions.position(c.coin) * mid,
      maxPositionUsd: c.maxPositionUsd,
    });
  }
  riskEvent(state, {
    type: "pnl",
    totalPnlUsd: state.pnlOffsetUsd + state.positions.totalPnlUsd(marks),
  });
  const r = state.risk;
  if (r.halted && !state.wasHalted) {
    out.push(log("error", "kill switch: halted, canceling all orders", { reason: r.haltReason }));
    state.housekeeper.requestReconcile("halt");
  } else if (!r.halted && state.wasHalted) {
    out.push(log("info", "kill switch cleared: quoting again"));
  }
  state.wasHalted = r.halted;
  if (r.budgetPaused !== state.wasBudgetPaused) {
    if (r.budgetPaused) {
      out.push(log(
        "warn",
        "address budget low: slowing down (cancels first, other actions one per 10 s)",
        { remaining: budget.remaining(), min: state.config.risk.minAddressBudget },
      ));
    } else {
      out.push(log("info", "address budget recovered: full pace again", {
        remaining: budget.remaining(),
        heldActions: state.pacer.held,
      }));
    }
    state.wasBudgetPaused = r.budgetPaused;
  }
}

/**
 * Choose the order path (see OrderRoute). When the WS path is given up, the cancels that went
 * into it, and the orders a modify in it was replacing, are canceled again over REST first.
 */
export function routeOrders(
  state: EngineState,
  inputs: DecisionInputs,
  now: number,
  out: EngineCommand[],
): void {
  if (!state.settings.hasExchange || !state.settings.wsOrders) return;
  const decision = state.route.decide({
    connected: state.feedConnected && (inputs.feed?.connected ?? false),
    lastFrameAgeMs: inputs.feed?.lastFrameAgeMs ?? null,
  });
  state.ordersOnWs = decision.useWs;
  if (decision.changed === "toWs") {
    out.push(log("info", "orders over the WebSocket again"));
    return;
  }
  if (decision.changed !== "toRest") return;
  const stuck = state.orders.liveOrders().filter((o) =>
    o.state === "pendingCancel" || o.state === "pendingModify"
  );
  out.push(log("warn", "WebSocket order path unhealthy: orders over REST", {
    reason: decision.reason,
    resentCancels: stuck.length,
  }));
  if (stuck.length === 0) return;
  const action: PlannedAction = {
    kind: "cancel",
    cancels: stuck.map((o) => ({ cloid: o.cloid, cancel: { assetId: o.assetId, cloid: o.cloid } })),
  };
  markSent(state, action, now);
  out.push({ type: "send", action, via: "rest", tickCoins: new Map() });
}

/** Is the REST limiter's 429 backoff holding the orders of path `via`? */
function restBackoffMs(state: EngineState, via: OrderVia | null, inputs: DecisionInputs): number {
  const rest = via === "rest" || (via === "primary" && state.settings.primaryIsRest);
  return rest ? inputs.restBlockedForMs : 0;
}

function quote(state: EngineState, inputs: DecisionInputs, now: number, out: EngineCommand[]) {
  const cfg = state.config;
  const desired: DesiredQuote[] = [];
  const thresholds: Record<string, number> = {};
  const passiveThresholds: Record<string, number> = {};
  const sizeTolerances: Record<string, number> = {};
  const via = orderVia(state);
  const budget = state.settings.budget;
  const governed = via !== null && state.governor.enabled;
  const policy = governed
    ? state.governor.policy(budget.remaining(), now)
    : { widen: 1, maxLevels: null };
  if (policy.maxLevels !== state.maxLevels) {
    state.maxLevels = policy.maxLevels;
    state.dirty = null; // every coin's ladder changes
    const fields = { remaining: budget.remaining(), widen: Math.round(policy.widen * 100) / 100 };
    out.push(
      policy.maxLevels === null
        ? log("info", "address budget: full ladder again", fields)
        : log("warn", "address budget: quoting only the level nearest the touch", fields),
    );
  }
  // Orders over REST while a 429 backoff holds new orders: quotes are pulled (cancels take
  // the limiter's reserved share), never left at old prices until the backoff ends.
  const backoffMs = restBackoffMs(state, via, inputs);
  if ((backoffMs > 0) !== state.restBackoffPulled) {
    state.restBackoffPulled = backoffMs > 0;
    out.push(
      state.restBackoffPulled
        ? log("warn", "REST rate limited (429): quotes pulled until the backoff ends", {
          backoffMs: Math.round(backoffMs),
        })
        : log("info", "REST backoff over: quoting again"),
    );
  }
  for (const c of cfg.coins) {
    // The governor widens the passive dead zone and the size tolerance; an order that became too
    // aggressive is replaced at the configured threshold (ranked first, it is the one picked off).
    thresholds[c.coin] = c.requoteThresholdBps;
    passiveThresholds[c.coin] = Math.max(c.passiveRequoteThresholdBps, c.requoteThresholdBps) *
      policy.widen;
    sizeTolerances[c.coin] = c.sizeToleranceBps * policy.widen;
    const kept = state.dirty !== null && !state.dirty.has(c.coin)
      ? state.desiredByCoin.get(c.coin)
      : undefined;
    if (kept !== undefined) {
      desired.push(...kept);
      continue;
    }
    state.desiredByCoin.set(c.coin, []);
    const meta = state.settings.assets.get(c.coin);
    const book = state.cache.get(c.coin);
    const age = state.cache.ageMs(c.coin, now);
    const stale = book === null || age === null || age > cfg.maxQuoteAgeMs;
    const mode = coinMode(state.risk, c.coin, { dataStale: stale || state.restBackoffPulled });
    const before = state.coinModes.get(c.coin);
    if (before !== mode) {
      state.coinModes.set(c.coin, mode);
      if (mode === "pulled" && stale && !state.risk.halted) {
        out.push(log("warn", "market data too old: quotes pulled", { coin: c.coin, ageMs: age }));
      } else if (before !== undefined) {
        out.push(log("info", "coin mode", { coin: c.coin, mode }));
      }
    }
    if (!book || !meta) continue;
    const top = topOf(state, c.coin);
    if (!top) continue;
    const quotes = computeQuotes({
      config: policy.maxLevels === null
        ? c
        : { ...c, levels: Math.min(c.levels, policy.maxLevels) },
      meta,
      top,
      fairPriceMode: cfg.fairPrice,
      position: state.positions.position(c.coin),
      markPx: fairPrice(top, "mid"),
      mode,
    });
    state.desiredByCoin.set(c.coin, quotes);
    desired.push(...quotes);
  }
  const fullDiff = diffOrders(desired, ownOrders(state).all, {
    nowMs: now,
    minReplaceMs: cfg.minReplaceMs,
    requoteThresholdBps: thresholds,
    passiveThresholdBps: passiveThresholds,
    sizeToleranceBps: sizeTolerances,
    useModify: cfg.batchOrders,
    cloids: state.settings.cloids,
    tif: "Alo",
  });
  const diff = governed ? govern(state, fullDiff, now) : fullDiff;
  const parts = cfg.batchOrders
    ? pairIntoModifies(diff, (cloid) => state.orders.get(cloid)?.side)
    : diff;
  const actions = planActions(parts, { batchOrders: cfg.batchOrders });
  if (actions.length > 0 && via === "ws") {
    // Under pressure batch more, never send more: hold the changes (they stay in the diff of
    // the next decision, with the newest data) until the posts would go out at once. The
    // coins' new data stays unseen, so the orders sent then trace their tick-to-order.
    const waitMs = inputs.postReadyInMs(actions.length);
    if (waitMs > 0) {
      state.stats.heldDecisions++;
      out.push({ type: "hold", waitMs });
      return;
    }
  }
  // Coins with new market data since the previous decision: their orders trace tick-to-order
  // (not a coin's first quotes: those answer the start, not a frame).
  const ticked = new Map<string, number>();
  for (const c of cfg.coins) {
    const v = state.cache.version(c.coin);
    const seen = state.seenVersion.get(c.coin);
    if (v !== seen) {
      state.seenVersion.set(c.coin, v);
      const book = state.cache.get(c.coin);
      if (book && seen !== undefined) ticked.set(c.coin, book.receivedMonoMs);
    }
  }
  const low = state.risk.budgetPaused;
  for (const action of actions) {
    if (via !== null && !state.pacer.admit(action.kind, actionItems(action), low, now)) continue;
    const coins = markSent(state, action, now);
    const tickCoins = new Map<string, number>();
    for (const coin of coins) {
      const t = ticked.get(coin);
      if (t !== undefined) tickCoins.set(coin, t);
    }
    out.push({ type: "send", action, via, tickCoins });
  }
}

/** The changes the governor admits now, in rank order (cancels always). */
function govern(state: EngineState, diff: OrderDiff, now: number): OrderDiff {
  const ranked = rankChanges(diff, (cloid) => state.orders.get(cloid));
  if (ranked.length === 0) return diff;
  return admittedDiff(diff, state.governor.select(ranked, state.settings.budget.remaining(), now));
}

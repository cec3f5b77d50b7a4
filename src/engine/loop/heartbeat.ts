/**
 * The timed chores of a `loopMs` heartbeat, around its decision: `planMarketData` before it,
 * `chores` after it. Pure: no I/O, no clock, no logging; it changes only `state` and returns the requests to
 * start (REST books when WS data is stale or absent, housekeeping reads, unknown-outcome lookups),
 * the dead-man's switch refresh and the status line.
 */
import { USD_PER_BOUGHT_REQUEST } from "../budget/budget_governor.ts";
import { type EngineCommand, log } from "./engine_commands.ts";
import { chargeSent, type EngineState, orderVia } from "./engine_state.ts";

/** What the heartbeat reads from outside the engine. */
export interface HeartbeatInputs {
  /** REST weight used in the trailing minute. */
  readonly restUsedLastMinute: number;
}

/** Plan market data (WS vs REST fallback/polling): the REST books to fetch. */
export function planMarketData(
  state: EngineState,
  inputs: HeartbeatInputs,
  now: number,
): EngineCommand[] {
  const out: EngineCommand[] = [];
  const plan = state.planner.plan({
    nowMs: now,
    feedConnected: state.feedConnected,
    restUsedLastMinute: inputs.restUsedLastMinute,
    wsAgeMs: (coin) => state.cache.wsAgeMs(coin, now),
  });
  for (const coin of plan.changed) {
    out.push(log("info", "market data source", { coin, source: plan.modes.get(coin) }));
  }
  for (const coin of plan.fetch) {
    state.planner.started(coin, now);
    out.push({ type: "info", request: { what: "l2Book", coin } });
  }
  return out;
}

/** Housekeeping, unknown-outcome lookups, the dead-man's switch and the status line. */
export function chores(state: EngineState, now: number): EngineCommand[] {
  const out: EngineCommand[] = [];
  const { loops } = state.stats;
  const everyN = state.config.housekeepEveryN;
  if (loops % everyN === 0) state.orders.prune(now);
  for (
    const request of state.housekeeper.run(now, loops, everyN, state.orders, state.feedConnected)
  ) {
    out.push({ type: "info", request });
  }
  deadManSwitch(state, now, out);
  buyRequests(state, now, out);
  sampleUptime(state, now);
  if (now - state.lastStatusMs >= state.config.statusEveryMs) {
    state.lastStatusMs = now;
    out.push({ type: "status" });
  }
  return out;
}

function deadManSwitch(state: EngineState, now: number, out: EngineCommand[]): void {
  // With the address budget low and nothing resting, a refresh would spend for nothing.
  const hold = state.risk.budgetPaused && state.orders.liveOrders().length === 0;
  const timeMs = state.deadMan.due(now, hold);
  const via = orderVia(state);
  if (timeMs === null || via === null) return;
  if (!state.pacer.admit("schedule", 1, state.risk.budgetPaused, now)) return;
  state.deadMan.sent();
  chargeSent(state, "schedule", 1, now);
  out.push({ type: "scheduleCancel", timeMs, via });
}

/** Orders that stand on the book for quoting uptime (a modify in flight still rests). */
const ON_BOOK = new Set(["resting", "partiallyFilled", "pendingModify"]);

/** Add the time since the last heartbeat to every coin, and to those quoted on both sides. */
function sampleUptime(state: EngineState, now: number): void {
  const u = state.uptime;
  const last = u.lastMs;
  u.lastMs = now;
  if (last === null || now <= last) return;
  const dt = now - last;
  const sides = new Map<string, Set<string>>();
  for (const o of state.orders.liveOrders()) {
    if (!ON_BOOK.has(o.state)) continue;
    const s = sides.get(o.coin) ?? new Set<string>();
    s.add(o.side);
    sides.set(o.coin, s);
  }
  for (const c of state.config.coins) {
    u.coinMs += dt;
    if ((sides.get(c.coin)?.size ?? 0) === 2) u.quotedMs += dt;
  }
}

/** Buy address requests when the governor's forecast says it would otherwise run out. */
function buyRequests(state: EngineState, now: number, out: EngineCommand[]): void {
  const via = orderVia(state);
  if (via === null) return;
  const requests = state.governor.toBuy(state.settings.budget.remaining(), now);
  if (requests <= 0) return;
  state.governor.bought(requests, now);
  chargeSent(state, "schedule", 1, now);
  out.push(log("info", "buying address requests", {
    requests,
    usd: requests * USD_PER_BOUGHT_REQUEST,
    maxBuyUsdPerDay: state.config.budget.maxBuyUsdPerDay,
  }));
  out.push({ type: "reserveWeight", requests, via });
}

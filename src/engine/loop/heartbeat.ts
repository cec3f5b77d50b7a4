/**
 * The timed chores of a `loopMs` heartbeat, around its decision: `planMarketData` before it,
 * `chores` after it. Pure: no I/O, no clock, no logging; it changes only `state` and returns the requests to
 * start (REST books when WS data is stale or absent, housekeeping reads, unknown-outcome lookups),
 * the dead-man's switch refresh and the status line.
 */
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
  chargeSent(state, "schedule", 1);
  out.push({ type: "scheduleCancel", timeMs, via });
}

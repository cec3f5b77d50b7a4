/**
 * `applyEvent(state, event, now)`: how one event (a feed frame, an answer, an operator command)
 * changes the engine's state. Pure: no I/O, no clock, no logging. It changes only `state` and
 * returns what the shell must do (log, cancel orphans, answer a halt).
 */
import type { FeedEvent } from "../../core/ports.ts";
import type { AddressRateLimit, CancelOutcome, Fill, OrderOutcome } from "../../core/types.ts";
import { USD_PER_BOUGHT_REQUEST } from "../budget/budget_governor.ts";
import { anchorLoss, applyReconcile } from "./apply_account.ts";
import { assetChanges } from "./asset_changes.ts";
import { type EngineCommand, log } from "./engine_commands.ts";
import type { EngineEvent } from "./engine_events.ts";
import { configuredCoins, type EngineState, RECENT_MAX, riskEvent } from "./engine_state.ts";
import type { OrderKind } from "./engine_stats.ts";

/** Apply one event to `state`; returns the commands it calls for. */
export function applyEvent(state: EngineState, e: EngineEvent, now: number): EngineCommand[] {
  const out: EngineCommand[] = [];
  state.housekeeper.settled(e);
  if (e.type === "feed" && (e.event.type === "bbo" || e.event.type === "l2Book")) {
    state.dirty?.add(e.event.type === "bbo" ? e.event.coin : e.event.book.coin);
  } else if (e.type === "restBook") state.dirty?.add(e.coin);
  else state.dirty = null;
  switch (e.type) {
    case "feed":
      applyFeed(state, e.event, e.monoMs, now, out);
      break;
    case "restBook":
      state.planner.finished(e.coin);
      if (e.book) state.cache.applyBook(e.book, e.monoMs, e.sentMonoMs);
      else {
        out.push(log("warn", "REST l2Book failed", { coin: e.coin, error: e.error }, {
          throttleKey: `restBook:${e.coin}`,
        }));
      }
      break;
    case "placed":
      state.orders.placeOutcomes(e.places, e.outcomes, now);
      orderOutcomes(state, "place", e.outcomes, now, e.places.map((p) => p.intent.coin), out);
      break;
    case "modified":
      state.orders.modifyOutcomes(e.modifies, e.outcomes, now);
      orderOutcomes(
        state,
        "modify",
        e.outcomes,
        now,
        e.modifies.map((m) => m.modify.order.coin),
        out,
      );
      break;
    case "canceled":
      state.orders.cancelOutcomes(e.cancels, e.outcomes, now);
      countOutcomes(state, "cancel", e.outcomes, now);
      riskEvent(state, { type: "cancelOutcomes", outcomes: e.outcomes, nowMs: now });
      for (const o of e.outcomes) {
        if (o.kind === "unknown") {
          out.push(log("warn", "cancel outcome unknown", { reason: o.reason }));
        }
      }
      break;
    case "orphansCanceled":
      countOutcomes(state, "cancel", e.outcomes, now);
      out.push(log("info", "orphans canceled", {
        oids: e.orders.map((o) => o.oid),
        outcomes: e.outcomes.map((o) => o.kind),
      }));
      break;
    case "reconciled":
      applyReconcile(state, e.open, e.account, e.asOfMs, e.reason, now, out);
      break;
    case "reconcileFailed":
      out.push(log("warn", "reconcile failed", { reason: e.reason, error: e.error }, {
        throttleKey: "reconcile",
      }));
      break;
    case "restFills":
      applyFills(state, e.fills, true, now, out);
      break;
    case "rateLimit":
      applyRateLimit(state, e.limit);
      break;
    case "startupAccount":
      state.positions.setFromExchange(
        e.account.positions,
        configuredCoins(state),
        e.account.timeMs,
      );
      anchorLoss(state, e.account, true, out);
      if (e.limit) applyRateLimit(state, e.limit);
      break;
    case "meta": {
      const changes = assetChanges(state.settings.assets, e.assets, configuredCoins(state));
      if (changes.length > 0) {
        out.push(
          log("error", `trading rules changed (${changes.join("; ")}): restart to use them`),
        );
      }
      break;
    }
    case "infoFailed":
      out.push(log("warn", "info request failed", { what: e.what, error: e.error }, {
        throttleKey: `info:${e.what}`,
      }));
      break;
    case "orderStatus":
      if (e.result) state.orders.applyOrderStatus(e.cloid, e.result, now);
      break;
    case "scheduleCancel": {
      const report = state.deadMan.answered(e.timeMs, e.outcome, now);
      if (report) out.push(log(report.level, report.msg, report.fields));
      break;
    }
    case "reserved":
      if (e.outcome.kind === "ok") {
        state.settings.budget.reserved(e.requests);
        out.push(log("info", "address requests bought", {
          requests: e.requests,
          usd: e.requests * USD_PER_BOUGHT_REQUEST,
        }));
      } else {
        out.push(log("warn", "address requests not bought", {
          requests: e.requests,
          outcome: e.outcome.kind,
          ...("reason" in e.outcome ? { reason: e.outcome.reason } : {}),
          ...("text" in e.outcome ? { text: e.outcome.text } : {}),
        }));
      }
      break;
    case "halt":
      riskEvent(state, { type: "halt", reason: e.reason });
      out.push({ type: "ack", ack: e.ack });
      state.housekeeper.requestReconcile("halt");
      break;
    case "resume":
      riskEvent(state, { type: "resume" });
      out.push(log("info", "resumed by the operator"));
      break;
    case "config":
      state.config = e.config;
      state.governor.configure(e.config.budget);
      out.push(log("info", "quoting parameters changed", { coins: e.coinsForLog }));
      break;
  }
  return out;
}

function applyFeed(
  state: EngineState,
  e: FeedEvent,
  monoMs: number,
  now: number,
  out: EngineCommand[],
): void {
  switch (e.type) {
    case "l2Book":
      return state.cache.applyBook(e.book, monoMs);
    case "bbo":
      return state.cache.applyBbo(e, monoMs);
    case "orderUpdates":
      return state.orders.applyOrderUpdates(e.updates, now);
    case "fills":
      return applyFills(state, e.fills, e.isSnapshot, now, out);
    case "connected":
      state.feedConnected = true;
      out.push(log("info", "feed connected", { reconnect: e.reconnect }));
      if (e.reconnect) state.housekeeper.requestReconcile("ws reconnect");
      return;
    case "disconnected":
      state.feedConnected = false;
      out.push(log("warn", "feed disconnected", { reason: e.reason }));
      return;
  }
}

function applyFills(
  state: EngineState,
  fills: readonly Fill[],
  isSnapshot: boolean,
  now: number,
  out: EngineCommand[],
): void {
  const fresh = state.orders.applyFills(fills, isSnapshot, now);
  if (fresh.length === 0) return;
  state.positions.applyFills(fresh);
  state.stats.fills += fresh.length;
  for (const f of fresh) {
    state.settings.budget.addVolume(Math.abs(f.px * f.sz));
    state.governor.earned(Math.abs(f.px * f.sz), now);
    state.recentFills.unshift({
      timeMs: f.timeMs,
      coin: f.coin,
      side: f.side,
      px: f.px,
      sz: f.sz,
      feeUsd: f.fee,
      tid: f.tid,
    });
    out.push(log("info", "fill", {
      coin: f.coin,
      side: f.side,
      px: f.px,
      sz: f.sz,
      fee: f.fee,
      position: state.positions.position(f.coin),
    }));
  }
  state.recentFills.splice(RECENT_MAX);
}

function applyRateLimit(state: EngineState, limit: AddressRateLimit): void {
  state.settings.budget.sync(limit);
  state.addressSynced = true;
  riskEvent(state, { type: "addressBudget", remaining: state.settings.budget.remaining() });
}

function orderOutcomes(
  state: EngineState,
  kind: OrderKind,
  outcomes: readonly OrderOutcome[],
  now: number,
  coins: readonly string[],
  out: EngineCommand[],
): void {
  countOutcomes(state, kind, outcomes, now);
  riskEvent(state, { type: "orderOutcomes", outcomes, nowMs: now });
  outcomes.forEach((o, i) => {
    if (o.kind === "rejected") {
      out.push(log("warn", `${kind} rejected`, { coin: coins[i], reason: o.reason, text: o.text }, {
        throttleKey: `reject:${kind}:${o.reason}`,
      }));
    } else if (o.kind === "unknown") {
      out.push(log("warn", `${kind} outcome unknown; will look it up`, {
        coin: coins[i],
        reason: o.reason,
      }));
    }
  });
}

/** Count outcomes; an address-budget refusal makes the pacer slow down. */
export function countOutcomes(
  state: EngineState,
  kind: OrderKind,
  outcomes: readonly (OrderOutcome | CancelOutcome)[],
  now: number,
): void {
  for (const o of outcomes) state.stats.countOutcome(kind, o.kind);
  if (outcomes.some((o) => o.kind === "rejected" && o.reason === "addressBudget")) {
    state.pacer.refused(now);
  }
}

/**
 * Liveness and readiness, as pure functions of a snapshot and the current time.
 *
 * Alive: the loop finished an iteration within max(livenessLoops loop periods, livenessMinMs), or
 * it has not finished one yet and the process is still within its startup grace.
 * Ready: the WS feed (when used) is connected, every coin's data is fresher than maxQuoteAgeMs,
 * the last loop finished within readinessLoops loop periods, the bot is not halted, a configured
 * dead-man's switch is active on the exchange, and the address budget is not low.
 */
import type { EngineSnapshot } from "../core/engine_view.ts";

/** The thresholds of liveness and readiness, in loop periods and ms. */
export interface HealthOptions {
  /** Loop periods without a finished iteration before the loop counts as dead (default 10). */
  readonly livenessLoops: number;
  /** Lower bound of the liveness window, ms (default 5000). */
  readonly livenessMinMs: number;
  /** Time after start the first iteration may take, ms (default 30000). */
  readonly startupGraceMs: number;
  /** Loop periods within which the last iteration must have finished to be ready (default 5). */
  readonly readinessLoops: number;
}

/** Health thresholds used unless the sidecar is given others. */
export const HEALTH_DEFAULTS: HealthOptions = {
  livenessLoops: 10,
  livenessMinMs: 5_000,
  startupGraceMs: 30_000,
  readinessLoops: 5,
};

/**
 * The /health answer: whether the loop still turns, how long since it last did, and the limit (ms).
 */
export interface Liveness {
  readonly alive: boolean;
  /** ms since the last loop iteration finished; null before the first. */
  readonly lastLoopAgeMs: number | null;
  readonly limitMs: number;
  readonly reason: string | null;
}

/** One failing readiness check, with the coins it concerns when per-coin. */
export interface ReadinessFailure {
  readonly check:
    | "feed"
    | "data"
    | "loop"
    | "halted"
    | "coins"
    | "deadManSwitch"
    | "addressBudget";
  readonly detail: string;
  readonly coins?: readonly string[];
}

/** The /ready answer: ready, or every failing check. */
export interface Readiness {
  readonly ready: boolean;
  readonly failures: readonly ReadinessFailure[];
}

function loopAge(s: EngineSnapshot, nowMs: number): number | null {
  return s.lastLoopEndMs === null ? null : Math.max(0, nowMs - s.lastLoopEndMs);
}

/** Is the loop alive at `nowMs`? The answer behind /health. */
export function liveness(
  s: EngineSnapshot,
  nowMs: number,
  options: HealthOptions = HEALTH_DEFAULTS,
): Liveness {
  const limitMs = Math.max(options.livenessLoops * s.loopMs, options.livenessMinMs);
  const age = loopAge(s, nowMs);
  if (age === null) {
    const sinceStart = nowMs - s.startedAtMs;
    const alive = sinceStart <= options.startupGraceMs;
    return {
      alive,
      lastLoopAgeMs: null,
      limitMs,
      reason: alive ? null : `no loop iteration finished ${sinceStart} ms after start`,
    };
  }
  const alive = age <= limitMs;
  return {
    alive,
    lastLoopAgeMs: age,
    limitMs,
    reason: alive ? null : `last loop iteration finished ${age} ms ago (limit ${limitMs} ms)`,
  };
}

/** Is the bot fit to quote at `nowMs`? The answer behind /ready and the readiness gauge. */
export function readiness(
  s: EngineSnapshot,
  nowMs: number,
  options: HealthOptions = HEALTH_DEFAULTS,
): Readiness {
  const failures: ReadinessFailure[] = [];
  if (s.feed.used && !s.feed.connected) {
    failures.push({ check: "feed", detail: "websocket feed not connected" });
  }
  if (s.coins.length === 0) {
    failures.push({ check: "coins", detail: "no coins configured" });
  }
  const stale = s.coins.filter((c) => c.dataAgeMs === null || !(c.dataAgeMs < s.maxQuoteAgeMs));
  if (stale.length > 0) {
    const parts = stale.map((c) => `${c.coin}=${c.dataAgeMs === null ? "none" : c.dataAgeMs}`);
    failures.push({
      check: "data",
      detail: `market data not fresher than ${s.maxQuoteAgeMs} ms: ${parts.join(", ")}`,
      coins: stale.map((c) => c.coin),
    });
  }
  const limitMs = options.readinessLoops * s.loopMs;
  const age = loopAge(s, nowMs);
  if (age === null) {
    failures.push({ check: "loop", detail: "no loop iteration finished yet" });
  } else if (age > limitMs) {
    failures.push({
      check: "loop",
      detail: `last loop iteration finished ${age} ms ago (limit ${limitMs} ms)`,
    });
  }
  if (s.halted) {
    failures.push({ check: "halted", detail: `halted: ${s.haltReason ?? "no reason given"}` });
  }
  const dms = s.deadManSwitch;
  if (dms.configuredMs > 0 && !dms.active) {
    failures.push({
      check: "deadManSwitch",
      detail: `dead-man's switch configured (${dms.configuredMs} ms) but not active on the ` +
        `exchange` + (dms.lastRefusal !== null ? `: refused: ${dms.lastRefusal}` : ""),
    });
  }
  if (s.limiter.addressBudgetLow) {
    failures.push({
      check: "addressBudget",
      detail: `address budget low (${s.limiter.addressBudgetRemaining ?? "?"} requests left): ` +
        "slowed down, cancels first",
    });
  }
  return { ready: failures.length === 0, failures };
}

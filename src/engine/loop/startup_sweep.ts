/**
 * The first thing a starting bot does: take down its own orders left by an earlier run (our
 * cloid tag on our coins), before anything else can fail. openOrders is asked again after every
 * cancel until none is left, each request retried with backoff (startup_retry.ts), so a 429, a
 * few 5xx or a slow answer delay the start instead of leaving orders resting.
 */
import type { Logger } from "../../core/log.ts";
import type { ExchangeApi, InfoApi } from "../../core/ports.ts";
import type { CancelOutcome, ExchangeOrder } from "../../core/types.ts";
import { delay } from "../../util/async.ts";

/** What the startup sweep reads, cancels with and reports to. */
export interface StartupSweepDeps {
  readonly info: InfoApi;
  /** REST exchange; null in a dry run (the orders are only reported). */
  readonly exchange: ExchangeApi | null;
  readonly user: string;
  /** Orders to take down (our coins and our cloid tag). */
  readonly isStale: (order: ExchangeOrder) => boolean;
  readonly assetId: (coin: string) => number;
  readonly logger: Logger;
  /** Runs a request with the startup retry policy. */
  readonly retry: <T>(what: string, fn: (signal: AbortSignal) => Promise<T>) => Promise<T>;
  readonly signal: AbortSignal;
  /** Told about every cancel action's outcomes (counters). */
  readonly onCanceled?: (outcomes: readonly CancelOutcome[]) => void;
  /** Cancel rounds before giving the rest to the loop's reconcile (default 6). */
  readonly rounds?: number;
}

/** What the startup sweep found and what it could not take down. */
export interface StartupSweepResult {
  /** The first openOrders answer (for warnings about foreign orders). */
  readonly open: readonly ExchangeOrder[];
  /** Stale orders found at first. */
  readonly found: number;
  /** Stale orders still open after the last round (the loop's reconcile keeps at them). */
  readonly left: number;
}

/** Cancel the bot's orders of an earlier run, asking openOrders again until none is left. */
export async function sweepStaleOrders(deps: StartupSweepDeps): Promise<StartupSweepResult> {
  const rounds = deps.rounds ?? 6;
  const first = await deps.retry("openOrders", (s) => deps.info.openOrders(deps.user, s));
  let stale = first.filter(deps.isStale);
  const found = stale.length;
  if (found === 0) return { open: first, found, left: 0 };
  if (!deps.exchange) {
    deps.logger.info("dry run: would cancel stale orders", { oids: stale.map((o) => o.oid) });
    return { open: first, found, left: found };
  }
  deps.logger.info("canceling stale orders of an earlier run", { count: found });
  for (let round = 0; round < rounds && stale.length > 0; round++) {
    const outcomes = await deps.exchange.cancelByOid(
      stale.map((o) => ({ assetId: deps.assetId(o.coin), oid: o.oid })),
      deps.signal,
    );
    deps.onCanceled?.(outcomes);
    if (outcomes.some((o) => o.kind !== "success")) {
      await delay(250 * 2 ** Math.min(round, 4), { signal: deps.signal });
    }
    const open = await deps.retry("openOrders", (s) => deps.info.openOrders(deps.user, s));
    stale = open.filter(deps.isStale);
  }
  if (stale.length > 0) {
    deps.logger.warn("stale orders still open after the startup sweep; the reconcile goes on", {
      left: stale.length,
    });
  } else deps.logger.info("stale orders of an earlier run canceled", { count: found });
  return { open: first, found, left: stale.length };
}

/**
 * Startup requests retried with backoff until a deadline: a 429, a 5xx, a timeout or a network
 * error at startup is a reason to wait and ask again, not to exit and leave orders resting.
 * Only answers that asking again cannot change (other 4xx, a malformed answer) fail at once.
 */
import type { Logger } from "../../core/log.ts";
import { GatewayError } from "../../core/ports.ts";
import { delay } from "../../util/async.ts";

/** The retry budget of a startup request: its deadline, backoff and where it logs. */
export interface StartupRetryOptions {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Give up after this long in all (default 60000). */
  readonly deadlineMs?: number;
  /** First wait (default 250), doubling up to maxDelayMs (default 4000). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** True for failures worth asking again at startup (429 included). */
export function isStartupRetryable(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false;
  if (error.kind === "parse" || error.kind === "aborted") return false;
  if (error.kind === "http") return (error.status ?? 0) >= 500;
  return true; // rateLimited, timeout, network
}

/** Run `fn` until it succeeds, retrying retryable failures with backoff until the deadline. */
export async function withStartupRetry<T>(
  what: string,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: StartupRetryOptions,
): Promise<T> {
  const deadline = Date.now() + (opts.deadlineMs ?? 60_000);
  let waitMs = opts.minDelayMs ?? 250;
  const maxDelayMs = opts.maxDelayMs ?? 4_000;
  for (let attempt = 1;; attempt++) {
    try {
      return await fn(opts.signal);
    } catch (error) {
      if (opts.signal.aborted || !isStartupRetryable(error) || Date.now() + waitMs > deadline) {
        throw error;
      }
      opts.logger.warn("startup request failed; retrying", {
        what,
        attempt,
        retryInMs: Math.round(waitMs),
        error: error instanceof Error ? error.message : String(error),
      });
      await delay(waitMs, { signal: opts.signal });
      waitMs = Math.min(maxDelayMs, waitMs * 2);
    }
  }
}

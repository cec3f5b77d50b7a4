/**
 * A small stand-in for `jsr:@std/async` (JSR is not reachable here). Same names and semantics as
 * @std/async for `delay`, `deadline`, `abortable` and `retry`, so it can be swapped later.
 */

/** Options of `delay`: an abort signal, and whether the timer keeps the process alive. */
export interface DelayOptions {
  signal?: AbortSignal;
  /** Keep the process alive while waiting (default true). */
  persistent?: boolean;
}

/** Resolve after `ms`; reject with the signal's reason if it aborts first. */
export function delay(ms: number, options: DelayOptions = {}): Promise<void> {
  const { signal, persistent = true } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(i);
      reject(signal?.reason);
    };
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const i = setTimeout(done, ms);
    signal?.addEventListener("abort", abort, { once: true });
    if (!persistent) {
      try {
        Deno.unrefTimer(i);
      } catch (error) {
        clearTimeout(i);
        signal?.removeEventListener("abort", abort);
        reject(error);
      }
    }
  });
}

/** Reject with `signal.reason` when the signal aborts, otherwise settle like `p`. */
export function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const { promise, reject } = Promise.withResolvers<never>();
  const abort = () => reject(signal.reason);
  signal.addEventListener("abort", abort, { once: true });
  return Promise.race([promise, p]).finally(() => {
    signal.removeEventListener("abort", abort);
  });
}

/** Rejection of `deadline` when the time ran out. */
export class DeadlineError extends Error {
  constructor(message = "Deadline") {
    super(message);
    this.name = "DeadlineError";
  }
}

/** Options of `deadline`: an abort signal that also ends the wait. */
export interface DeadlineOptions {
  signal?: AbortSignal;
}

/** Reject with DeadlineError if `p` is not settled within `ms`. */
export function deadline<T>(p: Promise<T>, ms: number, options: DeadlineOptions = {}): Promise<T> {
  const signals: AbortSignal[] = [AbortSignal.timeout(ms)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  return abortable(p, signal).catch((error) => {
    if (signal.reason instanceof DOMException && signal.reason.name === "TimeoutError") {
      throw new DeadlineError();
    }
    throw error;
  });
}

/** Rejection of `retry` after the last attempt failed; `cause` is that attempt's error. */
export class RetryError extends Error {
  constructor(cause: unknown, attempts: number) {
    super(`Retrying exceeded the maxAttempts (${attempts}).`);
    this.name = "RetryError";
    this.cause = cause;
  }
}

/** Backoff of `retry`: attempts, delays in ms, growth, jitter, and an abort signal. */
export interface RetryOptions {
  /** How much to grow the delay each attempt (default 2). */
  multiplier?: number;
  /** Upper bound of a single delay in ms (default 60000). */
  maxTimeout?: number;
  /** Attempts in all (default 5). */
  maxAttempts?: number;
  /** Delay before the second attempt, ms (default 1000). */
  minTimeout?: number;
  /** Full-jitter fraction 0..1 (default 1). */
  jitter?: number;
  /** Abort waiting between attempts (an extension over @std/async). */
  signal?: AbortSignal;
  /** Random source for jitter (an extension, for deterministic tests). */
  random?: () => number;
}

/**
 * Call `fn` until it resolves, waiting an exponentially growing, jittered delay between attempts.
 * Only for idempotent work (info requests, reconnects): never for exchange actions.
 */
export async function retry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    multiplier = 2,
    maxTimeout = 60_000,
    maxAttempts = 5,
    minTimeout = 1_000,
    jitter = 1,
    signal,
    random = Math.random,
  } = options;
  if (maxTimeout <= 0) throw new TypeError("maxTimeout must be positive");
  if (minTimeout > maxTimeout) throw new TypeError("minTimeout must not exceed maxTimeout");
  if (jitter < 0 || jitter > 1) throw new TypeError("jitter must be between 0 and 1");
  let attempt = 0;
  while (true) {
    try {
      return await fn();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (attempt + 1 >= maxAttempts) throw new RetryError(error, maxAttempts);
      const backoff = Math.min(maxTimeout, minTimeout * multiplier ** attempt);
      const waitMs = backoff * (1 - jitter * random());
      attempt++;
      await delay(waitMs, signal ? { signal } : {});
    }
  }
}

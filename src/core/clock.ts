/** Time source injected into every pure decision (limiter, nonce, strategy, risk). */
export interface Clock {
  /** Unix time in milliseconds. */
  nowMs(): number;
  /** Monotonic time in milliseconds, for measuring durations. */
  monoMs(): number;
}

/** The real clock: `Date.now()` for wall time, `performance.now()` for durations. */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monoMs: () => performance.now(),
};

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #nowMs: number;
  #monoMs = 0;

  constructor(startMs = 1_700_000_000_000) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  monoMs(): number {
    return this.#monoMs;
  }

  advance(ms: number): void {
    this.#nowMs += ms;
    this.#monoMs += ms;
  }

  set(nowMs: number): void {
    this.#monoMs += nowMs - this.#nowMs;
    this.#nowMs = nowMs;
  }
}

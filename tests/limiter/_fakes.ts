/** Test doubles for the limiter: sleepers driven by a ManualClock. */
import type { ManualClock } from "../../src/core/clock.ts";
import type { Sleeper } from "../../src/limiter/token_bucket.ts";

/** A sleeper that moves the clock forward by `ms` at once and records every sleep. */
export function advancingSleeper(clock: ManualClock, calls: number[] = []): Sleeper {
  return (ms, signal) => {
    if (signal.aborted) return Promise.reject(signal.reason);
    calls.push(ms);
    clock.advance(ms);
    return Promise.resolve();
  };
}

interface Parked {
  readonly ms: number;
  readonly resolve: () => void;
}

/** A sleeper whose sleeps finish only when the test calls `wakeAll` (which moves the clock). */
export class ParkedSleeper {
  readonly #clock: ManualClock;
  #parked: Parked[] = [];
  readonly calls: number[] = [];

  constructor(clock: ManualClock) {
    this.#clock = clock;
  }

  get pending(): number {
    return this.#parked.length;
  }

  readonly sleep: Sleeper = (ms, signal) => {
    if (signal.aborted) return Promise.reject(signal.reason);
    this.calls.push(ms);
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const onAbort = () => {
      this.#parked = this.#parked.filter((p) => p !== parked);
      reject(signal.reason);
    };
    const parked: Parked = {
      ms,
      resolve: () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
    };
    this.#parked.push(parked);
    signal.addEventListener("abort", onAbort, { once: true });
    return promise;
  };

  /** Move the clock by the longest parked sleep and wake every sleeper. */
  wakeAll(): void {
    const parked = this.#parked;
    this.#parked = [];
    this.#clock.advance(Math.max(0, ...parked.map((p) => p.ms)));
    for (const p of parked) p.resolve();
  }
}

/** Let queued promise callbacks run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

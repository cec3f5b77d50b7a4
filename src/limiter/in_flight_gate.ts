/**
 * At most `max` WS `post` requests in flight at once (reference §2.2: 100 per IP). `enter` takes
 * a slot or waits for one, first come first served, and rejects with the signal's reason if it
 * aborts first (its place in the queue is given up). `leave` frees a slot, handing it straight to
 * the oldest waiter; calling it with nothing in flight is a bug and throws.
 */
import type { InFlightGate } from "../core/ports.ts";
import { WS_MAX_IN_FLIGHT_POSTS } from "./ws_budget.ts";

interface GateWaiter {
  readonly resolve: () => void;
}

/** Keeps WS posts in flight under the exchange's cap, admitting waiters in arrival order. */
export class FifoInFlightGate implements InFlightGate {
  readonly max: number;
  #inFlight = 0;
  readonly #waiters: GateWaiter[] = [];

  constructor(max: number = WS_MAX_IN_FLIGHT_POSTS) {
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`max must be a whole number >= 1, got ${max}`);
    }
    this.max = max;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  enter(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#inFlight < this.max && this.#waiters.length === 0) {
      this.#inFlight++;
      return Promise.resolve();
    }
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    const onAbort = () => {
      const index = this.#waiters.indexOf(waiter);
      if (index >= 0) this.#waiters.splice(index, 1);
      reject(signal.reason);
    };
    const waiter: GateWaiter = {
      resolve: () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
    };
    this.#waiters.push(waiter);
    signal.addEventListener("abort", onAbort, { once: true });
    return promise;
  }

  leave(): void {
    if (this.#inFlight === 0) {
      throw new Error("InFlightGate.leave() called with nothing in flight (leave without enter)");
    }
    const next = this.#waiters.shift();
    if (next) next.resolve(); // the slot passes to the waiter: inFlight is unchanged
    else this.#inFlight--;
  }
}

/** A sum over a trailing window, in one-second buckets (spend and earn rates of the governor). */

/** Sums amounts over the trailing `windowMs` (whole seconds), by event time. */
export class RollingSum {
  readonly #buckets: number[];
  readonly #bucketMs: number;
  #headSec = -Infinity;
  #sum = 0;

  constructor(windowMs = 60_000, bucketMs = 1_000) {
    this.#bucketMs = bucketMs;
    this.#buckets = new Array(Math.max(1, Math.round(windowMs / bucketMs))).fill(0);
  }

  /** Add `amount` at `nowMs`. */
  add(amount: number, nowMs: number): void {
    this.#advance(nowMs);
    const n = this.#buckets.length;
    const i = ((Math.floor(nowMs / this.#bucketMs) % n) + n) % n;
    this.#buckets[i]! += amount;
    this.#sum += amount;
  }

  /** The sum over the window ending at `nowMs`. */
  sum(nowMs: number): number {
    this.#advance(nowMs);
    return this.#sum;
  }

  #advance(nowMs: number): void {
    const sec = Math.floor(nowMs / this.#bucketMs);
    if (sec <= this.#headSec) return;
    const n = this.#buckets.length;
    const steps = this.#headSec === -Infinity ? n : Math.min(n, sec - this.#headSec);
    for (let k = 1; k <= steps; k++) {
      const i = (((sec - steps + k) % n) + n) % n;
      this.#sum -= this.#buckets[i]!;
      this.#buckets[i] = 0;
    }
    this.#headSec = sec;
    if (Math.abs(this.#sum) < 1e-9) this.#sum = 0;
  }
}

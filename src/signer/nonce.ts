import type { Clock } from "../core/clock.ts";

/**
 * Nonces for signed actions: `max(nowMs, last + 1)`, so strictly increasing even when the clock
 * stalls or steps backwards, and fast-forwarded to the current ms when the clock is ahead.
 * `next()` is synchronous, so concurrent async callers (JS runs one at a time) can never be
 * handed the same or a decreasing value. Use one source per signing key.
 */
export class NonceSource {
  readonly #clock: Clock;
  #last = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  next(): number {
    const nowMs = Math.floor(this.#clock.nowMs());
    const nonce = Number.isFinite(nowMs) && nowMs > this.#last ? nowMs : this.#last + 1;
    this.#last = nonce;
    return nonce;
  }
}

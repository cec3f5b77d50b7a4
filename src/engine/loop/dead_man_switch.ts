/**
 * The dead-man's switch schedule: keep a scheduleCancel `windowMs` ahead (the window is at least
 * the exchange's 5 s minimum plus a margin, see src/core/dead_man_limits.ts), refreshed when less
 * than half of it is left (so at most one action per windowMs/2). A refusal (e.g. the exchange's
 * volume gate of new accounts) or an unknown answer is retried with a doubling backoff
 * (`retryMs` up to `maxRetryMs`); the switch stays "configured but not active" until the exchange
 * accepts one, and `view()` says so (readiness, metrics, status line).
 */
import type { ActionOutcome } from "../../core/types.ts";
import type { DeadManSwitchView } from "../../core/engine_view.ts";

/** What the loop should log about an answer: the first refusal (or a new reason) as a warning. */
export interface DeadManReport {
  readonly level: "warn" | "info" | "debug";
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Decides when to send scheduleCancel so resting orders are canceled by the exchange if the bot
 * goes silent.
 */
export class DeadManSwitch {
  readonly #windowMs: number;
  readonly #retryMs: number;
  readonly #maxRetryMs: number;
  #armedUntilMs: number | null = null;
  #inFlight = false;
  #nextTryMs = 0;
  #failures = 0;
  #refusals = 0;
  #lastRefusal: string | null = null;

  /** `windowMs` 0 = off. */
  constructor(windowMs: number, retryMs = 5_000, maxRetryMs = 300_000) {
    this.#windowMs = windowMs;
    this.#retryMs = retryMs;
    this.#maxRetryMs = maxRetryMs;
  }

  get configured(): boolean {
    return this.#windowMs > 0;
  }

  get armedUntilMs(): number | null {
    return this.#armedUntilMs;
  }

  /** Armed by the exchange with a trigger time still ahead of `nowMs`. */
  active(nowMs: number): boolean {
    return this.#armedUntilMs !== null && this.#armedUntilMs > nowMs;
  }

  /**
   * The trigger time to send now, or null when nothing is due. `hold`: spend nothing now (the
   * address budget is low and there is nothing to protect).
   */
  due(nowMs: number, hold = false): number | null {
    if (!this.configured || hold || this.#inFlight || nowMs < this.#nextTryMs) return null;
    if (this.#armedUntilMs !== null && this.#armedUntilMs - nowMs > this.#windowMs / 2) {
      return null;
    }
    return nowMs + this.#windowMs;
  }

  sent(): void {
    this.#inFlight = true;
  }

  /** The answer to a scheduleCancel sent for `timeMs`, and what to log about it (if anything). */
  answered(timeMs: number | null, outcome: ActionOutcome, nowMs: number): DeadManReport | null {
    this.#inFlight = false;
    if (outcome.kind === "ok") {
      const recovered = this.#failures > 0;
      this.#armedUntilMs = timeMs;
      this.#failures = 0;
      this.#nextTryMs = 0;
      return recovered
        ? { level: "info", msg: "dead-man's switch active", fields: { untilMs: timeMs } }
        : null;
    }
    this.#failures++;
    const waitMs = Math.min(this.#maxRetryMs, this.#retryMs * 2 ** (this.#failures - 1));
    this.#nextTryMs = nowMs + waitMs;
    if (outcome.kind !== "rejected") {
      return {
        level: "debug",
        msg: "dead-man's switch: no answer; will retry",
        fields: { reason: outcome.reason, retryInMs: waitMs },
      };
    }
    this.#refusals++;
    // The same refusal with other figures (e.g. "Traded: $32.") is not news.
    const fresh = outcome.key !== this.#lastRefusal;
    this.#lastRefusal = outcome.key;
    return {
      level: fresh ? "warn" : "debug",
      msg:
        "dead-man's switch refused by the exchange: not active; quoting on, retrying with backoff",
      fields: { reason: outcome.text, refusals: this.#refusals, retryInMs: waitMs },
    };
  }

  /** The switch as the sidecar and the status line show it. */
  view(nowMs: number): DeadManSwitchView {
    return {
      configuredMs: this.#windowMs,
      active: this.active(nowMs),
      armedUntilMs: this.#armedUntilMs,
      refusals: this.#refusals,
      lastRefusal: this.#lastRefusal,
      nextTryMs: this.configured && !this.active(nowMs) ? this.#nextTryMs : null,
    };
  }
}

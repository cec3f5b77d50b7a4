/**
 * The dead-man's switch schedule: keep a scheduleCancel `windowMs` ahead, refreshed when less
 * than half of it is left (so at most one action per windowMs/2). A refusal by the exchange
 * (e.g. the volume gate of new accounts) disables it for the run and is reported once; an
 * unknown or unsent attempt is retried after `retryMs`.
 */
import type { ActionOutcome } from "../../core/types.ts";

/**
 * Decides when to send scheduleCancel so resting orders are canceled by the exchange if the bot
 * goes silent.
 */
export class DeadManSwitch {
  readonly #windowMs: number;
  readonly #retryMs: number;
  #armedUntilMs: number | null = null;
  #inFlight = false;
  #nextTryMs = 0;
  #disabledReason: string | null = null;

  /** `windowMs` 0 = off. */
  constructor(windowMs: number, retryMs = 5_000) {
    this.#windowMs = windowMs;
    this.#retryMs = retryMs;
  }

  get enabled(): boolean {
    return this.#windowMs > 0 && this.#disabledReason === null;
  }

  get armedUntilMs(): number | null {
    return this.#armedUntilMs;
  }

  get disabledReason(): string | null {
    return this.#disabledReason;
  }

  /** The trigger time to send now, or null when nothing is due. */
  due(nowMs: number): number | null {
    if (!this.enabled || this.#inFlight || nowMs < this.#nextTryMs) return null;
    if (this.#armedUntilMs !== null && this.#armedUntilMs - nowMs > this.#windowMs / 2) {
      return null;
    }
    return nowMs + this.#windowMs;
  }

  sent(): void {
    this.#inFlight = true;
  }

  /**
   * The answer to a scheduleCancel sent for `timeMs`. Returns the refusal text the first time
   * the switch gets disabled (to be logged once), else null.
   */
  answered(timeMs: number | null, outcome: ActionOutcome, nowMs: number): string | null {
    this.#inFlight = false;
    switch (outcome.kind) {
      case "ok":
        this.#armedUntilMs = timeMs;
        return null;
      case "rejected":
        if (this.#disabledReason !== null) return null;
        this.#disabledReason = outcome.reason;
        return outcome.reason;
      case "unknown":
      case "notSent":
        this.#nextTryMs = nowMs + this.#retryMs;
        return null;
    }
  }
}

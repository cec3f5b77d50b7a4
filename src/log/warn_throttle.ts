/**
 * Rate limit of repeated warnings, so a flood (refused requests, malformed frames) can neither
 * fill the disk nor bury a real error: per key, the first warning is logged at once; repeats
 * within `everyMs` are only counted, and the count is logged (`repeated`, with the latest fields)
 * by the next repeat after the period, or by `flush()` once the period is over. Pure: the clock
 * is injected, no timer of its own.
 */
import type { Clock } from "../core/clock.ts";
import type { LogFields, Logger } from "../core/log.ts";

interface KeyState {
  atMs: number;
  repeated: number;
  msg: string;
  fields: LogFields;
}

/** Keys beyond this many share one ("other") so the map stays small whatever the input. */
const MAX_KEYS = 64;

/** Per-key rate limit of repeated warnings: the first, then a count every `everyMs`. */
export class WarnThrottle {
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #everyMs: number;
  readonly #keys = new Map<string, KeyState>();
  #pending = 0;

  constructor(logger: Logger, clock: Clock, everyMs = 10_000) {
    this.#logger = logger;
    this.#clock = clock;
    this.#everyMs = everyMs;
  }

  /** Log `msg` now if `key` was quiet for `everyMs`, else count it. */
  warn(key: string, msg: string, fields: LogFields = {}): void {
    const now = this.#clock.nowMs();
    this.flush();
    const k = this.#keys.has(key) || this.#keys.size < MAX_KEYS ? key : "other";
    const s = this.#keys.get(k);
    if (s === undefined || now - s.atMs >= this.#everyMs) {
      this.#keys.set(k, { atMs: now, repeated: 0, msg, fields });
      this.#logger.warn(msg, fields);
      return;
    }
    if (s.repeated === 0) this.#pending++;
    s.repeated++;
    s.msg = msg;
    s.fields = fields;
  }

  /** Log the counts whose period is over; forget keys that were quiet for a whole period. */
  flush(): void {
    if (this.#pending === 0 && this.#keys.size === 0) return;
    const now = this.#clock.nowMs();
    for (const [key, s] of this.#keys) {
      if (now - s.atMs < this.#everyMs) continue;
      if (s.repeated === 0) {
        this.#keys.delete(key);
        continue;
      }
      this.#logger.warn(s.msg, { ...s.fields, repeated: s.repeated, periodMs: now - s.atMs });
      this.#pending--;
      s.repeated = 0;
      s.atMs = now;
    }
  }
}

/**
 * Warnings and errors of the loop: logged, and kept (newest first, bounded) for the sidecar's
 * "recent events". Repetitive warnings are throttled per key.
 */
import type { Clock } from "../../core/clock.ts";
import type { EventView } from "../../core/engine_view.ts";
import type { LogFields, Logger } from "../../core/log.ts";

/**
 * Logs the loop's warnings and errors and keeps the recent ones for the sidecar, throttling
 * repeats.
 */
export class EventLog {
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #max: number;
  readonly #recent: EventView[] = [];
  readonly #throttle = new Map<string, { atMs: number; suppressed: number }>();
  readonly #once = new Set<string>();

  constructor(logger: Logger, clock: Clock, max = 50) {
    this.#logger = logger;
    this.#clock = clock;
    this.#max = max;
  }

  warn(msg: string, fields: LogFields = {}): void {
    this.#event("warn", msg, fields);
  }

  error(msg: string, fields: LogFields = {}): void {
    this.#event("error", msg, fields);
  }

  /** Warn at most once per `everyMs` per key, counting what was suppressed in between. */
  warnThrottled(key: string, msg: string, fields: LogFields, everyMs = 10_000): void {
    const now = this.#clock.nowMs();
    const t = this.#throttle.get(key);
    if (t && now - t.atMs < everyMs) {
      t.suppressed++;
      return;
    }
    this.#throttle.set(key, { atMs: now, suppressed: 0 });
    this.warn(msg, t && t.suppressed > 0 ? { ...fields, suppressed: t.suppressed } : fields);
  }

  /** Warn the first time `key` is seen, never again. */
  warnOnce(key: string, msg: string, fields: LogFields): void {
    if (this.#once.has(key)) return;
    this.#once.add(key);
    this.warn(msg, fields);
  }

  recent(): EventView[] {
    return [...this.#recent];
  }

  #event(level: "warn" | "error", msg: string, fields: LogFields): void {
    this.#recent.unshift({ timeMs: this.#clock.nowMs(), level, msg });
    this.#recent.splice(this.#max);
    this.#logger[level](msg, fields);
  }
}

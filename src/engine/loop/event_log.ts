/**
 * Warnings and errors of the loop: logged, and kept (newest first, bounded) for the sidecar's
 * "recent events". Repetitive warnings are throttled per key. Every collection is bounded: the
 * recent list by `max`, the throttle and once-only keys by `maxKeys` (oldest keys forgotten).
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
  readonly #maxKeys: number;

  constructor(logger: Logger, clock: Clock, max = 50, maxKeys = 1_000) {
    this.#logger = logger;
    this.#clock = clock;
    this.#max = max;
    this.#maxKeys = maxKeys;
  }

  /** Keys remembered for throttling and once-only warnings (bounded by `maxKeys` each). */
  get keys(): number {
    return this.#throttle.size + this.#once.size;
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
    this.#throttle.delete(key);
    this.#throttle.set(key, { atMs: now, suppressed: 0 });
    if (this.#throttle.size > this.#maxKeys) {
      this.#throttle.delete(this.#throttle.keys().next().value!);
    }
    this.warn(msg, t && t.suppressed > 0 ? { ...fields, suppressed: t.suppressed } : fields);
  }

  /** Warn the first time `key` is seen, never again. */
  warnOnce(key: string, msg: string, fields: LogFields): void {
    if (this.#once.has(key)) return;
    this.#once.add(key);
    if (this.#once.size > this.#maxKeys) this.#once.delete(this.#once.values().next().value!);
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

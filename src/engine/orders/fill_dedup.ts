/**
 * Deduplicates fills by (coin, tid) and applies the snapshot rule:
 * - the FIRST `isSnapshot` batch only seeds the seen set (it is history from before the bot
 *   started, already reflected in the exchange position) and yields nothing;
 * - later snapshots (after a reconnect) yield the fills not seen before, except those older than
 *   `startedAtMs` (history from before this process);
 * - streaming fills (isSnapshot false or absent) yield every fill not seen before.
 * The seen set is bounded (oldest keys evicted first).
 */
import type { Fill } from "../../core/types.ts";

/** When fill history starts counting, and how many fill keys to remember. */
export interface FillDedupOptions {
  /** Process start; unseen snapshot fills older than this are ignored. Default 0. */
  readonly startedAtMs?: number;
  /** Max remembered fill keys. Default 100 000. */
  readonly maxSeen?: number;
}

/** Makes every fill count exactly once across WS snapshots, reconnects and REST polls. */
export class FillDeduper {
  readonly #seen = new Set<string>();
  readonly #startedAtMs: number;
  readonly #maxSeen: number;
  #seeded = false;

  constructor(opts: FillDedupOptions = {}) {
    this.#startedAtMs = opts.startedAtMs ?? 0;
    this.#maxSeen = opts.maxSeen ?? 100_000;
  }

  /** True once the first snapshot arrived. */
  get seeded(): boolean {
    return this.#seeded;
  }

  /** The fills of `fills` to apply now, in input order. */
  accept(fills: readonly Fill[], isSnapshot: boolean): Fill[] {
    const firstSnapshot = isSnapshot && !this.#seeded;
    if (isSnapshot) this.#seeded = true;
    const fresh: Fill[] = [];
    for (const f of fills) {
      const key = `${f.coin}:${f.tid}`;
      if (this.#seen.has(key)) continue;
      this.#remember(key);
      if (firstSnapshot) continue;
      if (isSnapshot && f.timeMs < this.#startedAtMs) continue;
      fresh.push(f);
    }
    return fresh;
  }

  #remember(key: string): void {
    this.#seen.add(key);
    if (this.#seen.size > this.#maxSeen) {
      const oldest = this.#seen.values().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
  }
}

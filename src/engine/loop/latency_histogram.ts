/**
 * A latency recorder: a fixed-bucket cumulative histogram (for the sidecar's metrics) plus a
 * ring of the most recent samples (for exact p50/p99 in status lines and summaries).
 */
import type { HistogramView } from "../../core/engine_view.ts";

/** Bucket upper bounds in ms for latency histograms: sub-millisecond to 5 s. */
export const DEFAULT_BUCKETS_MS: readonly number[] = [
  0.5,
  1,
  2,
  5,
  10,
  20,
  50,
  100,
  200,
  500,
  1000,
  2000,
  5000,
];

/**
 * Records durations (ms): cumulative buckets for metrics, and recent samples for exact quantiles.
 */
export class LatencyHistogram {
  readonly #buckets: readonly number[];
  readonly #counts: number[];
  readonly #recent: number[] = [];
  readonly #recentMax: number;
  #next = 0;
  #sum = 0;
  #count = 0;

  constructor(bucketsMs: readonly number[] = DEFAULT_BUCKETS_MS, recentMax = 4096) {
    this.#buckets = bucketsMs;
    this.#counts = bucketsMs.map(() => 0);
    this.#recentMax = recentMax;
  }

  observe(valueMs: number): void {
    if (!Number.isFinite(valueMs)) return;
    this.#sum += valueMs;
    this.#count++;
    for (let i = 0; i < this.#buckets.length; i++) {
      if (valueMs <= (this.#buckets[i] ?? Infinity)) this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    }
    if (this.#recent.length < this.#recentMax) {
      this.#recent.push(valueMs);
    } else {
      this.#recent[this.#next] = valueMs;
      this.#next = (this.#next + 1) % this.#recentMax;
    }
  }

  get count(): number {
    return this.#count;
  }

  /** Quantile (0..1) of the recent samples, nearest-rank; null without samples. */
  quantile(q: number): number | null {
    if (this.#recent.length === 0) return null;
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return sorted[rank] ?? null;
  }

  view(): HistogramView {
    return {
      bucketsMs: this.#buckets,
      counts: [...this.#counts],
      sumMs: this.#sum,
      count: this.#count,
    };
  }
}

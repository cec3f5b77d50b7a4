/**
 * A latency recorder: a fixed-bucket cumulative histogram (for the sidecar's metrics) plus an HDR
 * histogram of the recent samples (hdr-histogram-js, 3 significant digits, microsecond units) for
 * p50/p99 in status lines and summaries. "Recent" is the current window of `recentMax` samples
 * plus the previous full window: windows rotate instead of keeping every sample.
 */
import * as hdr from "hdr-histogram-js";
import type { HistogramView } from "../../core/engine_view.ts";

/** Samples are recorded in microseconds, up to one hour (larger ones are clamped). */
const UNITS_PER_MS = 1_000;
const MAX_RECORDED = 3_600_000 * UNITS_PER_MS;

function newHdr(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_RECORDED,
    numberOfSignificantValueDigits: 3,
  });
}

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
  readonly #recentMax: number;
  #current = newHdr();
  #previous: hdr.Histogram | null = null;
  readonly #merged = newHdr();
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
    if (this.#current.totalCount >= this.#recentMax) {
      const old = this.#previous;
      this.#previous = this.#current;
      this.#current = old ?? newHdr();
      this.#current.reset();
    }
    const units = Math.round(valueMs * UNITS_PER_MS);
    this.#current.recordValue(Math.min(MAX_RECORDED, Math.max(0, units)));
  }

  get count(): number {
    return this.#count;
  }

  /** Quantile (0..1) of the recent samples (within 0.1%); null without samples. */
  quantile(q: number): number | null {
    let h = this.#current;
    if (this.#previous !== null) {
      h = this.#merged;
      h.reset();
      h.add(this.#previous);
      h.add(this.#current);
    }
    if (h.totalCount === 0) return null;
    const units = Math.min(h.maxValue, h.getValueAtPercentile(q * 100));
    return units / UNITS_PER_MS;
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

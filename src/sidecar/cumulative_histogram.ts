/**
 * A prom-client Histogram that follows a cumulative histogram the engine keeps (`HistogramView`),
 * through prom-client's documented API only (`collect()`, `observe()`, `reset()`): at each scrape
 * it observes the samples that arrived since the previous one. The view holds per-bucket counts
 * and a sum, not the samples, so each new sample is observed at a value inside its own bucket,
 * chosen so that the observed sum grows by the view's sum growth: the exposed bucket counts,
 * `_sum` and `_count` are the view's.
 */
import { Histogram, type Registry } from "prom-client";
import type { HistogramView } from "../core/engine_view.ts";

/**
 * Name, help and registry of the metric, and where its cumulative counts are read from at scrape
 * time.
 */
export interface CumulativeHistogramConfig {
  readonly name: string;
  readonly help: string;
  readonly registry: Registry;
  /** The current cumulative view (read once at construction for the bucket bounds). */
  readonly read: () => HistogramView;
  /** Divide bucket bounds and the sum by this (ms to seconds: 1000). Default 1. */
  readonly divisor?: number;
}

/** A view repaired into a valid histogram: bounds, per-bucket counts (last: +Inf) and sum. */
export interface BucketCounts {
  /** Finite, strictly increasing upper bounds (after the divisor). */
  readonly bounds: readonly number[];
  /** Samples per bucket, not cumulative; one more entry than `bounds` (the +Inf bucket). */
  readonly counts: readonly number[];
  readonly sum: number;
}

/** Drop bounds that are not finite or not increasing, keep cumulative counts non-decreasing. */
export function bucketCounts(view: HistogramView, divisor = 1): BucketCounts {
  const bounds: number[] = [];
  const cumulative: number[] = [];
  let running = 0;
  view.bucketsMs.forEach((bound, i) => {
    const le = bound / divisor;
    if (!Number.isFinite(le) || le <= (bounds.at(-1) ?? -Infinity)) return;
    bounds.push(le);
    running = Math.max(running, Math.max(0, view.counts[i] ?? running));
    cumulative.push(running);
  });
  const total = Math.max(running, Number.isFinite(view.count) ? view.count : running);
  const counts = [...cumulative, total].map((c, i) => c - (i === 0 ? 0 : cumulative[i - 1]!));
  const sum = Number.isFinite(view.sumMs) ? view.sumMs / divisor : 0;
  return { bounds, counts, sum };
}

/**
 * Values to observe so that bucket i gets `deltas[i]` new samples whose total is `sum` (as close
 * as the buckets allow). Returns [value, times] pairs.
 */
export function samplesFor(
  bounds: readonly number[],
  deltas: readonly number[],
  sum: number,
): [number, number][] {
  const lows = bounds.map((b, i) => {
    const lo = i === 0 ? Math.min(0, b - 1) : bounds[i - 1]!;
    return lo + (b - lo) * 1e-9;
  });
  const last = bounds.length;
  const inf = deltas[last] ?? 0;
  let minSum = 0;
  let maxSum = 0;
  for (let i = 0; i < last; i++) {
    minSum += (deltas[i] ?? 0) * lows[i]!;
    maxSum += (deltas[i] ?? 0) * bounds[i]!;
  }
  const out: [number, number][] = [];
  // Without +Inf samples the finite buckets carry the whole sum; with them, the finite ones sit
  // at their low ends and the +Inf ones take the rest.
  const t = inf > 0 || maxSum <= minSum
    ? 0
    : Math.min(1, Math.max(0, (sum - minSum) / (maxSum - minSum)));
  let finiteSum = 0;
  for (let i = 0; i < last; i++) {
    const n = deltas[i] ?? 0;
    if (n <= 0) continue;
    const v = lows[i]! + t * (bounds[i]! - lows[i]!);
    finiteSum += n * v;
    out.push([v, n]);
  }
  if (inf > 0) {
    const top = bounds.at(-1) ?? 0;
    const above = top + Math.max(1e-9, Math.abs(top) * 1e-9);
    out.push([Math.max(above, (sum - finiteSum) / inf), inf]);
  }
  return out;
}

/** Registers a histogram named `config.name` that mirrors `config.read()` at every scrape. */
export function cumulativeHistogram(config: CumulativeHistogramConfig): Histogram {
  const divisor = config.divisor ?? 1;
  const { bounds } = bucketCounts(config.read(), divisor);
  let seen: readonly number[] = bounds.map(() => 0).concat(0);
  let seenSum = 0;
  return new Histogram({
    name: config.name,
    help: config.help,
    buckets: [...bounds],
    registers: [config.registry],
    collect() {
      const now = bucketCounts(config.read(), divisor);
      const sameBounds = now.bounds.length === bounds.length &&
        now.bounds.every((b, i) => b === bounds[i]);
      if (!sameBounds) return; // the engine's buckets are fixed; a different view is ignored
      if (now.counts.some((c, i) => c < (seen[i] ?? 0))) {
        this.reset(); // the view started over
        seen = seen.map(() => 0);
        seenSum = 0;
      }
      const deltas = now.counts.map((c, i) => c - (seen[i] ?? 0));
      for (const [value, times] of samplesFor(bounds, deltas, now.sum - seenSum)) {
        for (let k = 0; k < times; k++) this.observe(value);
      }
      seen = now.counts;
      seenSum = now.sum;
    },
  });
}

/**
 * A prom-client Histogram whose value is read, already cumulative, from the engine's snapshot
 * (`HistogramView`) at scrape time, instead of being observed value by value. prom-client has no
 * API to set bucket counts, so `get`/`getForPromString` are overridden to return the
 * `_bucket{le}`, `_sum` and `_count` samples built from the view; the registry formats them like
 * any histogram.
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
  /** The current cumulative view; null: no samples (HELP/TYPE only). */
  readonly read: () => HistogramView | null;
  /** Divide bucket bounds and the sum by this (ms to seconds: 1000). Default 1. */
  readonly divisor?: number;
}

type MetricObject = Awaited<ReturnType<Histogram<"le">["get"]>>;

interface Sample {
  value: number;
  labels: { le?: string | number };
  metricName: string;
}

/** Bounds that are finite and strictly increasing, counts that never decrease. */
export function cumulativeSamples(
  name: string,
  view: HistogramView,
  divisor = 1,
): Sample[] {
  const out: Sample[] = [];
  let lastBound = -Infinity;
  let running = 0;
  view.bucketsMs.forEach((bound, i) => {
    const le = bound / divisor;
    if (!Number.isFinite(le) || le <= lastBound) return;
    lastBound = le;
    running = Math.max(running, Math.max(0, view.counts[i] ?? running));
    out.push({ value: running, labels: { le: String(le) }, metricName: `${name}_bucket` });
  });
  const count = Math.max(running, Number.isFinite(view.count) ? view.count : running);
  out.push({ value: count, labels: { le: "+Inf" }, metricName: `${name}_bucket` });
  const sum = Number.isFinite(view.sumMs) ? view.sumMs / divisor : 0;
  out.push({ value: sum, labels: {}, metricName: `${name}_sum` });
  out.push({ value: count, labels: {}, metricName: `${name}_count` });
  return out;
}

/** Exposes an engine histogram as a Prometheus histogram without observing values twice. */
export class CumulativeHistogram extends Histogram<"le"> {
  readonly #read: () => HistogramView | null;
  readonly #divisor: number;
  readonly #name: string;
  readonly #help: string;

  constructor(config: CumulativeHistogramConfig) {
    super({ name: config.name, help: config.help, registers: [config.registry] });
    this.#read = config.read;
    this.#divisor = config.divisor ?? 1;
    this.#name = config.name;
    this.#help = config.help;
  }

  #object(): MetricObject {
    const view = this.#read();
    return {
      name: this.#name,
      help: this.#help,
      // prom-client's typings declare a numeric enum; at run time the type is this string.
      type: "histogram" as unknown as MetricObject["type"],
      values: view === null ? [] : cumulativeSamples(this.#name, view, this.#divisor),
      aggregator: "sum",
      collect: () => {},
    };
  }

  // deno-lint-ignore require-await
  override async get(): Promise<MetricObject> {
    return this.#object();
  }

  /** What Registry.metrics() calls (not in prom-client's typings). */
  // deno-lint-ignore require-await
  async getForPromString(): Promise<MetricObject> {
    return this.#object();
  }
}

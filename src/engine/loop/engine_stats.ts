/** Counters and histograms the loop keeps for status lines, the sidecar and the benchmark. */
import { DEFAULT_BUCKETS_MS, LatencyHistogram } from "./latency_histogram.ts";

/** Bucket upper bounds (ms) of tick-to-order latency: decisions on the frame take well under 1 ms. */
export const TICK_TO_ORDER_BUCKETS_MS: readonly number[] = [0.1, 0.25, ...DEFAULT_BUCKETS_MS];

/** The order operation a counter is kept for. */
export type OrderKind = "place" | "modify" | "cancel";

/**
 * The loop's counters and latency histograms; read by status lines, snapshots and the benchmark.
 */
export class EngineStats {
  readonly loopDuration = new LatencyHistogram();
  readonly batchSize = new LatencyHistogram([1, 2, 5, 10, 20, 40, 80, 200]);
  /** Market data frame received -> order request written, ms. */
  readonly tickToOrder = new LatencyHistogram(TICK_TO_ORDER_BUCKETS_MS);
  /** Duration of one decision (apply events, risk, quote, diff, plan, sign, hand over), ms. */
  readonly decisionDuration = new LatencyHistogram(TICK_TO_ORDER_BUCKETS_MS);
  /** Items sent by kind. */
  readonly sent: Record<OrderKind, number> = { place: 0, modify: 0, cancel: 0 };
  /** Outcomes by kind and outcome kind. */
  readonly outcomes: Record<OrderKind, Record<string, number>> = {
    place: {},
    modify: {},
    cancel: {},
  };
  /** Exchange actions (signed requests) sent. */
  actions = 0;
  fills = 0;
  /** Heartbeats (`step()`). */
  loops = 0;
  /** Decisions taken on events (not counting heartbeats). */
  decisions = 0;
  /** Decisions whose actions were held back (WS message budget or in-flight gate would wait). */
  heldDecisions = 0;

  countOutcome(kind: OrderKind, outcome: string): void {
    const m = this.outcomes[kind];
    m[outcome] = (m[outcome] ?? 0) + 1;
  }

  /** `orders` of the EngineSnapshot: sent counts plus outcome counts. */
  ordersView(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const kind of ["place", "modify", "cancel"] as const) {
      out[kind] = { sent: this.sent[kind], ...this.outcomes[kind] };
    }
    return out;
  }
}

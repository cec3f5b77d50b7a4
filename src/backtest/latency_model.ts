/**
 * Latency of order, modify and cancel acknowledgements in a backtest: a constant, or a percentile
 * table sampled with a seeded generator (deterministic). The delay is the time from the request
 * being sent to the exchange acting on it and the answer arriving (one figure per action).
 */

/** Constant ms, or `[[percentile, ms], ...]` ascending (e.g. [[50, 40], [90, 70], [99, 120]]). */
export type LatencySpec = number | readonly (readonly [number, number])[];

/** Latency per action kind. */
export interface LatencySpecs {
  readonly order: LatencySpec;
  readonly modify: LatencySpec;
  readonly cancel: LatencySpec;
}

/** Parse `40` or `50:40,90:70,99:120` (percentile:ms) into a spec. */
export function parseLatency(text: string): LatencySpec {
  if (!text.includes(":")) {
    const ms = Number(text);
    if (!(ms >= 0)) throw new Error(`bad latency ${text}`);
    return ms;
  }
  const table = text.split(",").map((p) => {
    const [q, ms] = p.split(":").map(Number);
    if (!(q! > 0 && q! <= 100 && ms! >= 0)) throw new Error(`bad latency entry ${p}`);
    return [q!, ms!] as const;
  });
  return table.sort((a, b) => a[0] - b[0]);
}

/** One latency draw (ms) from `spec`, interpolating linearly between table rows. */
export function sampleLatency(spec: LatencySpec, random: () => number): number {
  if (typeof spec === "number") return spec;
  const u = random() * 100;
  let prevQ = 0;
  let prevMs = spec[0]?.[1] ?? 0;
  for (const [q, ms] of spec) {
    if (u <= q) return prevMs + (ms - prevMs) * (q === prevQ ? 1 : (u - prevQ) / (q - prevQ));
    prevQ = q;
    prevMs = ms;
  }
  return prevMs;
}

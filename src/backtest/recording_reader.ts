/** Reads a feed recording (gzip JSONL written by src/record/recording_writer.ts). */

/** The recording's header line. */
export interface RecordingMeta {
  readonly source: string;
  readonly url: string;
  readonly coins: readonly string[];
  readonly wallMs: number;
}

/** One recorded event: a frame (parsed JSON) or a gap, at unix ms `tMs`. */
export type RecordedEvent =
  | { readonly tMs: number; readonly kind: "msg"; readonly msg: unknown }
  | {
    readonly tMs: number;
    readonly kind: "gap";
    readonly fromMs: number;
    readonly reason: string;
  };

/** A whole recording in memory. */
export interface Recording {
  readonly meta: RecordingMeta;
  readonly events: readonly RecordedEvent[];
}

/** Decompress and parse a recording file; throws with the line number on a malformed line. */
export async function readRecording(path: string): Promise<Recording> {
  const file = await Deno.open(path, { read: true });
  const text = await new Response(
    file.readable.pipeThrough(new DecompressionStream("gzip")),
  ).text();
  return parseRecording(text, path);
}

/** Parse the JSONL text of a recording. */
export function parseRecording(text: string, name = "recording"): Recording {
  const lines = text.split("\n");
  const head = JSON.parse(lines[0] ?? "null") as Record<string, unknown> | null;
  if (head?.type !== "header" || head.version !== 1 || typeof head.wallMs !== "number") {
    throw new Error(`${name}: not a version 1 feed recording (bad header)`);
  }
  const wallMs = head.wallMs;
  const meta: RecordingMeta = {
    source: String(head.source),
    url: String(head.url),
    coins: Array.isArray(head.coins) ? head.coins.map(String) : [],
    wallMs,
  };
  const events: RecordedEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    let rec: {
      ns?: unknown;
      msg?: unknown;
      text?: unknown;
      gap?: { fromNs?: unknown; reason?: unknown };
    };
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`${name}:${i + 1}: bad JSON`);
    }
    if (typeof rec.ns !== "number") throw new Error(`${name}:${i + 1}: no ns`);
    const tMs = wallMs + rec.ns / 1e6;
    if (rec.gap !== undefined) {
      if (typeof rec.gap.fromNs !== "number") throw new Error(`${name}:${i + 1}: bad gap`);
      events.push({
        tMs,
        kind: "gap",
        fromMs: wallMs + rec.gap.fromNs / 1e6,
        reason: String(rec.gap.reason ?? ""),
      });
    } else if (rec.msg !== undefined) {
      events.push({ tMs, kind: "msg", msg: rec.msg });
    }
  }
  return { meta, events };
}

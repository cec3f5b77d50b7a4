/**
 * Writer of a feed recording: gzip JSONL (runtime `CompressionStream`). Line 1 is a header
 * `{"type":"header","version":1,"source","url","coins","wallMs"}`; then one line per event, in
 * receive order, each stamped with `ns` = local monotonic nanoseconds since the header's wall-clock
 * anchor `wallMs`:
 * - `{"ns":N,"msg":<frame JSON verbatim>}` a JSON frame as received;
 * - `{"ns":N,"text":"..."}` a non-JSON text frame;
 * - `{"ns":N,"gap":{"fromNs":M,"reason":"..."}}` the connection was down from M to N.
 * Shared by the bot's feed recorder (src/record) and the simulator's push recorder
 * (src/sim/recording): a file format, no trading logic, so the simulator may import it.
 */

/** First line of a recording: where it came from and the wall-clock anchor of `ns` 0. */
export interface RecordingHeader {
  readonly source: string;
  readonly url: string;
  readonly coins: readonly string[];
  /** Unix ms at monotonic ns 0. */
  readonly wallMs: number;
}

/** The header line (no newline). */
export function headerLine(h: RecordingHeader): string {
  return JSON.stringify({
    type: "header",
    version: 1,
    source: h.source,
    url: h.url,
    coins: h.coins,
    wallMs: h.wallMs,
  });
}

/** The line of one received text frame (JSON frames embedded verbatim). */
export function frameLine(ns: number, text: string): string {
  const t = Math.round(ns);
  if (!text.includes("\n") && (text.startsWith("{") || text.startsWith("["))) {
    try {
      JSON.parse(text);
      return `{"ns":${t},"msg":${text}}`;
    } catch {
      // not JSON after all: stored as text below
    }
  }
  return `{"ns":${t},"text":${JSON.stringify(text)}}`;
}

/** The line of a gap: no data from `fromNs` until `ns` (reconnect). */
export function gapLine(ns: number, fromNs: number, reason: string): string {
  return JSON.stringify({ ns: Math.round(ns), gap: { fromNs: Math.round(fromNs), reason } });
}

const FLUSH_CHARS = 64 * 1024;

/** Appends recording lines to a gzip file; counts frames, gaps and compressed bytes. */
export class RecordingWriter {
  frames = 0;
  gaps = 0;
  /** Compressed bytes written so far. */
  bytes = 0;
  #buf: string[] = [];
  #bufChars = 0;
  #error: unknown = null;
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  readonly #done: Promise<void>;
  readonly #enc = new TextEncoder();

  private constructor(file: Deno.FsFile) {
    const gzip = new CompressionStream("gzip");
    const count = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, ctl) => {
        this.bytes += chunk.byteLength;
        ctl.enqueue(chunk);
      },
    });
    this.#done = gzip.readable.pipeThrough(count).pipeTo(file.writable);
    this.#writer = gzip.writable.getWriter();
  }

  /** Create (truncate) `path` and write the header. */
  static async open(path: string, header: RecordingHeader): Promise<RecordingWriter> {
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    const w = new RecordingWriter(file);
    w.#line(headerLine(header));
    return w;
  }

  /** Record one frame received at monotonic `ns`. */
  frame(ns: number, text: string): void {
    this.frames++;
    this.#line(frameLine(ns, text));
  }

  /** Record a gap from `fromNs` to `ns`. */
  gap(ns: number, fromNs: number, reason: string): void {
    this.gaps++;
    this.#line(gapLine(ns, fromNs, reason));
  }

  #line(line: string): void {
    if (this.#error !== null) throw this.#error;
    this.#buf.push(line, "\n");
    this.#bufChars += line.length + 1;
    if (this.#bufChars >= FLUSH_CHARS) this.flush();
  }

  /** Hand buffered lines to the compressor (a write error is thrown by the next call or close). */
  flush(): void {
    if (this.#buf.length === 0) return;
    const chunk = this.#enc.encode(this.#buf.join(""));
    this.#buf = [];
    this.#bufChars = 0;
    this.#writer.write(chunk).catch((error) => {
      this.#error ??= error;
    });
  }

  /** Flush, finish the gzip stream and close the file. */
  async close(): Promise<void> {
    this.flush();
    await this.#writer.close();
    await this.#done;
    if (this.#error !== null) throw this.#error;
  }
}

/**
 * Read-only feed recorder: one WebSocket (no key) subscribed to `bbo`, `l2Book` (`fast: true`)
 * and `trades` of each coin; every frame is written as received with its local receive time.
 * Reconnects with the feed's capped jittered backoff and records each outage as a gap event.
 */
import { reconnectDelayMs, wireSubscription } from "../feed/subscriptions.ts";
import { RecordingWriter } from "../util/recording_writer.ts";

/** What to record, where from, for how long, and where to report progress. */
export interface RecordOptions {
  readonly url: string;
  readonly coins: readonly string[];
  readonly out: string;
  /** Stop after this long (ms of real time). */
  readonly durationMs: number;
  readonly signal: AbortSignal;
  /** Called every `progressEveryMs` (default 10000) and at the end. */
  readonly onProgress?: (p: RecordProgress) => void;
  readonly progressEveryMs?: number;
  /** Source tag written in the header (default "ws"). */
  readonly source?: string;
}

/** Counters of a recording in progress. */
export interface RecordProgress {
  readonly elapsedMs: number;
  readonly frames: number;
  readonly bytes: number;
  readonly gaps: number;
  readonly connected: boolean;
}

/** The subscribe messages for `coins` (bbo, fast l2Book, trades). */
export function recordSubscriptions(coins: readonly string[]): Record<string, unknown>[] {
  return coins.flatMap((coin) => [
    wireSubscription({ type: "bbo", coin }),
    wireSubscription({ type: "l2Book", coin, fast: true }),
    { type: "trades", coin },
  ]).map((subscription) => ({ method: "subscribe", subscription }));
}

const PING_MS = 20_000;

/** Record until the duration is over or `signal` aborts; resolves with the final counters. */
export async function recordFeed(o: RecordOptions): Promise<RecordProgress> {
  const wallMs = Date.now();
  const mono0 = performance.now();
  const nsNow = () => (performance.now() - mono0) * 1e6;
  const writer = await RecordingWriter.open(o.out, {
    source: o.source ?? "ws",
    url: o.url,
    coins: o.coins,
    wallMs,
  });
  const stop = AbortSignal.any([o.signal, AbortSignal.timeout(o.durationMs)]);
  let connected = false;
  const progress = (): RecordProgress => ({
    elapsedMs: Math.round(nsNow() / 1e6),
    frames: writer.frames,
    bytes: writer.bytes,
    gaps: writer.gaps,
    connected,
  });
  const timer = setInterval(() => o.onProgress?.(progress()), o.progressEveryMs ?? 10_000);
  let downSinceNs: number | null = null;
  let downReason = "";
  let attempt = 0;
  try {
    while (!stop.aborted) {
      const reason = await connectOnce(o.url, o.coins, stop, {
        onOpen: () => {
          connected = true;
          attempt = 0;
          if (downSinceNs !== null) writer.gap(nsNow(), downSinceNs, downReason);
          downSinceNs = null;
        },
        onFrame: (text) => writer.frame(nsNow(), text),
      });
      if (stop.aborted) break;
      if (downSinceNs === null) {
        downSinceNs = nsNow();
        downReason = reason;
      }
      connected = false;
      const waitMs = reconnectDelayMs(attempt++, 500, 30_000, Math.random);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        stop.addEventListener("abort", () => {
          clearTimeout(t);
          resolve();
        }, { once: true });
      });
    }
    if (downSinceNs !== null) writer.gap(nsNow(), downSinceNs, `${downReason} (until end)`);
  } finally {
    clearInterval(timer);
    await writer.close();
  }
  const final = progress();
  o.onProgress?.(final);
  return final;
}

/** One connection: subscribe, pass frames on, ping; resolves with why it ended. */
function connectOnce(
  url: string,
  coins: readonly string[],
  stop: AbortSignal,
  on: { onOpen: () => void; onFrame: (text: string) => void },
): Promise<string> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (error) {
      resolve(`connect failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    let ping: ReturnType<typeof setInterval> | undefined;
    let lastFrameMs = performance.now();
    const finish = (reason: string) => {
      clearInterval(ping);
      stop.removeEventListener("abort", onAbort);
      try {
        ws.close();
      } catch {
        // already closed
      }
      resolve(reason);
    };
    const onAbort = () => finish("stopped");
    stop.addEventListener("abort", onAbort, { once: true });
    ws.onopen = () => {
      for (const m of recordSubscriptions(coins)) ws.send(JSON.stringify(m));
      on.onOpen();
      ping = setInterval(() => {
        if (performance.now() - lastFrameMs > 2 * PING_MS) return finish("no frames (half-open)");
        ws.send(JSON.stringify({ method: "ping" }));
      }, PING_MS);
    };
    ws.onmessage = (e) => {
      lastFrameMs = performance.now();
      if (typeof e.data === "string") on.onFrame(e.data);
    };
    ws.onerror = () => {};
    ws.onclose = (e) => finish(`closed ${e.code}${e.reason ? ` ${e.reason}` : ""}`);
  });
}

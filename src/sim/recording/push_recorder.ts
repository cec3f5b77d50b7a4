/**
 * The simulator records its own pushes (`sim:exchange --record FILE`): a WS client of the running
 * simulator subscribed to `bbo`, `l2Book` (`fast: true`) and `trades` of every listed coin, writing
 * each frame as received in the bot recorder's format (see recording_writer.ts).
 */
import { RecordingWriter } from "../../util/recording_writer.ts";

/** A running self-recording: its counters and how to stop it (flushes and closes the file). */
export interface SimPushRecorder {
  frames(): number;
  stop(): Promise<void>;
}

/** Coins listed by the simulator's `meta` answer. */
export function simCoins(metaAnswer: unknown): string[] {
  const universe = (metaAnswer as { universe?: { name?: unknown }[] } | null)?.universe ?? [];
  return universe.map((u) => u.name).filter((n): n is string => typeof n === "string");
}

/** Connect to `wsUrl`, subscribe to every coin's market data and write frames to `path`. */
export async function startSimPushRecorder(
  wsUrl: string,
  coins: readonly string[],
  path: string,
): Promise<SimPushRecorder> {
  const wallMs = Date.now();
  const mono0 = performance.now();
  const nsNow = () => (performance.now() - mono0) * 1e6;
  const writer = await RecordingWriter.open(path, { source: "sim", url: wsUrl, coins, wallMs });
  const ws = new WebSocket(wsUrl);
  const closed = Promise.withResolvers<void>();
  const opened = Promise.withResolvers<void>();
  ws.onopen = () => {
    for (const coin of coins) {
      for (
        const subscription of [
          { type: "bbo", coin },
          { type: "l2Book", coin, fast: true },
          { type: "trades", coin },
        ]
      ) ws.send(JSON.stringify({ method: "subscribe", subscription }));
    }
    opened.resolve();
  };
  ws.onmessage = (e) => {
    if (typeof e.data === "string") writer.frame(nsNow(), e.data);
  };
  ws.onerror = () => opened.reject(new Error(`sim recorder: cannot connect to ${wsUrl}`));
  ws.onclose = () => closed.resolve();
  await opened.promise;
  return {
    frames: () => writer.frames,
    stop: async () => {
      ws.close();
      await closed.promise;
      await writer.close();
    },
  };
}

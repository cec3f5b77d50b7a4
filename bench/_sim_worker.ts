/**
 * The demo bench's exchange: the simulator in a Web Worker (its own thread and event loop), so
 * its matching and pushes do not run on the bot's thread, as with a real exchange. Messages in:
 * `{ type: "start", seed, market?, initialAddressBudget? }`, `{ type: "stop" }`; out: `{ type: "started", httpUrl, wsUrl,
 * privateKey, address }`, `{ type: "stopped" }`.
 */
/// <reference lib="deno.worker" />
import type { MarketProfileName } from "../src/sim/market/market_profiles.ts";
import { type RunningSim, startSim } from "../src/sim/start_sim.ts";

/** What the worker is asked to do. */
type WorkerRequest =
  | {
    type: "start";
    seed: number;
    market?: MarketProfileName;
    initialAddressBudget?: number;
  }
  | { type: "stop" };

let sim: RunningSim | null = null;

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  if (e.data.type === "start") {
    const { seed, market, initialAddressBudget } = e.data;
    sim = await startSim({
      port: 0,
      hostname: "127.0.0.1",
      seed,
      ...(market !== undefined ? { marketProfile: market } : {}),
      ...(initialAddressBudget !== undefined ? { initialAddressBudget } : {}),
    });
    self.postMessage({
      type: "started",
      httpUrl: sim.httpUrl,
      wsUrl: sim.wsUrl,
      privateKey: sim.demo.privateKey,
      address: sim.demo.address,
    });
  } else {
    await sim?.stop();
    sim = null;
    self.postMessage({ type: "stopped" });
  }
};

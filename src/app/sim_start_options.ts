/** Maps the bot's embedded-simulator options (`--sim` flags) to `startSim`'s options. */
import type { StartSimOptions } from "../sim/start_sim.ts";
import type { SimRunOptions } from "./bot_handle.ts";

/**
 * `startSim` options for `runBot({ sim })`: seed, market profile and starting address budget
 * (nothing for `true`, the simulator's defaults).
 */
export function simStartOptions(sim: boolean | SimRunOptions | undefined): StartSimOptions {
  if (typeof sim !== "object") return {};
  return {
    ...(sim.seed ? { seed: sim.seed } : {}),
    ...(sim.market !== undefined ? { marketProfile: sim.market } : {}),
    ...(sim.initialAddressBudget !== undefined
      ? { initialAddressBudget: sim.initialAddressBudget }
      : {}),
  };
}

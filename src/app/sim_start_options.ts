/** Maps the bot's embedded-simulator options (`--sim` flags) to `startSim`'s options. */
import type { StartSimOptions } from "../sim/start_sim.ts";
import type { SimRunOptions } from "./bot_handle.ts";
import type { CliArgs } from "./cli_args.ts";

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

/**
 * `runBot`'s `sim` option from main.ts's command line: false without `--sim`, else the
 * `--market` and `--initial-address-budget` given.
 */
export function simRunOptions(cli: CliArgs): false | SimRunOptions {
  if (!cli.sim) return false;
  return {
    ...(cli.simMarket !== undefined ? { market: cli.simMarket } : {}),
    ...(cli.simInitialAddressBudget !== undefined
      ? { initialAddressBudget: cli.simInitialAddressBudget }
      : {}),
  };
}

/**
 * Standalone simulator: `deno task sim:exchange [--port 8080] [--seed N] [--host 127.0.0.1]
 * [--network testnet|mainnet] [--market calm|busy|thin] [--initial-address-budget N]
 * [--no-schedule-cancel-gate] [--record FILE]`. `--market` picks the synthetic market profile
 * (src/sim/market/market_profiles.ts, default busy); `--initial-address-budget` sets every
 * account's starting address budget instead of 10,000. `--record` writes the
 * sim's own market-data pushes as a feed recording (gzip JSONL, src/sim/recording). `--no-schedule-cancel-gate` lifts the
 * $1M traded-volume gate of scheduleCancel (on by default, as on the live exchange). Prints its URLs and the demo account; stops on SIGINT/SIGTERM.
 */
import { simCoins, startSimPushRecorder } from "./recording/push_recorder.ts";
import { parseSimCliArgs, SimUsageError } from "./sim_cli_args.ts";
import { startSim } from "./start_sim.ts";

async function main(args: readonly string[]): Promise<void> {
  let cli;
  try {
    cli = parseSimCliArgs(args);
  } catch (error) {
    if (!(error instanceof SimUsageError)) throw error;
    console.error(error.message);
    Deno.exit(error.exitCode);
  }
  const controller = new AbortController();
  const sim = await startSim({
    port: cli.port,
    hostname: cli.hostname,
    seed: cli.seed,
    network: cli.network,
    marketProfile: cli.marketProfile,
    ...(cli.initialAddressBudget !== undefined
      ? { initialAddressBudget: cli.initialAddressBudget }
      : {}),
    ...(cli.noScheduleCancelGate ? { market: { scheduleCancelMinVolumeUsd: 0 } } : {}),
    signal: controller.signal,
  });
  console.log(
    `hl-mm exchange simulator (${sim.network} signatures, source "${
      sim.network === "mainnet" ? "a" : "b"
    }")`,
  );
  console.log(`  http:     ${sim.httpUrl}`);
  console.log(`  info:     ${sim.infoUrl}`);
  console.log(`  exchange: ${sim.exchangeUrl}`);
  console.log(`  ws:       ${sim.wsUrl}`);
  console.log(`  stats:    ${sim.httpUrl}/sim/stats   faults: POST ${sim.httpUrl}/sim/faults`);
  console.log(
    `  market: ${cli.marketProfile}   address budget at start: ${
      cli.initialAddressBudget ?? 10_000
    }`,
  );
  console.log(`  demo account (funded): ${sim.demo.address}`);
  console.log(
    `  demo private key (THROWAWAY, sim only, never use elsewhere): ${sim.demo.privateKey}`,
  );
  const recordPath = cli.record;
  const recorder = recordPath
    ? await startSimPushRecorder(
      sim.wsUrl,
      simCoins(sim.core.info({ type: "meta" }).body),
      recordPath,
    )
    : null;
  const { promise, resolve } = Promise.withResolvers<void>();
  const onSignal = () => resolve();
  Deno.addSignalListener("SIGINT", onSignal);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", onSignal);
  await promise;
  Deno.removeSignalListener("SIGINT", onSignal);
  if (Deno.build.os !== "windows") Deno.removeSignalListener("SIGTERM", onSignal);
  console.log("stopping simulator...");
  await recorder?.stop();
  await sim.stop();
  console.log("stopped");
}

if (import.meta.main) await main(Deno.args);

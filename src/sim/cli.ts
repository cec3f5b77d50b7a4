/**
 * Standalone simulator: `deno task sim:exchange [--port 8080] [--seed N] [--host 127.0.0.1]
 * [--network testnet|mainnet] [--no-schedule-cancel-gate] [--record FILE]`. `--record` writes the
 * sim's own market-data pushes as a feed recording (gzip JSONL, src/sim/recording). `--no-schedule-cancel-gate` lifts the
 * $1M traded-volume gate of scheduleCancel (on by default, as on the live exchange). Prints its URLs and the demo account; stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { simCoins, startSimPushRecorder } from "./recording/push_recorder.ts";
import { startSim } from "./start_sim.ts";

function usageExit(message: string): never {
  console.error(message);
  Deno.exit(2);
}

function intFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    usageExit(`--${name} must be a non-negative integer, got ${value}`);
  }
  return n;
}

async function main(args: readonly string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: args.filter((a) => a !== "--"),
      options: {
        port: { type: "string" },
        seed: { type: "string" },
        host: { type: "string" },
        network: { type: "string" },
        record: { type: "string" },
        "no-schedule-cancel-gate": { type: "boolean" },
      },
    }));
  } catch (error) {
    usageExit(error instanceof Error ? error.message : String(error));
  }
  const network = values.network ?? "testnet";
  if (network !== "testnet" && network !== "mainnet") {
    usageExit(`--network must be testnet or mainnet, got ${network}`);
  }
  const controller = new AbortController();
  const sim = await startSim({
    port: intFlag(values.port, "port", 8080),
    hostname: values.host ?? "127.0.0.1",
    seed: intFlag(values.seed, "seed", 1),
    network,
    ...(values["no-schedule-cancel-gate"] ? { market: { scheduleCancelMinVolumeUsd: 0 } } : {}),
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
  console.log(`  demo account (funded): ${sim.demo.address}`);
  console.log(
    `  demo private key (THROWAWAY, sim only, never use elsewhere): ${sim.demo.privateKey}`,
  );
  const recordPath = values.record;
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

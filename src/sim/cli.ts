/**
 * Standalone simulator: `deno task sim:exchange [--port 8080] [--seed N] [--host 127.0.0.1]
 * [--network testnet|mainnet] [--no-schedule-cancel-gate] [--record FILE]`. `--record` writes the
 * sim's own market-data pushes as a feed recording (gzip JSONL, src/sim/recording). `--no-schedule-cancel-gate` lifts the
 * $1M traded-volume gate of scheduleCancel (on by default, as on the live exchange). Prints its URLs and the demo account; stops on SIGINT/SIGTERM.
 */
import { simCoins, startSimPushRecorder } from "./recording/push_recorder.ts";
import { startSim } from "./start_sim.ts";

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

function intFlag(args: readonly string[], name: string, fallback: number): number {
  const v = flag(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got ${v}`);
    Deno.exit(2);
  }
  return n;
}

async function main(args: readonly string[]): Promise<void> {
  const network = flag(args, "network") ?? "testnet";
  if (network !== "testnet" && network !== "mainnet") {
    console.error(`--network must be testnet or mainnet, got ${network}`);
    Deno.exit(2);
  }
  const controller = new AbortController();
  const sim = await startSim({
    port: intFlag(args, "port", 8080),
    hostname: flag(args, "host") ?? "127.0.0.1",
    seed: intFlag(args, "seed", 1),
    network,
    ...(args.includes("--no-schedule-cancel-gate")
      ? { market: { scheduleCancelMinVolumeUsd: 0 } }
      : {}),
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
  const recordPath = flag(args, "record");
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

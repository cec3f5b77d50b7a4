/**
 * The command line program: parse arguments, load the config, run the bot until Ctrl-C (or
 * `--duration`), and turn every way of ending into an exit code:
 *   0  clean stop (all orders canceled and confirmed)
 *   1  could not confirm zero open orders, or a runtime failure
 *   2  usage or configuration error (bad file, missing/bad key), with a message saying what to do
 * First SIGINT/SIGTERM: stop quoting, cancel everything, exit. A second one: exit at once.
 */
import { ConfigError } from "../config/config_error.ts";
import { loadConfig } from "../config/loader.ts";
import { createLogger } from "../log/json_logger.ts";
import { parseCliArgs, USAGE, UsageError } from "./cli_args.ts";
import { runBot } from "./run_bot.ts";
import { simRunOptions } from "./sim_start_options.ts";

const encoder = new TextEncoder();

function printErr(text: string): void {
  Deno.stderr.writeSync(encoder.encode(text.endsWith("\n") ? text : text + "\n"));
}

/** Run the command line program to completion and return its process exit code (0, 1 or 2). */
export async function main(args: readonly string[]): Promise<number> {
  let cli;
  try {
    cli = parseCliArgs(args);
  } catch (error) {
    if (error instanceof UsageError) {
      printErr(error.message);
      return error.exitCode;
    }
    throw error;
  }
  if (cli.help) {
    console.log(USAGE);
    return 0;
  }
  const env = Deno.env.toObject();
  const secretValues = [env["HL_PRIVATE_KEY"], env["HL_SIDECAR_TOKEN"]].filter(
    (s): s is string => typeof s === "string" && s.length > 0,
  );
  const logger = createLogger({
    format: cli.logFormat,
    level: cli.logLevel,
    secrets: secretValues,
  });

  const stopSignal = new AbortController();
  let signals = 0;
  const onSignal = (name: Deno.Signal) => () => {
    signals++;
    if (signals === 1) {
      logger.info("signal received: stopping (send it again to exit at once)", { signal: name });
      stopSignal.abort();
    } else {
      logger.warn("second signal: exiting now without waiting for the cancels", { signal: name });
      Deno.exit(130);
    }
  };
  const listeners: [Deno.Signal, () => void][] = [
    ["SIGINT", onSignal("SIGINT")],
    ["SIGTERM", onSignal("SIGTERM")],
  ];
  for (const [sig, fn] of listeners) Deno.addSignalListener(sig, fn);
  try {
    const config = await loadConfig(cli.configPath);
    const handle = await runBot({
      config,
      env,
      sim: simRunOptions(cli),
      dryRun: cli.dryRun,
      logger,
      signal: stopSignal.signal,
      ...(cli.durationMs !== undefined ? { durationMs: cli.durationMs } : {}),
    });
    const result = await handle.done;
    if (result.exitCode !== 0) {
      logger.error("stopped with problems", {
        reason: result.reason,
        openOrdersLeft: result.openOrdersLeft,
        unconfirmed: result.unconfirmed,
        error: result.error,
      });
    }
    return result.exitCode;
  } catch (error) {
    if (error instanceof ConfigError) {
      printErr(error.message);
      return error.exitCode;
    }
    logger.error("failed to start", {
      error: error instanceof Error ? error.message : String(error),
      hint: "check the network and api_url/ws_url; `deno task sim` runs without any network",
    });
    return 1;
  } finally {
    for (const [sig, fn] of listeners) Deno.removeSignalListener(sig, fn);
  }
}

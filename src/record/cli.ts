/**
 * `deno task record --coins BTC,ETH,SOL --duration 3600 --out recordings/day1.jsonl.gz
 * [--ws-url URL | --config configs/x.json]`: record the public feed (no key). The endpoint is
 * `--ws-url`, else the config's network (default configs/fast_trading.json).
 */
import { parseArgs } from "node:util";
import { endpointsFor, loadConfig } from "../config/mod.ts";
import { recordFeed } from "./recorder.ts";

const USAGE =
  "usage: deno task record --coins BTC,ETH --duration <s> --out FILE.jsonl.gz [--ws-url URL | --config FILE]";

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      coins: { type: "string" },
      duration: { type: "string", default: "3600" },
      out: { type: "string" },
      "ws-url": { type: "string" },
      config: { type: "string", default: "configs/fast_trading.json" },
    },
  });
  const coins = (values.coins ?? "").split(",").map((c) => c.trim()).filter((c) => c !== "");
  const durationS = Number(values.duration);
  if (coins.length === 0 || !values.out || !(durationS > 0)) {
    console.error(USAGE);
    return 2;
  }
  let url = values["ws-url"];
  if (!url) {
    const config = await loadConfig(values.config);
    const endpoints = endpointsFor(
      config.network,
      config.wsUrl !== undefined ? { wsUrl: config.wsUrl } : {},
    );
    if (!endpoints) {
      console.error(`network ${config.network} has no public endpoint: pass --ws-url`);
      return 2;
    }
    url = endpoints.wsUrl;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  console.error(`recording ${coins.join(",")} from ${url} to ${values.out} for ${durationS} s`);
  const final = await recordFeed({
    url,
    coins,
    out: values.out,
    durationMs: durationS * 1000,
    signal: controller.signal,
    onProgress: (p) =>
      console.error(
        `${
          (p.elapsedMs / 1000).toFixed(0)
        } s  frames=${p.frames}  bytes=${p.bytes}  gaps=${p.gaps}${
          p.connected ? "" : "  (disconnected)"
        }`,
      ),
  });
  Deno.removeSignalListener("SIGINT", onSignal);
  console.error(`done: ${final.frames} frames, ${final.bytes} bytes, ${final.gaps} gaps`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));

import assert from "node:assert/strict";
import { parseCliArgs } from "../../src/app/cli_args.ts";
import { runBot } from "../../src/app/run_bot.ts";
import { simRunOptions, simStartOptions } from "../../src/app/sim_start_options.ts";
import { botConfig } from "./_harness.ts";

Deno.test("main.ts --sim flags become runBot's sim options, and those startSim's", () => {
  const args = ["--sim", "c.json", "--market", "calm", "--initial-address-budget", "9"];
  const cli = parseCliArgs(args);
  assert.deepEqual(simRunOptions(cli), { market: "calm", initialAddressBudget: 9 });
  assert.deepEqual(simRunOptions(parseCliArgs(["--sim", "c.json"])), {});
  assert.equal(simRunOptions(parseCliArgs(["c.json"])), false);
  assert.deepEqual(simStartOptions({ seed: 4, market: "thin", initialAddressBudget: 0 }), {
    seed: 4,
    marketProfile: "thin",
    initialAddressBudget: 0,
  });
  assert.deepEqual(simStartOptions(true), {});
  assert.deepEqual(simStartOptions(undefined), {});
});

Deno.test("runBot({ sim }) starts the embedded simulator with the starting address budget and market", async () => {
  const handle = await runBot({
    config: botConfig(),
    sim: { market: "thin", initialAddressBudget: 777 },
    logger: {
      debug() {},
      info() {},
      warn() {},
      error() {},
      child() {
        return this;
      },
    },
    sidecar: false,
  });
  try {
    const post = async (body: unknown) =>
      await (await fetch(`${handle.httpUrl}/info`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      })).json();
    const rl = await post({ type: "userRateLimit", user: handle.account });
    assert.equal(rl.nRequestsCap - Math.floor(Number(rl.cumVlm)), 777);
    // thin: the background ladder is ten times deeper than busy's (~$37,500 over 5 bid levels).
    const book = await post({ type: "l2Book", coin: "ETH" });
    const top5 = (book.levels[0] as { px: string; sz: string }[]).slice(0, 5)
      .reduce((sum, l) => sum + Number(l.px) * Number(l.sz), 0);
    assert.ok(top5 > 150_000, `top 5 bid levels $${top5}`);
  } finally {
    await handle.stop();
  }
});

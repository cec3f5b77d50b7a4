/**
 * Whole-bot tests of operator safety against the simulator on 127.0.0.1 port 0: the operator's
 * own order survives the bot's shutdown, and the loss limit holds across a restart (the loss
 * baseline is kept in the state file named by risk.loss_state_file).
 */
import assert from "node:assert/strict";
import { type BotHandle, runBot } from "../../src/app/run_bot.ts";
import type { BotConfig } from "../../src/config/schema.ts";
import { type RunningSim, startSim } from "../../src/sim/start_sim.ts";
import {
  botConfig,
  type LogLine,
  recordingLogger,
  waitFor,
  type WireOpenOrder,
} from "./_harness.ts";

function start(sim: RunningSim, config: BotConfig, logs: LogLine[] = []): Promise<BotHandle> {
  return runBot({
    config,
    env: {},
    target: { httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, privateKey: sim.demo.privateKey },
    logger: recordingLogger(logs),
    sidecar: false,
  });
}

function assetId(sim: RunningSim, coin: string): number {
  const meta = sim.core.info({ type: "meta" }).body as { universe: { name: string }[] };
  return meta.universe.findIndex((a) => a.name === coin);
}

function mid(sim: RunningSim, coin: string): number {
  return Number((sim.core.info({ type: "allMids" }).body as Record<string, string>)[coin]);
}

function openOrders(sim: RunningSim): WireOpenOrder[] {
  return sim.core.info({ type: "openOrders", user: sim.demo.address }).body as WireOpenOrder[];
}

/** An order the operator sends by hand (another tool, same account), straight to the exchange. */
function operatorOrder(
  sim: RunningSim,
  coin: string,
  buy: boolean,
  px: number,
  sz: string,
  tif: string,
) {
  const answer = sim.core.execute(sim.demo.address, {
    type: "order",
    orders: [{
      a: assetId(sim, coin),
      b: buy,
      p: String(Number(px.toPrecision(5))),
      s: sz,
      r: false,
      t: { limit: { tif } },
    }],
    grouping: "na",
  });
  const statuses = (answer.body as { response?: { data?: { statuses?: unknown[] } } }).response
    ?.data?.statuses ?? [];
  const status = statuses[0] as { resting?: { oid: number }; filled?: unknown; error?: string };
  assert.ok(status && !status.error, JSON.stringify(answer.body));
  return status;
}

Deno.test("the operator's own order on a quoted coin survives the bot's shutdown", async () => {
  const sim = await startSim({ port: 0, hostname: "127.0.0.1", seed: 11 });
  try {
    const placed = operatorOrder(sim, "BTC", true, mid(sim, "BTC") * 0.9, "0.001", "Gtc");
    const oid = placed.resting!.oid;
    const logs: LogLine[] = [];
    const bot = await start(sim, botConfig({ housekeep_every_n: 5 }), logs);
    let result;
    try {
      await waitFor(
        "the bot quoting BTC",
        () => openOrders(sim).some((o) => o.coin === "BTC" && o.cloid !== undefined),
      );
      await waitFor(
        "a reconcile that sees the operator's order",
        () => logs.some((l) => /left alone/.test(l.msg) && l.fields.oid === oid),
      );
    } finally {
      result = await bot.stop();
    }
    assert.equal(result.exitCode, 0);
    assert.equal(result.openOrdersLeft, 0);
    const left = openOrders(sim);
    assert.deepEqual(left.map((o) => o.oid), [oid], "only the operator's order is left");
  } finally {
    await sim.stop();
  }
});

Deno.test("a restart after a loss does not reset the loss limit (baseline in the state file)", async () => {
  const sim = await startSim({ port: 0, hostname: "127.0.0.1", seed: 11 });
  const dir = await Deno.makeTempDir({ prefix: "hl-mm-loss-" });
  const stateFile = `${dir}/state/loss.json`;
  const config = (file: string) =>
    botConfig({
      housekeep_every_n: 5,
      risk: {
        max_loss_usd: 5,
        max_rate_limit_errors: 1000,
        max_consecutive_rejects: 1000,
        loss_state_file: file,
      },
    });
  try {
    // Run 1: records the account's value as the baseline, quotes, then loses more than the limit
    // (a SOL round trip crossing the spread and paying taker fees twice) and halts.
    const logs1: LogLine[] = [];
    const run1 = await start(sim, config(stateFile), logs1);
    try {
      const state = JSON.parse(await Deno.readTextFile(stateFile));
      const entry = state.accounts[`sim:${sim.demo.address.toLowerCase()}`];
      assert.equal(entry.baseline_usd, 100_000);
      await waitFor(
        "run 1 quoting",
        () => run1.view.snapshot().coins.every((c) => c.bids.length > 0),
      );
      const solPx = mid(sim, "SOL");
      operatorOrder(sim, "SOL", true, solPx * 1.01, "100", "Ioc");
      operatorOrder(sim, "SOL", false, solPx * 0.99, "100", "Ioc");
      await waitFor("run 1 halted by the loss limit", () => run1.view.snapshot().halted);
      assert.match(run1.view.snapshot().haltReason ?? "", /loss limit/);
    } finally {
      await run1.stop();
    }

    // Run 2, same account, same state file: the loss is still there, so it halts at once and
    // never sends an order.
    const logs2: LogLine[] = [];
    const run2 = await start(sim, config(stateFile), logs2);
    try {
      await waitFor("run 2 looping", () => run2.view.snapshot().loops >= 3);
      const s = run2.view.snapshot();
      assert.equal(s.halted, true);
      assert.match(s.haltReason ?? "", /loss limit/);
      for (const [kind, counts] of Object.entries(s.orders)) {
        assert.equal(counts.sent ?? 0, 0, `no ${kind} sent`);
      }
      assert.ok(logs2.some((l) => l.msg === "loss baseline loaded"));
    } finally {
      await run2.stop();
    }

    // Control: a new baseline (another state file) would have let it trade again.
    const run3 = await start(sim, config(`${dir}/fresh.json`));
    try {
      await waitFor("run 3 looping", () => run3.view.snapshot().loops >= 3);
      assert.equal(run3.view.snapshot().halted, false);
    } finally {
      await run3.stop();
    }
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * Fault: the bot is killed (-9) without the dead-man's switch, leaving its orders on the book,
 * then started again with the same key. The new run sweeps the orphans (cancels the earlier run's
 * orders before quoting), sends no order twice, and ends with the exchange and its view agreeing:
 * after a SIGTERM nothing is left.
 */
import assert from "node:assert/strict";
import { createSimExchangeCore } from "../../src/sim/market/exchange_core.ts";
import { DEFAULT_UNIVERSE } from "../../src/sim/market/universe.ts";
import { startSim } from "../../src/sim/start_sim.ts";
import {
  type RecordedAction,
  recordingCore,
  waitFor,
  type WireOpenOrder,
} from "../app/_harness.ts";
import { duplicates, spawnBot } from "./_rig_b.ts";

Deno.test("fault: a restart after a kill sweeps the orphans and sends no duplicate", async () => {
  const actions: RecordedAction[] = [];
  const core = createSimExchangeCore({ seed: 13, startMs: Date.now(), coins: DEFAULT_UNIVERSE });
  const sim = await startSim({
    port: 0,
    hostname: "127.0.0.1",
    seed: 13,
    core: recordingCore(core, actions),
  });
  const open = () =>
    sim.core.info({ type: "openOrders", user: sim.demo.address }).body as WireOpenOrder[];
  const config = {
    network: "sim",
    api_url: sim.httpUrl,
    ws_url: sim.wsUrl,
    dead_man_switch_ms: 0,
  };
  const first = await spawnBot(config, sim.demo.privateKey);
  let second: Awaited<ReturnType<typeof spawnBot>> | null = null;
  try {
    await waitFor("the first run's orders resting", () => open().length >= 8);
    await first.kill();
    const orphans = open();
    assert.ok(orphans.length >= 8, "the kill left orders behind");
    const fromKill = actions.length;
    second = await spawnBot(config, sim.demo.privateKey);
    const left = new Set(orphans.map((o) => o.oid));
    await waitFor("every orphan gone", () => !open().some((o) => left.has(o.oid)));
    // The sweep is the new run's first action: one cancel by oid covering every orphan.
    const firstAction = actions[fromKill]?.action as { type: string; cancels?: { o: number }[] };
    assert.equal(firstAction?.type, "cancel", JSON.stringify(firstAction));
    const swept = new Set(firstAction.cancels!.map((c) => c.o));
    for (const oid of swept) assert.ok(left.has(oid), `swept ${oid}: not an orphan`);
    for (const oid of left) {
      if (swept.has(oid)) continue;
      // Only an order the market filled between the kill and the restart may be missing.
      const s = sim.core.info({ type: "orderStatus", user: sim.demo.address, oid })
        .body as { order: { status: string } };
      assert.equal(s.order.status, "filled", `orphan ${oid} not swept`);
    }
    for (const o of orphans) {
      const s = sim.core.info({ type: "orderStatus", user: sim.demo.address, oid: o.oid })
        .body as { order: { status: string } };
      assert.ok(["canceled", "filled"].includes(s.order.status), JSON.stringify(s));
    }
    await waitFor("the second run quoting", () => open().length >= 8);
    assert.deepEqual(duplicates(actions), []);
    const code = await second.stop();
    second = null;
    assert.equal(code, 0);
    assert.equal(open().length, 0, "nothing left after SIGTERM");
    assert.deepEqual(duplicates(actions), []);
  } finally {
    await first.kill().catch(() => {});
    await second?.kill().catch(() => {});
    await sim.stop();
  }
});

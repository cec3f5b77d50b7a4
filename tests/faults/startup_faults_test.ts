/**
 * Faults at startup with orphans of an earlier run on the book: a 429, three 502s and a 6 s
 * answer on /info, and a 502 on the first cancel. Startup requests are retried with backoff
 * (a 429 included) and the orphan sweep comes first: the bot starts, every orphan is canceled,
 * nothing is left resting.
 */
import assert from "node:assert/strict";
import { CloidSource } from "../../src/engine/strategy/cloid_source.ts";
import { botConfig, fullLadder, setup, teardown } from "../app/_harness.ts";
import { assertViewMatchesExchange, logged, stopAndAssertClean } from "./_fault_rig.ts";

Deno.test("startup with 16 orphans, a 429, 502s and a slow answer: starts, sweeps every orphan first", async () => {
  const config = botConfig();
  const orphanOids: number[] = [];
  const s = await setup({
    config,
    takerRatePerSec: 0,
    beforeBot: async ({ sim, core, faults }) => {
      // An earlier run's orders (our cloid tag, another session), far from the market.
      const earlier = new CloidSource();
      const orders = [];
      for (let i = 0; i < 8; i++) {
        orders.push({ a: 0, b: true, p: String(90_000 - i * 100), s: "0.001", c: earlier.next() });
        orders.push({ a: 1, b: true, p: String(3_000 - i * 10), s: "0.01", c: earlier.next() });
      }
      const answer = core.execute(sim.demo.address, {
        type: "order",
        orders: orders.map((o) => ({ ...o, r: false, t: { limit: { tif: "Gtc" } } })),
        grouping: "na",
      });
      const statuses = (answer.body as { response: { data: { statuses: unknown[] } } }).response
        .data.statuses as { resting?: { oid: number } }[];
      for (const st of statuses) {
        assert.ok(st.resting, JSON.stringify(st));
        orphanOids.push(st.resting.oid);
      }
      await faults({
        force429Count: 1,
        infoFailCount: 3,
        infoFailStatus: 502,
        infoDelayMs: 6_000,
        infoDelayCount: 1,
        exchangeFailCount: 1,
        exchangeFailStatus: 502,
      });
    },
  });
  try {
    assert.equal(orphanOids.length, 16);
    const open = await s.openOrders();
    const left = open.filter((o) => orphanOids.includes(o.oid));
    assert.deepEqual(left, [], "orphans of the earlier run still resting after the start");
    assert.ok(logged(s, "startup request failed; retrying"), "no startup request was retried");
    await fullLadder(s);
    await assertViewMatchesExchange(s, config);
    await stopAndAssertClean(s, config);
  } finally {
    await teardown(s);
  }
});

/**
 * Whole-bot: a 5xx with an HTML body (a proxy's error page) instead of the exchange's JSON,
 * injected by `/sim/faults` `html5xx` on `/exchange` and on `/info`. Nothing ran on the
 * exchange, but the bot cannot know that: an action is typed `unknown` and reconciled by cloid,
 * never resent; info requests fail and are retried; no crash.
 */
import assert from "node:assert/strict";
import {
  botConfig,
  loopsPass,
  type Setup,
  setupQuoting,
  teardown,
  waitFor,
} from "../app/_harness.ts";
import { assertReconciled, HARNESS_LEVELS, outcomes } from "./_sim_answers.ts";

const injected = async (s: Setup) =>
  ((await s.stats()).faults as { injected: { html5xx: number } }).injected.html5xx;

Deno.test("HTML 5xx answers on /exchange and /info: unknown, reconciled, no duplicate", async () => {
  const s = await setupQuoting({
    config: botConfig({ order_transport: "rest" }),
    vol: 0.0008,
    takerRatePerSec: 0,
  });
  try {
    const unknownBefore = outcomes(s.bot, "unknown");
    await s.faults({ html5xx: { count: 2, status: 502, path: "exchange" } });
    await waitFor("2 HTML answers on /exchange", async () => (await injected(s)) === 2);
    await waitFor("unknown outcomes", () => outcomes(s.bot, "unknown") > unknownBefore);
    const reasons = s.logs.filter((l) => l.msg.includes("outcome unknown"))
      .map((l) => String(l.fields.reason));
    assert.ok(reasons.some((r) => r.startsWith("HTTP 502")), JSON.stringify(reasons));
    // The HTML page is not dumped into the logs.
    assert.ok(!reasons.some((r) => r.includes("<html")), JSON.stringify(reasons));
    await assertReconciled(s.bot, s.openOrders, s.actions, HARNESS_LEVELS);

    await s.faults({ html5xx: { count: 3, status: 503, path: "info" } });
    await waitFor("3 HTML answers on /info", async () => (await injected(s)) === 5);
    await loopsPass(s, 10);
    await assertReconciled(s.bot, s.openOrders, s.actions, HARNESS_LEVELS);
  } finally {
    await teardown(s);
  }
});

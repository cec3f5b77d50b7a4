/**
 * Whole-bot: the exchange refuses a whole order batch or a whole cancel batch with a top-level
 * `{"status":"err","response":…}` (reference §4.9 pre-validation), injected by `/sim/faults`
 * `actionErr`. Nothing ran on the exchange: every item is `rejected`, the bot goes on, sends no
 * order twice, and its view ends equal to the exchange's open orders.
 */
import assert from "node:assert/strict";
import { DEFAULT_ACTION_ERR_TEXT } from "../../src/sim/server/answer_faults.ts";
import { type Setup, setupQuoting, teardown, waitFor } from "../app/_harness.ts";
import { assertReconciled, HARNESS_LEVELS, outcomes } from "./_sim_answers.ts";

const injected = async (s: Setup) =>
  ((await s.stats()).faults as { injected: { actionErr: number } }).injected.actionErr;

Deno.test("a whole order batch refused with status err: rejected, reconciled", async () => {
  const s = await setupQuoting({ vol: 0.0008, takerRatePerSec: 0 });
  try {
    const before = outcomes(s.bot, "rejected");
    await s.faults({ actionErr: { count: 2, types: ["order", "batchModify"] } });
    await waitFor("2 refused batches", async () => (await injected(s)) === 2);
    await waitFor("rejected outcomes", () => outcomes(s.bot, "rejected") > before);
    assert.ok(
      s.logs.some((l) => l.msg.endsWith(" rejected") && l.fields.text === DEFAULT_ACTION_ERR_TEXT),
      "the rejection carries the exchange's text",
    );
    await assertReconciled(s.bot, s.openOrders, s.actions, HARNESS_LEVELS);
  } finally {
    await teardown(s);
  }
});

Deno.test("a whole cancel batch refused with status err: orders stay live, cancel retried", async () => {
  const s = await setupQuoting({ takerRatePerSec: 0 });
  try {
    await s.faults({
      actionErr: { count: 1, types: ["cancel", "cancelByCloid"], text: "Internal error" },
    });
    // One level of BTC fewer: the bot cancels the outer BTC orders.
    const patched = s.bot.control.patchQuoting({ coins: { BTC: { levels: 1 } } });
    assert.ok(patched.ok);
    await waitFor("the refused cancel", async () => (await injected(s)) === 1);
    await waitFor(
      "a rejected cancel",
      () => (s.bot.view.snapshot().orders.cancel?.rejected ?? 0) > 0,
    );
    // The orders were not canceled by the refused action; the bot cancels them again.
    await waitFor("4 orders", async () => (await s.openOrders()).length === 4);
    await assertReconciled(s.bot, s.openOrders, s.actions, { BTC: 1, ETH: 1 });
  } finally {
    await teardown(s);
  }
});

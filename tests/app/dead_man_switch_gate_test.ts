/**
 * Whole-bot tests of the dead-man's switch against the simulator's default scheduleCancel volume
 * gate ($1M traded, reference §4.6): a fresh account is refused, the bot says so without flooding
 * its log and keeps quoting; with the gate lifted by name the switch is armed.
 */
import assert from "node:assert/strict";
import { botConfig, fullLadder, loopsPass, setup, teardown, waitFor } from "./_harness.ts";

const GATE_TEXT = "Cannot set scheduled cancel time until enough volume traded";

Deno.test("refused dead-man's switch (volume gate): one warning, quoting goes on", async () => {
  const s = await setup({ config: botConfig({ dead_man_switch_ms: 10_000 }), takerRatePerSec: 0 });
  try {
    await waitFor("the refusal", () =>
      s.actions.some((a) => a.action.type === "scheduleCancel") &&
      s.logs.some((l) => JSON.stringify(l).includes(GATE_TEXT)));
    // Keep running well past several switch windows' worth of loops.
    await loopsPass(s, 40);
    const warnings = s.logs.filter((l) =>
      (l.level === "warn" || l.level === "error") && JSON.stringify(l).includes(GATE_TEXT)
    );
    const attempts = s.actions.filter((a) => a.action.type === "scheduleCancel").length;
    // No log flood: the refusal is reported once (at most a rate-limited few), and the bot does
    // not hammer the exchange with refused schedules.
    assert.ok(warnings.length >= 1 && warnings.length <= 3, `${warnings.length} warnings`);
    assert.ok(attempts <= 5, `${attempts} scheduleCancel attempts`);
    // Quoting goes on: not halted, full ladder on the exchange (2 + 2 BTC, 1 + 1 ETH).
    const snap = s.bot.view.snapshot();
    assert.equal(snap.halted, false);
    await fullLadder(s, "the full ladder");
  } finally {
    await teardown(s);
  }
});

Deno.test("with the volume gate lifted by name the switch is armed", async () => {
  const s = await setup({
    config: botConfig({ dead_man_switch_ms: 10_000 }),
    takerRatePerSec: 0,
    market: { scheduleCancelMinVolumeUsd: 0 },
  });
  try {
    await waitFor(
      "a scheduleCancel",
      () => s.actions.find((a) => a.action.type === "scheduleCancel" && "time" in a.action),
    );
    await waitFor("5 more loops", () => s.bot.view.snapshot().loops >= 5);
    assert.ok(!s.logs.some((l) => JSON.stringify(l).includes(GATE_TEXT)));
  } finally {
    await teardown(s);
  }
});

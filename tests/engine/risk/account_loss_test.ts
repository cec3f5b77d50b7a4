import assert from "node:assert/strict";
import type { AccountState } from "../../../src/core/types.ts";
import { accountPnlOffsetUsd } from "../../../src/engine/risk/account_loss.ts";
import { rig, testConfig } from "../loop/_fakes.ts";

const account = (
  accountValue: number,
  positions: AccountState["positions"] = [],
): AccountState => ({
  timeMs: 0,
  accountValue,
  totalMarginUsed: 0,
  withdrawable: accountValue,
  positions,
});

Deno.test("offset: account value minus baseline, less what the live PnL already holds", () => {
  const positions = [
    { coin: "BTC", szi: 0.01, entryPx: 100_000, unrealizedPnl: 3, positionValue: 1_003 },
    { coin: "SOL", szi: 5, entryPx: 180, unrealizedPnl: -7, positionValue: 893 },
  ];
  // The live PnL holds realized-fees (-2) and BTC's unrealized (3, a marked coin); SOL's
  // unrealized is only in the account value.
  const offset = accountPnlOffsetUsd({
    baselineUsd: 10_000,
    account: account(9_950, positions),
    markedCoins: new Set(["BTC", "ETH"]),
    runRealizedMinusFeesUsd: -2,
  });
  assert.equal(offset, 9_950 - 10_000 - (-2) - 3);
  // So at this moment live PnL + offset = account value - baseline.
  assert.equal(offset + (-2 + 3), -50);
});

Deno.test("the engine halts at its first step when the account is below baseline by max_loss_usd", async () => {
  const r = rig({ config: testConfig({ risk: { max_loss_usd: 100 } }), lossBaselineUsd: 100_150 });
  await r.engine.start();
  await r.loop();
  assert.equal(r.engine.risk.halted, true);
  assert.match(r.engine.risk.haltReason ?? "", /loss limit: total PnL -150\.00/);
  assert.ok(!r.exchange.calls.some((c) => c.kind === "place"), "no order sent");
});

Deno.test("a loss the loop's fills do not show is caught at the next reconcile", async () => {
  const r = rig({
    config: testConfig({ housekeep_every_n: 2, risk: { max_loss_usd: 100 } }),
    lossBaselineUsd: 100_000,
  });
  await r.engine.start();
  await r.loop();
  assert.equal(r.engine.risk.halted, false);
  r.info.accountValue = 99_880; // e.g. funding or a trade from another tool
  for (let i = 0; i < 4; i++) await r.loop();
  assert.equal(r.engine.risk.halted, true);
  assert.match(r.engine.risk.haltReason ?? "", /loss limit/);
});

Deno.test("without a baseline (dry run, no state file) the limit counts this run's PnL", async () => {
  const r = rig({ config: testConfig({ risk: { max_loss_usd: 100 } }), lossBaselineUsd: null });
  r.info.accountValue = 1;
  await r.engine.start();
  await r.loop();
  assert.equal(r.engine.risk.halted, false);
});

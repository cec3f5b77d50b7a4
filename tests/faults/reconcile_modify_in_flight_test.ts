/**
 * Reconcile vs in-flight modifies (issue 13): with frequent reconciles and frequent batchModify
 * requotes, an openOrders list taken while a modify was in flight still shows the replaced
 * order. That order is not an orphan: the reconcile must not send a cancel by oid for it (each
 * such cancel is answered "never placed, already canceled, or filled" and costs address budget).
 */
import assert from "node:assert/strict";
import { botConfig, setup, teardown, waitFor } from "../app/_harness.ts";
import { assertConverged } from "./_rig_b.ts";

Deno.test("fault: no orphan cancels for orders a modify in flight replaced", async () => {
  // Hundreds of modifies a minute are the point here: the budget governor, which would spread
  // them out, is switched off by name.
  const s = await setup({
    config: botConfig({ housekeep_every_n: 25, budget: { governor: false } }),
    seed: 3,
    vol: 0.01,
  });
  try {
    const modifies = () =>
      s.actions.filter((a) => a.action.type === "batchModify")
        .reduce((n, a) => n + (a.action.modifies as unknown[]).length, 0);
    await waitFor("many modifies and reconciles", () => modifies() >= 400, 60_000);
    const byOid = s.actions.filter((a) => a.action.type === "cancel");
    const wasted = s.logs.filter((l) => l.msg === "orphans canceled");
    assert.equal(
      byOid.length,
      0,
      `orphan cancels sent: ${JSON.stringify(wasted.map((l) => l.fields))}`,
    );
    await assertConverged(s);
  } finally {
    await teardown(s);
  }
});

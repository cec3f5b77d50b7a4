import assert from "node:assert/strict";
import { BudgetPacer } from "../../../src/engine/loop/budget_pacer.ts";
import { AddressRequestBudget } from "../../../src/limiter/address_budget.ts";

Deno.test("BudgetPacer: full pace while the budget is fine", () => {
  const p = new BudgetPacer(new AddressRequestBudget());
  for (let t = 0; t < 1_000; t += 100) {
    assert.equal(p.admit("place", 5, false, t), true);
    assert.equal(p.admit("modify", 5, false, t), true);
  }
  assert.equal(p.held, 0);
});

Deno.test("BudgetPacer: low budget: cancels go, other actions one per 10 s", () => {
  const p = new BudgetPacer(new AddressRequestBudget({ used: 9_950 }));
  const sent: number[] = [];
  for (let t = 0; t < 30_000; t += 100) {
    assert.equal(p.admit("cancel", 3, true, t), true, "cancels are not held");
    if (p.admit("modify", 4, true, t)) sent.push(t);
  }
  assert.deepEqual(sent, [0, 10_000, 20_000]);
  assert.ok(p.held > 250);
});

Deno.test("BudgetPacer: a budget refusal paces even when the local figure looked fine", () => {
  const p = new BudgetPacer(new AddressRequestBudget());
  p.refused(1_000);
  assert.equal(p.admit("place", 1, false, 1_100), false);
  assert.equal(p.admit("place", 1, false, 11_000), true);
  assert.equal(p.admit("place", 1, false, 11_100), true, "full pace after the interval");
});

Deno.test("BudgetPacer: over the cancel allowance, cancels are paced too", () => {
  const p = new BudgetPacer(new AddressRequestBudget({ used: 20_001 })); // cancel cap 20000
  assert.equal(p.admit("cancel", 1, true, 0), true);
  assert.equal(p.admit("cancel", 1, true, 5_000), false);
  assert.equal(p.admit("cancel", 1, true, 10_000), true);
});

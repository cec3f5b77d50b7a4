import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import { createWsMessageBudget, WS_MESSAGES_PER_MIN } from "../../src/limiter/ws_budget.ts";
import { advancingSleeper } from "./_fakes.ts";

const never = new AbortController().signal;

Deno.test("the WS message budget is a 2000 per minute bucket", async () => {
  const clock = new ManualClock();
  const budget = createWsMessageBudget({ clock, sleep: advancingSleeper(clock) });
  assert.equal(budget.capacityPerMin, WS_MESSAGES_PER_MIN);
  assert.equal(budget.capacityPerMin, 2000);
  assert.equal(budget.tryAcquire(2000), true);
  assert.equal(budget.tryAcquire(1), false);
  assert.equal(budget.usedLastMinute(), 2000);
  await budget.acquire(1, never);
  assert.equal(clock.monoMs(), 60_000);
});

Deno.test("a smaller WS capacity is allowed, one above the exchange's limit is refused", () => {
  assert.equal(createWsMessageBudget({ capacityPerMin: 1500 }).capacityPerMin, 1500);
  assert.throws(() => createWsMessageBudget({ capacityPerMin: 2001 }), /above the exchange/);
});

import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import {
  createWsMessageBudget,
  WS_MAX_IN_FLIGHT_POSTS,
  WS_MESSAGES_PER_MIN,
} from "../../src/limiter/ws_budget.ts";
import { readReference } from "../_reference.ts";
import { advancingSleeper } from "./_fakes.ts";

const never = new AbortController().signal;

Deno.test("the WS limits are the reference's (messages per minute, in-flight posts)", async () => {
  const text = await readReference("hyperliquid-api.md");
  const messages = /Messages sent \*to\* Hyperliquid[^|]*\|\s*\*\*(\d+) per minute\*\*/.exec(text);
  const posts = /Simultaneous in-flight `post` messages[^|]*\|\s*\*\*(\d+)\*\*/.exec(text);
  assert.ok(messages && posts, "the reference's WS limits table was not found");
  assert.equal(WS_MESSAGES_PER_MIN, Number(messages[1]));
  assert.equal(WS_MAX_IN_FLIGHT_POSTS, Number(posts[1]));
});

Deno.test("the default budget admits 2000 messages a minute, then waits for the window", async () => {
  const clock = new ManualClock();
  const sleeps: number[] = [];
  const budget = createWsMessageBudget({ clock, sleep: advancingSleeper(clock, sleeps) });
  for (let i = 0; i < 2000; i++) assert.equal(budget.tryAcquire(1), true, `message ${i + 1}`);
  assert.equal(budget.tryAcquire(1), false, "the 2001st message in the same minute");
  assert.equal(budget.usedLastMinute(), 2000);
  await budget.acquire(1, never);
  assert.ok(sleeps.length > 0, "acquire waited");
  assert.equal(clock.monoMs(), 60_000, "until the first message left the one-minute window");
});

Deno.test("a smaller WS capacity is enforced, one above the exchange's limit is refused", () => {
  const budget = createWsMessageBudget({ capacityPerMin: 1500, clock: new ManualClock() });
  assert.equal(budget.tryAcquire(1500), true);
  assert.equal(budget.tryAcquire(1), false, "the 1501st message in the same minute");
  assert.throws(() => createWsMessageBudget({ capacityPerMin: 2001 }), /above the exchange/);
});

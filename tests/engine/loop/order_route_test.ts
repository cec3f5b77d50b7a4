import assert from "node:assert/strict";
import type { ExchangeApi } from "../../../src/core/ports.ts";
import { OrderRoute } from "../../../src/engine/loop/order_route.ts";

const never = new AbortController().signal;

/** An exchange whose cancels are answered only when the test says so. */
function heldExchange(): { api: ExchangeApi; answer(): void } {
  const held: (() => void)[] = [];
  const wait = <T>(value: T) => new Promise<T>((resolve) => held.push(() => resolve(value)));
  return {
    api: {
      placeOrders: () => wait([]),
      modifyOrders: () => wait([]),
      cancelByCloid: () => wait([]),
      cancelByOid: () => wait([]),
      scheduleCancel: () => wait({ kind: "notSent" as const, reason: "test" }),
      reserveRequestWeight: () => wait({ kind: "notSent" as const, reason: "test" }),
    },
    answer: () => held.splice(0).forEach((r) => r()),
  };
}

Deno.test("a WS post unanswered past stallMs moves orders to REST at once; back once answered", async () => {
  let now = 0;
  const route = new OrderRoute({ monoMs: () => now, stallMs: 1000, staleFeedMs: 2000 });
  const ex = heldExchange();
  const ws = route.track(ex.api);
  const fresh = { connected: true, lastFrameAgeMs: 100 };
  assert.equal(route.decide(fresh).useWs, true);
  const pending = ws.cancelByCloid([], never);
  now = 900;
  assert.deepEqual(route.decide(fresh), { useWs: true, changed: null, reason: null });
  now = 1001;
  const d = route.decide(fresh);
  assert.equal(d.useWs, false);
  assert.equal(d.changed, "toRest");
  assert.match(d.reason ?? "", /unanswered/);
  ex.answer();
  await pending;
  assert.equal(route.inFlight, 0);
  assert.equal(route.decide(fresh).changed, "toWs");
});

Deno.test("a stale feed or a lost connection moves orders to REST", () => {
  const route = new OrderRoute({ monoMs: () => 0, staleFeedMs: 2000 });
  assert.equal(route.decide({ connected: true, lastFrameAgeMs: 10 }).useWs, true);
  const stale = route.decide({ connected: true, lastFrameAgeMs: 2500 });
  assert.equal(stale.changed, "toRest");
  assert.match(stale.reason ?? "", /no WS frame/);
  assert.equal(route.decide({ connected: true, lastFrameAgeMs: 10 }).changed, "toWs");
  assert.equal(route.decide({ connected: false }).reason, "feed not connected");
});

import assert from "node:assert/strict";
import { ALICE, collect, ETH, info, placeOne, quietCore, restingOid, T0 } from "./helpers.ts";

const OK = { status: "ok", response: { type: "default" } };
/** These tests exercise the switch itself, so they lift the $1M volume gate by name. */
const NO_GATE = { scheduleCancelMinVolumeUsd: 0 };

Deno.test("scheduleCancel must be at least 5 s ahead", () => {
  const core = quietCore(NO_GATE);
  assert.deepEqual(core.execute(ALICE, { type: "scheduleCancel", time: T0 + 4999 }).body, {
    status: "err",
    response: "Scheduled cancel time too early, must be at least 5 seconds from now.",
  });
  assert.deepEqual(core.execute(ALICE, { type: "scheduleCancel", time: T0 + 5000 }).body, OK);
});

Deno.test("when it fires every open order is cancelled with status scheduledCancel", () => {
  const core = quietCore(NO_GATE);
  const pushes = collect(core);
  const a = restingOid(placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" }));
  const b = restingOid(placeOne(core, ALICE, { a: ETH, b: false, p: "3600", s: "0.1" }));
  core.execute(ALICE, { type: "scheduleCancel", time: T0 + 10_000 });
  core.advance(T0 + 9_999);
  assert.equal(info<unknown[]>(core, { type: "openOrders", user: ALICE }).length, 2);
  core.advance(T0 + 10_000);
  assert.deepEqual(info(core, { type: "openOrders", user: ALICE }), []);
  for (const oid of [a, b]) {
    const s = info<{ order: { status: string } }>(core, { type: "orderStatus", user: ALICE, oid });
    assert.equal(s.order.status, "scheduledCancel");
  }
  const updates = pushes.filter((p) => p.channel === "orderUpdates")
    .flatMap((p) => p.data as { status: string }[]);
  assert.deepEqual(updates.slice(-2).map((u) => u.status), ["scheduledCancel", "scheduledCancel"]);
});

Deno.test("scheduleCancel without time clears it", () => {
  const core = quietCore(NO_GATE);
  placeOne(core, ALICE, { a: ETH, b: true, p: "3400", s: "0.1" });
  core.execute(ALICE, { type: "scheduleCancel", time: T0 + 10_000 });
  assert.deepEqual(core.execute(ALICE, { type: "scheduleCancel" }).body, OK);
  core.advance(T0 + 20_000);
  assert.equal(info<unknown[]>(core, { type: "openOrders", user: ALICE }).length, 1);
});

Deno.test("at most 10 triggers per UTC day", () => {
  const dayStart = Math.floor(T0 / 86_400_000) * 86_400_000;
  const core = quietCore({ ...NO_GATE, startMs: dayStart + 1000, stepMs: 3_600_000 });
  let now = dayStart + 1000;
  for (let i = 0; i < 10; i++) {
    assert.deepEqual(core.execute(ALICE, { type: "scheduleCancel", time: now + 5000 }).body, OK);
    now += 5000;
    core.advance(now);
  }
  const refused = core.execute(ALICE, { type: "scheduleCancel", time: now + 5000 }).body as {
    status: string;
  };
  assert.equal(refused.status, "err");
  core.advance(dayStart + 86_400_000);
  assert.deepEqual(
    core.execute(ALICE, { type: "scheduleCancel", time: dayStart + 86_410_000 }).body,
    OK,
  );
});

Deno.test("by default the volume gate refuses a low-volume account, set and unset", () => {
  const core = quietCore();
  const refusal = {
    status: "err",
    response:
      "Cannot set scheduled cancel time until enough volume traded. Required: $1000000. Traded: $0.",
  };
  assert.deepEqual(
    core.execute(ALICE, { type: "scheduleCancel", time: T0 + 60_000 }).body,
    refusal,
  );
  assert.deepEqual(core.execute(ALICE, { type: "scheduleCancel" }).body, refusal);
});

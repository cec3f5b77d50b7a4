import assert from "node:assert/strict";
import fc from "fast-check";
import { FifoInFlightGate } from "../../src/limiter/in_flight_gate.ts";
import { settle } from "./_fakes.ts";

const never = new AbortController().signal;

Deno.test("the gate admits up to max at once and defaults to 100", async () => {
  const gate = new FifoInFlightGate();
  assert.equal(gate.max, 100);
  for (let i = 0; i < 100; i++) await gate.enter(never);
  assert.equal(gate.inFlight, 100);
  let entered = false;
  const waiting = gate.enter(never).then(() => entered = true);
  await settle();
  assert.equal(entered, false);
  assert.equal(gate.waiting, 1);
  gate.leave();
  await waiting;
  assert.equal(gate.inFlight, 100);
  for (let i = 0; i < 100; i++) gate.leave();
  assert.equal(gate.inFlight, 0);
});

Deno.test("leave without enter is a bug and throws", () => {
  const gate = new FifoInFlightGate(2);
  assert.throws(() => gate.leave(), /leave without enter/);
});

Deno.test("waiters get slots in arrival order", async () => {
  const gate = new FifoInFlightGate(1);
  await gate.enter(never);
  const order: number[] = [];
  const all = [0, 1, 2, 3].map((i) => gate.enter(never).then(() => order.push(i)));
  for (let i = 0; i < 4; i++) {
    gate.leave();
    await settle();
  }
  await Promise.all(all);
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.equal(gate.inFlight, 1);
});

Deno.test("aborting a waiter rejects with the reason and gives up its place", async () => {
  const gate = new FifoInFlightGate(1);
  await gate.enter(never);
  const a = new AbortController();
  const first = gate.enter(a.signal);
  const second = gate.enter(never);
  const reason = new Error("give up");
  a.abort(reason);
  await assert.rejects(first, (e) => e === reason);
  assert.equal(gate.waiting, 1);
  gate.leave();
  await second;
  assert.equal(gate.inFlight, 1);
  await assert.rejects(gate.enter(AbortSignal.abort()));
});

Deno.test("property: many concurrent enters never exceed max in flight", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 1, max: 100 }),
      fc.array(fc.record({ holdTicks: fc.nat(5), abort: fc.boolean() }), {
        minLength: 1,
        maxLength: 400,
      }),
      async (max, workers) => {
        const gate = new FifoInFlightGate(max);
        let current = 0;
        let peak = 0;
        const run = async ({ holdTicks, abort }: { holdTicks: number; abort: boolean }) => {
          const controller = new AbortController();
          const entering = gate.enter(controller.signal);
          if (abort) controller.abort();
          try {
            await entering;
          } catch {
            return;
          }
          current++;
          peak = Math.max(peak, current);
          assert.ok(gate.inFlight <= max);
          for (let i = 0; i < holdTicks; i++) await Promise.resolve();
          current--;
          gate.leave();
        };
        await Promise.all(workers.map(run));
        assert.ok(peak <= max);
        assert.equal(gate.inFlight, 0);
        assert.equal(gate.waiting, 0);
      },
    ),
    { numRuns: 60 },
  );
});

import assert from "node:assert/strict";
import {
  abortable,
  deadline,
  DeadlineError,
  delay,
  retry,
  RetryError,
} from "../../src/util/async.ts";

/** Let queued promise callbacks run. */
async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

Deno.test("delay resolves only when a timer of its length fires (fake timer)", async () => {
  const timers: { ms: number | undefined; fire: () => void }[] = [];
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((fire: () => void, ms?: number) => {
    timers.push({ ms, fire });
    return 1;
  }) as unknown as typeof setTimeout;
  let p: Promise<void>;
  try {
    p = delay(250);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  let resolved = false;
  p.then(() => void (resolved = true), () => {});
  await settle();
  assert.deepEqual(timers.map((t) => t.ms), [250], "one timer, of the requested length");
  assert.equal(resolved, false, "not resolved before its timer fired");
  timers[0]!.fire();
  await p;
  assert.equal(resolved, true);
});

Deno.test("delay rejects with the signal's reason when aborted", async () => {
  const controller = new AbortController();
  const p = delay(60_000, { signal: controller.signal });
  controller.abort(new Error("stop"));
  await assert.rejects(p, { message: "stop" });
});

Deno.test("delay rejects at once on an already aborted signal", async () => {
  await assert.rejects(delay(10, { signal: AbortSignal.abort(new Error("early")) }), {
    message: "early",
  });
});

Deno.test("abortable settles like the promise when not aborted", async () => {
  const controller = new AbortController();
  assert.equal(await abortable(Promise.resolve(7), controller.signal), 7);
});

Deno.test("abortable rejects when the signal aborts first", async () => {
  const controller = new AbortController();
  const { promise, resolve } = Promise.withResolvers<number>();
  const p = abortable(promise, controller.signal);
  controller.abort(new Error("gone"));
  await assert.rejects(p, { message: "gone" });
  resolve(1);
});

Deno.test("deadline rejects with DeadlineError when the promise is too slow", async () => {
  const { promise, resolve } = Promise.withResolvers<number>();
  await assert.rejects(deadline(promise, 5), DeadlineError);
  resolve(1);
});

Deno.test("deadline passes a prompt result through", async () => {
  assert.equal(await deadline(Promise.resolve("ok"), 1_000), "ok");
});

Deno.test("retry calls again until success", async () => {
  let calls = 0;
  const result = await retry(() => {
    calls++;
    return calls < 3 ? Promise.reject(new Error("flaky")) : Promise.resolve("done");
  }, { minTimeout: 1, maxTimeout: 2, random: () => 0.5 });
  assert.equal(result, "done");
  assert.equal(calls, 3);
});

Deno.test("retry gives up after maxAttempts with the last error as cause", async () => {
  let calls = 0;
  await assert.rejects(
    retry(() => {
      calls++;
      return Promise.reject(new Error(`fail ${calls}`));
    }, { maxAttempts: 3, minTimeout: 1, maxTimeout: 1 }),
    (error: unknown) => {
      assert.ok(error instanceof RetryError);
      assert.equal((error.cause as Error).message, "fail 3");
      return true;
    },
  );
  assert.equal(calls, 3);
});

Deno.test("retry stops waiting when its signal aborts", async () => {
  const controller = new AbortController();
  let calls = 0;
  const p = retry(() => {
    calls++;
    controller.abort(new Error("shutdown"));
    return Promise.reject(new Error("fail"));
  }, { minTimeout: 60_000, maxTimeout: 60_000, signal: controller.signal });
  await assert.rejects(p, { message: "shutdown" });
  assert.equal(calls, 1);
});

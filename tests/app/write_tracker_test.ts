import assert from "node:assert/strict";
import { WriteTracker } from "../../src/app/write_tracker.ts";

Deno.test("WriteTracker: the write time of the last signed action, matched by nonce", async () => {
  let t = 0;
  const w = new WriteTracker(() => t);
  let n = 100;
  const nonces = w.nonces({ next: () => ++n });
  assert.equal(w.lastActionWritten(), null);
  nonces.next(); // 101: an action handed over
  const p101 = w.lastActionWritten()!;
  nonces.next(); // 102
  const p102 = w.lastActionWritten()!;
  const calls: string[] = [];
  const fetchFn = w.fetch((input) => {
    calls.push(String(input));
    return Promise.resolve(new Response("{}"));
  });
  t = 7;
  await fetchFn("http://x/exchange", { method: "POST", body: JSON.stringify({ nonce: 102 }) });
  t = 9;
  await fetchFn("http://x/info", { method: "POST", body: JSON.stringify({ nonce: 101 }) });
  w.written(101);
  assert.equal(await p102, 7);
  assert.equal(await p101, 9);
  assert.deepEqual(calls, ["http://x/exchange", "http://x/info"]);
});

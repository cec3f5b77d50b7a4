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

Deno.test("WriteTracker: a WS action post is written when handed to the feed; info posts are not actions", async () => {
  let t = 0;
  const w = new WriteTracker(() => t);
  let n = 500;
  const nonces = w.nonces({ next: () => ++n });
  nonces.next(); // 501
  const written = w.lastActionWritten()!;
  const seen: string[] = [];
  const poster = w.poster({
    post: (type, payload) => {
      seen.push(`${type}:${(payload as { nonce?: number }).nonce}`);
      return Promise.resolve({ kind: "ok", payload: {} });
    },
  });
  t = 3;
  await poster.post("info", { nonce: 501 }, AbortSignal.timeout(1000));
  t = 5;
  await poster.post("action", { nonce: 501 }, AbortSignal.timeout(1000));
  t = 8;
  assert.equal(await written, 5);
  assert.deepEqual(seen, ["info:501", "action:501"]);
});

/**
 * Default l2Book cadence (reference §7.5, the 2026-07-25 figure): 20 levels at most every 5 s for
 * default subscribers, 5 levels every 0.5 s flagged `fast: true` for `fast` subscribers. A pong
 * is used as a barrier: frames arrive in order, so a push sent before it would be seen first.
 */
import assert from "node:assert/strict";
import { startFakeSim } from "./fake_sim.ts";
import { WsTestClient } from "./ws_test_client.ts";

/** Send a ping, wait for its pong, and return the l2Book frames that arrived before it. */
async function booksBeforePong(ws: WsTestClient): Promise<unknown[]> {
  ws.send({ method: "ping" });
  await ws.channel("pong");
  const books = ws.frames.filter((f) => f.channel === "l2Book").map((f) => f.data);
  ws.frames.length = 0;
  return books;
}

Deno.test("default l2Book cadence: slow every 5 s (20 levels), fast every 0.5 s with fast:true", async () => {
  await using sim = await startFakeSim();
  const fast = await WsTestClient.open(sim.server.wsUrl);
  const slow = await WsTestClient.open(sim.server.wsUrl);
  try {
    fast.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC", fast: true } });
    slow.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC" } });
    const snapFast = await fast.channel("l2Book");
    assert.equal((snapFast.data as { fast?: true }).fast, true);
    assert.equal(((await slow.channel("l2Book")).data as { fast?: true }).fast, undefined);
    sim.core.bumpBook();
    sim.advance(10); // the first push after subscribing goes out at once
    const [f1] = await booksBeforePong(fast);
    const [s1] = await booksBeforePong(slow);
    assert.deepEqual((f1 as { levels: unknown[][]; fast?: true }).levels[0]?.length, 5);
    assert.equal((f1 as { fast?: true }).fast, true);
    assert.equal((s1 as { levels: unknown[][] }).levels[0]?.length, 20);
    assert.equal((s1 as { fast?: true }).fast, undefined);

    sim.core.bumpBook();
    sim.advance(500);
    assert.equal((await booksBeforePong(fast)).length, 1, "fast: again after 0.5 s");
    assert.equal((await booksBeforePong(slow)).length, 0, "slow: not after 0.5 s");
    sim.advance(4_000); // 4.5 s since the last slow push
    assert.equal((await booksBeforePong(slow)).length, 0, "slow: not after 4.5 s");
    sim.advance(500); // 5 s
    assert.equal((await booksBeforePong(slow)).length, 1, "slow: after 5 s");
  } finally {
    await fast.close();
    await slow.close();
  }
});

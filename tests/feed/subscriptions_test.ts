import assert from "node:assert/strict";
import {
  echoMatches,
  reconnectDelayMs,
  subscriptionId,
  wireSubscription,
} from "../../src/feed/subscriptions.ts";
import { parseFrame, pendingPostRefusalId } from "../../src/feed/feed_frames.ts";

Deno.test("echo matching tolerates added fields and lowercased addresses", () => {
  const sent = wireSubscription({ type: "l2Book", coin: "BTC", fast: true });
  assert.ok(echoMatches(sent, { type: "l2Book", coin: "BTC", fast: true, nSigFigs: null }));
  assert.ok(echoMatches(sent, { type: "l2Book", coin: "BTC", nSigFigs: null }));
  assert.ok(!echoMatches(sent, { type: "l2Book", coin: "ETH", fast: true }));
  assert.ok(!echoMatches(sent, { type: "bbo", coin: "BTC" }));
  assert.ok(!echoMatches(sent, { type: "l2Book", coin: "BTC", fast: false }));
  const user = wireSubscription({ type: "userFills", user: "0xABCD" });
  assert.deepEqual(user, { type: "userFills", user: "0xabcd" });
  assert.ok(echoMatches(user, { type: "userFills", user: "0xabcd", aggregateByTime: false }));
  assert.ok(!echoMatches(user, { type: "userFills" }));
});

Deno.test("subscription ids and wire subscriptions", () => {
  assert.equal(subscriptionId({ type: "orderUpdates", user: "0xAB" }), "orderUpdates:0xab");
  assert.deepEqual(wireSubscription({ type: "l2Book", coin: "SOL", fast: false }), {
    type: "l2Book",
    coin: "SOL",
  });
});

Deno.test("reconnect backoff grows, is capped and jittered in [cap/2, cap]", () => {
  assert.equal(reconnectDelayMs(0, 100, 1000, () => 0), 50);
  assert.equal(reconnectDelayMs(0, 100, 1000, () => 1), 100);
  assert.equal(reconnectDelayMs(3, 100, 1000, () => 1), 800);
  assert.equal(reconnectDelayMs(10, 100, 1000, () => 1), 1000);
  assert.equal(reconnectDelayMs(1000, 100, 1000, () => 0), 500);
});

Deno.test("frame parsing: text is ignorable, garbage is malformed", () => {
  assert.deepEqual(parseFrame("Websocket connection established."), {
    ok: false,
    ignorable: true,
  });
  assert.equal(parseFrame("{bad").ok, false);
  assert.deepEqual(parseFrame('{"channel":"pong"}'), { ok: true, frame: { kind: "pong" } });
  assert.deepEqual(parseFrame('{"channel":"notification","data":{"notification":"x"}}'), {
    ok: true,
    frame: { kind: "other", channel: "notification" },
  });
  const bad = parseFrame('{"channel":"userFills","data":{"fills":[{"coin":1}]}}');
  assert.ok(!bad.ok && !bad.ignorable);
  assert.equal(pendingPostRefusalId("too many pending post requests id=256"), 256);
  assert.equal(pendingPostRefusalId("Already subscribed: {}"), undefined);
});

import assert from "node:assert/strict";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim, T0 } from "./fake_sim.ts";
import { WsTestClient } from "./ws_test_client.ts";

Deno.test("WS subscribe/unsubscribe: normalized acks, duplicates and invalid subscriptions", async () => {
  await using sim = await startFakeSim();
  const c = await WsTestClient.open(sim.server.wsUrl);
  try {
    c.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC", extra: 1 } });
    const ack = await c.channel("subscriptionResponse");
    assert.deepEqual(ack.data, {
      method: "subscribe",
      subscription: { type: "l2Book", coin: "BTC", nSigFigs: null, mantissa: null },
    });
    const snap = await c.channel("l2Book");
    assert.equal((snap.data as { levels: unknown[][] }).levels[0]?.length, 20);
    c.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC" } });
    assert.equal(
      (await c.channel("error")).data,
      'Already subscribed: {"type":"l2Book","coin":"BTC","nSigFigs":null,"mantissa":null}',
    );
    c.send({ method: "subscribe", subscription: { type: "nope" } });
    assert.equal((await c.channel("error")).data, 'Invalid subscription {"type":"nope"}');
    const user = "0x" + "AB".repeat(20);
    c.send({ method: "subscribe", subscription: { type: "userFills", user } });
    const fillsAck = await c.channel("subscriptionResponse");
    assert.deepEqual(fillsAck.data, {
      method: "subscribe",
      subscription: { type: "userFills", user: user.toLowerCase() },
    });
    const fillsSnap = await c.channel("userFills");
    assert.equal((fillsSnap.data as { isSnapshot: boolean }).isSnapshot, true);
    c.send({ method: "unsubscribe", subscription: { type: "l2Book", coin: "BTC" } });
    assert.equal(
      ((await c.channel("subscriptionResponse")).data as { method: string }).method,
      "unsubscribe",
    );
    c.send({ method: "unsubscribe", subscription: { type: "l2Book", coin: "BTC" } });
    assert.match(String((await c.channel("error")).data), /^Already unsubscribed: /);
    c.send("not json");
    assert.match(String((await c.channel("error")).data), /^Error parsing JSON/);
    c.send({ method: "ping" });
    assert.deepEqual(JSON.parse((await c.channel("pong")).raw), { channel: "pong" });
  } finally {
    await c.close();
  }
});

Deno.test("WS l2Book pushes are throttled on sim time: fast 5 levels, slow 20 levels", async () => {
  await using sim = await startFakeSim({ cadence: { l2BookFastMs: 500, l2BookSlowMs: 2000 } });
  const fast = await WsTestClient.open(sim.server.wsUrl);
  const slow = await WsTestClient.open(sim.server.wsUrl);
  try {
    fast.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC", fast: true } });
    slow.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC" } });
    await fast.channel("subscriptionResponse");
    await slow.channel("subscriptionResponse");
    await fast.channel("l2Book");
    await slow.channel("l2Book");
    sim.core.bumpBook();
    sim.advance(10); // first push after subscribing goes out right away
    const f1 = await fast.channel("l2Book");
    assert.equal((f1.data as { levels: unknown[][] }).levels[1]?.length, 5);
    const s1 = await slow.channel("l2Book");
    assert.equal((s1.data as { levels: unknown[][] }).levels[1]?.length, 20);
    sim.core.bumpBook();
    sim.advance(400); // too early for either
    await fast.channel("l2Book", 200).then(() => assert.fail("fast push too early"), () => {});
    sim.advance(100); // 500 ms since the last fast push
    await fast.channel("l2Book");
    await slow.channel("l2Book", 200).then(() => assert.fail("slow push too early"), () => {});
    sim.advance(1500);
    await slow.channel("l2Book");
    // No change, no push.
    sim.advance(5000);
    await fast.channel("l2Book", 200).then(() => assert.fail("push without change"), () => {});
  } finally {
    await fast.close();
    await slow.close();
  }
});

Deno.test("WS user channels route by user; userEvents arrive on channel 'user'", async () => {
  await using sim = await startFakeSim();
  const c = await WsTestClient.open(sim.server.wsUrl);
  try {
    const me = sim.wallet.address;
    c.send({ method: "subscribe", subscription: { type: "orderUpdates", user: me } });
    c.send({ method: "subscribe", subscription: { type: "userEvents", user: me } });
    c.send({ method: "subscribe", subscription: { type: "bbo", coin: "BTC" } });
    for (let i = 0; i < 3; i++) await c.channel("subscriptionResponse");
    sim.core.emit({ channel: "orderUpdates", user: "0x" + "1".repeat(40), data: ["other"] });
    sim.core.emit({ channel: "orderUpdates", user: me, data: ["mine"] });
    sim.core.emit({ channel: "userEvents", user: me, data: { fills: [] } });
    sim.core.emit({ channel: "bbo", coin: "ETH", data: "eth" });
    sim.core.emit({ channel: "bbo", coin: "BTC", data: "btc" });
    assert.deepEqual((await c.channel("orderUpdates")).data, ["mine"]);
    assert.deepEqual((await c.channel("user")).data, { fills: [] });
    assert.equal((await c.channel("bbo")).data, "btc");
  } finally {
    await c.close();
  }
});

Deno.test("WS post: info and action answers echo the id; errors are typed 'error'", async () => {
  await using sim = await startFakeSim();
  const c = await WsTestClient.open(sim.server.wsUrl);
  try {
    c.send({ method: "post", id: 7, request: { type: "info", payload: { type: "meta" } } });
    const info = await c.channel("post");
    assert.deepEqual(info.data, {
      id: 7,
      response: {
        type: "info",
        payload: {
          type: "meta",
          data: { universe: [{ name: "BTC", szDecimals: 5, maxLeverage: 50 }] },
        },
      },
    });
    const env = await signedEnvelope(sim.wallet, { type: "noop" }, T0);
    c.send({ method: "post", id: 8, request: { type: "action", payload: env } });
    assert.deepEqual((await c.channel("post")).data, {
      id: 8,
      response: { type: "action", payload: { status: "ok", response: { type: "default" } } },
    });
    // Same nonce again: the same nonce book as HTTP.
    c.send({ method: "post", id: 9, request: { type: "action", payload: env } });
    assert.deepEqual((await c.channel("post")).data, {
      id: 9,
      response: {
        type: "action",
        payload: { status: "err", response: `Invalid nonce: duplicate nonce ${T0}` },
      },
    });
    c.send({ method: "post", id: 10, request: { type: "action", payload: { junk: 1 } } });
    const bad = await c.channel("post");
    assert.deepEqual(bad.data, {
      id: 10,
      response: {
        type: "error",
        payload: "422 Failed to deserialize the JSON body into the target type",
      },
    });
  } finally {
    await c.close();
  }
});

Deno.test("WS closes a connection that sent nothing for the idle timeout", async () => {
  await using sim = await startFakeSim({ cadence: { idleTimeoutMs: 60_000 } });
  const c = await WsTestClient.open(sim.server.wsUrl);
  try {
    sim.advance(30_000);
    c.send({ method: "ping" });
    await c.channel("pong");
    sim.advance(59_000);
    c.send({ method: "ping" });
    await c.channel("pong");
    sim.advance(60_001);
    const ev = await c.closed();
    assert.equal(ev.reason, "Expired");
  } finally {
    await c.close();
  }
});

Deno.test("faults: drop WS, withhold pongs, delay and fail exchange, force 429, malformed frames", async () => {
  await using sim = await startFakeSim();
  const faults = `${sim.server.httpUrl}/sim/faults`;
  let c = await WsTestClient.open(sim.server.wsUrl);
  try {
    await postJson(faults, { malformedWsFrames: 2 });
    await c.next((f) => f.channel === undefined);
    await postJson(faults, { stopPongsMs: 10_000 });
    c.send({ method: "ping" });
    await c.channel("pong", 200).then(() => assert.fail("pong while withheld"), () => {});
    sim.advance(10_000);
    c.send({ method: "ping" });
    await c.channel("pong");
    await postJson(faults, { dropWsConnections: true });
    await c.closed();
    c = await WsTestClient.open(sim.server.wsUrl);

    await postJson(faults, { force429Count: 2 });
    assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 429);
    assert.equal((await postJson(sim.server.exchangeUrl, {})).status, 429);
    assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 200);

    await postJson(faults, { exchangeFailCount: 1, exchangeFailStatus: 502 });
    const env = await signedEnvelope(sim.wallet, { type: "noop" }, T0);
    assert.equal((await postJson(sim.server.exchangeUrl, env)).status, 502);
    // The failed request never reached the core, so its nonce is still free.
    assert.equal((await postJson(sim.server.exchangeUrl, env)).status, 200);

    // WS action posts share the injected failures.
    await postJson(faults, { exchangeFailCount: 1, exchangeFailStatus: 503 });
    c.send({ method: "post", id: 3, request: { type: "action", payload: env } });
    assert.deepEqual((await c.channel("post")).data, {
      id: 3,
      response: { type: "error", payload: "503 Service Unavailable" },
    });

    await postJson(faults, { exchangeDelayMs: 50, exchangeDelayCount: 1 });
    const env2 = await signedEnvelope(sim.wallet, { type: "noop" }, T0 + 1);
    assert.equal((await postJson(sim.server.exchangeUrl, env2)).status, 200);

    await postJson(faults, { exchangeFailCount: 5 });
    await postJson(faults, { clear: true });
    const env3 = await signedEnvelope(sim.wallet, { type: "noop" }, T0 + 2);
    assert.equal((await postJson(sim.server.exchangeUrl, env3)).status, 200);
    const bad = await postJson(faults, { exchangeFailStatus: 200 });
    assert.equal(bad.status, 422);

    const stats = await (await fetch(`${sim.server.httpUrl}/sim/stats`)).json();
    assert.equal(stats.http.http5xxInjected, 2);
    assert.equal(stats.exchange.actionsByType.noop, 3);
    assert.equal(stats.ws.connectionsOpen, 1);
    assert.ok(stats.ws.messagesSent >= 3); // 2 malformed frames + 1 pong
    assert.deepEqual(stats.core, { executed: 3 });
  } finally {
    await c.close();
  }
});

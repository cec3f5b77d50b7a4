import assert from "node:assert/strict";
import { orderAction, postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim, T0 } from "./fake_sim.ts";
import { WsTestClient } from "./ws_test_client.ts";

const cancels = (n: number) => ({
  type: "cancel",
  cancels: Array.from({ length: n }, (_, i) => ({ a: 0, o: i + 1 })),
});
const orders = (n: number) => orderAction(n, "Alo");

Deno.test("REST weight: 1200 per 60 s sliding window, 429 with body null, recovers", async () => {
  await using sim = await startFakeSim();
  // l2Book weighs 2: 600 pass, the 601st is refused.
  for (let i = 0; i < 600; i++) {
    const r = await postJson(sim.server.infoUrl, { type: "l2Book", coin: "BTC" });
    assert.equal(r.status, 200, `request ${i}`);
  }
  const refused = await postJson(sim.server.infoUrl, { type: "l2Book", coin: "BTC" });
  assert.equal(refused.status, 429);
  assert.equal(refused.text, "null");
  // Refusals do not spend weight; the window slides: 60 s later it is all back.
  sim.advance(59_999);
  assert.equal((await postJson(sim.server.infoUrl, { type: "allMids" })).status, 429);
  sim.advance(1);
  assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 200);
  const stats = await (await fetch(`${sim.server.httpUrl}/sim/stats`)).json();
  assert.equal(stats.http.http429, 2);
  assert.equal(stats.http.perIp["127.0.0.1"].weight, 1220);
});

Deno.test("REST weight: exchange 1 + floor(n/40), info 20/60 and item surcharges", async () => {
  await using sim = await startFakeSim({ ipWeightPerMin: 100 });
  const env = await signedEnvelope(sim.wallet, orders(79), T0);
  assert.equal((await postJson(sim.server.exchangeUrl, env)).status, 200); // weight 2
  const role = await postJson(sim.server.infoUrl, { type: "userRole", user: sim.wallet.address });
  assert.notEqual(role.status, 429); // weight 60 (the fake core does not know userRole)
  // userFills (45 items): 20 + floor(45/20) = 22 -> total 84
  assert.equal(
    (await postJson(sim.server.infoUrl, { type: "userFills", user: sim.wallet.address })).status,
    200,
  );
  const stats = await (await fetch(`${sim.server.httpUrl}/sim/stats`)).json();
  assert.equal(stats.http.perIp["127.0.0.1"].weight, 84);
  assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 429); // 104 > 100
  assert.equal((await postJson(sim.server.infoUrl, { type: "l2Book", coin: "BTC" })).status, 200);
});

Deno.test("batches over 200 are refused whole and cost no address budget", async () => {
  await using sim = await startFakeSim();
  const r = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(sim.wallet, cancels(201), T0),
  );
  assert.deepEqual(r.body, {
    status: "err",
    response: "Signed action over weight limit of 200.",
  });
  const ok = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(sim.wallet, cancels(200), T0 + 1),
  );
  assert.equal((ok.body as { status: string }).status, "ok");
  assert.deepEqual(await sim.userRateLimit(), {
    cumVlm: "0",
    nRequestsUsed: 200,
    nRequestsCap: 10000,
    nRequestsSurplus: 0,
  });
});

Deno.test("address budget: cap = initial + volume, cancels up to min(cap+extra, 2cap), 1 per 10 s", async () => {
  await using sim = await startFakeSim({
    addressBudget: { initialRequests: 100, cancelExtra: 1000 },
  });
  let nonce = T0;
  const send = (action: Record<string, unknown>) => sim.exchange(action, nonce++);
  sim.core.cumVol.set(sim.wallet.address, 20.7); // cap 120
  for (let i = 0; i < 3; i++) assert.equal((await send(orders(40))).status, "ok"); // 120 used
  const refused = await send(orders(1));
  assert.deepEqual(refused, {
    status: "err",
    response: "Too many cumulative requests sent (121 > 120) for cumulative volume traded " +
      "$20.70. Place taker orders to free up 1 request per USDC traded.",
  });
  // Cancels still work up to min(120 + 1000, 240) = 240.
  assert.equal((await send(cancels(120))).status, "ok");
  assert.equal((await send(cancels(1))).status, "err");
  // Throttled mode: one request per 10 s after the last one that passed.
  sim.advance(9_999);
  assert.equal((await send(orders(1))).status, "err");
  sim.advance(1);
  assert.equal((await send(orders(1))).status, "ok");
  assert.equal((await send(orders(1))).status, "err");
  // Trading volume frees budget.
  sim.core.cumVol.set(sim.wallet.address, 500);
  assert.equal((await send(orders(5))).status, "ok");
  assert.deepEqual(await sim.userRateLimit(), {
    cumVlm: "500",
    nRequestsUsed: 246,
    nRequestsCap: 600,
    nRequestsSurplus: 0,
  });
  assert.equal(sim.core.noted.get(sim.wallet.address), 246);
});

Deno.test("WS: 10 connections per IP; the 11th gets an error frame and is closed", async () => {
  await using sim = await startFakeSim();
  const clients: WsTestClient[] = [];
  try {
    for (let i = 0; i < 10; i++) clients.push(await WsTestClient.open(sim.server.wsUrl));
    const extra = await WsTestClient.open(sim.server.wsUrl);
    clients.push(extra);
    const err = await extra.channel("error");
    assert.match(String(err.data), /Too many websocket connections/);
    await extra.closed();
    // Closing one frees a slot.
    await clients[0]?.close();
    const again = await WsTestClient.open(sim.server.wsUrl);
    clients.push(again);
    again.send({ method: "ping" });
    await again.channel("pong");
  } finally {
    for (const c of clients) await c.close();
  }
});

Deno.test("WS: at most N new connections per minute per IP", async () => {
  await using sim = await startFakeSim({ ws: { newConnectionsPerMin: 3 } });
  const clients: WsTestClient[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const c = await WsTestClient.open(sim.server.wsUrl);
      clients.push(c);
      await c.close();
    }
    const refused = await WsTestClient.open(sim.server.wsUrl);
    clients.push(refused);
    assert.match(String((await refused.channel("error")).data), /new websocket connections/);
    await refused.closed();
    sim.advance(60_000);
    const ok = await WsTestClient.open(sim.server.wsUrl);
    clients.push(ok);
    ok.send({ method: "ping" });
    await ok.channel("pong");
  } finally {
    for (const c of clients) await c.close();
  }
});

Deno.test("WS: subscription, unique-user and message-rate limits answer on the error channel", async () => {
  await using sim = await startFakeSim({
    ws: { subscriptionsPerIp: 3, uniqueUsersPerIp: 2, messagesPerMin: 12 },
  });
  const c = await WsTestClient.open(sim.server.wsUrl);
  try {
    const u = (i: number) => "0x" + String(i).repeat(40);
    c.send({ method: "subscribe", subscription: { type: "orderUpdates", user: u(1) } });
    c.send({ method: "subscribe", subscription: { type: "userFills", user: u(2) } });
    c.send({ method: "subscribe", subscription: { type: "orderUpdates", user: u(3) } });
    assert.equal((await c.channel("error")).data, "Cannot track more than 2 total users.");
    c.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
    c.send({ method: "subscribe", subscription: { type: "bbo", coin: "BTC" } });
    assert.equal((await c.channel("error")).data, "Cannot track more than 3 total subscriptions.");
    // 5 messages so far; 7 more are allowed in the minute, then refusals.
    for (let i = 0; i < 8; i++) c.send({ method: "ping" });
    for (let i = 0; i < 7; i++) await c.channel("pong");
    assert.match(String((await c.channel("error")).data), /Too many messages/);
    sim.advance(60_000);
    c.send({ method: "ping" });
    await c.channel("pong");
  } finally {
    await c.close();
  }
});

Deno.test("WS: more than 100 in-flight posts are refused with the post id", async () => {
  await using sim = await startFakeSim();
  const c = await WsTestClient.open(sim.server.wsUrl);
  try {
    await postJson(`${sim.server.httpUrl}/sim/faults`, { exchangeDelayMs: 300 });
    for (let i = 1; i <= 101; i++) {
      c.send({ method: "post", id: i, request: { type: "action", payload: { bogus: true } } });
    }
    assert.equal((await c.channel("error")).data, "too many pending post requests id=101");
    const answers = [];
    for (let i = 0; i < 100; i++) answers.push(await c.channel("post"));
    assert.equal(answers.length, 100);
  } finally {
    await c.close();
  }
});

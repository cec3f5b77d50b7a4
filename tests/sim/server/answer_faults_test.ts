/**
 * The `/sim/faults` answer faults at the protocol level: what goes on the wire, and that nothing
 * runs in the core when the fault replaces the answer.
 */
import assert from "node:assert/strict";
import { orderAction, postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim, T0 } from "./fake_sim.ts";
import { WsTestClient } from "./ws_test_client.ts";

const order = (n: number) => orderAction(n);

const faults = (sim: Awaited<ReturnType<typeof startFakeSim>>, body: unknown) =>
  postJson(`${sim.server.httpUrl}/sim/faults`, body);

Deno.test("waitingStatus replaces the next resting/filled statuses; the orders still run", async () => {
  await using sim = await startFakeSim();
  await faults(sim, { waitingStatus: { count: 2, status: "waitingForTrigger" } });
  const r = await postJson(sim.server.exchangeUrl, await signedEnvelope(sim.wallet, order(3), T0));
  assert.deepEqual(r.body, {
    status: "ok",
    response: {
      type: "order",
      data: { statuses: ["waitingForTrigger", "waitingForTrigger", { resting: { oid: 3 } }] },
    },
  });
  assert.equal(sim.core.executed.length, 1);
});

Deno.test("actionErr refuses whole actions of the named types; nothing runs", async () => {
  await using sim = await startFakeSim();
  await faults(sim, { actionErr: { count: 1, types: ["cancel"], text: "Some refusal" } });
  const placed = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(sim.wallet, order(1), T0),
  );
  assert.equal((placed.body as { status: string }).status, "ok");
  const cancel = { type: "cancel", cancels: [{ a: 0, o: 1 }, { a: 0, o: 2 }] };
  const refused = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(sim.wallet, cancel, T0 + 1),
  );
  assert.deepEqual(refused.body, { status: "err", response: "Some refusal" });
  assert.deepEqual(sim.core.executed.map((e) => (e.action as { type: string }).type), ["order"]);
});

Deno.test("html5xx answers the next requests of its path with an HTML page", async () => {
  await using sim = await startFakeSim();
  await faults(sim, { html5xx: { count: 1, status: 503, path: "info" } });
  const res = await fetch(sim.server.infoUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "meta" }),
  });
  assert.equal(res.status, 503);
  assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  assert.match(await res.text(), /<title>503 Service Unavailable<\/title>/);
  assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 200);
});

Deno.test("postErrorChannel and untaggedFillSnapshots change what the WS sends", async () => {
  await using sim = await startFakeSim();
  const ws = await WsTestClient.open(sim.server.wsUrl);
  try {
    await faults(sim, { postErrorChannel: { count: 1 }, untaggedFillSnapshots: true });
    const payload = await signedEnvelope(sim.wallet, order(1), T0);
    ws.send({ method: "post", id: 7, request: { type: "action", payload } });
    const error = await ws.channel("error");
    assert.match(String(error.data), /^Error parsing JSON into valid websocket request: \{/);
    assert.match(String(error.data), /"id":7/);
    assert.equal(sim.core.executed.length, 0);
    ws.send({ method: "subscribe", subscription: { type: "userFills", user: sim.wallet.address } });
    const snapshot = await ws.channel("userFills");
    assert.equal("isSnapshot" in (snapshot.data as object), false);
    // The next post is answered normally.
    ws.send({ method: "post", id: 8, request: { type: "action", payload } });
    assert.equal(((await ws.channel("post")).data as { id: number }).id, 8);
    await faults(sim, { clear: true });
    const stats = await (await fetch(`${sim.server.httpUrl}/sim/stats`)).json();
    assert.equal(stats.faults.untaggedFillSnapshots, false);
    assert.equal(stats.faults.injected.postErrorChannel, 1);
  } finally {
    await ws.close();
  }
});

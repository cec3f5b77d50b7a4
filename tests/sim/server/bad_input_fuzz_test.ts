import assert from "node:assert/strict";
import fc from "fast-check";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim, T0 } from "./fake_sim.ts";
import { WsTestClient } from "./ws_test_client.ts";

Deno.test("bad bodies get 422/413 answers and the server keeps serving", async () => {
  await using sim = await startFakeSim({ maxBodyBytes: 4096 });
  for (const url of [sim.server.infoUrl, sim.server.exchangeUrl]) {
    for (const body of ["{", "", "[]", "null", "1", '"x"', '{"type":5}']) {
      const r = await postJson(url, body);
      assert.ok(r.status === 422, `${url} ${body} -> ${r.status}`);
      assert.equal(r.text, "Failed to deserialize the JSON body into the target type");
    }
    const huge = await postJson(url, JSON.stringify({ type: "meta", pad: "x".repeat(10_000) }));
    assert.equal(huge.status, 413);
  }
  const env = await signedEnvelope(sim.wallet, { type: "frobnicate", x: 1 }, T0);
  const unknown = await postJson(sim.server.exchangeUrl, env);
  // An action type the exchange has no type for does not deserialize: 422, and no crash.
  assert.equal(unknown.status, 422);
  assert.equal(unknown.text, "Failed to deserialize the JSON body into the target type");
  assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 200);
});

Deno.test("fuzz: random JSON bodies on /info, /exchange and WS never crash the server", async () => {
  await using sim = await startFakeSim({ ipWeightPerMin: 1_000_000 });
  const ws = await WsTestClient.open(sim.server.wsUrl);
  try {
    const envelopeish = fc.record({
      action: fc.oneof(fc.jsonValue(), fc.record({ type: fc.string(), orders: fc.jsonValue() })),
      nonce: fc.oneof(fc.integer(), fc.double(), fc.string()),
      signature: fc.oneof(
        fc.jsonValue(),
        fc.record({ r: fc.string(), s: fc.string(), v: fc.integer() }),
      ),
      vaultAddress: fc.oneof(fc.constant(null), fc.string()),
      expiresAfter: fc.oneof(fc.constant(null), fc.integer()),
    }, { requiredKeys: [] });
    const body = fc.oneof(fc.jsonValue(), envelopeish, fc.string());
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const text = typeof b === "string" ? b : JSON.stringify(b);
        for (const url of [sim.server.infoUrl, sim.server.exchangeUrl]) {
          const r = await postJson(url, text);
          assert.ok([200, 413, 422].includes(r.status), `${url} -> ${r.status}: ${text}`);
        }
        ws.send(text);
        ws.send({ method: "post", id: 1, request: { type: "action", payload: b } });
        ws.send({ method: "subscribe", subscription: b });
      }),
      { numRuns: 60, seed: 42 },
    );
    ws.send({ method: "ping" });
    await ws.channel("pong");
    assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 200);
  } finally {
    await ws.close();
  }
});

Deno.test("abrupt client disconnects mid-request do not crash the server", async () => {
  await using sim = await startFakeSim();
  const url = new URL(sim.server.exchangeUrl);
  for (let i = 0; i < 3; i++) {
    const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
    await conn.write(
      new TextEncoder().encode(
        `POST /exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"action":`,
      ),
    );
    conn.close();
  }
  const ws = await WsTestClient.open(sim.server.wsUrl);
  ws.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC" } });
  ws.socket.close();
  await ws.closed();
  assert.equal((await postJson(sim.server.infoUrl, { type: "meta" })).status, 200);
});

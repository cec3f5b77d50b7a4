import assert from "node:assert/strict";
import type { Cloid } from "../../src/core/types.ts";
import { WsFeed } from "../../src/feed/ws_feed.ts";
import { WsPostRequestTransport } from "../../src/gateway/request_transport.ts";
import { createWeightTable } from "../../src/limiter/weights.ts";
import { ExchangeClient } from "../../src/gateway/exchange_client.ts";
import { FakeBudget, FakeGate, startWsServer, waitFor } from "../feed/_ws_server.ts";

Deno.test("an order sent as a WS post action comes back as a typed outcome", async () => {
  const server = startWsServer({
    onMessage: (conn, msg) => {
      if (msg.method !== "post") return;
      conn.send({
        channel: "post",
        data: {
          id: msg.id,
          response: {
            type: "action",
            payload: {
              status: "ok",
              response: { type: "order", data: { statuses: [{ resting: { oid: 88383 } }] } },
            },
          },
        },
      });
    },
  });
  const feed = new WsFeed({
    url: server.url,
    messageBudget: new FakeBudget(),
    inFlightGate: new FakeGate(100),
  });
  let connected = false;
  feed.onEvent((e) => {
    if (e.type === "connected") connected = true;
  });
  const running = feed.start(new AbortController().signal);
  try {
    await waitFor(() => connected, "connected");
    const client = new ExchangeClient({
      transport: new WsPostRequestTransport({ poster: feed }),
      weights: createWeightTable(),
      nonces: { next: () => 1_700_000_000_000 },
      privateKey: "0x" + "01".repeat(32),
      isMainnet: false,
    });
    const cloid = "0x0000000000000000000000000000000f" as Cloid;
    const out = await client.placeOrders([{
      coin: "BTC",
      assetId: 0,
      side: "bid",
      px: "30000",
      sz: "0.001",
      tif: "Alo",
      reduceOnly: false,
      cloid,
    }], new AbortController().signal);
    assert.deepEqual(out, [{ kind: "resting", oid: 88383, cloid }]);
    const post = server.conns[0]?.received.find((m) => m.method === "post") as {
      request: { type: string; payload: { action: { type: string }; nonce: number } };
    };
    assert.equal(post.request.type, "action");
    assert.equal(post.request.payload.action.type, "order");
    assert.equal(post.request.payload.nonce, 1_700_000_000_000);
  } finally {
    await feed.close();
    await running;
    await server.close();
  }
});

/**
 * One request transport, two wires: the bot's info and exchange clients run unchanged over HTTP
 * and over the WebSocket's `post` method, against the simulator, and read the same answers.
 */
import assert from "node:assert/strict";
import type { Cloid } from "../../src/core/types.ts";
import { WsFeed } from "../../src/feed/ws_feed.ts";
import { HttpPoster } from "../../src/gateway/http_poster.ts";
import {
  HttpRequestTransport,
  WsPostRequestTransport,
} from "../../src/gateway/request_transport.ts";
import { FifoInFlightGate } from "../../src/limiter/in_flight_gate.ts";
import { TokenBucket } from "../../src/limiter/token_bucket.ts";
import { createWsMessageBudget } from "../../src/limiter/ws_budget.ts";
import { NonceSource } from "../../src/signer/nonce.ts";
import { systemClock } from "../../src/core/clock.ts";
import { startSim } from "../../src/sim/start_sim.ts";
import { waitFor } from "../feed/_ws_server.ts";
import { simClients } from "./_sim_clients.ts";

const signal = () => new AbortController().signal;

Deno.test("info and orders read the same over HTTP and over WS post (simulator)", async () => {
  const sim = await startSim({ port: 0, seed: 11, market: { takerRatePerSec: 0 } });
  const feed = new WsFeed({
    url: sim.wsUrl,
    messageBudget: createWsMessageBudget({ capacityPerMin: 2000 }),
    inFlightGate: new FifoInFlightGate(),
  });
  let connected = false;
  feed.onEvent((e) => {
    if (e.type === "connected") connected = true;
  });
  const stop = new AbortController();
  const running = feed.start(stop.signal);
  try {
    await waitFor(() => connected, "connected");
    const http = new HttpRequestTransport(
      new HttpPoster({ baseUrl: sim.httpUrl, limiter: new TokenBucket({ capacityPerMin: 1e6 }) }),
    );
    const ws = new WsPostRequestTransport({ poster: feed });
    const nonces = new NonceSource(systemClock);
    const viaHttp = simClients(sim, http, nonces);
    const viaWs = simClients(sim, ws, nonces);
    const user = sim.demo.address;

    const [bookHttp, bookWs] = [
      await viaHttp.info.l2Book("BTC", signal()),
      await viaWs.info.l2Book("BTC", signal()),
    ];
    assert.equal(bookWs.coin, "BTC");
    assert.ok(bookWs.bids.length > 0 && bookWs.asks.length > 0);
    assert.deepEqual(bookWs.bids[0], bookHttp.bids[0], "no taker flow: the same top of book");

    const px = String(Math.floor(bookHttp.bids[0]!.px * 0.98));
    const cloid = (n: number) => `0x${n.toString(16).padStart(32, "0")}` as Cloid;
    const intent = (n: number) => ({
      coin: "BTC",
      assetId: 0,
      side: "bid" as const,
      px,
      sz: "0.001",
      tif: "Alo" as const,
      reduceOnly: false,
      cloid: cloid(n),
    });
    const [placedWs] = await viaWs.exchange.placeOrders([intent(1)], signal());
    const [placedHttp] = await viaHttp.exchange.placeOrders([intent(2)], signal());
    assert.equal(placedWs?.kind, "resting");
    assert.equal(placedHttp?.kind, "resting");

    const openHttp = await viaHttp.info.openOrders(user, signal());
    const openWs = await viaWs.info.openOrders(user, signal());
    assert.deepEqual(openWs, openHttp);
    assert.deepEqual(openWs.map((o) => o.cloid).sort(), [cloid(1), cloid(2)]);

    // A refusal reads the same on both wires: a second order with a cloid already used.
    const [dupWs] = await viaWs.exchange.placeOrders([intent(1)], signal());
    const [dupHttp] = await viaHttp.exchange.placeOrders([intent(2)], signal());
    assert.equal(dupWs?.kind, "rejected");
    assert.equal(dupHttp?.kind, "rejected");
    assert.ok(dupWs?.kind === "rejected" && dupHttp?.kind === "rejected");
    assert.equal(dupWs.reason, dupHttp.reason);
  } finally {
    stop.abort();
    await feed.close();
    await running.catch(() => {});
    await sim.stop();
  }
});

Deno.test("the bot's reserveRequestWeight is accepted by the simulator and bought requests show", async () => {
  const sim = await startSim({ port: 0, seed: 12, market: { takerRatePerSec: 0 } });
  try {
    const { info, exchange } = simClients(
      sim,
      new HttpRequestTransport(
        new HttpPoster({ baseUrl: sim.httpUrl, limiter: new TokenBucket({ capacityPerMin: 1e6 }) }),
      ),
    );
    assert.deepEqual(await exchange.reserveRequestWeight(300, signal()), { kind: "ok" });
    const limit = await info.userRateLimit(sim.demo.address, signal());
    assert.equal(limit.nRequestsSurplus, 299, "300 bought, 1 used by the purchase itself");
    const zero = await exchange.reserveRequestWeight(0, signal());
    assert.equal(zero.kind, "rejected", "the simulator refuses what the exchange refuses");
  } finally {
    await sim.stop();
  }
});

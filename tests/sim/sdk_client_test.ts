/**
 * A real third-party client against the simulator: the nktkas SDK's InfoClient/ExchangeClient over
 * HttpTransport (`apiUrl` = the sim's base URL; it signs with `isTestnet`, i.e. source "b", which
 * is the sim's default network) and SubscriptionClient over WebSocketTransport (`url` = sim wsUrl).
 */
import assert from "node:assert/strict";
import {
  ExchangeClient,
  HttpTransport,
  InfoClient,
  SubscriptionClient,
  WebSocketTransport,
} from "@nktkas/hyperliquid";
import { startSim } from "../../src/sim/start_sim.ts";
import { testWallet } from "./server/test_wallet.ts";

Deno.test("nktkas SDK: meta, l2Book, place and cancel, l2Book subscription", async () => {
  const sim = await startSim({
    tickMs: 50,
    seed: 11,
    cadence: { l2BookSlowMs: 200, l2BookFastMs: 100 },
  });
  const ws = new WebSocketTransport({ url: sim.wsUrl, isTestnet: true });
  try {
    const http = new HttpTransport({ apiUrl: sim.httpUrl, isTestnet: true });
    const info = new InfoClient({ transport: http });
    const wallet = testWallet(sim.demo.privateKey);
    const exchange = new ExchangeClient({ transport: http, wallet });

    const meta = await info.meta();
    assert.equal(meta.universe[0]?.name, "BTC");
    const book = await info.l2Book({ coin: "BTC" });
    assert.ok(book);
    const bestBid = Number(book.levels[0][0]?.px);
    const px = String(Math.floor(bestBid * 0.99));

    const placed = await exchange.order({
      orders: [{ a: 0, b: true, p: px, s: "0.001", r: false, t: { limit: { tif: "Alo" } } }],
      grouping: "na",
    });
    const status = placed.response.data.statuses[0];
    assert.ok(status && typeof status === "object" && "resting" in status);
    const oid = status.resting.oid;
    const open = await info.openOrders({ user: wallet.address });
    assert.deepEqual(open.map((o) => o.oid), [oid]);

    const canceled = await exchange.cancel({ cancels: [{ a: 0, o: oid }] });
    assert.deepEqual(canceled.response.data.statuses, ["success"]);
    assert.deepEqual(await info.openOrders({ user: wallet.address }), []);

    // Orders over the WebSocket transport's post too.
    const wsExchange = new ExchangeClient({ transport: ws, wallet });
    const wsPlaced = await wsExchange.order({
      orders: [{ a: 0, b: true, p: px, s: "0.001", r: false, t: { limit: { tif: "Alo" } } }],
      grouping: "na",
    });
    const wsStatus = wsPlaced.response.data.statuses[0];
    assert.ok(wsStatus && typeof wsStatus === "object" && "resting" in wsStatus);
    await wsExchange.cancel({ cancels: [{ a: 0, o: wsStatus.resting.oid }] });

    const subs = new SubscriptionClient({ transport: ws });
    const books: { coin: string; levels: unknown[][] }[] = [];
    const { promise: twoBooks, resolve } = Promise.withResolvers<void>();
    const sub = await subs.l2Book({ coin: "BTC" }, (b) => {
      books.push(b);
      if (books.length >= 2) resolve();
    });
    const timeout = AbortSignal.timeout(20_000);
    await Promise.race([
      twoBooks,
      new Promise((_, reject) => timeout.addEventListener("abort", () => reject(timeout.reason))),
    ]);
    assert.equal(books[0]?.coin, "BTC");
    await sub.unsubscribe();
  } finally {
    ws.close();
    await sim.stop();
  }
});

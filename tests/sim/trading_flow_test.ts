/** Acceptance: the real exchange core behind the protocol server, driven over HTTP and WS. */
import assert from "node:assert/strict";
import { startSim } from "../../src/sim/start_sim.ts";
import { postJson, signedEnvelope } from "./server/signed_request.ts";
import { testWallet } from "./server/test_wallet.ts";
import { WsTestClient } from "./server/ws_test_client.ts";

type Level = { px: string; sz: string; n: number };
type Statuses = { status: string; response: { type: string; data: { statuses: unknown[] } } };
type Fill = {
  coin: string;
  px: string;
  sz: string;
  side: "B" | "A";
  oid: number;
  closedPnl: string;
  fee: string;
  crossed: boolean;
};

const T0 = 1_750_000_000_000;
const order = (b: boolean, p: number | string, s: string, tif: "Alo" | "Gtc" | "Ioc") => ({
  a: 0,
  b,
  p: String(p),
  s,
  r: false,
  t: { limit: { tif } },
});

async function setup() {
  const clock = { now: T0 };
  const sim = await startSim({ clock: () => clock.now, tickMs: 0, seed: 7 });
  const wallet = testWallet(sim.demo.privateKey);
  let nonce = T0;
  const exchange = async (action: Record<string, unknown>) =>
    (await postJson(sim.exchangeUrl, await signedEnvelope(wallet, action, nonce++))).body;
  const info = async (body: Record<string, unknown>) => (await postJson(sim.infoUrl, body)).body;
  const bbo = async () => {
    const book = await info({ type: "l2Book", coin: "BTC" }) as { levels: Level[][] };
    return { bid: Number(book.levels[0]?.[0]?.px), ask: Number(book.levels[1]?.[0]?.px) };
  };
  return { sim, clock, wallet, exchange, info, bbo };
}

Deno.test("place, modify and cancel in batches; ALO that would cross is rejected", async () => {
  const { sim, exchange, info, bbo, wallet } = await setup();
  try {
    const meta = await info({ type: "meta" }) as { universe: { name: string }[] };
    assert.equal(meta.universe[0]?.name, "BTC");
    const { bid, ask } = await bbo();
    const placed = await exchange({
      type: "order",
      orders: [
        order(true, bid - 100, "0.001", "Alo"),
        order(false, ask + 100, "0.001", "Alo"),
        order(true, ask, "0.001", "Alo"),
      ],
      grouping: "na",
    }) as Statuses;
    assert.equal(placed.status, "ok");
    const st = placed.response.data.statuses as Record<string, { oid: number } | string>[];
    const oidBid = (st[0]?.resting as { oid: number }).oid;
    const oidAsk = (st[1]?.resting as { oid: number }).oid;
    assert.equal(
      st[2]?.error,
      `Post only order would have immediately matched, bbo was ${bid}@${ask}. asset=0`,
    );

    const modified = await exchange({
      type: "batchModify",
      modifies: [{ oid: oidBid, order: order(true, bid - 200, "0.002", "Alo") }],
    }) as Statuses;
    assert.equal(modified.status, "ok");
    const open = await info({ type: "openOrders", user: wallet.address }) as {
      oid: number;
      limitPx: string;
      sz: string;
    }[];
    assert.equal(open.length, 2);
    const moved = open.find((o) => o.oid !== oidAsk);
    assert.equal(Number(moved?.limitPx), bid - 200);
    assert.equal(moved?.sz, "0.002");

    const canceled = await exchange({
      type: "cancel",
      cancels: open.map((o) => ({ a: 0, o: o.oid })),
    }) as Statuses;
    assert.deepEqual(canceled.response.data.statuses, ["success", "success"]);
    const again = await exchange({ type: "cancel", cancels: [{ a: 0, o: oidAsk }] }) as Statuses;
    assert.match(
      String((again.response.data.statuses[0] as { error: string }).error),
      /^Order was never placed/,
    );
    assert.deepEqual(await info({ type: "openOrders", user: wallet.address }), []);
    const stats = await (await fetch(`${sim.httpUrl}/sim/stats`)).json();
    assert.equal(stats.exchange.actionsByType.order, 1);
    assert.equal(stats.exchange.actionsByType.cancel, 2);
    assert.equal(stats.core["orders.badAloPxRejected"], 1);
    assert.equal(stats.http.perIp["127.0.0.1"].http429, 0);
  } finally {
    await sim.stop();
  }
});

Deno.test("taker flow fills a resting order: pushes on userFills/orderUpdates, PnL adds up", async () => {
  const { sim, clock, exchange, info, bbo, wallet } = await setup();
  const ws = await WsTestClient.open(sim.wsUrl);
  try {
    ws.send({ method: "subscribe", subscription: { type: "userFills", user: wallet.address } });
    ws.send({ method: "subscribe", subscription: { type: "orderUpdates", user: wallet.address } });
    ws.send({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } });
    ws.send({ method: "subscribe", subscription: { type: "bbo", coin: "BTC" } });
    ws.send({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC", fast: true } });
    for (let i = 0; i < 5; i++) await ws.channel("subscriptionResponse");
    const fastBook = await ws.channel("l2Book");
    assert.equal((fastBook.data as { levels: Level[][] }).levels[0]?.length, 5);
    const snap = await ws.channel("userFills");
    assert.deepEqual(snap.data, { isSnapshot: true, user: wallet.address, fills: [] });

    // Rest a bid and an ask inside the spread so synthetic takers hit us.
    const { bid, ask } = await bbo();
    const placed = await exchange({
      type: "order",
      orders: [order(true, bid + 1, "0.01", "Gtc"), order(false, ask - 1, "0.01", "Gtc")],
      grouping: "na",
    }) as Statuses;
    assert.equal(placed.status, "ok");
    const oids = (placed.response.data.statuses as { resting: { oid: number } }[]).map((s) =>
      s.resting.oid
    );
    const opened = await ws.channel("orderUpdates");
    assert.equal((opened.data as { status: string }[])[0]?.status, "open");

    let fillsFrame: { fills: Fill[] } | null = null;
    for (let i = 0; i < 3000 && fillsFrame === null; i++) {
      clock.now += 100;
      sim.tick();
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0));
      const f = ws.frames.find((x) => x.channel === "userFills");
      if (f) fillsFrame = f.data as { fills: Fill[] };
    }
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(fillsFrame, "a synthetic taker traded against our quotes");
    const pushedFill = fillsFrame.fills[0];
    assert.ok(pushedFill && oids.includes(pushedFill.oid));
    assert.equal(pushedFill.crossed, false);
    assert.ok(ws.frames.some((x) => x.channel === "trades"), "trades pushed");
    assert.ok(ws.frames.some((x) => x.channel === "bbo"), "bbo pushed");
    const books = ws.frames.filter((x) => x.channel === "l2Book");
    assert.ok(books.length > 0, "l2Book pushed");
    for (const b of books) assert.ok((b.data as { levels: Level[][] }).levels[1]!.length <= 5);
    const updates = ws.frames.filter((x) => x.channel === "orderUpdates").flatMap((x) =>
      x.data as { order: { oid: number }; status: string }[]
    );
    assert.ok(updates.some((u) => u.order.oid === pushedFill.oid));

    // Take the other side ourselves (crossing IOC), then reconcile the account.
    const now = await bbo();
    const taker = await exchange({
      type: "order",
      orders: [order(true, Math.round(now.ask * 1.01), "0.003", "Ioc")],
      grouping: "na",
    }) as Statuses;
    assert.ok("filled" in (taker.response.data.statuses[0] as object));

    const fills = await info({ type: "userFills", user: wallet.address }) as Fill[];
    const signed = fills.reduce((n, f) => n + (f.side === "B" ? 1 : -1) * Number(f.sz), 0);
    const closed = fills.reduce((n, f) => n + Number(f.closedPnl), 0);
    const fees = fills.reduce((n, f) => n + Number(f.fee), 0);
    const ch = await info({ type: "clearinghouseState", user: wallet.address }) as {
      assetPositions: { position: { coin: string; szi: string; unrealizedPnl: string } }[];
      marginSummary: { accountValue: string };
    };
    const pos = ch.assetPositions.find((p) => p.position.coin === "BTC")?.position;
    assert.ok(Math.abs(Number(pos?.szi ?? 0) - signed) < 1e-9, `szi ${pos?.szi} vs ${signed}`);
    const upnl = Number(pos?.unrealizedPnl ?? 0);
    const expected = 100_000 + closed - fees + upnl;
    assert.ok(
      Math.abs(Number(ch.marginSummary.accountValue) - expected) < 0.01,
      `accountValue ${ch.marginSummary.accountValue} vs ${expected}`,
    );
    const rl = await info({ type: "userRateLimit", user: wallet.address }) as {
      cumVlm: string;
      nRequestsUsed: number;
      nRequestsCap: number;
    };
    assert.equal(rl.nRequestsUsed, 3);
    assert.equal(rl.nRequestsCap, 10_000 + Math.floor(Number(rl.cumVlm)));
  } finally {
    await ws.close();
    await sim.stop();
  }
});

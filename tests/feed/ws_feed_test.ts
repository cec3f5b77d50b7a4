import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import type { FeedEvent } from "../../src/core/ports.ts";
import { WsFeed, type WsFeedOptions } from "../../src/feed/ws_feed.ts";
import { FifoInFlightGate } from "../../src/limiter/in_flight_gate.ts";
import {
  FakeBudget,
  FakeGate,
  type ServerConn,
  startWsServer,
  waitFor,
  type WsServerOptions,
  type WsTestServer,
} from "./_ws_server.ts";

const USER = "0xAbCdEf0000000000000000000000000000000001";

interface Harness {
  server: WsTestServer;
  feed: WsFeed;
  events: FeedEvent[];
  budget: FakeBudget;
  gate: FakeGate;
  clock: ManualClock;
  running: Promise<void>;
}

async function withFeed(
  serverOptions: WsServerOptions,
  feedOptions: Partial<WsFeedOptions>,
  setup: (feed: WsFeed) => void,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const server = startWsServer(serverOptions);
  const budget = new FakeBudget();
  const gate = feedOptions.inFlightGate instanceof FakeGate
    ? feedOptions.inFlightGate
    : new FakeGate(100);
  const clock = new ManualClock(1_000_000);
  const feed = new WsFeed({
    url: server.url,
    messageBudget: budget,
    inFlightGate: gate,
    clock,
    random: () => 0.5,
    reconnectBaseMs: 5,
    reconnectMaxMs: 20,
    closeWaitMs: 500,
    ...feedOptions,
  });
  const events: FeedEvent[] = [];
  feed.onEvent((e) => events.push(e));
  setup(feed);
  const ac = new AbortController();
  const running = feed.start(ac.signal);
  try {
    await body({ server, feed, events, budget, gate, clock, running });
  } finally {
    await feed.close();
    ac.abort();
    await running;
    await server.close();
  }
}

const connectedCount = (events: FeedEvent[], reconnect: boolean) =>
  events.filter((e) => e.type === "connected" && e.reconnect === reconnect).length;

Deno.test("subscriptions are acked (echo by subset) and pushes become typed events", async () => {
  const pushes = (conn: ServerConn) => {
    conn.send("Websocket connection established.");
    conn.send({
      channel: "l2Book",
      data: {
        coin: "BTC",
        time: 1754450974231,
        levels: [[{ px: "113377.0", sz: "7.6699", n: 17 }], [{ px: "113397.0", sz: "0.1", n: 3 }]],
      },
    });
    conn.send({
      channel: "bbo",
      data: { coin: "BTC", time: 5, bbo: [{ px: "1.5", sz: "2", n: 1 }, null] },
    });
    conn.send({
      channel: "orderUpdates",
      data: [{
        order: {
          coin: "BTC",
          side: "B",
          limitPx: "100.5",
          sz: "0.5",
          oid: 9,
          timestamp: 10,
          origSz: "1",
          cloid: "0x000000000000000000000000000000AA",
        },
        status: "open",
        statusTimestamp: 11,
      }],
    });
    conn.send({
      channel: "userFills",
      data: {
        isSnapshot: true,
        user: USER.toLowerCase(),
        fills: [{
          coin: "BTC",
          px: "100.5",
          sz: "0.5",
          side: "A",
          time: 12,
          startPosition: "0",
          dir: "Open Short",
          closedPnl: "0.0",
          hash: "0xabc",
          oid: 9,
          crossed: false,
          fee: "-0.001",
          feeToken: "USDC",
          tid: 77,
        }],
      },
    });
  };
  let acks = 0;
  await withFeed(
    {
      onMessage: (conn, msg) => {
        if (msg.method === "subscribe" && ++acks === 4) setTimeout(() => pushes(conn), 0);
      },
    },
    {},
    (feed) => {
      feed.subscribeBbo("BTC");
      feed.subscribeL2Book("BTC", { fast: true });
      feed.subscribeOrderUpdates(USER);
      feed.subscribeUserFills(USER);
    },
    async ({ server, feed, events, budget, clock }) => {
      await waitFor(() => events.some((e) => e.type === "fills"), "fills event");
      assert.deepEqual(events[0], { type: "connected", reconnect: false });
      assert.deepEqual(server.conns[0]?.received.slice(0, 4), [
        { method: "subscribe", subscription: { type: "bbo", coin: "BTC" } },
        { method: "subscribe", subscription: { type: "l2Book", coin: "BTC", fast: true } },
        { method: "subscribe", subscription: { type: "orderUpdates", user: USER.toLowerCase() } },
        { method: "subscribe", subscription: { type: "userFills", user: USER.toLowerCase() } },
      ]);
      assert.deepEqual(events.slice(1), [
        {
          type: "l2Book",
          book: {
            coin: "BTC",
            timeMs: 1754450974231,
            receivedAtMs: 1_000_000,
            source: "ws",
            bids: [{ px: 113377, sz: 7.6699, n: 17 }],
            asks: [{ px: 113397, sz: 0.1, n: 3 }],
          },
        },
        {
          type: "bbo",
          coin: "BTC",
          timeMs: 5,
          receivedAtMs: 1_000_000,
          bid: { px: 1.5, sz: 2, n: 1 },
          ask: null,
        },
        {
          type: "orderUpdates",
          updates: [{
            order: {
              coin: "BTC",
              side: "bid",
              limitPx: 100.5,
              sz: 0.5,
              origSz: 1,
              oid: 9,
              timestampMs: 10,
              cloid: "0x000000000000000000000000000000aa",
            },
            status: "open",
            statusTimestampMs: 11,
          }],
        },
        {
          type: "fills",
          isSnapshot: true,
          fills: [{
            coin: "BTC",
            px: 100.5,
            sz: 0.5,
            side: "ask",
            timeMs: 12,
            startPosition: 0,
            closedPnl: 0,
            fee: -0.001,
            oid: 9,
            tid: 77,
            crossed: false,
            hash: "0xabc",
          }],
        },
      ]);
      clock.advance(250);
      const status = feed.status();
      assert.equal(status.connected, true);
      assert.equal(status.malformedFrames, 0);
      assert.deepEqual(status.streamAgeMs, {
        "l2Book:BTC": 250,
        "bbo:BTC": 250,
        orderUpdates: 250,
        userFills: 250,
      });
      // The budget is the one count of messages sent: one token per message the server got.
      assert.ok(budget.taken >= 4);
      assert.equal(budget.taken, server.conns[0]?.received.length);
    },
  );
});

Deno.test("malformed frames are counted and skipped, never fatal", async () => {
  await withFeed(
    {
      onMessage: (conn, msg) => {
        if (msg.method !== "subscribe") return;
        setTimeout(() => {
          conn.send("{oops");
          conn.send({ foo: 1 });
          conn.send({ channel: "l2Book", data: { coin: "BTC", time: "x", levels: [] } });
          conn.send({ channel: "bbo", data: { coin: "BTC", time: 1, bbo: [{ px: "NaN" }, null] } });
          conn.socket.send(new Uint8Array([1, 2, 3]));
          conn.send("Websocket connection established.");
          conn.send({ channel: "bbo", data: { coin: "BTC", time: 2, bbo: [null, null] } });
        }, 0);
      },
    },
    {},
    (feed) => feed.subscribeBbo("BTC"),
    async ({ feed, events }) => {
      await waitFor(() => events.some((e) => e.type === "bbo"), "valid bbo after garbage");
      const status = feed.status();
      assert.equal(status.malformedFrames, 5);
      assert.equal(status.connected, true);
      assert.equal(events.filter((e) => e.type === "disconnected").length, 0);
    },
  );
});

Deno.test("a half-open connection (no pong) is detected and reconnected", async () => {
  await withFeed(
    {
      onConnect: (conn, index) => {
        if (index === 0) conn.answerPings = false;
      },
    },
    { pingIntervalMs: 20, pongTimeoutMs: 40 },
    (feed) => feed.subscribeBbo("ETH"),
    async ({ server, feed, events }) => {
      await waitFor(() => connectedCount(events, true) >= 1, "reconnected");
      const disc = events.find((e) => e.type === "disconnected");
      assert.ok(disc?.type === "disconnected" && /half-open/.test(disc.reason), String(disc));
      assert.ok(server.conns.length >= 2);
      assert.deepEqual(server.conns[1]?.received[0], {
        method: "subscribe",
        subscription: { type: "bbo", coin: "ETH" },
      });
      assert.ok(feed.status().reconnects >= 1);
      assert.ok((server.conns[0]?.received ?? []).some((m) => m.method === "ping"));
      await waitFor(
        () => (server.conns[1]?.received ?? []).some((m) => m.method === "ping"),
        "ping",
      );
      assert.equal(feed.status().malformedFrames, 0); // pongs are well-formed
    },
  );
});

Deno.test("a silent socket is probed at once, not at the next periodic ping", async () => {
  await withFeed(
    {
      onConnect: (conn, index) => {
        if (index === 0) conn.answerPings = false;
      },
    },
    // The periodic ping is an hour away: only the silence watchdog can find the dead socket.
    { pingIntervalMs: 3_600_000, silenceMs: 30, pongTimeoutMs: 60 },
    (feed) => feed.subscribeBbo("ETH"),
    async ({ server, feed, events, clock }) => {
      // Silence is measured on the injected clock: let it run.
      const ticker = setInterval(() => clock.advance(20), 10);
      try {
        await waitFor(() => connectedCount(events, true) >= 1, "reconnected");
      } finally {
        clearInterval(ticker);
      }
      const disc = events.find((e) => e.type === "disconnected");
      assert.ok(disc?.type === "disconnected" && /half-open/.test(disc.reason), String(disc));
      assert.ok((server.conns[0]?.received ?? []).some((m) => m.method === "ping"));
      assert.ok(feed.status().reconnects >= 1);
    },
  );
});

Deno.test("everything is resubscribed after a server-side drop", async () => {
  await withFeed(
    {
      onMessage: (conn, msg, index) => {
        if (index === 0 && msg.method === "subscribe" && conn.received.length === 2) {
          setTimeout(() => conn.socket.close(1000, "Expired"), 10);
        }
      },
    },
    {},
    (feed) => {
      feed.subscribeL2Book("SOL", { fast: false });
      feed.subscribeUserFills(USER);
    },
    async ({ server, events, feed }) => {
      await waitFor(() => connectedCount(events, true) === 1, "connected after drop");
      assert.deepEqual(events.map((e) => e.type), ["connected", "disconnected", "connected"]);
      const disc = events[1];
      assert.ok(disc?.type === "disconnected" && /Expired/.test(disc.reason));
      const subs = (i: number) => server.conns[i]?.received.filter((m) => m.method === "subscribe");
      assert.deepEqual(subs(1), subs(0));
      assert.deepEqual(subs(1)?.[0], {
        method: "subscribe",
        subscription: { type: "l2Book", coin: "SOL" },
      });
      assert.equal(feed.status().reconnects, 1);
    },
  );
});

interface PostMsg {
  method: "post";
  id: number;
  request: { type: string; payload: unknown };
}

Deno.test("post answers are correlated by id, out of order", async () => {
  const held: PostMsg[] = [];
  await withFeed(
    {
      onMessage: (conn, msg) => {
        if (msg.method !== "post") return;
        held.push(msg as unknown as PostMsg);
        if (held.length < 3) return;
        // Answer in reverse order: action, info, error.
        for (const p of [...held].reverse()) {
          const payload = p.request.payload as { tag: string };
          const response = payload.tag === "bad"
            ? { type: "error", payload: "422 Unprocessable Entity" }
            : { type: p.request.type, payload: { echo: payload.tag } };
          conn.send({ channel: "post", data: { id: p.id, response } });
        }
      },
    },
    {},
    (feed) => feed.subscribeBbo("BTC"),
    async ({ feed, events, gate, budget }) => {
      await waitFor(() => events.some((e) => e.type === "connected"), "connected");
      const s = new AbortController().signal;
      const before = budget.taken;
      const [a, b, c] = await Promise.all([
        feed.post("info", { tag: "first" }, s),
        feed.post("action", { tag: "second" }, s),
        feed.post("info", { tag: "bad" }, s),
      ]);
      assert.deepEqual(a, { kind: "ok", payload: { echo: "first" } });
      assert.deepEqual(b, { kind: "ok", payload: { echo: "second" } });
      assert.deepEqual(c, { kind: "error", message: "422 Unprocessable Entity" });
      assert.deepEqual(held.map((p) => p.request.type), ["info", "action", "info"]);
      assert.equal(new Set(held.map((p) => p.id)).size, 3);
      assert.equal(budget.taken - before, 3);
      assert.equal(gate.inFlight, 0);
    },
  );
});

Deno.test("a post with no answer times out as unknown", async () => {
  await withFeed({}, { postTimeoutMs: 40 }, () => {}, async ({ feed, events, gate }) => {
    await waitFor(() => events.some((e) => e.type === "connected"), "connected");
    const r = await feed.post("action", { x: 1 }, new AbortController().signal);
    assert.equal(r.kind, "unknown");
    assert.equal(gate.inFlight, 0);
  });
});

Deno.test("a socket closing while a post waits makes it unknown", async () => {
  await withFeed(
    {
      onMessage: (conn, msg) => {
        if (msg.method === "post") conn.socket.close(1001, "going away");
      },
    },
    {},
    () => {},
    async ({ feed, events }) => {
      await waitFor(() => events.some((e) => e.type === "connected"), "connected");
      const r = await feed.post("action", { x: 1 }, new AbortController().signal);
      assert.equal(r.kind, "unknown");
    },
  );
});

Deno.test("a post while disconnected is notSent", async () => {
  const feed = new WsFeed({
    url: "ws://127.0.0.1:9/ws",
    messageBudget: new FakeBudget(),
    inFlightGate: new FakeGate(100),
  });
  const r = await feed.post("info", { type: "meta" }, new AbortController().signal);
  assert.deepEqual(r, { kind: "notSent", reason: "not connected" });
  await feed.close();
});

Deno.test("a post waits for an in-flight slot and takes it when the previous one is answered", async () => {
  let answer: (() => void) | undefined;
  // The real gate, one slot: the feed must enter it before sending and leave it on the answer.
  const gate = new FifoInFlightGate(1);
  await withFeed(
    {
      onMessage: (conn, msg) => {
        if (msg.method !== "post") return;
        const id = msg.id;
        answer = () =>
          conn.send({ channel: "post", data: { id, response: { type: "info", payload: id } } });
      },
    },
    { inFlightGate: gate },
    () => {},
    async ({ feed, events, server }) => {
      await waitFor(() => events.some((e) => e.type === "connected"), "connected");
      const s = new AbortController().signal;
      const p1 = feed.post("info", { n: 1 }, s);
      const p2 = feed.post("info", { n: 2 }, s);
      const posts = () => server.conns[0]?.received.filter((m) => m.method === "post") ?? [];
      await waitFor(() => posts().length === 1, "first post");
      // The second post is parked in the gate (not sent) until the first is answered.
      await waitFor(() => gate.waiting === 1, "second post waiting for a slot");
      assert.equal(gate.inFlight, 1);
      assert.equal(posts().length, 1);
      answer?.();
      await waitFor(() => posts().length === 2, "second post");
      assert.equal(gate.waiting, 0);
      answer?.();
      const [r1, r2] = await Promise.all([p1, p2]);
      assert.equal(r1.kind, "ok");
      assert.equal(r2.kind, "ok");
      assert.equal(gate.inFlight, 0, "both slots given back");
    },
  );
});

Deno.test("an error-channel 'too many pending post requests' resolves that post as notSent", async () => {
  await withFeed(
    {
      onMessage: (conn, msg) => {
        if (msg.method === "post") {
          conn.send({ channel: "error", data: `too many pending post requests id=${msg.id}` });
        }
      },
    },
    {},
    () => {},
    async ({ feed, events }) => {
      await waitFor(() => events.some((e) => e.type === "connected"), "connected");
      const r = await feed.post("action", {}, new AbortController().signal);
      assert.deepEqual(r, { kind: "notSent", reason: "too many pending post requests" });
    },
  );
});

Deno.test("late subscriptions and refusals are handled on a live connection", async () => {
  await withFeed(
    {
      onMessage: (conn, msg) => {
        const sub = msg.subscription as { coin?: string } | undefined;
        if (msg.method === "subscribe" && sub?.coin === "NOPE") {
          conn.send({ channel: "error", data: `Invalid subscription ${JSON.stringify(sub)}` });
          return true;
        }
        return false;
      },
    },
    {},
    (feed) => {
      feed.subscribeBbo("BTC");
      feed.subscribeBbo("NOPE");
    },
    async ({ feed, events, server }) => {
      // The refused subscription is dropped instead of blocking "connected" forever.
      await waitFor(() => events.some((e) => e.type === "connected"), "connected");
      feed.subscribeL2Book("ETH", { fast: true });
      feed.subscribeL2Book("ETH", { fast: true }); // duplicate: ignored
      const subs = () => server.conns[0]?.received.filter((m) => m.method === "subscribe") ?? [];
      await waitFor(() => subs().length === 3, "late subscribe sent");
      assert.equal(connectedCount(events, false), 1);
      assert.equal(connectedCount(events, true), 0);
    },
  );
});

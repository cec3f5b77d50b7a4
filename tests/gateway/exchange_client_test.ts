import { rejected } from "../../src/gateway/reject_reason.ts";
import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import type { PostResult, WsPoster } from "../../src/core/ports.ts";
import type { Cloid, OrderIntent } from "../../src/core/types.ts";
import type { ActionEnvelope } from "../../src/gateway/action_transport.ts";
import {
  HttpRequestTransport,
  WsPostRequestTransport,
} from "../../src/gateway/request_transport.ts";
import { ExchangeClient, type SignL1Args } from "../../src/gateway/exchange_client.ts";
import { HttpPoster } from "../../src/gateway/http_poster.ts";
import {
  FakeLimiter,
  fakeWeights,
  freePort,
  holdingHandler,
  json,
  startServer,
  type TestServer,
} from "./_fakes.ts";

const CLOID = "0x000000000000000000000000000000aa" as Cloid;

function order(i: number): OrderIntent {
  return {
    coin: "BTC",
    assetId: 0,
    side: i % 2 === 0 ? "bid" : "ask",
    px: "30000",
    sz: "0.1",
    tif: "Alo",
    reduceOnly: false,
    cloid: `0x${i.toString(16).padStart(32, "0")}` as Cloid,
  };
}

const fakeSig = { r: `0x${"1".repeat(64)}`, s: `0x${"2".repeat(64)}`, v: 27 };
/** The keys of an action's envelope, in order, when it has no vault and no expiresAfter. */
const ENVELOPE_KEYS = ["action", "nonce", "signature"];

function setup(baseUrl: string, opts: { timeoutMs?: number; limiter?: FakeLimiter } = {}) {
  const limiter = opts.limiter ?? new FakeLimiter();
  const poster = new HttpPoster({ baseUrl, limiter, timeoutMs: opts.timeoutMs ?? 2000 });
  const transport = new HttpRequestTransport(poster);
  const signed: SignL1Args[] = [];
  let nonce = 1_700_000_000_000;
  const client = new ExchangeClient({
    transport,
    weights: fakeWeights,
    nonces: { next: () => ++nonce },
    privateKey: "0x" + "ab".repeat(32),
    isMainnet: false,
    clock: new ManualClock(1_700_000_000_000),
    sign: (args) => {
      signed.push(args);
      return fakeSig;
    },
  });
  return { client, limiter, signed };
}

const signal = () => new AbortController().signal;

async function withServer(
  handler: Parameters<typeof startServer>[0],
  body: (server: TestServer) => Promise<void>,
): Promise<void> {
  const server = startServer(handler);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

Deno.test("every per-order status shape maps to a typed outcome", async () => {
  await withServer(
    () =>
      json({
        status: "ok",
        response: {
          type: "order",
          data: {
            statuses: [
              { resting: { oid: 77738308 } },
              { filled: { totalSz: "0.02", avgPx: "1891.4", oid: 77747314 } },
              { error: "Order must have minimum value of $10. asset=4" },
              "waitingForFill",
              "waitingForTrigger",
            ],
          },
        },
      }),
    async (server) => {
      const { client, signed, limiter } = setup(server.baseUrl);
      const orders = [0, 1, 2, 3, 4].map(order);
      const out = await client.placeOrders(orders, signal());
      assert.deepEqual(out, [
        { kind: "resting", oid: 77738308, cloid: orders[0]?.cloid },
        {
          kind: "filled",
          oid: 77747314,
          totalSz: "0.02",
          avgPx: "1891.4",
          cloid: orders[1]?.cloid,
        },
        rejected("Order must have minimum value of $10. asset=4"),
        { kind: "unknown", reason: "waitingForFill" },
        { kind: "unknown", reason: "waitingForTrigger" },
      ]);
      // Envelope: action, nonce, signature; no vault / expiresAfter keys.
      const sent = server.requests[0];
      assert.equal(sent?.path, "/exchange");
      assert.equal(sent?.contentType, "application/json");
      const env = sent?.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(env), ENVELOPE_KEYS);
      assert.equal(env.nonce, 1_700_000_000_001);
      assert.deepEqual(env.signature, fakeSig);
      assert.equal((env.action as { type: string }).type, "order");
      assert.equal(signed[0]?.nonce, 1_700_000_000_001);
      assert.equal(signed[0]?.isMainnet, false);
      assert.deepEqual(limiter.acquired, [1]);
      assert.equal(client.stats()["order:resting"], 1);
    },
  );
});

Deno.test("a top-level err is copied to every item as rejected", async () => {
  const reason = "Invalid nonce: duplicate nonce 1700000000001";
  await withServer(() => json({ status: "err", response: reason }), async (server) => {
    const { client } = setup(server.baseUrl);
    assert.deepEqual(await client.placeOrders([order(0), order(1)], signal()), [
      rejected(reason, true),
      rejected(reason, true),
    ]);
    assert.deepEqual(await client.cancelByOid([{ assetId: 0, oid: 1 }], signal()), [
      rejected(reason, true),
    ]);
    assert.deepEqual(await client.scheduleCancel(null, signal()), rejected(reason, true));
  });
});

Deno.test("cancel statuses: success and per-item error", async () => {
  await withServer(
    () =>
      json({
        status: "ok",
        response: {
          type: "cancel",
          data: {
            statuses: [
              "success",
              { error: "Order was never placed, already canceled, or filled. asset=4" },
            ],
          },
        },
      }),
    async (server) => {
      const { client, limiter } = setup(server.baseUrl);
      const out = await client.cancelByCloid(
        [{ assetId: 0, cloid: CLOID }, { assetId: 4, cloid: CLOID }],
        signal(),
      );
      assert.deepEqual(out, [
        { kind: "success" },
        {
          kind: "rejected",
          reason: "alreadyGone",
          text: "Order was never placed, already canceled, or filled. asset=4",
          key: "Order was never placed, already canceled, or filled. asset=#",
          wholeAction: false,
        },
      ]);
      const env = server.requests[0]?.body as { action: unknown };
      assert.deepEqual(env.action, {
        type: "cancelByCloid",
        cancels: [{ asset: 0, cloid: CLOID }, { asset: 4, cloid: CLOID }],
      });
      assert.deepEqual(limiter.acquired, [1]);
    },
  );
});

Deno.test("scheduleCancel ok, and a 5xx makes every item unknown", async () => {
  let calls = 0;
  await withServer(() => {
    calls++;
    if (calls === 1) return json({ status: "ok", response: { type: "default" } });
    return new Response("null", { status: 502 });
  }, async (server) => {
    const { client } = setup(server.baseUrl);
    assert.deepEqual(await client.scheduleCancel(1_700_000_060_000, signal()), { kind: "ok" });
    assert.deepEqual((server.requests[0]?.body as { action: unknown }).action, {
      type: "scheduleCancel",
      time: 1_700_000_060_000,
    });
    const out = await client.placeOrders([order(0), order(1)], signal());
    assert.deepEqual(out.map((o) => o.kind), ["unknown", "unknown"]);
    assert.equal(calls, 2); // never retried
  });
});

Deno.test("a timeout after sending makes every item unknown, never retried", async () => {
  const hold = holdingHandler();
  await withServer(hold.handler, async (server) => {
    const { client } = setup(server.baseUrl, { timeoutMs: 50 });
    const out = await client.cancelByOid(
      [{ assetId: 0, oid: 1 }, { assetId: 0, oid: 2 }],
      signal(),
    );
    hold.release();
    assert.deepEqual(out.map((o) => o.kind), ["unknown", "unknown"]);
    assert.match((out[0] as { reason: string }).reason, /timeout/);
    assert.equal(server.requests.length, 1);
  });
});

Deno.test("a refused connection is notSent", async () => {
  const { client } = setup(`http://127.0.0.1:${freePort()}`);
  const out = await client.placeOrders([order(0)], signal());
  assert.equal(out[0]?.kind, "notSent");
});

Deno.test("HTTP 429 on /exchange tells the limiter and is notSent", async () => {
  await withServer(() => new Response("null", { status: 429 }), async (server) => {
    const { client, limiter } = setup(server.baseUrl);
    const out = await client.placeOrders([order(0), order(1)], signal());
    assert.deepEqual(out, [
      { kind: "notSent", reason: "rate limited (429)" },
      { kind: "notSent", reason: "rate limited (429)" },
    ]);
    assert.deepEqual(limiter.on429Calls, [undefined]);
  });
});

Deno.test("a 422 on /exchange (refused whole, not executed) is rejected for every item", async () => {
  await withServer(
    () => new Response("Failed to deserialize the JSON body into the target type", { status: 422 }),
    async (server) => {
      const { client } = setup(server.baseUrl);
      const out = await client.placeOrders([order(0), order(1)], signal());
      assert.deepEqual(out.map((o) => o.kind), ["rejected", "rejected"]);
      const first = out[0];
      assert.ok(first?.kind === "rejected" && first.wholeAction);
      assert.match(first.text, /422 Failed to deserialize/);
    },
  );
});

Deno.test("an aborted limiter wait is notSent and nothing is sent", async () => {
  await withServer(() => json({ status: "ok" }), async (server) => {
    const limiter = new FakeLimiter();
    limiter.block = true;
    const { client } = setup(server.baseUrl, { limiter });
    const ac = new AbortController();
    const p = client.placeOrders([order(0)], ac.signal);
    ac.abort(new Error("shutdown"));
    const out = await p;
    assert.equal(out[0]?.kind, "notSent");
    assert.equal(server.requests.length, 0);
  });
});

Deno.test("the limiter is charged W*(1+floor(n/40)); batches over 200 are refused locally", async () => {
  await withServer((_p, body) => {
    const n = ((body as { action: { orders?: unknown[]; cancels?: unknown[] } }).action.orders ??
      (body as { action: { cancels: unknown[] } }).action.cancels).length;
    return json({
      status: "ok",
      response: { type: "order", data: { statuses: Array(n).fill({ resting: { oid: 1 } }) } },
    });
  }, async (server) => {
    const { client, limiter } = setup(server.baseUrl);
    const many = (n: number) => Array.from({ length: n }, (_, i) => order(i));
    await client.placeOrders(many(39), signal());
    await client.placeOrders(many(40), signal());
    await client.placeOrders(many(200), signal());
    const refused = await client.placeOrders(many(201), signal());
    assert.equal(refused.length, 201);
    assert.ok(refused.every((o) => o.kind === "notSent"));
    assert.deepEqual(limiter.acquired, [1, 2, 6]);
    assert.equal(server.requests.length, 3);
  });
});

Deno.test("vaultAddress and expiresAfter are signed and put in the envelope", async () => {
  await withServer(() => json({ status: "ok", response: { type: "default" } }), async (server) => {
    const limiter = new FakeLimiter();
    const poster = new HttpPoster({ baseUrl: server.baseUrl, limiter });
    const signed: SignL1Args[] = [];
    const client = new ExchangeClient({
      transport: new HttpRequestTransport(poster),
      weights: fakeWeights,
      nonces: { next: () => 42 },
      privateKey: "0x" + "ab".repeat(32),
      isMainnet: true,
      vaultAddress: "0xABCDEF0000000000000000000000000000000001",
      expiresAfterMs: 10_000,
      clock: new ManualClock(1_000_000),
      sign: (args) => {
        signed.push(args);
        return fakeSig;
      },
    });
    assert.deepEqual(await client.scheduleCancel(null, signal()), { kind: "ok" });
    const env = server.requests[0]?.body as Record<string, unknown>;
    assert.deepEqual(Object.keys(env), [...ENVELOPE_KEYS, "vaultAddress", "expiresAfter"]);
    assert.equal(env.vaultAddress, "0xabcdef0000000000000000000000000000000001");
    assert.equal(env.expiresAfter, 1_010_000);
    assert.equal(signed[0]?.vaultAddress, "0xabcdef0000000000000000000000000000000001");
    assert.equal(signed[0]?.expiresAfter, 1_010_000);
    assert.equal(signed[0]?.isMainnet, true);
  });
});

Deno.test("the real signer is the default and yields r/s/v", async () => {
  await withServer(() => json({ status: "ok", response: { type: "default" } }), async (server) => {
    const poster = new HttpPoster({ baseUrl: server.baseUrl, limiter: new FakeLimiter() });
    const client = new ExchangeClient({
      transport: new HttpRequestTransport(poster),
      weights: fakeWeights,
      nonces: { next: () => 1_700_000_000_000 },
      privateKey: "0x" + "01".repeat(32),
      isMainnet: false,
    });
    assert.deepEqual(await client.scheduleCancel(null, signal()), { kind: "ok" });
    const sig = (server.requests[0]?.body as ActionEnvelope).signature;
    assert.match(sig.r, /^0x[0-9a-f]{64}$/);
    assert.match(sig.s, /^0x[0-9a-f]{64}$/);
    assert.ok(sig.v === 27 || sig.v === 28);
  });
});

class FakeWsPoster implements WsPoster {
  readonly posts: { type: string; payload: unknown }[] = [];
  constructor(readonly answer: PostResult) {}
  post(type: "info" | "action", payload: unknown): Promise<PostResult> {
    this.posts.push({ type, payload });
    return Promise.resolve(this.answer);
  }
}

function wsClient(poster: WsPoster) {
  return new ExchangeClient({
    transport: new WsPostRequestTransport({ poster }),
    weights: fakeWeights,
    nonces: { next: () => 7 },
    privateKey: "0x" + "ab".repeat(32),
    isMainnet: false,
    sign: () => fakeSig,
  });
}

Deno.test("WS transport: action posts parse like REST answers", async () => {
  const poster = new FakeWsPoster({
    kind: "ok",
    payload: {
      status: "ok",
      response: { type: "order", data: { statuses: [{ resting: { oid: 88383 } }] } },
    },
  });
  const out = await wsClient(poster).placeOrders([order(0)], signal());
  assert.deepEqual(out, [{ kind: "resting", oid: 88383, cloid: order(0).cloid }]);
  assert.equal(poster.posts[0]?.type, "action");
  const env = poster.posts[0]?.payload as ActionEnvelope;
  assert.equal(env.nonce, 7);
  assert.equal(env.action.type, "order");
});

Deno.test("WS transport: unknown / notSent / error results map to outcomes", async () => {
  const unknown = await wsClient(new FakeWsPoster({ kind: "unknown", reason: "timeout" }))
    .cancelByOid([{ assetId: 0, oid: 1 }], signal());
  assert.deepEqual(unknown, [{ kind: "unknown", reason: "timeout" }]);
  const notSent = await wsClient(new FakeWsPoster({ kind: "notSent", reason: "not connected" }))
    .placeOrders([order(0)], signal());
  assert.deepEqual(notSent, [{ kind: "notSent", reason: "not connected" }]);
  const refused = await wsClient(
    new FakeWsPoster({ kind: "error", message: "429 Too Many Requests" }),
  ).placeOrders([order(0)], signal());
  assert.equal(refused[0]?.kind, "notSent");
  const bad = await wsClient(
    new FakeWsPoster({ kind: "error", message: "422 Unprocessable Entity" }),
  ).placeOrders([order(0)], signal());
  assert.equal(bad[0]?.kind, "rejected");
});

/**
 * Conformance of the simulator with the @nktkas/hyperliquid SDK, for everything the bot uses:
 * the bot's own info requests, actions and subscriptions are checked against the SDK's request
 * schemas, and the simulator's answers and pushes against the SDK's response and event types
 * (tests/sim/sdk_shapes.ts). A shape regression on either side fails here (and in `deno check`).
 */
import assert from "node:assert/strict";
import {
  ClearinghouseStateRequest,
  L2BookRequest as InfoL2BookRequest,
  MetaRequest,
  OpenOrdersRequest,
  OrderStatusRequest,
  UserFeesRequest,
  UserFillsRequest as InfoUserFillsRequest,
  UserRateLimitRequest,
} from "@nktkas/hyperliquid/api/info";
import {
  BboRequest,
  L2BookRequest as SubL2BookRequest,
  OrderUpdatesRequest,
  UserFillsRequest as SubUserFillsRequest,
} from "@nktkas/hyperliquid/api/subscription";
import {
  BatchModifyRequest,
  CancelByCloidRequest,
  CancelRequest,
  OrderRequest,
  ScheduleCancelRequest,
} from "@nktkas/hyperliquid/api/exchange";
import type { Cloid, OrderIntent } from "../../src/core/types.ts";
import { wireSubscription } from "../../src/feed/subscriptions.ts";
import { orderAction } from "../../src/gateway/actions.ts";
import { HttpPoster } from "../../src/gateway/http_poster.ts";
import { HttpRequestTransport } from "../../src/gateway/request_transport.ts";
import { simClients } from "../gateway/_sim_clients.ts";
import { TokenBucket } from "../../src/limiter/token_bucket.ts";
import { signL1Action } from "../../src/signer/l1.ts";
import { type RunningSim, startSim } from "../../src/sim/start_sim.ts";
import {
  bboEvent,
  cancelResponse,
  clearinghouseStateResponse,
  l2BookEvent,
  l2BookResponse,
  metaResponse,
  openOrdersResponse,
  orderResponse,
  orderStatusResponse,
  orderUpdatesEvent,
  postData,
  scheduleCancelResponse,
  sdkValidate,
  userFeesResponse,
  userFillsEvent,
  userFillsResponse,
  userRateLimitResponse,
} from "./sdk_shapes.ts";
import { WsTestClient } from "./server/ws_test_client.ts";
import type { z } from "zod";

type Schema = z.ZodType;
type SdkSchema = Parameters<typeof sdkValidate>[0];

/** Every HTTP exchange between the bot's gateway and the sim: request body and answer body. */
interface Captured {
  readonly path: string;
  readonly body: Record<string, unknown>;
  readonly answer: unknown;
}

function recordingFetch(log: Captured[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    log.push({
      path: new URL(String(input)).pathname,
      body: JSON.parse(String(init?.body)),
      answer: JSON.parse(text),
    });
    return res;
  };
}

function assertShape(schema: Schema, value: unknown, what: string): void {
  const r = schema.safeParse(value);
  assert.ok(r.success, `${what}: ${r.success ? "" : r.error.message}\n${JSON.stringify(value)}`);
}

function assertSdkRequest(schema: SdkSchema, value: unknown, what: string): void {
  assert.deepEqual(sdkValidate(schema, value), [], `${what}: ${JSON.stringify(value)}`);
}

const signal = () => AbortSignal.timeout(10_000);

function gateway(sim: RunningSim) {
  const log: Captured[] = [];
  const poster = new HttpPoster({
    baseUrl: sim.httpUrl,
    limiter: new TokenBucket({ capacityPerMin: 1_000_000 }),
    fetchFn: recordingFetch(log),
  });
  return { log, ...simClients(sim, new HttpRequestTransport(poster)) };
}

const cloid = (n: number) => `0x${n.toString(16).padStart(32, "0")}` as Cloid;

function intent(
  side: "bid" | "ask",
  px: string,
  tif: OrderIntent["tif"],
  n: number,
  coin = "BTC",
): OrderIntent {
  return {
    coin,
    assetId: coin === "BTC" ? 0 : 1,
    side,
    px,
    sz: coin === "BTC" ? "0.001" : "0.01",
    tif,
    reduceOnly: false,
    cloid: cloid(n),
  };
}

/** Rows for the types one answer schema serves: each type's SDK request schema, and `answer`. */
function answeredBy(
  answer: Schema,
  requests: Record<string, SdkSchema>,
): Record<string, [SdkSchema, Schema]> {
  return Object.fromEntries(Object.entries(requests).map(([type, req]) => [type, [req, answer]]));
}

/**
 * Per info request type and per action type: the SDK's request schema and the answer's schema
 * (order and batchModify get the same answer, as cancel and cancelByCloid do).
 */
const SCHEMAS: Record<"info" | "action", Record<string, [SdkSchema, Schema]>> = {
  info: {
    meta: [MetaRequest, metaResponse],
    l2Book: [InfoL2BookRequest, l2BookResponse],
    openOrders: [OpenOrdersRequest, openOrdersResponse],
    clearinghouseState: [ClearinghouseStateRequest, clearinghouseStateResponse],
    userFees: [UserFeesRequest, userFeesResponse],
    userRateLimit: [UserRateLimitRequest, userRateLimitResponse],
    orderStatus: [OrderStatusRequest, orderStatusResponse],
    userFills: [InfoUserFillsRequest, userFillsResponse],
  },
  action: {
    ...answeredBy(orderResponse, { order: OrderRequest, batchModify: BatchModifyRequest }),
    ...answeredBy(cancelResponse, { cancel: CancelRequest, cancelByCloid: CancelByCloidRequest }),
    ...answeredBy(scheduleCancelResponse, { scheduleCancel: ScheduleCancelRequest }),
  },
};

Deno.test("the bot's REST requests match the SDK's schemas; the sim's answers its types", async () => {
  const sim = await startSim({ port: 0, seed: 5, market: { takerRatePerSec: 0 } });
  try {
    const { log, info, exchange } = gateway(sim);
    const user = sim.demo.address;
    const book = await info.l2Book("BTC", signal());
    const bid = book.bids[0]!.px;
    const ask = book.asks[0]!.px;
    // Actions: resting, filled (crossing IOC both ways), and a per-order error; modify; cancels.
    const placed = await exchange.placeOrders([
      intent("bid", String(Math.floor(bid * 0.99)), "Alo", 1),
      intent("ask", String(Math.ceil(ask * 1.01)), "Alo", 2),
      intent("bid", String(Math.ceil(ask * 1.005)), "Ioc", 3),
      intent("ask", String(Math.floor(bid * 0.995)), "Ioc", 4),
      intent("bid", "1.5", "Alo", 5),
    ], signal());
    assert.deepEqual(placed.map((o) => o.kind), [
      "resting",
      "resting",
      "filled",
      "filled",
      "rejected",
    ]);
    const oid = (placed[0] as { oid: number }).oid;
    await exchange.modifyOrders([{
      target: cloid(2),
      order: intent("ask", String(Math.ceil(ask * 1.02)), "Alo", 6),
    }], signal());
    assert.equal((await exchange.scheduleCancel(Date.now() + 60_000, signal())).kind, "rejected");

    await info.meta(signal());
    await info.openOrders(user, signal());
    await info.clearinghouseState(user, signal());
    await info.userFees(user, signal());
    await info.userRateLimit(user, signal());
    await info.orderStatus(user, oid, signal());
    await info.orderStatus(user, cloid(6), signal());
    await info.orderStatus(user, cloid(4), signal());
    await info.orderStatus(user, 987_654_321, signal());
    await info.userFills(user, signal());

    await exchange.cancelByCloid([{ assetId: 0, cloid: cloid(6) }], signal());
    await exchange.cancelByOid([{ assetId: 0, oid }, { assetId: 0, oid: 1 }], signal());

    const seen = new Set<string>();
    for (const c of log) {
      const kind = c.path === "/info" ? "info" : "action";
      const type = kind === "info" ? String(c.body.type) : (c.body.action as { type: string }).type;
      const schemas = SCHEMAS[kind][type];
      assert.ok(schemas, `no schema for ${kind} ${type}`);
      assertSdkRequest(schemas[0], c.body, `${kind} ${type} request`);
      assertShape(schemas[1], c.answer, `${kind} ${type} answer`);
      seen.add(`${kind}:${type}`);
    }
    const listed = Object.entries(SCHEMAS).flatMap(([k, s]) =>
      Object.keys(s).map((t) => `${k}:${t}`)
    );
    assert.deepEqual([...seen].sort(), listed.sort());
    // The answers covered the shapes that matter: fills exist (with twapId), a position exists.
    const fills = log.find((c) => c.body.type === "userFills")!.answer as unknown[];
    assert.ok(fills.length >= 2);
  } finally {
    await sim.stop();
  }
});

Deno.test("the sim's pushes and post answers on the bot's subscriptions match the SDK's types", async () => {
  const sim = await startSim({
    port: 0,
    seed: 6,
    market: { takerRatePerSec: 0 },
    cadence: { l2BookSlowMs: 100, l2BookFastMs: 50 },
  });
  const ws = await WsTestClient.open(sim.wsUrl);
  try {
    const user = sim.demo.address;
    // A fill before subscribing, so that the userFills snapshot is not empty.
    const { exchange, info } = gateway(sim);
    const book = await info.l2Book("BTC", signal());
    await exchange.placeOrders(
      [intent("bid", String(Math.ceil(book.asks[0]!.px * 1.005)), "Ioc", 10)],
      signal(),
    );

    const subs = [
      [wireSubscription({ type: "bbo", coin: "BTC" }), BboRequest],
      [wireSubscription({ type: "l2Book", coin: "BTC", fast: false }), SubL2BookRequest],
      [wireSubscription({ type: "l2Book", coin: "ETH", fast: true }), SubL2BookRequest],
      [wireSubscription({ type: "orderUpdates", user }), OrderUpdatesRequest],
      [wireSubscription({ type: "userFills", user }), SubUserFillsRequest],
    ] as const;
    for (const [sub, schema] of subs) {
      assertSdkRequest(schema, sub, `subscribe ${sub.type}`);
      ws.send({ method: "subscribe", subscription: sub });
    }
    const snapshot = await ws.channel("userFills");
    assertShape(userFillsEvent, snapshot.data, "userFills snapshot");
    assert.equal((snapshot.data as { isSnapshot?: true }).isSnapshot, true);
    assert.ok((snapshot.data as { fills: unknown[] }).fills.length >= 1);

    // An action as a WS post (the bot's order transport): a resting order and a taker fill.
    const nonce = Date.now();
    const action = orderAction([
      intent("bid", String(Math.floor(book.bids[0]!.px * 0.99)), "Alo", 11),
      intent("ask", String(Math.floor(book.bids[0]!.px * 0.995)), "Ioc", 12),
    ]);
    const signature = signL1Action({
      privateKey: sim.demo.privateKey,
      action,
      nonce,
      isMainnet: false,
    });
    const envelope = { action, nonce, signature };
    assertSdkRequest(OrderRequest, envelope, "order post payload");
    ws.send({ method: "post", id: 1, request: { type: "action", payload: envelope } });
    const post = await ws.channel("post");
    assertShape(postData, post.data, "post answer");
    assertShape(
      orderResponse,
      (post.data as { response: { payload: unknown } }).response.payload,
      "post order",
    );
    ws.send({
      method: "post",
      id: 2,
      request: { type: "info", payload: { type: "l2Book", coin: "BTC" } },
    });
    const infoPost = await ws.channel("post");
    assertShape(postData, infoPost.data, "info post answer");
    const infoPayload = (infoPost.data as { response: { payload: { data: unknown } } }).response;
    assertShape(l2BookResponse, infoPayload.payload.data, "info post l2Book");

    const streamed = await ws.channel("userFills");
    assertShape(userFillsEvent, streamed.data, "userFills push");
    assertShape(orderUpdatesEvent, (await ws.channel("orderUpdates")).data, "orderUpdates push");
    assertShape(bboEvent, (await ws.channel("bbo")).data, "bbo push");
    const slow = await ws.next((f) =>
      f.channel === "l2Book" && (f.data as { coin: string }).coin === "BTC"
    );
    assertShape(l2BookEvent, slow.data, "l2Book push");
    assert.equal((slow.data as { fast?: true }).fast, undefined);
    assert.ok((slow.data as { levels: unknown[][] }).levels[0]!.length > 5);
    const fast = await ws.next((f) =>
      f.channel === "l2Book" && (f.data as { coin: string }).coin === "ETH"
    );
    assertShape(l2BookEvent, fast.data, "fast l2Book push");
    assert.equal((fast.data as { fast?: true }).fast, true);
    assert.ok((fast.data as { levels: unknown[][] }).levels[0]!.length <= 5);
  } finally {
    await ws.close();
    await sim.stop();
  }
});

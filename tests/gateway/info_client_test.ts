import assert from "node:assert/strict";
import { GatewayError } from "../../src/core/ports.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { HttpPoster } from "../../src/gateway/http_poster.ts";
import { HttpRequestTransport } from "../../src/gateway/request_transport.ts";
import { InfoClient } from "../../src/gateway/info_client.ts";
import { FakeLimiter, fakeWeights, json, startServer } from "./_fakes.ts";

const USER = "0xAbCdEf0000000000000000000000000000000001";
const CLOID = "0x1234567890abcdef1234567890abcdef";

function client(baseUrl: string, limiter = new FakeLimiter(), timeoutMs = 2000) {
  const poster = new HttpPoster({ baseUrl, limiter, timeoutMs });
  const info = new InfoClient({
    transport: new HttpRequestTransport(poster),
    weights: fakeWeights,
    clock: new ManualClock(1_000),
    maxAttempts: 3,
    minRetryDelayMs: 1,
    maxRetryDelayMs: 2,
    random: () => 0,
  });
  return { info, limiter };
}

const signal = () => new AbortController().signal;

const answers: Record<string, unknown> = {
  meta: {
    universe: [
      { name: "BTC", szDecimals: 5, maxLeverage: 50 },
      { name: "LOOM", szDecimals: 1, maxLeverage: 3, isDelisted: true, onlyIsolated: true },
    ],
    marginTables: [],
    collateralToken: 0,
  },
  l2Book: {
    coin: "BTC",
    time: 1754450974231,
    levels: [
      [{ px: "113377.0", sz: "7.6699", n: 17 }, { px: "113376.0", sz: "4.13714", n: 8 }],
      [{ px: "113397.0", sz: "0.11543", n: 3 }],
    ],
  },
  openOrders: [
    {
      coin: "BTC",
      side: "A",
      limitPx: "29792.0",
      sz: "0.0",
      oid: 91490942,
      timestamp: 1681247412573,
      origSz: "5.0",
      cloid: "0x1234567890ABCDEF1234567890abcdef",
      reduceOnly: true,
    },
    {
      coin: "ETH",
      side: "B",
      limitPx: "2000.5",
      sz: "1",
      oid: 5,
      timestamp: 1,
      origSz: "1",
    },
  ],
  clearinghouseState: {
    assetPositions: [{
      type: "oneWay",
      position: {
        coin: "ETH",
        szi: "-0.0335",
        entryPx: "2986.3",
        leverage: { type: "cross", value: 20 },
        liquidationPx: null,
        marginUsed: "4.967826",
        maxLeverage: 50,
        positionValue: "100.02765",
        returnOnEquity: "-0.0026789",
        unrealizedPnl: "-0.0134",
      },
    }],
    crossMaintenanceMarginUsed: "0.0",
    marginSummary: {
      accountValue: "13109.482328",
      totalMarginUsed: "4.967826",
      totalNtlPos: "100.02765",
      totalRawUsd: "13009.454678",
    },
    time: 1708622398623,
    withdrawable: "13104.514502",
  },
  userFees: { userCrossRate: "0.00045", userAddRate: "-0.00003", feeSchedule: {} },
  userRateLimit: {
    cumVlm: "2854574.593578",
    nRequestsUsed: 2890,
    nRequestsCap: 2864574,
    nRequestsSurplus: 0,
  },
  userFills: [{
    coin: "AVAX",
    px: "18.435",
    sz: "93.53",
    side: "B",
    time: 1681222254710,
    startPosition: "26.86",
    dir: "Open Long",
    closedPnl: "0.0",
    hash: "0xa166",
    oid: 90542681,
    crossed: false,
    fee: "-0.01",
    feeToken: "USDC",
    tid: 118906512037719,
    cloid: CLOID,
  }],
};

Deno.test("info answers are parsed into core types and weights are charged", async () => {
  const server = startServer((_path, body) => {
    const type = (body as { type: string }).type;
    if (type === "orderStatus") {
      const oid = (body as { oid: unknown }).oid;
      if (oid === 404) return json({ status: "unknownOid" });
      return json({
        status: "order",
        order: {
          order: {
            coin: "ETH",
            side: "A",
            limitPx: "2412.7",
            sz: "0.0",
            oid: 1,
            timestamp: 1724361546645,
            triggerCondition: "N/A",
            isTrigger: false,
            origSz: "0.0076",
            tif: "FrontendMarket",
            reduceOnly: true,
            cloid: null,
          },
          status: "filled",
          statusTimestamp: 1724361546646,
        },
      });
    }
    return json(answers[type]);
  });
  try {
    const { info, limiter } = client(server.baseUrl);
    const meta = await info.meta(signal());
    assert.deepEqual(meta, [
      { coin: "BTC", assetId: 0, szDecimals: 5, maxLeverage: 50 },
      { coin: "LOOM", assetId: 1, szDecimals: 1, maxLeverage: 3, isDelisted: true },
    ]);

    const book = await info.l2Book("BTC", signal());
    assert.deepEqual(book, {
      coin: "BTC",
      timeMs: 1754450974231,
      receivedAtMs: 1_000,
      source: "rest",
      bids: [{ px: 113377, sz: 7.6699, n: 17 }, { px: 113376, sz: 4.13714, n: 8 }],
      asks: [{ px: 113397, sz: 0.11543, n: 3 }],
    });

    const orders = await info.openOrders(USER, signal());
    assert.deepEqual(orders, [
      {
        coin: "BTC",
        side: "ask",
        limitPx: 29792,
        sz: 0,
        origSz: 5,
        oid: 91490942,
        timestampMs: 1681247412573,
        cloid: CLOID,
        reduceOnly: true,
      },
      { coin: "ETH", side: "bid", limitPx: 2000.5, sz: 1, origSz: 1, oid: 5, timestampMs: 1 },
    ]);

    assert.deepEqual(await info.clearinghouseState(USER, signal()), {
      timeMs: 1708622398623,
      accountValue: 13109.482328,
      totalMarginUsed: 4.967826,
      withdrawable: 13104.514502,
      positions: [{
        coin: "ETH",
        szi: -0.0335,
        entryPx: 2986.3,
        unrealizedPnl: -0.0134,
        positionValue: 100.02765,
      }],
    });
    assert.deepEqual(await info.userFees(USER, signal()), {
      crossRate: 0.00045,
      addRate: -0.00003,
    });
    assert.deepEqual(await info.userRateLimit(USER, signal()), {
      cumVlm: 2854574.593578,
      nRequestsUsed: 2890,
      nRequestsCap: 2864574,
      nRequestsSurplus: 0,
    });
    const status = await info.orderStatus(
      USER,
      CLOID.toUpperCase().replace("0X", "0x") as `0x${string}`,
      signal(),
    );
    assert.equal(status.kind, "order");
    if (status.kind === "order") {
      assert.equal(status.status, "filled");
      assert.equal(status.statusTimestampMs, 1724361546646);
      assert.equal(status.order.side, "ask");
      assert.equal(status.order.reduceOnly, true);
      assert.equal(status.order.cloid, undefined);
    }
    assert.deepEqual(await info.orderStatus(USER, 404, signal()), { kind: "unknownOid" });
    const fills = await info.userFills(USER, signal());
    assert.deepEqual(fills, [{
      coin: "AVAX",
      px: 18.435,
      sz: 93.53,
      side: "bid",
      timeMs: 1681222254710,
      startPosition: 26.86,
      closedPnl: 0,
      fee: -0.01,
      oid: 90542681,
      tid: 118906512037719,
      crossed: false,
      hash: "0xa166",
      cloid: CLOID,
    }]);

    // Requests: JSON content type, lowercase users, cloid lowercased in the oid field.
    assert.ok(server.requests.every((r) => r.path === "/info"));
    assert.ok(server.requests.every((r) => r.contentType === "application/json"));
    assert.deepEqual(server.requests[2]?.body, { type: "openOrders", user: USER.toLowerCase() });
    assert.deepEqual(server.requests[6]?.body, {
      type: "orderStatus",
      user: USER.toLowerCase(),
      oid: CLOID,
    });
    assert.deepEqual(server.requests[8]?.body, {
      type: "userFills",
      user: USER.toLowerCase(),
      aggregateByTime: false,
    });
    // meta 20, l2Book 2, openOrders 20, clearinghouseState 2, userFees 20, userRateLimit 20,
    // orderStatus 2 + 2, userFills 20.
    assert.deepEqual(limiter.acquired, [20, 2, 20, 2, 20, 20, 2, 2, 20]);
  } finally {
    await server.close();
  }
});

Deno.test("a 5xx info answer is retried, then succeeds", async () => {
  let calls = 0;
  const server = startServer(() => {
    calls++;
    return calls < 3 ? new Response("null", { status: 500 }) : json(answers.meta);
  });
  try {
    const { info, limiter } = client(server.baseUrl);
    const meta = await info.meta(signal());
    assert.equal(meta.length, 2);
    assert.equal(calls, 3);
    assert.deepEqual(limiter.acquired, [20, 20, 20]);
  } finally {
    await server.close();
  }
});

Deno.test("HTTP 429 tells the limiter (Retry-After) and is not retried", async () => {
  let calls = 0;
  const server = startServer(() => {
    calls++;
    return new Response("null", { status: 429, headers: { "Retry-After": "2" } });
  });
  try {
    const { info, limiter } = client(server.baseUrl);
    await assert.rejects(info.meta(signal()), (e: unknown) => {
      assert.ok(e instanceof GatewayError);
      assert.equal(e.kind, "rateLimited");
      assert.equal(e.status, 429);
      return true;
    });
    assert.equal(calls, 1);
    assert.deepEqual(limiter.on429Calls, [2000]);
  } finally {
    await server.close();
  }
});

Deno.test("a 422 text body is an http error; a wrong shape is a parse error", async () => {
  const server = startServer((_path, body) => {
    const type = (body as { type: string }).type;
    if (type === "meta") {
      return new Response("Failed to deserialize the JSON body into the target type", {
        status: 422,
      });
    }
    return json({ userCrossRate: "abc", userAddRate: "0.0001" });
  });
  try {
    const { info } = client(server.baseUrl);
    await assert.rejects(info.meta(signal()), (e: unknown) => {
      assert.ok(e instanceof GatewayError);
      assert.equal(e.kind, "http");
      assert.equal(e.status, 422);
      assert.match(e.message, /Failed to deserialize/);
      return true;
    });
    await assert.rejects(info.userFees(USER, signal()), (e: unknown) => {
      assert.ok(e instanceof GatewayError);
      assert.equal(e.kind, "parse");
      return true;
    });
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("l2Book of an unknown market (null answer) is a parse error", async () => {
  const server = startServer(() => json(null));
  try {
    const { info } = client(server.baseUrl);
    await assert.rejects(info.l2Book("NOPE", signal()), (e: unknown) => {
      assert.ok(e instanceof GatewayError);
      assert.equal(e.kind, "parse");
      return true;
    });
  } finally {
    await server.close();
  }
});

Deno.test("an aborted limiter wait rejects as aborted without sending", async () => {
  const server = startServer(() => json(answers.meta));
  try {
    const limiter = new FakeLimiter();
    limiter.block = true;
    const { info } = client(server.baseUrl, limiter);
    const ac = new AbortController();
    const p = info.meta(ac.signal);
    ac.abort(new Error("stop"));
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof GatewayError);
      assert.equal(e.kind, "aborted");
      return true;
    });
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

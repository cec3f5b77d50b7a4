import assert from "node:assert/strict";
import { type RunningSim, startSim } from "../../../src/sim/start_sim.ts";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { testKey, type TestWallet, testWallet } from "./test_wallet.ts";

const T0 = 1_750_000_000_000;

interface Harness {
  readonly sim: RunningSim;
  readonly demo: TestWallet;
  send(wallet: TestWallet, action: Record<string, unknown>): Promise<unknown>;
  rateLimit(user: string): Promise<Record<string, unknown>>;
  accountValue(user: string): Promise<string>;
  withdrawable(user: string): Promise<string>;
}

async function harness(initialAddressBudget?: number): Promise<Harness> {
  let nonce = T0;
  const sim = await startSim({
    clock: () => T0,
    tickMs: 0,
    seed: 3,
    ...(initialAddressBudget !== undefined ? { initialAddressBudget } : {}),
  });
  const clearinghouse = async (user: string) =>
    (await postJson(sim.infoUrl, { type: "clearinghouseState", user })).body as {
      marginSummary: { accountValue: string };
      withdrawable: string;
    };
  return {
    sim,
    demo: testWallet(sim.demo.privateKey),
    send: async (wallet, action) =>
      (await postJson(sim.exchangeUrl, await signedEnvelope(wallet, action, nonce++))).body,
    rateLimit: async (user) =>
      (await postJson(sim.infoUrl, { type: "userRateLimit", user })).body as Record<
        string,
        unknown
      >,
    accountValue: async (user) => (await clearinghouse(user)).marginSummary.accountValue,
    withdrawable: async (user) => (await clearinghouse(user)).withdrawable,
  };
}

const reserve = (weight: number, destination?: string) => ({
  type: "reserveRequestWeight",
  weight,
  ...(destination !== undefined ? { destination } : {}),
});

Deno.test("reserveRequestWeight: answers default, charges 0.0005 USDC per request, surplus in userRateLimit", async () => {
  const h = await harness();
  try {
    const answer = await h.send(h.demo, reserve(1000));
    assert.deepEqual(answer, { status: "ok", response: { type: "default" } });
    // 1000 x 0.0005 = 0.5 USDC from the perps balance.
    assert.equal(await h.accountValue(h.demo.address), "99999.5");
    // The reserve action itself is one request; it is paid out of the reserve.
    assert.deepEqual(await h.rateLimit(h.demo.address), {
      cumVlm: "0",
      nRequestsUsed: 0,
      nRequestsCap: 10000,
      nRequestsSurplus: 999,
    });
    await h.send(h.demo, { type: "noop" });
    assert.equal((await h.rateLimit(h.demo.address)).nRequestsSurplus, 998);
  } finally {
    await h.sim.stop();
  }
});

Deno.test("reserveRequestWeight: the surplus raises the address gate's limit", async () => {
  const h = await harness(5);
  try {
    for (let i = 0; i < 4; i++) {
      assert.equal((await h.send(h.demo, { type: "noop" }) as { status: string }).status, "ok");
    }
    // 5th request of 5: buys 10 more.
    assert.equal((await h.send(h.demo, reserve(10)) as { status: string }).status, "ok");
    for (let i = 0; i < 10; i++) {
      assert.equal(
        (await h.send(h.demo, { type: "noop" }) as { status: string }).status,
        "ok",
        `request ${i} inside the reserve`,
      );
    }
    assert.deepEqual(await h.send(h.demo, { type: "noop" }), {
      status: "err",
      response: "Too many cumulative requests sent (16 > 15) for cumulative volume traded " +
        "$0.00. Place taker orders to free up 1 request per USDC traded.",
    });
    assert.deepEqual(await h.rateLimit(h.demo.address), {
      cumVlm: "0",
      nRequestsUsed: 5,
      nRequestsCap: 5,
      nRequestsSurplus: 0,
    });
  } finally {
    await h.sim.stop();
  }
});

Deno.test("reserveRequestWeight: refusals (balance, zero weight, agent signer, unknown destination, malformed) change nothing", async () => {
  const h = await harness();
  const poor = testWallet(testKey("reserve-poor"));
  const agent = testWallet(testKey("reserve-agent"));
  const friend = testWallet(testKey("reserve-friend"));
  try {
    h.sim.addAccount(poor.address, 1);
    h.sim.addAccount(friend.address, 10);
    h.sim.approveAgent(h.demo.address, agent.address);
    // 10000 requests cost $5: more than the $1 the account has.
    assert.deepEqual(await h.send(poor, reserve(10_000)), {
      status: "err",
      response: "Insufficient balance to reserve request weight: cost $5.0, withdrawable $1.0.",
    });
    assert.equal(await h.withdrawable(poor.address), "1.0");
    assert.deepEqual(await h.send(h.demo, reserve(0)), {
      status: "err",
      response: "Invalid request weight: must be at least 1.",
    });
    assert.deepEqual(await h.send(agent, reserve(100)), {
      status: "err",
      response: `Must deposit before performing actions. User: ${agent.address}`,
    });
    const stranger = testWallet(testKey("reserve-stranger")).address;
    assert.deepEqual(await h.send(h.demo, reserve(100, stranger)), {
      status: "err",
      response: `User or API Wallet ${stranger} does not exist.`,
    });
    for (const weight of [-1, 1.5, "10"]) {
      const r = await postJson(
        h.sim.exchangeUrl,
        await signedEnvelope(h.demo, { type: "reserveRequestWeight", weight }, T0 + 100),
      );
      assert.equal(r.status, 422, `weight ${weight}`);
    }
    assert.equal(await h.accountValue(h.demo.address), "100000.0");
    assert.equal((await h.rateLimit(h.demo.address)).nRequestsSurplus, 0);
    assert.equal((await h.rateLimit(poor.address)).nRequestsSurplus, 0);
    // Paying for another existing user: the payer is charged, the destination gets the surplus.
    assert.deepEqual(await h.send(poor, reserve(2000, friend.address)), {
      status: "ok",
      response: { type: "default" },
    });
    assert.equal(await h.accountValue(poor.address), "0.0");
    assert.equal((await h.rateLimit(friend.address)).nRequestsSurplus, 2000);
    assert.equal(await h.accountValue(friend.address), "10.0");
  } finally {
    await h.sim.stop();
  }
});

Deno.test("reserveRequestWeight: the nktkas SDK's signed action (with and without destination) is accepted", async () => {
  const { ExchangeClient, HttpTransport, InfoClient } = await import("@nktkas/hyperliquid");
  const sim = await startSim({ tickMs: 0, seed: 8 });
  try {
    const http = new HttpTransport({ apiUrl: sim.httpUrl, isTestnet: true });
    const wallet = testWallet(sim.demo.privateKey);
    const exchange = new ExchangeClient({ transport: http, wallet });
    const info = new InfoClient({ transport: http });
    const friend = testWallet(testKey("reserve-sdk-friend")).address;
    sim.addAccount(friend, 5);
    assert.deepEqual(await exchange.reserveRequestWeight({ weight: 40 }), {
      status: "ok",
      response: { type: "default" },
    });
    await exchange.reserveRequestWeight({ weight: 7, destination: friend as `0x${string}` });
    const mine = await info.userRateLimit({ user: wallet.address });
    assert.equal(mine.nRequestsSurplus, 38); // 40 reserved, 2 requests used
    assert.equal((await info.userRateLimit({ user: friend })).nRequestsSurplus, 7);
  } finally {
    await sim.stop();
  }
});

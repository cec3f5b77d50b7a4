import assert from "node:assert/strict";
import { orderAction, postJson, signedEnvelope } from "./signed_request.ts";
import { type FakeSim, startFakeSim, T0 } from "./fake_sim.ts";

const noop = { type: "noop" };
const cancels = (n: number) => ({
  type: "cancel",
  cancels: Array.from({ length: n }, (_, i) => ({ a: 0, o: i + 1 })),
});

/** A budget-exhausted account: cap 3 (cancels up to min(3 + 2, 6) = 5), all 3 used at T0. */
async function exhausted(): Promise<{ sim: FakeSim; send: (a: object) => Promise<string> }> {
  const sim = await startFakeSim({ addressBudget: { initialRequests: 3, cancelExtra: 2 } });
  let nonce = T0;
  const send = async (action: object) =>
    ((await postJson(
      sim.server.exchangeUrl,
      await signedEnvelope(sim.wallet, action as Record<string, unknown>, nonce++),
    )).body as { status: string }).status;
  for (let i = 0; i < 3; i++) assert.equal(await send(noop), "ok");
  return { sim, send };
}

async function used(sim: FakeSim): Promise<number> {
  const body = (await postJson(sim.server.infoUrl, {
    type: "userRateLimit",
    user: sim.wallet.address,
  })).body as { nRequestsUsed: number };
  return body.nRequestsUsed;
}

Deno.test("throttled mode: one request per 10 s; trying every second for 60 s passes exactly 6", async () => {
  const { sim, send } = await exhausted();
  try {
    const passedAt: number[] = [];
    for (let s = 1; s <= 60; s++) {
      sim.advance(1000);
      if (await send(noop) === "ok") passedAt.push(s);
    }
    assert.deepEqual(passedAt, [10, 20, 30, 40, 50, 60]);
    assert.equal(await used(sim), 9);
  } finally {
    await sim.stop();
  }
});

Deno.test("throttled mode: a refusal neither costs budget nor restarts the 10 s window", async () => {
  const { sim, send } = await exhausted();
  try {
    sim.advance(10_000);
    assert.equal(await send(noop), "ok"); // T0+10 s
    sim.advance(5_000);
    assert.equal(await send(noop), "err"); // T0+15 s: refused
    sim.advance(4_999);
    assert.equal(await send(noop), "err"); // 9.999 s after the last pass
    sim.advance(1);
    assert.equal(await send(noop), "ok"); // 10 s after the last pass, 5 s after a refusal
    assert.equal(await used(sim), 5);
  } finally {
    await sim.stop();
  }
});

Deno.test("throttled mode: a throttled pass is charged its whole batch", async () => {
  const { sim, send } = await exhausted();
  try {
    sim.advance(10_000);
    const orders = orderAction(7, "Alo");
    assert.equal(await send(orders), "ok");
    assert.equal(await used(sim), 10);
  } finally {
    await sim.stop();
  }
});

Deno.test("throttled mode: cancels pass freely up to the larger cancel cap, then one per 10 s too", async () => {
  const { sim, send } = await exhausted();
  try {
    // Non-cancel actions are throttled, cancels still pass: used 3 -> 5 = min(3 + 2, 2 * 3).
    assert.equal(await send(noop), "err");
    assert.equal(await send(cancels(2)), "ok");
    assert.equal(await send(cancels(1)), "err");
    sim.advance(9_999);
    assert.equal(await send(cancels(1)), "err");
    sim.advance(1);
    assert.equal(await send(cancels(1)), "ok");
    assert.equal(await send(cancels(1)), "err");
    assert.equal(await used(sim), 6);
  } finally {
    await sim.stop();
  }
});

Deno.test("throttled mode: a reserve raises the limit of orders and cancels alike", async () => {
  const { sim, send } = await exhausted();
  try {
    sim.core.reserved.set(sim.wallet.address, 4); // limit 7, cancels min(9, 14) = 9
    for (let i = 0; i < 4; i++) assert.equal(await send(noop), "ok", `noop ${i}`);
    assert.equal(await send(noop), "err");
    assert.equal(await send(cancels(2)), "ok");
    assert.equal(await send(cancels(1)), "err");
    const rl = (await postJson(sim.server.infoUrl, {
      type: "userRateLimit",
      user: sim.wallet.address,
    })).body;
    assert.deepEqual(rl, { cumVlm: "0", nRequestsUsed: 5, nRequestsCap: 3, nRequestsSurplus: 0 });
  } finally {
    await sim.stop();
  }
});

import assert from "node:assert/strict";
import { orderAction } from "./signed_request.ts";
import { type FakeSim, startFakeSim, T0 } from "./fake_sim.ts";

const noop = { type: "noop" };
const cancels = (n: number) => ({
  type: "cancel",
  cancels: Array.from({ length: n }, (_, i) => ({ a: 0, o: i + 1 })),
});

interface Account {
  readonly sim: FakeSim;
  /** Signs `action` with the next nonce and sends it; the answer's status. */
  send(action: object): Promise<string>;
  /** Moves the clock by `ms`, then sends `action`. */
  sendAfter(ms: number, action: object): Promise<string>;
  /** The account's `userRateLimit` answer. */
  rateLimit(): Promise<{ nRequestsUsed: number }>;
}

/**
 * A throttled-mode test on a budget-exhausted account: cap 3 (cancels up to min(3 + 2, 6) = 5),
 * all 3 used at T0.
 */
function throttledTest(name: string, body: (account: Account) => Promise<void>): void {
  Deno.test(`throttled mode: ${name}`, async () => {
    await using sim = await startFakeSim({ addressBudget: { initialRequests: 3, cancelExtra: 2 } });
    let nonce = T0;
    const send = async (action: object) =>
      (await sim.exchange(action as Record<string, unknown>, nonce++)).status;
    const rateLimit = async () => await sim.userRateLimit() as { nRequestsUsed: number };
    for (let i = 0; i < 3; i++) assert.equal(await send(noop), "ok");
    const sendAfter = (ms: number, action: object) => {
      sim.advance(ms);
      return send(action);
    };
    await body({ sim, send, sendAfter, rateLimit });
  });
}

throttledTest("one request per 10 s; trying every second for 60 s passes exactly 6", async (a) => {
  const passedAt: number[] = [];
  for (let s = 1; s <= 60; s++) if (await a.sendAfter(1000, noop) === "ok") passedAt.push(s);
  assert.deepEqual(passedAt, [10, 20, 30, 40, 50, 60]);
  assert.equal((await a.rateLimit()).nRequestsUsed, 9);
});

throttledTest("a refusal neither costs budget nor restarts the 10 s window", async (a) => {
  assert.equal(await a.sendAfter(10_000, noop), "ok"); // T0+10 s
  assert.equal(await a.sendAfter(5_000, noop), "err"); // T0+15 s: refused
  assert.equal(await a.sendAfter(4_999, noop), "err"); // 9.999 s after the last pass
  assert.equal(await a.sendAfter(1, noop), "ok"); // 10 s after the last pass, 5 s after a refusal
  assert.equal((await a.rateLimit()).nRequestsUsed, 5);
});

throttledTest("a throttled pass is charged its whole batch", async (a) => {
  assert.equal(await a.sendAfter(10_000, orderAction(7, "Alo")), "ok");
  assert.equal((await a.rateLimit()).nRequestsUsed, 10);
});

throttledTest(
  "cancels pass freely up to the larger cancel cap, then one per 10 s too",
  async (a) => {
    // Non-cancel actions are throttled, cancels still pass: used 3 -> 5 = min(3 + 2, 2 * 3).
    assert.equal(await a.send(noop), "err");
    assert.equal(await a.send(cancels(2)), "ok");
    assert.equal(await a.send(cancels(1)), "err");
    assert.equal(await a.sendAfter(9_999, cancels(1)), "err");
    assert.equal(await a.sendAfter(1, cancels(1)), "ok");
    assert.equal(await a.send(cancels(1)), "err");
    assert.equal((await a.rateLimit()).nRequestsUsed, 6);
  },
);

throttledTest("a reserve raises the limit of orders and cancels alike", async (a) => {
  a.sim.core.reserved.set(a.sim.wallet.address, 4); // limit 7, cancels min(9, 14) = 9
  for (let i = 0; i < 4; i++) assert.equal(await a.send(noop), "ok", `noop ${i}`);
  assert.equal(await a.send(noop), "err");
  assert.equal(await a.send(cancels(2)), "ok");
  assert.equal(await a.send(cancels(1)), "err");
  const rl = await a.rateLimit();
  assert.deepEqual(rl, { cumVlm: "0", nRequestsUsed: 5, nRequestsCap: 3, nRequestsSurplus: 0 });
});

/**
 * The simulator hashes the typed canonical form of an action (field order of the type, decimals
 * without trailing zeros, lowercase hex), as the exchange does (reference "Corrections and
 * additions"). A signature over any other serialization recovers another address and is refused
 * as an unknown user; nothing executes. Requests are signed with the nktkas SDK over exactly the
 * bytes sent.
 */
import assert from "node:assert/strict";
import { orderAction } from "../../../src/gateway/actions.ts";
import { signL1Action as botSign } from "../../../src/signer/l1.ts";
import { canonicalDecimal } from "../../../src/sim/server/canonical_action.ts";
import { startSim } from "../../../src/sim/start_sim.ts";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { testWallet } from "./test_wallet.ts";

const CLOID = "0x00000000000000000000000000abcdef";

function canonicalOrder(p = "89986", c = CLOID) {
  return {
    type: "order",
    orders: [{ a: 0, b: true, p, s: "0.001", r: false, t: { limit: { tif: "Alo" } }, c }],
    grouping: "na",
  };
}

async function withSim(fn: (sim: Awaited<ReturnType<typeof startSim>>) => Promise<void>) {
  const sim = await startSim({ port: 0, seed: 3, market: { takerRatePerSec: 0 } });
  try {
    await fn(sim);
  } finally {
    await sim.stop();
  }
}

const openOrders = (sim: Awaited<ReturnType<typeof startSim>>) =>
  sim.core.info({ type: "openOrders", user: sim.demo.address }).body as unknown[];

const UNKNOWN_USER = /^User or API Wallet (0x[0-9a-f]{40}) does not exist\.$/;

Deno.test("non-canonical serializations are refused as an unknown user; nothing executes", async () => {
  await withSim(async (sim) => {
    const wallet = testWallet(sim.demo.privateKey);
    const keysOutOfOrder = {
      type: "order",
      orders: [{ b: true, a: 0, p: "89986", s: "0.001", r: false, t: { limit: { tif: "Alo" } } }],
      grouping: "na",
    };
    const actionKeysOutOfOrder = { type: "order", grouping: "na", orders: canonicalOrder().orders };
    const cases: [string, Record<string, unknown>][] = [
      ["order keys out of order", keysOutOfOrder],
      ["action keys out of order", actionKeysOutOfOrder],
      ['price "89986.0"', canonicalOrder("89986.0")],
      ['size "0.0010"', {
        ...canonicalOrder(),
        orders: [{ ...canonicalOrder().orders[0]!, s: "0.0010" }],
      }],
      ["uppercase cloid", canonicalOrder("89986", CLOID.toUpperCase().replace("0X", "0x"))],
      ["cancel with f:false", { type: "cancel", cancels: [{ a: 0, o: 1 }], f: false }],
    ];
    let nonce = Date.now();
    for (const [what, action] of cases) {
      const env = await signedEnvelope(wallet, action, ++nonce);
      const r = await postJson(sim.exchangeUrl, env);
      assert.equal(r.status, 200, what);
      const body = r.body as { status: string; response: string };
      assert.equal(body.status, "err", `${what}: ${r.text}`);
      const m = UNKNOWN_USER.exec(body.response);
      assert.ok(m, `${what}: ${body.response}`);
      assert.notEqual(m[1], sim.demo.address, what);
    }
    assert.deepEqual(openOrders(sim), []);
  });
});

Deno.test("the canonical serialization passes, from the SDK and from the bot's signer", async () => {
  await withSim(async (sim) => {
    const wallet = testWallet(sim.demo.privateKey);
    const nonce = Date.now();
    const sdk = await postJson(
      sim.exchangeUrl,
      await signedEnvelope(wallet, canonicalOrder(), nonce),
    );
    assert.equal((sdk.body as { status: string }).status, "ok", sdk.text);

    const action = orderAction([{
      coin: "BTC",
      assetId: 0,
      side: "bid",
      px: "89000",
      sz: "0.001",
      tif: "Alo",
      reduceOnly: false,
      cloid: "0x000000000000000000000000000000ff",
    }]);
    const signature = botSign({
      privateKey: sim.demo.privateKey,
      action,
      nonce: nonce + 1,
      isMainnet: false,
    });
    const bot = await postJson(sim.exchangeUrl, { action, nonce: nonce + 1, signature });
    assert.equal((bot.body as { status: string }).status, "ok", bot.text);
    const open = openOrders(sim) as { limitPx: string; cloid?: string }[];
    assert.deepEqual(open.map((o) => o.limitPx).sort(), ["89000.0", "89986.0"]);
  });
});

Deno.test("the exchange hashes what it parsed: a canonical signature over a padded wire form passes", async () => {
  await withSim(async (sim) => {
    const wallet = testWallet(sim.demo.privateKey);
    const signed = await signedEnvelope(wallet, canonicalOrder(), Date.now());
    // Same action on the wire with a trailing zero and an uppercase cloid: it parses to the
    // signed canonical form, so the signer is recovered correctly; the order rests with the
    // canonical (lowercase) cloid.
    const padded = canonicalOrder("89986.0", CLOID.toUpperCase().replace("0X", "0x"));
    const r = await postJson(sim.exchangeUrl, { ...signed, action: padded });
    assert.equal((r.body as { status: string }).status, "ok", r.text);
    const open = openOrders(sim) as { cloid?: string }[];
    assert.deepEqual(open.map((o) => o.cloid), [CLOID]);
  });
});

Deno.test("canonicalDecimal drops trailing and leading zeros and keeps non-decimals", () => {
  const cases: [string, string][] = [
    ["89986.0", "89986"],
    ["0.0010", "0.001"],
    ["00123", "123"],
    [".5", "0.5"],
    ["-0.0", "0"],
    ["1.2000", "1.2"],
    ["100", "100"],
    ["abc", "abc"],
    ["", ""],
  ];
  for (const [input, want] of cases) assert.equal(canonicalDecimal(input), want, input);
});

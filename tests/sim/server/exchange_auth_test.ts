import assert from "node:assert/strict";
import { orderAction, postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim, T0 } from "./fake_sim.ts";
import { testKey, testWallet } from "./test_wallet.ts";

const order = (n = 1) => orderAction(n);

Deno.test("a signed order from a funded account reaches the core as that account", async () => {
  await using sim = await startFakeSim();
  const env = await signedEnvelope(sim.wallet, order(2), T0);
  const r = await postJson(sim.server.exchangeUrl, env);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    status: "ok",
    response: {
      type: "order",
      data: { statuses: [{ resting: { oid: 1 } }, { resting: { oid: 2 } }] },
    },
  });
  assert.equal(sim.core.executed[0]?.user, sim.wallet.address);
});

Deno.test("null vaultAddress/expiresAfter are accepted like absent ones", async () => {
  await using sim = await startFakeSim();
  const env = await signedEnvelope(sim.wallet, order(), T0);
  const r = await postJson(sim.server.exchangeUrl, {
    ...env,
    vaultAddress: null,
    expiresAfter: null,
  });
  assert.equal((r.body as { status: string }).status, "ok");
});

Deno.test("r/s without leading zeros are parsed as integers", async () => {
  await using sim = await startFakeSim();
  // Find a nonce whose signature has an r or s with a leading zero nibble.
  for (let i = 0; i < 200; i++) {
    const env = await signedEnvelope(sim.wallet, order(), T0 + i);
    const { r, s } = env.signature;
    if (!r.startsWith("0x0") && !s.startsWith("0x0")) continue;
    const trimmed = {
      ...env,
      signature: {
        r: "0x" + BigInt(r).toString(16),
        s: "0x" + BigInt(s).toString(16),
        v: env.signature.v,
      },
    };
    const res = await postJson(sim.server.exchangeUrl, trimmed);
    assert.equal((res.body as { status: string }).status, "ok");
    return;
  }
  assert.fail("no signature with a leading zero found");
});

Deno.test("an unknown signer gets the exchange's 'does not exist' error", async () => {
  await using sim = await startFakeSim();
  const stranger = testWallet(testKey("stranger"));
  const r = await postJson(sim.server.exchangeUrl, await signedEnvelope(stranger, order(), T0));
  assert.deepEqual(r.body, {
    status: "err",
    response: `User or API Wallet ${stranger.address} does not exist.`,
  });
  assert.equal(sim.core.executed.length, 0);
});

Deno.test("a mainnet signature on a testnet sim recovers a different, unknown signer", async () => {
  await using sim = await startFakeSim();
  const env = await signedEnvelope(sim.wallet, order(), T0, { isTestnet: false });
  const r = await postJson(sim.server.exchangeUrl, env);
  const body = r.body as { status: string; response: string };
  assert.equal(body.status, "err");
  assert.match(body.response, /^User or API Wallet 0x[0-9a-f]{40} does not exist\.$/);
  assert.ok(!body.response.includes(sim.wallet.address));
});

Deno.test("network: mainnet sims accept source 'a' signatures", async () => {
  await using sim = await startFakeSim({ network: "mainnet" });
  const env = await signedEnvelope(sim.wallet, order(), T0, { isTestnet: false });
  const r = await postJson(sim.server.exchangeUrl, env);
  assert.equal((r.body as { status: string }).status, "ok");
});

Deno.test("a tampered action recovers another address; a malformed signature is a 422", async () => {
  await using sim = await startFakeSim();
  const env = await signedEnvelope(sim.wallet, order(), T0);
  const tampered = { ...env, action: { ...order(), grouping: "normalTpsl" } };
  const r1 = await postJson(sim.server.exchangeUrl, tampered);
  assert.match((r1.body as { response: string }).response, /does not exist\.$/);
  const bad = { ...env, signature: { r: "zz", s: env.signature.s, v: 27 } };
  const r2 = await postJson(sim.server.exchangeUrl, bad);
  assert.equal(r2.status, 422);
  assert.equal(r2.text, "Failed to deserialize the JSON body into the target type");
  const zero = { ...env, signature: { r: "0x0", s: "0x0", v: 27 } };
  const r3 = await postJson(sim.server.exchangeUrl, zero);
  assert.deepEqual(r3.body, { status: "err", response: "Unable to recover signer." });
});

Deno.test("f:false on cancels and a:false on batchModify are rejected (hash mismatch)", async () => {
  await using sim = await startFakeSim();
  const cancelF = { type: "cancel", cancels: [{ a: 0, o: 1 }], f: false };
  const r1 = await postJson(sim.server.exchangeUrl, await signedEnvelope(sim.wallet, cancelF, T0));
  assert.match((r1.body as { response: string }).response, /does not exist\.$/);
  const cancelT = { type: "cancel", cancels: [{ a: 0, o: 1 }], f: true };
  const r2 = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(sim.wallet, cancelT, T0 + 1),
  );
  assert.equal((r2.body as { status: string }).status, "ok");
  const modA = {
    type: "batchModify",
    modifies: [{ oid: 1, order: order().orders[0] }],
    a: false,
  };
  const r3 = await postJson(sim.server.exchangeUrl, await signedEnvelope(sim.wallet, modA, T0 + 2));
  assert.match((r3.body as { response: string }).response, /does not exist\.$/);
});

Deno.test("an approved agent signs for its master; vaultAddress maps to a sub-account", async () => {
  await using sim = await startFakeSim();
  const agent = testWallet(testKey("agent"));
  sim.core.approveAgent(sim.wallet.address, agent.address);
  const sub = testWallet(testKey("sub")).address;
  sim.core.fund(sub, 1000);
  sim.server.addSubAccount(sim.wallet.address, sub);
  const r1 = await postJson(sim.server.exchangeUrl, await signedEnvelope(agent, order(), T0));
  assert.equal((r1.body as { status: string }).status, "ok");
  assert.equal(sim.core.executed.at(-1)?.user, sim.wallet.address);
  const r2 = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(agent, order(), T0 + 1, { vaultAddress: sub }),
  );
  assert.equal((r2.body as { status: string }).status, "ok");
  assert.equal(sim.core.executed.at(-1)?.user, sub);
  const other = testWallet(testKey("other-vault")).address;
  const r3 = await postJson(
    sim.server.exchangeUrl,
    await signedEnvelope(agent, order(), T0 + 2, { vaultAddress: other }),
  );
  assert.equal((r3.body as { status: string }).status, "err");
});

Deno.test("blocks: actions queued until the tick run ALO/no-order first, then cancels, then GTC", async () => {
  await using sim = await startFakeSim({ blocks: true });
  const alo = {
    type: "order",
    orders: [{ a: 0, b: true, p: "99", s: "1", r: false, t: { limit: { tif: "Alo" } } }],
    grouping: "na",
  };
  const sent = [
    postJson(sim.server.exchangeUrl, await signedEnvelope(sim.wallet, order(), T0)),
    postJson(
      sim.server.exchangeUrl,
      await signedEnvelope(sim.wallet, { type: "cancel", cancels: [{ a: 0, o: 1 }] }, T0 + 1),
    ),
    postJson(sim.server.exchangeUrl, await signedEnvelope(sim.wallet, alo, T0 + 2)),
  ];
  // Let the three requests arrive, then run the block.
  while (true) {
    const stats = await (await fetch(`${sim.server.httpUrl}/sim/stats`)).json();
    if (stats.blockQueued === 3) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(sim.core.executed.length, 0);
  sim.advance(50);
  const answers = await Promise.all(sent);
  assert.ok(answers.every((a) => (a.body as { status: string }).status === "ok"));
  assert.deepEqual(
    sim.core.executed.map((e) => (e.action as { type: string; orders?: unknown[] }).type),
    ["order", "cancel", "order"],
  );
  assert.deepEqual(sim.core.executed[0]?.action, alo);
});

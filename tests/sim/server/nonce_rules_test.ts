import assert from "node:assert/strict";
import { postJson, signedEnvelope } from "./signed_request.ts";
import { startFakeSim, T0 } from "./fake_sim.ts";

const noop = { type: "noop" };
const DAY = 24 * 3600 * 1000;

Deno.test("nonces: duplicate, too low, too high, and the 100-highest set", async () => {
  await using sim = await startFakeSim();
  const send = (nonce: number) => sim.exchange(noop, nonce);
  assert.equal((await send(T0)).status, "ok");
  assert.deepEqual(await send(T0), {
    status: "err",
    response: `Invalid nonce: duplicate nonce ${T0}`,
  });
  const low = T0 - 2 * DAY;
  assert.deepEqual(await send(low), {
    status: "err",
    response: `Invalid nonce: nonce too low ${low} < ${T0 - 2 * DAY}`,
  });
  const high = T0 + DAY + 5;
  assert.deepEqual(await send(high), {
    status: "err",
    response: `Invalid nonce: nonce too high ${high} > ${T0 + DAY}`,
  });
  // Older-but-unused nonces are fine while fewer than 100 are stored...
  assert.equal((await send(T0 - 1000)).status, "ok");
  for (let i = 1; i <= 100; i++) assert.equal((await send(T0 + i)).status, "ok");
  // ...but once 100 are stored, a nonce must beat the smallest of them (T0 + 1 now).
  assert.deepEqual(await send(T0 - 500), {
    status: "err",
    response: `Invalid nonce: nonce too low ${T0 - 500} < ${T0 + 1}`,
  });
  assert.equal((await send(T0 + 101)).status, "ok");
  // Refused nonces were not consumed.
  assert.equal((await send(T0 + 102)).status, "ok");
});

Deno.test("expiresAfter in the past is refused as 'Action already expired'", async () => {
  await using sim = await startFakeSim();
  const env = await signedEnvelope(sim.wallet, noop, T0, { expiresAfter: T0 - 1 });
  const r = await postJson(sim.server.exchangeUrl, env);
  assert.deepEqual(r.body, { status: "err", response: "Action already expired" });
  const ok = await signedEnvelope(sim.wallet, noop, T0 + 1, { expiresAfter: T0 + 10_000 });
  assert.equal(
    ((await postJson(sim.server.exchangeUrl, ok)).body as { status: string }).status,
    "ok",
  );
  assert.equal(sim.core.executed.length, 1);
  // The expired action cost 5x its weight (1 item -> 5), the good one 1.
  const rl = await sim.userRateLimit() as { nRequestsUsed: number };
  assert.equal(rl.nRequestsUsed, 6);
});

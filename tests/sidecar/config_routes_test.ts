import assert from "node:assert/strict";
import { auth, body, harness } from "./helpers.ts";

Deno.test("GET /config: effective config and limiter settings", async () => {
  const { app } = harness();
  const res = await app.request("/config");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const b = await body(res);
  const effective = b.effective as Record<string, unknown>;
  assert.equal(effective.network, "sim");
  assert.equal(effective.maxQuoteAgeMs, 2000);
  assert.deepEqual(b.limiter, {
    restCapacityPerMin: 1000,
    wsCapacityPerMin: 2000,
    weightOrder: 1,
    weightCancel: 1,
    weightL2Book: 2,
    weightMeta: 20,
    weightUserFees: 20,
  });
});

Deno.test("GET /config: the account address may appear", async () => {
  const { app, engine } = harness();
  const address = "0x1234567890abcdef1234567890abcdef12345678";
  engine.config = { ...engine.config, accountAddress: address };
  const b = await body(await app.request("/config"));
  assert.equal((b.effective as Record<string, unknown>).accountAddress, address);
});

Deno.test("PATCH /config: a valid patch is applied and the effective config returned", async () => {
  const { app, engine } = harness();
  const res = await app.request("/config", {
    method: "PATCH",
    headers: { ...auth(), "content-type": "application/json" },
    body: JSON.stringify({ maxQuoteAgeMs: 1500 }),
  });
  assert.equal(res.status, 200);
  const b = await body(res);
  assert.equal(b.ok, true);
  assert.equal((b.effective as Record<string, unknown>).maxQuoteAgeMs, 1500);
  assert.deepEqual(engine.calls, [{ method: "patchQuoting", args: [{ maxQuoteAgeMs: 1500 }] }]);
  const after = await body(await app.request("/config"));
  assert.equal((after.effective as Record<string, unknown>).maxQuoteAgeMs, 1500);
});

Deno.test("PATCH /config: an invalid patch answers 400 with the issues, nothing changed", async () => {
  const { app } = harness();
  const before = await (await app.request("/config")).text();
  const res = await app.request("/config", {
    method: "PATCH",
    headers: auth(),
    body: JSON.stringify({ maxQuoteAgeMs: -5, bogus: true }),
  });
  assert.equal(res.status, 400);
  const b = await body(res);
  assert.equal(b.ok, false);
  assert.deepEqual(b.issues, [
    { path: ["maxQuoteAgeMs"], message: "expected a positive integer" },
    { path: ["bogus"], message: "unrecognized key" },
  ]);
  assert.equal(await (await app.request("/config")).text(), before);
});

Deno.test("PATCH /config: malformed, empty and oversized bodies answer 400", async () => {
  const { app, engine } = harness();
  for (const payload of ["{oops", "", "   "]) {
    const res = await app.request("/config", { method: "PATCH", headers: auth(), body: payload });
    assert.equal(res.status, 400, JSON.stringify(payload));
    const b = await body(res);
    assert.equal(b.ok, false);
    assert.ok(Array.isArray(b.issues));
  }
  const huge = JSON.stringify({ maxQuoteAgeMs: 1, pad: "x".repeat(100_000) });
  const res = await app.request("/config", {
    method: "PATCH",
    headers: { ...auth(), "content-length": String(huge.length) },
    body: huge,
  });
  assert.equal(res.status, 400);
  assert.deepEqual(engine.calls, []);
});

Deno.test("unknown routes answer 404 JSON", async () => {
  const { app } = harness();
  const res = await app.request("/nope");
  assert.equal(res.status, 404);
  assert.deepEqual(await body(res), { ok: false, error: "not found" });
});

Deno.test("a throwing engine answers 500 without details", async () => {
  const { app, engine } = harness();
  engine.effectiveConfig = () => {
    throw new Error("boom with internals");
  };
  const res = await app.request("/config");
  assert.equal(res.status, 500);
  assert.deepEqual(await body(res), { ok: false, error: "internal error" });
});

import assert from "node:assert/strict";
import { checkBearer, timingSafeEqualText } from "../../src/sidecar/auth.ts";
import { auth, body, harness, TOKEN } from "./helpers.ts";

const MUTATING: ReadonlyArray<readonly [string, string, string | undefined]> = [
  ["POST", "/halt", undefined],
  ["POST", "/resume", undefined],
  ["PATCH", "/config", '{"maxQuoteAgeMs":1500}'],
];

Deno.test("mutating routes: 403 when no token is configured, engine untouched", async () => {
  for (const token of [undefined, ""]) {
    const { app, engine } = harness({ token });
    for (const [method, path, payload] of MUTATING) {
      const res = await app.request(path, { method, headers: auth("anything"), body: payload });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.match(String((await body(res)).error), /disabled/);
    }
    assert.deepEqual(engine.calls, []);
  }
});

Deno.test("mutating routes: 401 for a missing, malformed or wrong token", async () => {
  const { app, engine } = harness();
  const headers: ReadonlyArray<Record<string, string>> = [
    {},
    { authorization: TOKEN },
    { authorization: `Basic ${TOKEN}` },
    { authorization: "Bearer " },
    auth("wrong"),
    auth(TOKEN + "x"),
    auth(TOKEN.slice(0, -1)),
  ];
  for (const [method, path, payload] of MUTATING) {
    for (const h of headers) {
      const res = await app.request(path, { method, headers: h, body: payload });
      assert.equal(res.status, 401, `${method} ${path} ${JSON.stringify(h)}`);
      const b = await body(res);
      assert.equal(b.ok, false);
      assert.ok(!JSON.stringify(b).includes(TOKEN), "the token is never echoed");
    }
  }
  assert.deepEqual(engine.calls, []);
  assert.equal(engine.snapshot().halted, false);
});

Deno.test("POST /halt then /resume: state transitions", async () => {
  const { app, engine } = harness();
  let res = await app.request("/halt", {
    method: "POST",
    headers: auth(),
    body: JSON.stringify({ reason: "manual check" }),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await body(res), {
    ok: true,
    halted: true,
    haltReason: "sidecar: manual check",
  });
  assert.deepEqual(engine.calls, [{ method: "halt", args: ["sidecar: manual check"] }]);
  assert.equal((await app.request("/ready")).status, 503);

  // Halting again is harmless; no body gives a default reason.
  res = await app.request("/halt", { method: "POST", headers: auth() });
  assert.equal(res.status, 200);
  assert.equal((await body(res)).haltReason, "sidecar: halt requested");

  res = await app.request("/resume", { method: "POST", headers: auth() });
  assert.equal(res.status, 200);
  assert.deepEqual(await body(res), { ok: true, halted: false, haltReason: null });
  assert.equal(engine.calls.at(-1)?.method, "resume");
  assert.equal((await app.request("/ready")).status, 200);
});

Deno.test("POST /halt: bad bodies are refused before halting", async () => {
  const { app, engine } = harness();
  for (const payload of ["{not json", '{"reason":42}']) {
    const res = await app.request("/halt", { method: "POST", headers: auth(), body: payload });
    assert.equal(res.status, 400);
  }
  assert.deepEqual(engine.calls, []);
});

Deno.test("POST /halt: a halt that does not complete in time answers 504", async () => {
  const { app, engine } = harness({ haltTimeoutMs: 20 });
  engine.haltDelayMs = 5_000;
  const res = await app.request("/halt", { method: "POST", headers: auth() });
  assert.equal(res.status, 504);
  const b = await body(res);
  assert.equal(b.ok, false);
  assert.equal(b.halted, true);
});

Deno.test("GET on mutating paths is not a mutation", async () => {
  const { app, engine } = harness();
  assert.equal((await app.request("/halt")).status, 404);
  assert.equal((await app.request("/resume")).status, 404);
  assert.deepEqual(engine.calls, []);
});

Deno.test("bearer check: constant-time equality, statuses", async () => {
  assert.equal(await timingSafeEqualText("abc", "abc"), true);
  assert.equal(await timingSafeEqualText("abc", "abd"), false);
  assert.equal(await timingSafeEqualText("abc", "abcd"), false);
  assert.equal(await timingSafeEqualText("", ""), true);
  assert.deepEqual(await checkBearer("t0ken", "Bearer t0ken"), { ok: true });
  assert.deepEqual(await checkBearer("t0ken", "bearer   t0ken"), { ok: true });
  assert.equal((await checkBearer(undefined, "Bearer t0ken") as { status: number }).status, 403);
  assert.equal((await checkBearer("t0ken", undefined) as { status: number }).status, 401);
});

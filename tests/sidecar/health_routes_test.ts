import assert from "node:assert/strict";
import { liveness, readiness } from "../../src/sidecar/health.ts";
import { body, harness, T0 } from "./helpers.ts";

Deno.test("GET /health: 200 while the loop runs, 503 when it stalls", async () => {
  const { app, clock, engine } = harness();
  let res = await app.request("/health");
  assert.equal(res.status, 200);
  const ok = await body(res);
  assert.equal(ok.status, "ok");
  assert.equal(ok.lastLoopAgeMs, 20);

  // Halted is still alive.
  engine.s.halted = true;
  assert.equal((await app.request("/health")).status, 200);

  // 10 loop periods of 100 ms is below the 5 s floor: still alive at 4.9 s.
  clock.advance(4_880);
  assert.equal((await app.request("/health")).status, 200);
  clock.advance(200);
  res = await app.request("/health");
  assert.equal(res.status, 503);
  const dead = await body(res);
  assert.equal(dead.status, "dead");
  assert.match(String(dead.reason), /last loop iteration finished 5100 ms ago/);
});

Deno.test("liveness: startup grace before the first loop, then dead", () => {
  const { engine } = harness();
  engine.s.lastLoopEndMs = null;
  engine.s.startedAtMs = T0;
  assert.equal(liveness(engine.snapshot(), T0 + 29_000).alive, true);
  const l = liveness(engine.snapshot(), T0 + 31_000);
  assert.equal(l.alive, false);
  assert.match(l.reason ?? "", /no loop iteration finished/);
});

Deno.test("liveness: slow loops widen the window to 10 periods", () => {
  const { engine } = harness();
  engine.s.loopMs = 1_000;
  engine.s.lastLoopEndMs = T0;
  assert.equal(liveness(engine.snapshot(), T0 + 9_900).alive, true);
  assert.equal(liveness(engine.snapshot(), T0 + 10_100).alive, false);
});

Deno.test("GET /ready: 200 when every check passes", async () => {
  const { app } = harness();
  const res = await app.request("/ready");
  assert.equal(res.status, 200);
  assert.deepEqual(await body(res), { ready: true, failed: [], failures: [] });
});

Deno.test("GET /ready: 503 lists every failing check", async () => {
  const { app, clock, engine } = harness();
  engine.s.feed.connected = false;
  engine.s.coins = engine.s.coins.map((c, i) =>
    i === 0 ? { ...c, dataAgeMs: 2_000 } : i === 1 ? { ...c, dataAgeMs: null } : c
  );
  engine.s.halted = true;
  engine.s.haltReason = "max loss";
  clock.advance(600); // last loop 620 ms ago > 5 x 100 ms
  const res = await app.request("/ready");
  assert.equal(res.status, 503);
  const b = await body(res);
  assert.equal(b.ready, false);
  assert.deepEqual(b.failed, ["feed", "data", "loop", "halted"]);
  const failures = b.failures as { check: string; detail: string; coins?: string[] }[];
  assert.deepEqual(failures.find((f) => f.check === "data")?.coins, ["BTC", "ETH"]);
  assert.match(failures.find((f) => f.check === "halted")?.detail ?? "", /max loss/);
  assert.match(failures.find((f) => f.check === "loop")?.detail ?? "", /620 ms ago/);
});

Deno.test("GET /ready: each check on its own", async () => {
  const cases: ReadonlyArray<[string, (h: ReturnType<typeof harness>) => void]> = [
    ["feed", (h) => (h.engine.s.feed.connected = false)],
    ["data", (h) => (h.engine.s.maxQuoteAgeMs = 40)], // data age 40 is not fresher than 40
    ["loop", (h) => (h.engine.s.lastLoopEndMs = null)],
    ["halted", (h) => (h.engine.s.halted = true)],
    ["coins", (h) => (h.engine.s.coins = [])],
  ];
  for (const [check, breakIt] of cases) {
    const h = harness();
    breakIt(h);
    const res = await h.app.request("/ready");
    assert.equal(res.status, 503, check);
    assert.deepEqual((await body(res)).failed, [check]);
  }
});

Deno.test("readiness: a REST-only bot does not need the WS feed", () => {
  const { engine } = harness();
  engine.s.feed.used = false;
  engine.s.feed.connected = false;
  assert.equal(readiness(engine.snapshot(), T0).ready, true);
});

Deno.test("GET /ready: 503 names a configured dead-man's switch that is not active", async () => {
  const { app, engine } = harness();
  engine.s.deadManSwitch = {
    configuredMs: 10_000,
    active: false,
    armedUntilMs: null,
    refusals: 3,
    lastRefusal: "Cannot set scheduled cancel time until enough volume traded.",
    nextTryMs: T0 + 20_000,
  };
  let res = await app.request("/ready");
  assert.equal(res.status, 503);
  const b = await body(res) as { failed: string[]; failures: { detail: string }[] };
  assert.deepEqual(b.failed, ["deadManSwitch"]);
  assert.match(
    b.failures[0]!.detail,
    /dead-man's switch configured \(10000 ms\) but not active.*volume/,
  );
  const metrics = await (await app.request("/metrics")).text();
  assert.match(metrics, /hl_mm_dead_man_switch_active 0/);
  assert.match(metrics, /hl_mm_dead_man_switch_refusals_total 3/);
  engine.s.deadManSwitch = { ...engine.s.deadManSwitch, active: true, armedUntilMs: T0 + 9_000 };
  res = await app.request("/ready");
  assert.equal(res.status, 200);
  assert.match(await (await app.request("/metrics")).text(), /hl_mm_dead_man_switch_active 1/);
});

Deno.test("GET /ready: 503 names a low address budget", async () => {
  const { app, engine } = harness();
  engine.s.limiter = { ...engine.s.limiter, addressBudgetRemaining: 120, addressBudgetLow: true };
  const res = await app.request("/ready");
  assert.equal(res.status, 503);
  const b = await body(res) as { failed: string[]; failures: { detail: string }[] };
  assert.deepEqual(b.failed, ["addressBudget"]);
  assert.match(b.failures[0]!.detail, /address budget low \(120 requests left\)/);
});

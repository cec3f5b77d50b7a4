import assert from "node:assert/strict";
import { ManualClock } from "../../src/core/clock.ts";
import { startSidecar } from "../../src/sidecar/start_sidecar.ts";
import { FakeEngine, LIMITER } from "./fake_engine.ts";
import { auth, body, harness, T0, TOKEN } from "./helpers.ts";
import { waitFor } from "../app/_harness.ts";

Deno.test("GET /state: snapshot, health and the history since a time", async () => {
  const { app, engine, clock } = harness();
  const first = await body(await app.request("/state"));
  assert.equal(first.version, "test");
  assert.equal((first.readiness as { ready: boolean }).ready, true);
  assert.equal((first.alive as { alive: boolean }).alive, true);
  const snap = first.snapshot as { coins: { coin: string; bids: unknown[] }[] };
  assert.deepEqual(snap.coins.map((c) => c.coin), ["BTC", "ETH", "SOL"]);
  assert.equal(snap.coins[0]?.bids.length, 2);
  assert.equal((first.history as unknown[]).length, 1);

  for (let i = 0; i < 10; i++) {
    clock.advance(100);
    engine.tick(clock.nowMs());
    await (await app.request("/state")).text();
  }
  // Sampled at most every 250 ms: at +0, +300, +600 and +900 ms.
  const all = await body(await app.request("/state"));
  const history = all.history as { t: number; pnl: number; coins: Record<string, unknown> }[];
  assert.equal(history.length, 4);
  assert.deepEqual(Object.keys(history[0]!.coins), ["BTC", "ETH", "SOL"]);
  const since = await body(await app.request(`/state?since=${history[2]!.t}`));
  assert.deepEqual(
    (since.history as { t: number }[]).map((h) => h.t),
    history.slice(3).map((h) => h.t),
  );
});

Deno.test("GET /: the dashboard page, self-contained", async () => {
  const { app } = harness();
  const res = await app.request("/");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  const csp = res.headers.get("content-security-policy") ?? "";
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  const html = await res.text();
  assert.match(html, /<canvas[^>]*id="pnl-chart"/);
  assert.match(html, /fetch\("state"/);
  assert.doesNotMatch(html, /<script[^>]+src=/, "no external scripts");
  assert.doesNotMatch(html, /<link[^>]+href="(?!data:)/, "no external styles or icons");
  assert.doesNotMatch(html, /https?:\/\//, "no absolute URLs (no CDN)");
});

Deno.test("startSidecar: serves on 127.0.0.1 with port 0, samples history, stops on abort", async () => {
  const engine = new FakeEngine({ nowMs: T0 });
  // Every read of the view by the sampler sees a snapshot 300 ms later than the previous one
  // (history keeps at most one sample per 250 ms of snapshot time), so each sample is kept.
  let reads = 0;
  const clock = new ManualClock(T0);
  const view = {
    snapshot: () => {
      reads++;
      clock.advance(300);
      engine.tick(clock.nowMs());
      return engine.snapshot();
    },
  };
  const controller = new AbortController();
  const server = await startSidecar({
    port: 0,
    view,
    control: engine,
    limiterSettings: LIMITER,
    token: TOKEN,
    clock,
    sampleEveryMs: 20,
  }, controller.signal);
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    const halt = await fetch(`${server.url}/halt`, { method: "POST", headers: auth() });
    assert.equal(halt.status, 200);
    await halt.body?.cancel();
    assert.equal(engine.snapshot().halted, true);
    // The sampler fills the dashboard history without any page open: wait (a bound, not a
    // speed assertion) until it read the view 4 times, then one GET /state shows those samples.
    const sampled = reads;
    await waitFor("four samples", () => reads >= sampled + 4);
    const state = await (await fetch(`${server.url}/state`)).json() as { history: unknown[] };
    assert.ok(state.history.length >= 5, `history: ${state.history.length}`);
  } finally {
    controller.abort();
    await server.stop();
  }
  await assert.rejects(fetch(`${server.url}/health`));
});

Deno.test("startSidecar: stop() is idempotent; an aborted signal refuses to start", async () => {
  const engine = new FakeEngine({ nowMs: T0 });
  const deps = {
    view: engine,
    control: engine,
    limiterSettings: LIMITER,
    clock: new ManualClock(T0),
  };
  const server = await startSidecar(
    { ...deps, host: "127.0.0.1", port: 0 },
    new AbortController().signal,
  );
  await Promise.all([server.stop(), server.stop()]);
  const aborted = AbortSignal.abort(new Error("nope"));
  await assert.rejects(startSidecar({ ...deps, port: 0 }, aborted), /nope/);
});

Deno.test("startSidecar: a port in use rejects", async () => {
  const engine = new FakeEngine({ nowMs: T0 });
  const deps = { view: engine, control: engine, limiterSettings: LIMITER };
  const a = await startSidecar({ ...deps, port: 0 }, new AbortController().signal);
  try {
    await assert.rejects(startSidecar({ ...deps, port: a.port }, new AbortController().signal));
  } finally {
    await a.stop();
  }
});

/**
 * The sidecar answers only the configured host names and refuses cross-origin mutating requests:
 * through `app.request()` (real routes, real engine where it matters) and once through a real
 * listening socket with raw HTTP, where the Host header is exactly what a browser would send.
 */
import assert from "node:assert/strict";
import { allowedHostSet, guardRequest, hostName } from "../../src/sidecar/request_guard.ts";
import { startSidecar } from "../../src/sidecar/start_sidecar.ts";
import { type LogLine, recordingLogger } from "../app/_harness.ts";
import { FakeEngine, LIMITER } from "./fake_engine.ts";
import { auth, body, harness, realEngineApp } from "./helpers.ts";

Deno.test("host names are compared without port, brackets, case or a trailing dot", () => {
  assert.equal(hostName("127.0.0.1:8787"), "127.0.0.1");
  assert.equal(hostName("[::1]:8787"), "::1");
  assert.equal(hostName("LOCALHOST.:80"), "localhost");
  assert.equal(hostName("evil.example"), "evil.example");
  const allowed = allowedHostSet(["localhost", "127.0.0.1", "::1", "[::1]", "Bot.Internal"]);
  assert.deepEqual([...allowed].sort(), ["127.0.0.1", "::1", "bot.internal", "localhost"]);
});

Deno.test("every route refuses a Host that is not allowed (DNS rebinding), before any work", async () => {
  const { app, engine } = harness();
  for (const path of ["/state", "/config", "/health", "/metrics", "/"]) {
    for (const host of ["evil.example", "evil.example:8787", "127.0.0.1.nip.io", "0.0.0.0:8787"]) {
      const res = await app.request(path, { headers: { host } });
      assert.equal(res.status, 403, `${path} ${host}`);
      const b = await body(res);
      assert.equal(b.ok, false);
      assert.match(String(b.error), /host not allowed/);
      assert.ok(!JSON.stringify(b).includes("BTC"), "no state leaks");
    }
    // The URL's host counts when there is no Host header.
    assert.equal((await app.request(`http://evil.example${path}`)).status, 403);
  }
  const halt = await app.request("/halt", { method: "POST", headers: { ...auth(), host: "evil" } });
  assert.equal(halt.status, 403);
  assert.deepEqual(engine.calls, []);
});

Deno.test("loopback names are allowed by default, with or without a port", async () => {
  const { app } = harness();
  for (const host of ["localhost", "localhost:8787", "127.0.0.1:8787", "[::1]:8787", "127.0.0.1"]) {
    assert.equal((await app.request("/config", { headers: { host } })).status, 200, host);
  }
});

Deno.test("sidecar.allowed_hosts replaces the default list", async () => {
  const { app } = harness({ allowedHosts: ["mm.internal"] });
  assert.equal(
    (await app.request("/state", { headers: { host: "mm.internal:8787" } })).status,
    200,
  );
  assert.equal((await app.request("/state", { headers: { host: "127.0.0.1:8787" } })).status, 403);
});

Deno.test("cross-origin mutating requests are refused even with the token; the engine is untouched", async () => {
  const { r, app } = realEngineApp();
  const before = JSON.stringify(r.engine.control.effectiveConfig());
  const patch = JSON.stringify({ coins: { BTC: { spread_bps: 7 } } });
  const crossOrigin: Record<string, string>[] = [
    { origin: "http://evil.example" },
    { origin: "http://127.0.0.1:9999" }, // another port is another origin
    { origin: "null" },
    { origin: "not a url" },
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" },
  ];
  for (const extra of crossOrigin) {
    for (
      const [method, path, payload] of [
        ["PATCH", "/config", patch],
        ["POST", "/halt", undefined],
        ["POST", "/resume", undefined],
      ] as const
    ) {
      const res = await app.request(path, {
        method,
        headers: { ...auth(), host: "127.0.0.1:8787", ...extra },
        ...(payload !== undefined ? { body: payload } : {}),
      });
      assert.equal(res.status, 403, `${method} ${path} ${JSON.stringify(extra)}`);
      assert.match(String((await body(res)).error), /cross-origin/);
    }
  }
  assert.equal(JSON.stringify(r.engine.control.effectiveConfig()), before);
  assert.equal(r.engine.snapshot().halted, false);
});

Deno.test("same-origin (the dashboard) and header-less clients (curl) may mutate; reads pass any Origin", async () => {
  const { app } = realEngineApp();
  const patch = (headers: Record<string, string>, spread: number) =>
    app.request("/config", {
      method: "PATCH",
      headers: { ...auth(), ...headers },
      body: JSON.stringify({ coins: { BTC: { spread_bps: spread } } }),
    });
  assert.equal((await patch({ host: "127.0.0.1:8787" }, 7)).status, 200);
  assert.equal(
    (await patch({
      host: "127.0.0.1:8787",
      origin: "http://127.0.0.1:8787",
      "sec-fetch-site": "same-origin",
    }, 8)).status,
    200,
  );
  const read = await app.request("/state", {
    headers: { host: "localhost:8787", origin: "http://evil.example" },
  });
  assert.equal(
    read.status,
    200,
    "a cross-origin read gets no CORS header, so the page can't see it",
  );
  assert.equal(read.headers.get("access-control-allow-origin"), null);
});

Deno.test("a flood of refused requests logs the first, then one count per period", async () => {
  const lines: LogLine[] = [];
  const { engine, clock, app } = harness({ logger: recordingLogger(lines), warnEveryMs: 10_000 });
  for (let i = 0; i < 1_834; i++) {
    const bad = i % 3;
    const headers: Record<string, string> = bad === 0
      ? { host: "evil.example" }
      : bad === 1
      ? { host: "127.0.0.1:8787", origin: "http://evil.example" }
      : { host: "127.0.0.1:8787", authorization: "Bearer wrong" };
    const res = await app.request(bad === 0 ? "/state" : "/halt", {
      method: bad === 0 ? "GET" : "POST",
      headers,
    });
    assert.ok(res.status === 403 || res.status === 401);
  }
  const warned = () => lines.filter((l) => l.level === "warn");
  assert.equal(warned().length, 3, "one line per kind of refusal");
  clock.advance(10_000);
  app.flushWarnings();
  const counts = warned().slice(3).map((l) => l.fields.repeated as number);
  assert.equal(counts.length, 3);
  assert.equal(counts.reduce((a, b) => a + b, 0), 1_834 - 3);
  assert.deepEqual(engine.calls, []);
});

Deno.test("a real listening sidecar refuses a foreign Host header on the wire", async () => {
  const engine = new FakeEngine({ nowMs: Date.now() });
  const stop = new AbortController();
  const server = await startSidecar({
    view: engine,
    control: engine,
    limiterSettings: LIMITER,
    host: "127.0.0.1",
    port: 0,
  }, stop.signal);
  const raw = async (host: string) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
    try {
      await conn.write(
        new TextEncoder().encode(
          `GET /state HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
        ),
      );
      const chunks: Uint8Array[] = [];
      const buf = new Uint8Array(65_536);
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        chunks.push(buf.slice(0, n));
      }
      const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
      return Number(text.slice(9, 12));
    } finally {
      conn.close();
    }
  };
  try {
    assert.equal(await raw("evil.example:" + server.port), 403);
    assert.equal(await raw("127.0.0.1:" + server.port), 200);
    assert.equal(await raw("localhost:" + server.port), 200);
  } finally {
    await server.stop();
    stop.abort();
  }
});

Deno.test("guardRequest: safe methods are never origin-checked, only host-checked", () => {
  const allowed = allowedHostSet(["localhost"]);
  for (const method of ["GET", "HEAD", "OPTIONS"]) {
    assert.equal(
      guardRequest(
        { method, host: "localhost", origin: "http://x", secFetchSite: "cross-site" },
        allowed,
      ),
      null,
    );
  }
  assert.equal(
    guardRequest(
      { method: "DELETE", host: "localhost", origin: undefined, secFetchSite: "none" },
      allowed,
    ),
    null,
  );
  assert.equal(
    guardRequest(
      { method: "PUT", host: "localhost", origin: "http://x", secFetchSite: undefined },
      allowed,
    )
      ?.kind,
    "origin",
  );
});

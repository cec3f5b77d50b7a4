import assert from "node:assert/strict";
import { readRecording } from "../../src/backtest/recording_reader.ts";
import { recordFeed } from "../../src/record/recorder.ts";
import { startSimPushRecorder } from "../../src/sim/recording/push_recorder.ts";
import { startSim } from "../../src/sim/start_sim.ts";

Deno.test("recorder subscribes read-only, records frames, and records a dropped connection as a gap", async () => {
  const subscribed: unknown[] = [];
  let connections = 0;
  const stop = new AbortController();
  const done = Promise.withResolvers<void>();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const n = ++connections;
    let subs = 0;
    socket.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.method !== "subscribe") return;
      if (n === 1) subscribed.push(m.subscription);
      if (++subs < 3) return;
      socket.send(JSON.stringify({
        channel: "bbo",
        data: { coin: "BTC", time: n, bbo: [{ px: "1", sz: "1", n: 1 }, null] },
      }));
      if (n === 1) socket.close();
    };
    return response;
  });
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/r.jsonl.gz`;
    const run = recordFeed({
      url: `ws://127.0.0.1:${server.addr.port}/ws`,
      coins: ["BTC"],
      out,
      durationMs: 60_000,
      signal: stop.signal,
      progressEveryMs: 10,
      onProgress: (p) => {
        if (p.frames >= 2) done.resolve();
      },
    });
    await done.promise;
    stop.abort();
    const final = await run;
    assert.deepEqual(subscribed, [
      { type: "bbo", coin: "BTC" },
      { type: "l2Book", coin: "BTC", fast: true },
      { type: "trades", coin: "BTC" },
    ]);
    assert.equal(final.gaps, 1);
    const rec = await readRecording(out);
    assert.deepEqual(rec.events.map((e) => e.kind), ["msg", "gap", "msg"]);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the simulator records its own pushes in the recording format", async () => {
  const sim = await startSim({ port: 0, tickMs: 50 });
  const dir = await Deno.makeTempDir();
  try {
    const rec = await startSimPushRecorder(sim.wsUrl, ["BTC"], `${dir}/s.jsonl.gz`);
    while (rec.frames() < 10) await new Promise((r) => setTimeout(r, 20));
    await rec.stop();
    const read = await readRecording(`${dir}/s.jsonl.gz`);
    assert.equal(read.meta.source, "sim");
    const channels = new Set(
      read.events.map((e) => (e.kind === "msg" ? (e.msg as { channel: string }).channel : "gap")),
    );
    assert.ok(channels.has("l2Book") && channels.has("bbo"), [...channels].join(","));
    const book = read.events.find((e) =>
      e.kind === "msg" && (e.msg as { channel: string }).channel === "l2Book"
    );
    assert.equal((book as { msg: { data: { fast?: boolean } } }).msg.data.fast, true);
  } finally {
    await sim.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
